import type { PlanState } from '../../../common/planning-enums.ts';
import { periodDueOn, taskPeriods } from '../../../common/planning-rules.ts';
import type { TBoard, TCalendar, TCalendarQuery, TOrgSummary, TOverview, TOverviewQuery } from '../../../common/schemas/planning.ts';
import type { Ctx } from '../../platform/context.ts';
import { can, type OrgRow, requireOrgIn, requirePermission, scopeOf, subtreeScope } from '../../platform/permissions.ts';
import { ReadCache } from '../../platform/read-cache.ts';
import { nextStudySession } from '../study/study.module.ts';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import { groupViews } from './groups.service.ts';
import { type Access, access, inAccess, loadOrg, planningOrgOf } from './planning.access.ts';
import { planFor } from './plans.service.ts';
import {
  byDeadline,
  countStates,
  emptyCounts,
  planOrder,
  progressSummaries,
  stripDerived,
  TASK_COLUMNS,
  TASK_STATE_COLUMNS,
  type TaskRow,
  type TaskStateRow,
  type TaskWithState,
  taskBase,
  taskStateBase,
  taskStates,
  toTaskViews,
} from './task-views.ts';

/**
 * The leader's page and the views (issue 3: "the township leader logs in and sees, on one page, the
 * year's plan with every task's owner, deadline and state, the tasks that are late … and the county
 * office sees the same for all its townships side by side"). The overview is a handful of queries
 * whatever the county's size: plans, tasks and progress of the whole subtree and year at once,
 * meetings counted per org, then grouped in memory.
 */
const UPCOMING_DAYS = 30;
const LIST_MAX = 50;

export async function overview(ctx: Ctx, q: TOverviewQuery): Promise<TOverview> {
  const actor = await requirePermission(ctx, 'planning.read');
  const scope = scopeOf(actor, 'planning.read');
  const today = todayShanghai();
  const year = q.year ?? Number(today.slice(0, 4));
  // default: the caller's own township (a department's user sees its township), or the county
  const org = q.orgId ? await requireOrgIn(ctx, scope, q.orgId, 'planning.read') : await requireOrgIn(ctx, scope, (await planningOrgOf(ctx, await loadOrg(ctx, actor.orgId))).id, 'planning.read');
  const a = { scope, filter: subtreeScope(org), filterOrg: org, userId: actor.userId };
  // The same answer for everyone with the same scope, org, year and day (a 'self' grant is per user).
  const key = JSON.stringify([scope.subtrees, scope.orgs, scope.self ? actor.userId : null, org.id, year, today]);
  const body = await overviewCache.get(key, () => overviewBody(ctx, a, org, year, today));
  // "the next study session and who hosts it" — read through the study module's service, never cached here.
  return { ...body, nextStudySession: await nextStudyOf(ctx, org.id) };
}

/**
 * The overview derives every task state of the subtree's year on each call (a county: ~800 tasks
 * from ~3,000 updates, 15–20 ms of CPU). It is read far more often than planning data changes: kept
 * for 10 s, emptied at once by any planning, roster or org write (platform/read-cache.ts).
 */
const overviewCache = new ReadCache<Omit<TOverview, 'nextStudySession'>>({ ttlMs: 10_000, entities: ['planning_', 'staff', 'org'] });

