import type { DueKind, TaskState } from '../../../common/planning-enums.ts';
import { type DerivedTaskState, deriveTaskState, type ProgressSummary } from '../../../common/planning-rules.ts';
import type { TStateCounts, TTaskView } from '../../../common/schemas/planning.ts';
import type { Ctx } from '../../platform/context.ts';
import { staffByIds } from '../../platform/staff/staff.service.ts';
import { parseIds } from './planning.access.ts';

/**
 * Loading tasks with their derived state: the task rows (one query), their progress summarised per
 * period (one grouped query), names of lead leaders (staff service) and departments (one query).
 * State itself comes only from common/planning-rules.ts deriveTaskState.
 */
export function taskBase(ctx: Ctx) {
  return ctx.db
    .selectFrom('planning_tasks as t')
    .innerJoin('planning_plans as p', 'p.id', 't.plan_id')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .leftJoin('planning_sections as s', 's.id', 't.section_id')
    .leftJoin('orgs as d', 'd.id', 't.dept_org_id');
}

export const TASK_COLUMNS = [
  't.id',
  't.plan_id',
  't.org_id',
  'o.name as org_name',
  'p.year',
  'p.state as plan_state',
  't.section_id',
  's.title as section_title',
  's.sort as section_sort',
  't.sort',
  't.seq_no',
  't.title',
  't.lead_staff_id',
  't.dept_org_id',
  'd.name as dept_name',
  't.coop_org_ids',
  't.due_kind',
  't.due_date',
  't.due_day',
  't.start_date',
  't.expected_output',
  't.parent_task_id',
  't.decision_id',
  't.cancelled',
  't.cancel_reason',
  't.created_at',
] as const;

export interface TaskRow {
  id: string;
  plan_id: string;
  org_id: string;
  org_name: string;
  year: number;
  plan_state: string;
  section_id: string | null;
  section_title: string | null;
  section_sort: number | null;
  sort: number;
  seq_no: string;
  title: string;
  lead_staff_id: string | null;
  dept_org_id: string | null;
  dept_name: string | null;
  coop_org_ids: string;
  due_kind: string;
  due_date: string | null;
  due_day: number | null;
  start_date: string | null;
  expected_output: string;
  parent_task_id: string | null;
  decision_id: string | null;
  cancelled: number;
  cancel_reason: string | null;
  created_at: string;
}

const CHUNK = 900;

