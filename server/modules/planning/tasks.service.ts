import { uuidv7 } from '../../../common/ids.ts';
import { type DueKind, STALE_DAYS } from '../../../common/planning-enums.ts';
import { isTaskPeriod, periodRange } from '../../../common/planning-rules.ts';
import type { TAttachment, TProgressCreate, TTaskCancel, TTaskCreate, TTaskDetail, TTaskQuery, TTaskUpdate, TTaskView } from '../../../common/schemas/planning.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { listAttachments, saveAttachment } from '../../platform/files/files.service.ts';
import { inScope, orgPathInScope, recordDenied, scopeOf } from '../../platform/permissions.ts';
import { ReadCache } from '../../platform/read-cache.ts';
import { staffOfUser } from '../../platform/staff/staff.service.ts';
import { addDaysIso, nowIso, todayShanghai } from '../../platform/time.ts';
import { type Access, access, checkDepts, checkStaff, inAccess, loadOrg, requireRecordInScope } from './planning.access.ts';
import {
  byDeadline,
  progressSummaries,
  stripDerived,
  TASK_COLUMNS,
  TASK_STATE_COLUMNS,
  type TaskRow,
  type TaskStateRow,
  type TaskStateView,
  type TaskWithState,
  taskBase,
  taskStateBase,
  taskStates,
  toTaskViews,
} from './task-views.ts';
import type { UploadedFile } from '../../platform/files/upload.ts';

/**
 * Plan tasks and their progress (issue 3: "who owes what by when"). A task's state is never stored:
 * it is derived from its deadline and the progress posted (common/planning-rules.ts). Managers
 * (planning.manage) create and edit tasks; anyone with planning.write on the task's org posts progress.
 */

export async function taskRow(ctx: Ctx, id: string): Promise<TaskRow | undefined> {
  return taskBase(ctx).select(TASK_COLUMNS).where('t.id', '=', id).executeTakeFirst() as Promise<TaskRow | undefined>;
}

/** The task, if it exists and the caller holds `perm` on its org; else 404 / recorded 403. */
async function loadTask(ctx: Ctx, id: string, perm: 'planning.read' | 'planning.write' | 'planning.manage'): Promise<TaskRow> {
  const row = await taskRow(ctx, id);
  // unknown id: 403 without the permission, else 404
  await requireRecordInScope(ctx, perm, 'planning_task', id, row?.org_id);
  return row as TaskRow;
}

export async function listTasks(ctx: Ctx, q: TTaskQuery): Promise<{ items: TTaskView[]; total: number }> {
  const a = await access(ctx, 'planning.read', q.orgId);
  if (q.planId) {
    const plan = await ctx.db.selectFrom('planning_plans').select('org_id').where('id', '=', q.planId).executeTakeFirst();
    if (!plan) throw new AppError('VALIDATION', [{ field: 'query.planId', key: 'not_found' }]);
    await requireRecordInScope(ctx, 'planning.read', 'planning_plan', q.planId, plan.org_id);
  }
  // States first (light rows: a county's year is ~800 tasks), then the page's tasks in full.
  const today = todayShanghai();
  const { page: _page, pageSize: _size, ...filters } = q;
  const key = JSON.stringify([a.scope.subtrees, a.scope.orgs, a.scope.self || q.mine ? a.userId : null, filters, today]);
  const views = await taskListCache.get(key, () => derivedTaskList(ctx, a, q, today));
  const start = (q.page - 1) * q.pageSize;
  const page = views.slice(start, start + q.pageSize).map((v) => v.id);
  const full = page.length
    ? ((await taskBase(ctx)
        .select(TASK_COLUMNS)
        .where('t.id', 'in', page)
        .where((eb) => inAccess(eb, a, 't.org_id'))
        .execute()) as TaskRow[])
    : [];
  const byId = new Map((await toTaskViews(ctx, full, today)).map((v) => [v.id, v]));
  return { items: page.map((id) => stripDerived(byId.get(id) as TaskWithState)), total: views.length };
}

/**
 * The filtered, ordered task states behind a list or the timeline: derived anew from every task in
 * scope (a county's three years: ~2,400 tasks) — kept 10 s, emptied by any planning, roster or org
 * write (platform/read-cache.ts; performance.md §6).
 */