async function overviewBody(ctx: Ctx, a: Access & { filterOrg: OrgRow }, org: OrgRow, year: number, today: string): Promise<Omit<TOverview, 'nextStudySession'>> {
  // 1. every plan of the year in the subtree
  const plans = await ctx.db
    .selectFrom('planning_plans as p')
    .select(['p.id', 'p.org_id', 'p.title', 'p.state'])
    .where('p.year', '=', year)
    .where((eb) => inAccess(eb, a, 'p.org_id'))
    .execute();
  // 2–3. their tasks' states (the subtree's: counted per org), then the org's own tasks in full (listed)
  const stateRows = plans.length ? ((await taskStateBase(ctx).select(TASK_STATE_COLUMNS).where('p.year', '=', year).where((eb) => inAccess(eb, a, 't.org_id')).execute()) as TaskStateRow[]) : [];
  const summaries = await progressSummaries(
    ctx,
    stateRows.map((r) => r.id),
  );
  const tasks = taskStates(stateRows, summaries, today);
  const ownRows = stateRows.some((r) => r.org_id === org.id)
    ? ((await taskBase(ctx)
        .select(TASK_COLUMNS)
        .where('p.year', '=', year)
        .where('t.org_id', '=', org.id)
        .where((eb) => inAccess(eb, a, 't.org_id'))
        .execute()) as TaskRow[])
    : [];
  const ownViews = await toTaskViews(ctx, planOrder(ownRows), today, summaries);
  // 5. meetings of the year per org and kind
  const meetings = await ctx.db
    .selectFrom('planning_meetings as m')
    .select((eb) => ['m.org_id', 'm.kind', eb.fn.countAll<number>().as('n')])
    .where('m.held_on', '>=', `${year}-01-01`)
    .where('m.held_on', '<=', `${year}-12-31`)
    .where((eb) => inAccess(eb, a, 'm.org_id'))
    .groupBy(['m.org_id', 'm.kind'])
    .execute();

  const summary = (o: { id: string; name: string }): TOrgSummary => {
    const plan = plans.find((p) => p.org_id === o.id);
    const mine = tasks.filter((t) => t.orgId === o.id);
    const ms = meetings.filter((m) => m.org_id === o.id);
    return {
      orgId: o.id,
      orgName: o.name,
      planId: plan?.id ?? null,
      planTitle: plan?.title ?? null,
      planState: (plan?.state as PlanState | undefined) ?? null,
      counts: plan ? countStates(mine) : emptyCounts(),
      meetings: ms.reduce((s, m) => s + Number(m.n), 0),
      leadingGroupMeetings: ms.filter((m) => m.kind === 'leading_group').reduce((s, m) => s + Number(m.n), 0),
    };
  };

  const own = ownViews.filter((t) => !t.cancelled);
  const late = own
    .filter((t) => t.state === 'overdue')
    .sort(byDeadline)
    .slice(0, LIST_MAX);
  const horizon = addDaysIso(today, UPCOMING_DAYS);
  const upcoming = own
    .filter((t) => t.state !== 'completed' && t.state !== 'overdue' && t.nextDueOn !== null && t.nextDueOn >= today && t.nextDueOn <= horizon)
    .sort(byDeadline)
    .slice(0, LIST_MAX);

  const groupRows = await ctx.db
    .selectFrom('planning_groups as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.id', 'g.org_id', 'o.name as org_name', 'g.year', 'g.kind', 'g.name', 'g.parent_group_id', 'g.duties'])
    .where('g.org_id', '=', org.id)
    .where('g.year', '=', year)
    .orderBy('g.kind')
    .orderBy('g.id')
    .execute();
  const groups = (await groupViews(ctx, groupRows)).map(({ members: _m, ...g }) => g);

  let townships: TOrgSummary[] = [];
  if (org.kind === 'county') {
    const below = await ctx.db
      .selectFrom('orgs as o')
      .select(['o.id', 'o.name'])
      .where('o.kind', '=', 'township')
      .where('o.path', 'like', `${org.path}%`)
      .where((eb) => inAccess(eb, a, 'o.id'))
      .orderBy('o.sort')
      .orderBy('o.path')
      .execute();
    townships = below.map(summary);
  }

  return {
    ...summary(org),
    year,
    today,
    late: late.map(stripDerived),
    upcoming: upcoming.map(stripDerived),
    groups,
    townships,
  };
}

async function nextStudyOf(ctx: Ctx, orgId: string): Promise<TOverview['nextStudySession']> {
  // A planning reader without study.read (none of today's roles) sees the page without the slot.
  if (!can(ctx.actor, 'study.read')) return null;
  const s = await nextStudySession(ctx, orgId);
  return s ? { id: s.id, title: s.topic, kind: s.kind, date: s.date, hostName: s.hostName } : null;
}

