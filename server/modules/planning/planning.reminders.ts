import { OVERDUE_REMINDER_WINDOW_DAYS, REMINDER_SOON_WORKDAYS, type ReminderKind } from '../../../common/planning-enums.ts';
import { ROLE_PERMISSIONS, type Role } from '../../../common/roles.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { registerSweep } from '../../platform/jobs/jobs.service.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { staffByIds } from '../../platform/staff/staff.service.ts';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import { TASK_COLUMNS, type TaskRow, taskBase, toTaskViews } from './task-views.ts';

/**
 * Deadline reminders (issue 3: "reminders before deadlines and on overdue, in the app and through an
 * outbound webhook for 企业微信/钉钉 group robots"). A sweep finds, in published plans, every open
 * deadline (a date task's date, or each unfulfilled period of a recurring task) that is due within
 * REMINDER_SOON_WORKDAYS working days (the working-day calendar: a deadline after 国庆 is not "soon"
 * during the holiday) or was missed within OVERDUE_REMINDER_WINDOW_DAYS days, and notifies the lead
 * leader's user and the responsible department's users who hold planning.write on the task's org;
 * notify() adds the org's robots. The dedupe key makes each (task, kind, deadline) go out once.
 */
export interface ReminderCandidate {
  taskId: string;
  orgId: string;
  kind: ReminderKind;
  due: string;
  period: string | null;
  userIds: string[];
  title: string;
  body: string;
  href: string;
  dedupeKey: string;
}

export async function reminderCandidates(ctx: Ctx, today: string, opts: { soonWorkdays?: number } = {}): Promise<ReminderCandidate[]> {
  const soon = opts.soonWorkdays ?? REMINDER_SOON_WORKDAYS;
  const cal = await ctx.deps.calendar.calendar();
  const year = Number(today.slice(0, 4));
  const rows = (await taskBase(ctx)
    .select([...TASK_COLUMNS, 'o.path as org_path'])
    .where('p.state', '=', 'published')
    .where('p.year', 'in', [year - 1, year, year + 1])
    .where('t.cancelled', '=', 0)
    .execute()) as (TaskRow & { org_path: string })[];
  const tasks = await toTaskViews(ctx, rows, today);
  const oldest = addDaysIso(today, -OVERDUE_REMINDER_WINDOW_DAYS);

  const open: { task: (typeof tasks)[number]; due: string; period: string | null; kind: ReminderKind }[] = [];
  for (const t of tasks) {
    if (t.state === 'completed' || t.state === 'cancelled') continue;
    const deadlines = t.dueKind === 'date' ? (t.dueDate ? [{ due: t.dueDate, period: null }] : []) : t.derived.periods.filter((p) => p.state !== 'done').map((p) => ({ due: p.dueOn, period: p.period }));
    for (const d of deadlines) {
      const s = cal.dueState(d.due, today, soon);
      if (s === 'due_soon') open.push({ task: t, ...d, kind: 'due_soon' });
      else if (s === 'overdue' && d.due >= oldest) open.push({ task: t, ...d, kind: 'overdue' });
    }
  }
  if (open.length === 0) return [];

  // recipients: the lead leader's login, and the department's users holding planning.write on the task's org
  const leads = await staffByIds(
    ctx,
    open.map((o) => o.task.leadStaffId).filter((x): x is string => !!x),
  );
  const depts = [...new Set(open.map((o) => o.task.deptOrgId).filter((x): x is string => !!x))];
  const deptUsers = depts.length
    ? await ctx.db
        .selectFrom('users as u')
        .innerJoin('role_grants as g', 'g.user_id', 'u.id')
        .innerJoin('orgs as go', 'go.id', 'g.org_id')
        .select(['u.id', 'u.org_id', 'g.role', 'g.scope', 'g.org_id as grant_org', 'go.path as grant_path'])
        .where('u.org_id', 'in', depts)
        .where('u.disabled', '=', 0)
        .execute()
    : [];
  const pathOf = new Map(rows.map((r) => [r.id, r.org_path]));
  return open.map(({ task, due, period, kind }) => {
    const taskPath = pathOf.get(task.id) ?? '';
    const users = new Set<string>();
    const lead = task.leadStaffId ? leads.get(task.leadStaffId) : undefined;
    if (lead?.userId && lead.active) users.add(lead.userId);
    for (const u of deptUsers) {
      if (u.org_id !== task.deptOrgId) continue;
      if (!ROLE_PERMISSIONS[u.role as Role]?.includes('planning.write')) continue;
      const covers = u.scope === 'subtree' ? taskPath.startsWith(u.grant_path) : u.scope === 'org' && u.grant_org === task.orgId;
      if (covers) users.add(u.id);
    }
    const when = period ? `${due}（${period}）` : due;
    const title = kind === 'due_soon' ? `【法治建设】任务即将到期：${task.title}` : `【法治建设】任务已逾期：${task.title}`;
    const body = [`${task.orgName}${task.year}年度工作要点`, `任务：${task.title}`, `完成时限：${when}`, task.deptName ? `责任单位：${task.deptName}` : null, task.leadStaffName ? `分管领导：${task.leadStaffName}` : null]
      .filter(Boolean)
      .join('\n');
    return {
      taskId: task.id,
      orgId: task.orgId,
      kind,
      due,
      period,
      userIds: [...users].sort(),
      title,
      body,
      href: `/planning/tasks/${task.id}`,
      dedupeKey: `planning:${task.id}:${kind}:${due}`,
    };
  });
}

/** The sweep: each reminder in its own transaction, so one failure does not hold back the rest. */
export async function sendReminders(ctx: Ctx, now: Date): Promise<number> {
  const list = await reminderCandidates(ctx, todayShanghai(now));
  for (const r of list) {
    await inTx(ctx, (tx) => notify(tx, { orgId: r.orgId, kind: `planning.task.${r.kind}`, title: r.title, body: r.body, href: r.href, userIds: r.userIds, dedupeKey: r.dedupeKey }));
  }
  return list.length;
}

registerSweep('planning.reminders', 3_600_000, async (ctx, now) => {
  await sendReminders(ctx, now);
});