const taskListCache = new ReadCache<TaskStateView[]>({ ttlMs: 10_000, entities: ['planning_', 'staff', 'org'] });

async function derivedTaskList(ctx: Ctx, a: Access, q: TTaskQuery, today: string): Promise<TaskStateView[]> {
  let qb = taskStateBase(ctx).where((eb) => inAccess(eb, a, 't.org_id'));
  if (q.year) qb = qb.where('p.year', '=', q.year);
  if (q.planId) qb = qb.where('t.plan_id', '=', q.planId);
  if (q.sectionId) qb = qb.where('t.section_id', '=', q.sectionId);
  if (q.leadStaffId) qb = qb.where('t.lead_staff_id', '=', q.leadStaffId);
  if (q.deptOrgId) qb = qb.where('t.dept_org_id', '=', q.deptOrgId);
  if (q.parentTaskId) qb = qb.where('t.parent_task_id', '=', q.parentTaskId);
  if (q.decisionId) qb = qb.where('t.decision_id', '=', q.decisionId);
  if (q.mine) {
    // 我的任务: the caller is the lead leader, or works in the responsible department
    const me = await staffOfUser(ctx, a.userId);
    const depts = [...new Set([ctx.actor?.orgId, me?.orgId].filter((x): x is string => !!x))];
    qb = qb.where((eb) => {
      const parts = [eb('t.dept_org_id', 'in', depts)];
      if (me) parts.push(eb('t.lead_staff_id', '=', me.id));
      return eb.or(parts);
    });
  }
  const rows = (await qb.select(TASK_STATE_COLUMNS).execute()) as TaskStateRow[];
  const summaries = await progressSummaries(
    ctx,
    rows.map((r) => r.id),
  );
  let views = taskStates(rows, summaries, today);
  if (q.state) views = views.filter((v) => v.state === q.state);
  if (q.onTime !== undefined) views = views.filter((v) => v.onTime === q.onTime);
  if (q.noOwner !== undefined) views = views.filter((v) => !v.cancelled && (!v.leadStaffId && !v.deptOrgId) === q.noOwner);
  if (q.stale !== undefined) views = views.filter((v) => isStale(v, today) === q.stale);
  if (q.dueFrom) views = views.filter((v) => v.nextDueOn !== null && v.nextDueOn >= (q.dueFrom as string));
  if (q.dueTo) views = views.filter((v) => v.nextDueOn !== null && v.nextDueOn <= (q.dueTo as string));
  views.sort(byDeadline);
  return views;
}

/**
 * 久未报送: not done, not cancelled, and the last update (or, with none, the task's creation) is more
 * than STALE_DAYS days old. The same rule drives the finding and the list behind it.
 */
export function isStale(v: { state: string; lastProgressOn: string | null; createdAt?: string }, today: string): boolean {
  if (v.state === 'completed' || v.state === 'cancelled') return false;
  const last = v.lastProgressOn ?? v.createdAt?.slice(0, 10) ?? null;
  return last !== null && last < addDaysIso(today, -STALE_DAYS);
}

export async function getTask(ctx: Ctx, id: string): Promise<TTaskDetail> {
  const row = await loadTask(ctx, id, 'planning.read');
  return taskDetail(ctx, row);
}