/** Progress of the given tasks, summarised per (task, period). */
export async function progressSummaries(ctx: Ctx, taskIds: readonly string[]): Promise<Map<string, ProgressSummary[]>> {
  const out = new Map<string, ProgressSummary[]>();
  const ids = [...new Set(taskIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await ctx.db
      .selectFrom('planning_progress as g')
      .select((eb) => [
        'g.task_id',
        'g.period',
        eb.fn.min('g.reported_on').as('first_on'),
        eb.fn.max('g.reported_on').as('last_on'),
        eb.fn.max('g.percent').as('max_percent'),
        eb.fn.min(eb.case().when('g.percent', '>=', 100).then(eb.ref('g.reported_on')).else(null).end()).as('completed_on'),
      ])
      .where('g.task_id', 'in', ids.slice(i, i + CHUNK))
      .groupBy(['g.task_id', 'g.period'])
      .execute();
    for (const r of rows) {
      const list = out.get(r.task_id) ?? [];
      list.push({
        period: r.period,
        firstOn: String(r.first_on),
        lastOn: String(r.last_on),
        maxPercent: Number(r.max_percent ?? 0),
        completedOn: r.completed_on ? String(r.completed_on) : null,
      });
      out.set(r.task_id, list);
    }
  }
  return out;
}

/**
 * What a task's state and the list filters need, without names or text: a county's tasks are read in
 * bulk for their states (the leader's page, the timeline), and only the shown ones in full (bench:
 * reading 782 full rows cost 4× reading these — performance.md "Planning and study").
 */
export function taskStateBase(ctx: Ctx) {
  return ctx.db.selectFrom('planning_tasks as t').innerJoin('planning_plans as p', 'p.id', 't.plan_id');
}

export const TASK_STATE_COLUMNS = ['t.id', 't.org_id', 'p.year', 't.lead_staff_id', 't.dept_org_id', 't.due_kind', 't.due_date', 't.due_day', 't.start_date', 't.cancelled', 't.created_at'] as const;

export type TaskStateRow = Pick<TaskRow, 'id' | 'org_id' | 'year' | 'lead_staff_id' | 'dept_org_id' | 'due_kind' | 'due_date' | 'due_day' | 'start_date' | 'cancelled' | 'created_at'>;

/** A task's derived state with what the list filters and the timeline order read (the same fields as its view). */
export interface TaskStateView {
  id: string;
  orgId: string;
  state: TaskState;
  onTime: boolean | null;
  nextDueOn: string | null;
  lastProgressOn: string | null;
  cancelled: boolean;
  leadStaffId: string | null;
  deptOrgId: string | null;
  createdAt: string;
}
export function taskStates(rows: readonly TaskStateRow[], summaries: Map<string, ProgressSummary[]>, today: string): TaskStateView[] {
  return rows.map((r) => {
    const d = derive(r, summaries.get(r.id), today);
    return {
      id: r.id,
      orgId: r.org_id,
      state: d.state,
      onTime: d.onTime,
      nextDueOn: d.nextDueOn,
      lastProgressOn: d.lastProgressOn,
      cancelled: r.cancelled === 1,
      leadStaffId: r.lead_staff_id,
      deptOrgId: r.dept_org_id,
      createdAt: r.created_at,
    };
  });
}

export function derive(row: Pick<TaskRow, 'due_kind' | 'due_date' | 'due_day' | 'year' | 'start_date' | 'cancelled'>, progress: readonly ProgressSummary[] | undefined, today: string): DerivedTaskState {
  return deriveTaskState(
    { dueKind: row.due_kind as DueKind, dueDate: row.due_date, dueDay: row.due_day === null ? null : Number(row.due_day), year: Number(row.year), startDate: row.start_date, cancelled: row.cancelled === 1 },
    progress ?? [],
    today,
  );
}

export type TaskWithState = TTaskView & { derived: DerivedTaskState };

/** Rows → views with state and names (`known`: progress summaries already read for these tasks). */
export async function toTaskViews(ctx: Ctx, rows: readonly TaskRow[], today: string, known?: Map<string, ProgressSummary[]>): Promise<TaskWithState[]> {
  if (rows.length === 0) return [];
  const summaries =
    known ??
    (await progressSummaries(
      ctx,
      rows.map((r) => r.id),
    ));
  const staff = await staffByIds(
    ctx,
    rows.map((r) => r.lead_staff_id).filter((x): x is string => !!x),
  );
  const coopIds = [...new Set(rows.flatMap((r) => parseIds(r.coop_org_ids)))];
  const coopNames = new Map<string, string>();
  for (let i = 0; i < coopIds.length; i += CHUNK) {
    for (const o of await ctx.db
      .selectFrom('orgs')
      .select(['id', 'name'])
      .where('id', 'in', coopIds.slice(i, i + CHUNK))
      .execute())
      coopNames.set(o.id, o.name);
  }
  return rows.map((r) => {
    const d = derive(r, summaries.get(r.id), today);
    const coop = parseIds(r.coop_org_ids);
    return {
      id: r.id,
      planId: r.plan_id,
      year: Number(r.year),
      orgId: r.org_id,
      orgName: r.org_name,
      sectionId: r.section_id,
      sectionTitle: r.section_title,
      seqNo: r.seq_no,
      title: r.title,
      leadStaffId: r.lead_staff_id,
      leadStaffName: r.lead_staff_id ? (staff.get(r.lead_staff_id)?.name ?? null) : null,
      deptOrgId: r.dept_org_id,
      deptName: r.dept_name,
      coopOrgIds: coop,
      coopNames: coop.map((id) => coopNames.get(id) ?? ''),
      dueKind: r.due_kind as DueKind,
      dueDate: r.due_date,
      dueDay: r.due_day === null ? null : Number(r.due_day),
      startDate: r.start_date,
      expectedOutput: r.expected_output,
      parentTaskId: r.parent_task_id,
      decisionId: r.decision_id,
      cancelled: r.cancelled === 1,
      cancelReason: r.cancel_reason,
      state: d.state,
      onTime: d.onTime,
      nextDueOn: d.nextDueOn,
      percent: d.percent,
      lastProgressOn: d.lastProgressOn,
      periodsTotal: d.periodsTotal,
      periodsDone: d.periodsDone,
      periodsOnTime: d.periodsOnTime,
      createdAt: r.created_at,
      derived: d,
    };
  });
}

export function stripDerived({ derived: _d, ...v }: TaskWithState): TTaskView {
  return v;
}

export function emptyCounts(): TStateCounts {
  return { total: 0, not_started: 0, in_progress: 0, completed: 0, overdue: 0, cancelled: 0, completedOnTime: 0 };
}

export function countStates(tasks: readonly { state: TaskState; onTime: boolean | null }[]): TStateCounts {
  const c = emptyCounts();
  for (const t of tasks) {
    c.total++;
    c[t.state]++;
    if (t.state === 'completed' && t.onTime) c.completedOnTime++;
  }
  return c;
}

/** Timeline order: by the current deadline (none last), then plan order. */
export function byDeadline(a: { nextDueOn: string | null; id: string }, b: { nextDueOn: string | null; id: string }): number {
  const da = a.nextDueOn ?? '9999-12-31';
  const db = b.nextDueOn ?? '9999-12-31';
  return da < db ? -1 : da > db ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Plan order: by section, then the task's sort. */
export function planOrder(rows: TaskRow[]): TaskRow[] {
  return rows.sort((a, b) => (a.section_sort ?? 1e9) - (b.section_sort ?? 1e9) || a.sort - b.sort || (a.id < b.id ? -1 : 1));
}