/** 任务看板: the plan's tasks by section and by responsible department. */
export async function board(ctx: Ctx, planId: string): Promise<TBoard> {
  const plan = await planFor(ctx, planId, 'planning.read');
  const sections = await ctx.db.selectFrom('planning_sections').select(['id', 'title']).where('plan_id', '=', planId).orderBy('sort').orderBy('id').execute();
  const rows = (await taskBase(ctx).select(TASK_COLUMNS).where('t.plan_id', '=', planId).execute()) as TaskRow[];
  const tasks = await toTaskViews(ctx, planOrder(rows), todayShanghai());
  const column = (key: string | null, title: string, list: TaskWithState[]) => ({ key, title, counts: countStates(list), tasks: list.map(stripDerived) });
  const bySection = sections.map((s) =>
    column(
      s.id,
      s.title,
      tasks.filter((t) => t.sectionId === s.id),
    ),
  );
  const unsectioned = tasks.filter((t) => !t.sectionId);
  if (unsectioned.length) bySection.push(column(null, '未分章节', unsectioned));
  const depts = new Map<string | null, { title: string; list: TaskWithState[] }>();
  for (const t of tasks) {
    const k = t.deptOrgId;
    const entry = depts.get(k) ?? { title: t.deptName ?? '未明确责任单位', list: [] };
    entry.list.push(t);
    depts.set(k, entry);
  }
  const byDept = [...depts.entries()].sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : 0)).map(([k, v]) => column(k, v.title, v.list));
  return { planId: plan.id, bySection, byDept };
}

/** 工作日历: task deadlines (each period of a recurring task) and meetings in a month. */
export async function calendarView(ctx: Ctx, q: TCalendarQuery): Promise<TCalendar> {
  const a = await access(ctx, 'planning.read', q.orgId);
  const from = `${q.month}-01`;
  const to = `${q.month}-31`;
  const year = Number(q.month.slice(0, 4));
  const rows = (await taskBase(ctx)
    .select(TASK_COLUMNS)
    .where((eb) => inAccess(eb, a, 't.org_id'))
    .where((eb) => eb.or([eb.and([eb('t.due_kind', '=', 'date'), eb('t.due_date', '>=', from), eb('t.due_date', '<=', to)]), eb.and([eb('t.due_kind', '!=', 'date'), eb('p.year', '=', year)])]))
    .execute()) as TaskRow[];
  const tasks = await toTaskViews(ctx, rows, todayShanghai());
  const entries: TCalendar['entries'] = [];
  for (const t of tasks) {
    if (t.dueKind === 'date') {
      if (t.dueDate) entries.push({ date: t.dueDate, kind: 'task_due', id: t.id, title: t.title, orgName: t.orgName, state: t.state, period: null, href: `/planning/tasks/${t.id}` });
      continue;
    }
    for (const p of taskPeriods({ dueKind: t.dueKind, year: t.year, startDate: t.startDate })) {
      const due = periodDueOn(p, t.dueDay);
      if (due < from || due > to) continue;
      const ps = t.derived.periods.find((x) => x.period === p);
      const state = t.cancelled ? 'cancelled' : ps?.state === 'done' ? 'completed' : ps?.state === 'overdue' ? 'overdue' : 'not_started';
      entries.push({ date: due, kind: 'task_due', id: t.id, title: t.title, orgName: t.orgName, state, period: p, href: `/planning/tasks/${t.id}` });
    }
  }
  const meetings = await ctx.db
    .selectFrom('planning_meetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.title', 'm.held_on', 'o.name as org_name'])
    .where((eb) => inAccess(eb, a, 'm.org_id'))
    .where('m.held_on', '>=', from)
    .where('m.held_on', '<=', to)
    .execute();
  for (const m of meetings) entries.push({ date: m.held_on, kind: 'meeting', id: m.id, title: m.title, orgName: m.org_name, state: null, period: null, href: `/planning/meetings/${m.id}` });
  entries.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : x.id < y.id ? -1 : 1));
  return { month: q.month, entries };
}