async function taskDetail(ctx: Ctx, row: TaskRow): Promise<TTaskDetail> {
  const actor = ctx.actor!;
  const today = todayShanghai();
  const [view] = await toTaskViews(ctx, [row], today);
  const progress = await ctx.db
    .selectFrom('planning_progress as g')
    .leftJoin('users as u', 'u.id', 'g.created_by')
    .select(['g.id', 'g.task_id', 'g.period', 'g.reported_on', 'g.text', 'g.percent', 'g.created_at', 'u.display_name as author'])
    .where('g.task_id', '=', row.id)
    .orderBy('g.created_at', 'desc')
    .orderBy('g.id', 'desc')
    .execute();
  const files = await listAttachments(
    ctx,
    'planning_progress',
    progress.map((p) => p.id),
  );
  const readScope = scopeOf(actor, 'planning.read');
  let parent: TTaskDetail['parent'] = null;
  if (row.parent_task_id) {
    const p = await taskBase(ctx).select(['t.id', 't.title', 'o.name as org_name', 'o.path', 't.org_id']).where('t.id', '=', row.parent_task_id).executeTakeFirst();
    if (p && orgPathInScope(readScope, p.org_id, p.path)) parent = { id: p.id, orgName: p.org_name, title: p.title };
  }
  let decision: TTaskDetail['decision'] = null;
  if (row.decision_id) {
    const d = await ctx.db
      .selectFrom('planning_decisions as dc')
      .innerJoin('planning_meetings as m', 'm.id', 'dc.meeting_id')
      .select(['dc.id', 'dc.meeting_id', 'm.title', 'm.held_on', 'dc.content'])
      .where('dc.id', '=', row.decision_id)
      .executeTakeFirst();
    if (d) decision = { id: d.id, meetingId: d.meeting_id, meetingTitle: d.title, heldOn: d.held_on, content: d.content };
  }
  // A county item: each township's derived task, side by side (only those the caller may read).
  const derivedRows = (await taskBase(ctx)
    .select(TASK_COLUMNS)
    .where('t.parent_task_id', '=', row.id)
    .where((eb) => inScope(eb, readScope, 't.org_id'))
    .orderBy('o.path')
    .execute()) as TaskRow[];
  const derived = (await toTaskViews(ctx, derivedRows, today)).map((t) => ({ taskId: t.id, orgId: t.orgId, orgName: t.orgName, state: t.state, percent: t.percent, lastProgressOn: t.lastProgressOn }));
  const org = await loadOrg(ctx, row.org_id);
  const canPost = row.cancelled === 0 && orgPathInScope(scopeOf(actor, 'planning.write'), org.id, org.path);
  return {
    ...stripDerived(view),
    periods: view.derived.periods,
    progress: progress.map((p) => ({
      id: p.id,
      taskId: p.task_id,
      period: p.period,
      reportedOn: p.reported_on,
      text: p.text,
      percent: Number(p.percent),
      authorName: p.author ?? null,
      createdAt: p.created_at,
      attachments: files.filter((f) => f.entityId === p.id).map(({ entityId: _e, ...f }) => f),
    })),
    parent,
    decision,
    derived,
    canPost,
  };
}

interface TaskFields {
  section_id: string | null;
  seq_no: string;
  title: string;
  lead_staff_id: string | null;
  dept_org_id: string | null;
  coop_org_ids: string[];
  due_kind: DueKind;
  due_date: string | null;
  due_day: number | null;
  start_date: string | null;
  expected_output: string;
  decision_id: string | null;
}

/** Checks of a task's references against its plan's org (sections, roster, departments, decisions) and its deadline. */
async function checkTaskFields(ctx: Ctx, plan: { id: string; org_id: string }, f: TaskFields): Promise<void> {
  if (f.due_kind === 'date' && !f.due_date) throw new AppError('VALIDATION', [{ field: 'dueDate', key: 'due_date_required' }]);
  if (f.section_id) {
    const s = await ctx.db.selectFrom('planning_sections').select('plan_id').where('id', '=', f.section_id).executeTakeFirst();
    if (!s) throw new AppError('VALIDATION', [{ field: 'sectionId', key: 'not_found' }]);
    if (s.plan_id !== plan.id) throw new AppError('VALIDATION', [{ field: 'sectionId', key: 'not_same_plan' }]);
  }
  const org = await loadOrg(ctx, plan.org_id);
  await checkStaff(ctx, org, [f.lead_staff_id], 'leadStaffId');
  await checkDepts(ctx, org, [f.dept_org_id], 'deptOrgId');
  await checkDepts(ctx, org, f.coop_org_ids, 'coopOrgIds');
  if (f.decision_id) {
    const d = await ctx.db.selectFrom('planning_decisions').select('org_id').where('id', '=', f.decision_id).executeTakeFirst();
    if (!d) throw new AppError('VALIDATION', [{ field: 'decisionId', key: 'not_found' }]);
    if (d.org_id !== plan.org_id) throw new AppError('VALIDATION', [{ field: 'decisionId', key: 'not_same_org' }]);
  }
}

/** Normalises the deadline fields: a date task keeps no day-of-period, a recurring one no date. */
function normaliseDue(f: TaskFields): TaskFields {
  if (f.due_kind === 'date') return { ...f, due_day: null, start_date: null };
  return { ...f, due_date: null, due_day: f.due_day ?? 31 };
}

export async function createTask(ctx: Ctx, input: TTaskCreate): Promise<TTaskDetail> {
  const plan = await ctx.db.selectFrom('planning_plans').select(['id', 'org_id']).where('id', '=', input.planId).executeTakeFirst();
  if (!plan) {
    await access(ctx, 'planning.manage');
    throw new AppError('VALIDATION', [{ field: 'planId', key: 'not_found' }]);
  }
  await requireRecordInScope(ctx, 'planning.manage', 'planning_plan', plan.id, plan.org_id);
  const fields = normaliseDue({
    section_id: input.sectionId ?? null,
    seq_no: input.seqNo ?? '',
    title: input.title,
    lead_staff_id: input.leadStaffId ?? null,
    dept_org_id: input.deptOrgId ?? null,
    coop_org_ids: [...new Set(input.coopOrgIds ?? [])],
    due_kind: input.dueKind,
    due_date: input.dueDate ?? null,
    due_day: input.dueDay ?? null,
    start_date: input.startDate ?? null,
    expected_output: input.expectedOutput ?? '',
    decision_id: input.decisionId ?? null,
  });
  await checkTaskFields(ctx, plan, fields);
  return inTx(ctx, async (tx) => {
    const max = await tx.db.selectFrom('planning_tasks').select((eb) => eb.fn.max('sort').as('m')).where('plan_id', '=', plan.id).executeTakeFirst();
    const at = nowIso();
    const row = {
      id: uuidv7(),
      plan_id: plan.id,
      org_id: plan.org_id,
      sort: Number(max?.m ?? 0) + 1,
      ...fields,
      coop_org_ids: JSON.stringify(fields.coop_org_ids),
      parent_task_id: null,
      cancelled: 0,
      cancel_reason: null,
      created_by: ctx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('planning_tasks').values(row).execute();
    await recordAudit(tx, { entity: 'planning_task', entityId: row.id, action: 'planning.task.create', orgId: plan.org_id, after: row });
    return taskDetail(tx, (await taskRow(tx, row.id)) as TaskRow);
  });
}

export async function updateTask(ctx: Ctx, id: string, input: TTaskUpdate): Promise<TTaskDetail> {
  const before = await loadTask(ctx, id, 'planning.manage');
  if (before.cancelled === 1) throw new AppError('INVALID_STATE', [{ field: 'id', key: 'task_cancelled' }]);
  const pick = <K extends keyof TTaskUpdate, V>(k: K, current: V, map?: (v: NonNullable<TTaskUpdate[K]>) => V): V =>
    input[k] === undefined ? current : input[k] === null ? (null as V) : map ? map(input[k] as NonNullable<TTaskUpdate[K]>) : (input[k] as V);
  const fields = normaliseDue({
    section_id: pick('sectionId', before.section_id),
    seq_no: input.seqNo ?? before.seq_no,
    title: input.title ?? before.title,
    lead_staff_id: pick('leadStaffId', before.lead_staff_id),
    dept_org_id: pick('deptOrgId', before.dept_org_id),
    coop_org_ids: input.coopOrgIds ? [...new Set(input.coopOrgIds)] : JSON.parse(before.coop_org_ids),
    due_kind: input.dueKind ?? (before.due_kind as DueKind),
    due_date: pick('dueDate', before.due_date),
    due_day: pick('dueDay', before.due_day === null ? null : Number(before.due_day)),
    start_date: pick('startDate', before.start_date),
    expected_output: input.expectedOutput ?? before.expected_output,
    decision_id: pick('decisionId', before.decision_id),
  });
  await checkTaskFields(ctx, { id: before.plan_id, org_id: before.org_id }, fields);
  return inTx(ctx, async (tx) => {
    const set = { ...fields, coop_org_ids: JSON.stringify(fields.coop_org_ids), updated_at: nowIso() };
    await tx.db.updateTable('planning_tasks').set(set).where('id', '=', id).execute();
    const { org_name: _o, dept_name: _d, section_title: _s, section_sort: _ss, plan_state: _p, year: _y, ...auditBefore } = before;
    await recordAudit(tx, { entity: 'planning_task', entityId: id, action: 'planning.task.update', orgId: before.org_id, before: auditBefore, after: set });
    return taskDetail(tx, (await taskRow(tx, id)) as TaskRow);
  });
}

export async function cancelTask(ctx: Ctx, id: string, input: TTaskCancel): Promise<TTaskDetail> {
  const before = await loadTask(ctx, id, 'planning.manage');
  if (before.cancelled === 1) throw new AppError('INVALID_STATE', [{ field: 'id', key: 'task_cancelled' }]);
  return inTx(ctx, async (tx) => {
    await tx.db.updateTable('planning_tasks').set({ cancelled: 1, cancel_reason: input.reason, updated_at: nowIso() }).where('id', '=', id).execute();
    await recordAudit(tx, { entity: 'planning_task', entityId: id, action: 'planning.task.cancel', orgId: before.org_id, before: { cancelled: 0 }, after: { cancelled: 1, cancel_reason: input.reason } });
    return taskDetail(tx, (await taskRow(tx, id)) as TaskRow);
  });
}

/**
 * Posting progress (planning.write on the task's org). The update is dated today (Shanghai), never
 * by the caller, so "done on time" cannot be backdated. A recurring task's update names its
 * period: one of the task's periods that has begun (a late update for a missed month is allowed and
 * counts as late).
 */
export async function addProgress(ctx: Ctx, id: string, input: TProgressCreate): Promise<TTaskDetail> {
  const task = await loadTask(ctx, id, 'planning.write');
  if (task.cancelled === 1) throw new AppError('INVALID_STATE', [{ field: 'id', key: 'task_cancelled' }]);
  const today = todayShanghai();
  let period: string | null = null;
  if (task.due_kind !== 'date') {
    if (!input.period) throw new AppError('VALIDATION', [{ field: 'period', key: 'period_required' }]);
    const t = { dueKind: task.due_kind as DueKind, year: Number(task.year), startDate: task.start_date };
    if (!isTaskPeriod(t, input.period)) throw new AppError('VALIDATION', [{ field: 'period', key: 'period_not_of_task' }]);
    if (periodRange(input.period).from > today) throw new AppError('VALIDATION', [{ field: 'period', key: 'period_not_begun' }]);
    period = input.period;
  }
  return inTx(ctx, async (tx) => {
    const row = {
      id: uuidv7(),
      task_id: id,
      org_id: task.org_id,
      period,
      reported_on: today,
      text: input.text,
      percent: input.percent,
      created_by: ctx.actor?.userId ?? null,
      created_at: nowIso(),
    };
    await tx.db.insertInto('planning_progress').values(row).execute();
    await recordAudit(tx, { entity: 'planning_progress', entityId: row.id, action: 'planning.progress.create', orgId: task.org_id, after: row });
    return taskDetail(tx, task);
  });
}

export type { UploadedFile } from '../../platform/files/upload.ts';

/**
 * Evidence for a progress update: its author (planning.write on its org) or a manager of that org —
 * a colleague does not add files to someone else's report. The platform checks size and type.
 */
export async function addProgressAttachment(ctx: Ctx, progressId: string, read: () => Promise<UploadedFile | null>): Promise<TAttachment> {
  const p = await ctx.db.selectFrom('planning_progress').select(['id', 'org_id', 'created_by']).where('id', '=', progressId).executeTakeFirst();
  const org = await requireRecordInScope(ctx, 'planning.write', 'planning_progress', progressId, p?.org_id);
  const actor = ctx.actor!;
  if (p?.created_by !== actor.userId && !orgPathInScope(scopeOf(actor, 'planning.manage'), org.id, org.path)) {
    await recordDenied(ctx, 'planning_progress', progressId, 'planning.manage');
    throw new AppError('FORBIDDEN');
  }
  const file = await read();
  if (!file) throw new AppError('VALIDATION', [{ field: 'file', key: 'required' }]);
  return inTx(ctx, (tx) => saveAttachment(tx, { entity: 'planning_progress', entityId: progressId, orgId: (p as { org_id: string }).org_id }, file.filename, file.data));
}

/** Tasks of a decision (for meeting details). */
export async function taskIdsByDecision(ctx: Ctx, decisionIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (decisionIds.length === 0) return out;
  const rows = await ctx.db.selectFrom('planning_tasks').select(['id', 'decision_id']).where('decision_id', 'in', decisionIds).orderBy('id').execute();
  for (const r of rows) if (r.decision_id) out.set(r.decision_id, [...(out.get(r.decision_id) ?? []), r.id]);
  return out;
}
