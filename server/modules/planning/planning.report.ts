import { DUTY_KINDS, MEETING_KINDS, MEMBER_ROLE_LABELS, STALE_DAYS } from '../../../common/planning-enums.ts';
import type { TPlanningStats } from '../../../common/schemas/planning.ts';
import type { Ctx } from '../../platform/context.ts';
import { type OrgRow, requireOrgIn, requirePermission, scopeOf } from '../../platform/permissions.ts';
import { staffOfOrg } from '../../platform/staff/staff.service.ts';
import { href } from '../../platform/report-access.ts';
import { todayShanghai } from '../../platform/time.ts';
import type { Finding, Period, ReportSection, TracedFigure } from '../module.ts';
import { isCurrent } from './groups.service.ts';
import { type Access, access, inAccess, loadOrg, planningOrgOf } from './planning.access.ts';
import { countStates, TASK_COLUMNS, type TaskRow, type TaskWithState, taskBase, toTaskViews } from './task-views.ts';
import { isStale } from './tasks.service.ts';

/**
 * The planning module's part of the house contract (server/modules/module.ts), within the caller's
 * planning.read scope. Definitions, written down because no national one exists:
 * - tasks count in a period by their plan's year (the 年度工作要点 of each year the period touches),
 *   the same rule as the task list's `year` filter, so every figure's href lists exactly its records;
 * - "done on time" = completed with the completing update dated on or before the deadline
 *   (every period on time, for a recurring task) — common/planning-rules.ts;
 * - meetings and duty records count by their date (held_on, done_on) within the period.
 */

function years(p: Period): number[] {
  const out: number[] = [];
  for (let y = Number(p.from.slice(0, 4)); y <= Number(p.to.slice(0, 4)); y++) out.push(y);
  return out;
}

async function tasksOf(ctx: Ctx, a: Access, p: Period, today: string): Promise<TaskWithState[]> {
  const rows = (await taskBase(ctx)
    .select(TASK_COLUMNS)
    .where('p.year', 'in', years(p))
    .where((eb) => inAccess(eb, a, 't.org_id'))
    .execute()) as TaskRow[];
  return toTaskViews(ctx, rows, today);
}

export async function planningStats(ctx: Ctx, period: Period, orgId?: string, today = todayShanghai()): Promise<TPlanningStats> {
  const a = await access(ctx, 'planning.read', orgId);
  const tasks = await tasksOf(ctx, a, period, today);
  const meetings = await ctx.db
    .selectFrom('planning_meetings as m')
    .select((eb) => ['m.kind', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('m.law_study', '!=', '').then(1).else(0).end()).as('law')])
    .where('m.held_on', '>=', period.from)
    .where('m.held_on', '<=', period.to)
    .where((eb) => inAccess(eb, a, 'm.org_id'))
    .groupBy('m.kind')
    .execute();
  const duties = await ctx.db
    .selectFrom('planning_duties as u')
    .select((eb) => ['u.kind', eb.fn.countAll<number>().as('n')])
    .where('u.done_on', '>=', period.from)
    .where('u.done_on', '<=', period.to)
    .where((eb) => inAccess(eb, a, 'u.org_id'))
    .groupBy('u.kind')
    .execute();
  const groups = await ctx.db
    .selectFrom('planning_groups as g')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('g.year', 'in', years(period))
    .where((eb) => inAccess(eb, a, 'g.org_id'))
    .executeTakeFirstOrThrow();
  return {
    from: period.from,
    to: period.to,
    tasks: countStates(tasks),
    meetingsByKind: Object.fromEntries(MEETING_KINDS.map((k) => [k, Number(meetings.find((m) => m.kind === k)?.n ?? 0)])),
    lawStudyItems: meetings.reduce((s, m) => s + Number(m.law ?? 0), 0),
    dutiesByKind: Object.fromEntries(DUTY_KINDS.map((k) => [k, Number(duties.find((d) => d.kind === k)?.n ?? 0)])),
    groups: Number(groups.n),
  };
}

function quarterEnds(year: number): { q: number; from: string; to: string }[] {
  return [
    { q: 1, from: `${year}-01-01`, to: `${year}-03-31` },
    { q: 2, from: `${year}-04-01`, to: `${year}-06-30` },
    { q: 3, from: `${year}-07-01`, to: `${year}-09-30` },
    { q: 4, from: `${year}-10-01`, to: `${year}-12-31` },
  ];
}

/**
 * Findings: overdue tasks; tasks with nothing reported for STALE_DAYS days; plan items with no owner;
 * a leading group without a meeting in a quarter that has ended (source report: "定期召开会议");
 * leaders (领导班子成员) of a township who hosted no meeting in the period. The study module reports
 * leaders who never hosted study separately.
 */
export async function planningFindings(ctx: Ctx, period: Period, orgId?: string, today = todayShanghai()): Promise<Finding[]> {
  const a = await access(ctx, 'planning.read', orgId);
  const out: Finding[] = [];
  const tasks = await tasksOf(ctx, a, period, today);
  const byOrgYear = new Map<string, TaskWithState[]>();
  for (const t of tasks) {
    const k = `${t.orgId}|${t.year}`;
    byOrgYear.set(k, [...(byOrgYear.get(k) ?? []), t]);
  }
  for (const [k, list] of byOrgYear) {
    const [org, year] = k.split('|');
    const name = list[0].orgName;
    // the org's plan of the year (one per org and year): `orgId` would also list the townships' tasks below a county
    const plan = { planId: list[0].planId };
    const overdue = list.filter((t) => t.state === 'overdue').length;
    if (overdue)
      out.push({ code: 'planning.task_overdue', severity: 'warning', orgId: org, count: overdue, message: `${name}${year}年度工作要点有${overdue}项任务逾期`, href: href('/planning/tasks', { ...plan, state: 'overdue' }) });
    const stale = list.filter((t) => isStale(t, today)).length;
    if (stale)
      out.push({
        code: 'planning.task_stale',
        severity: 'info',
        orgId: org,
        count: stale,
        message: `${name}${year}年度有${stale}项任务超过${STALE_DAYS}天未报送进展`,
        href: href('/planning/tasks', { ...plan, stale: 'true' }),
      });
    const noOwner = list.filter((t) => !t.cancelled && !t.leadStaffId && !t.deptOrgId).length;
    if (noOwner)
      out.push({
        code: 'planning.task_no_owner',
        severity: 'warning',
        orgId: org,
        count: noOwner,
        message: `${name}${year}年度有${noOwner}项任务未明确分管领导和责任单位`,
        href: href('/planning/tasks', { ...plan, noOwner: 'true' }),
      });
  }

  // Leading groups without a meeting in an ended quarter of the period.
  const groups = await ctx.db
    .selectFrom('planning_groups as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.id', 'g.org_id', 'g.name', 'g.year', 'o.name as org_name'])
    .where('g.kind', '=', 'leading_group')
    .where('g.year', 'in', years(period))
    .where((eb) => inAccess(eb, a, 'g.org_id'))
    .execute();
  if (groups.length) {
    const meetings = await ctx.db
      .selectFrom('planning_meetings as m')
      .select(['m.org_id', 'm.group_id', 'm.kind', 'm.held_on'])
      .where('m.held_on', '>=', period.from)
      .where('m.held_on', '<=', period.to)
      .where((eb) => eb.or([eb('m.kind', '=', 'leading_group'), eb('m.group_id', 'is not', null)]))
      .where((eb) => inAccess(eb, a, 'm.org_id'))
      .execute();
    for (const g of groups) {
      const missed = quarterEnds(Number(g.year))
        .filter((q) => q.from >= period.from && q.to <= period.to && q.to < today)
        .filter((q) => !meetings.some((m) => m.held_on >= q.from && m.held_on <= q.to && (m.group_id === g.id || (m.group_id === null && m.org_id === g.org_id && m.kind === 'leading_group'))))
        .map((q) => `第${q.q}季度`);
      if (missed.length)
        out.push({
          code: 'planning.group_no_meeting',
          severity: 'warning',
          orgId: g.org_id,
          count: missed.length,
          message: `${g.org_name}${g.name}${g.year}年${missed.join('、')}未召开会议`,
          href: href('/planning/meetings', { orgId: g.org_id, year: g.year, groupId: g.id }),
        });
    }
  }

  // Leaders who hosted no meeting in the period, per township (or county) in scope.
  const orgs = await ctx.db
    .selectFrom('orgs as o')
    .select(['o.id', 'o.path', 'o.kind', 'o.name', 'o.parent_id'])
    .where('o.kind', 'in', ['township', 'county'])
    .where((eb) => inAccess(eb, a, 'o.id'))
    .execute();
  const hosts = await ctx.db
    .selectFrom('planning_meetings as m')
    .select('m.host_staff_id')
    .distinct()
    .where('m.held_on', '>=', period.from)
    .where('m.held_on', '<=', period.to)
    .where('m.host_staff_id', 'is not', null)
    .where((eb) => inAccess(eb, a, 'm.org_id'))
    .execute();
  const hosted = new Set(hosts.map((h) => h.host_staff_id));
  for (const o of orgs) {
    const leaders = (await staffOfOrg(ctx, o, { category: 'leader' })).filter((s) => s.orgId === o.id);
    const never = leaders.filter((s) => !hosted.has(s.id));
    if (leaders.length && never.length)
      out.push({
        code: 'planning.leader_never_hosted',
        severity: 'info',
        orgId: o.id,
        count: never.length,
        message: `${o.name}领导班子成员${never.map((s) => s.name).join('、')}在${period.from}至${period.to}期间未主持过法治建设相关会议`,
        href: href('/planning/meetings', { orgId: o.id, year: period.from.slice(0, 4) }),
      });
  }
  return out;
}

/** The org a report is written for: the one asked, else the caller's township (or the county). */
async function reportOrg(ctx: Ctx, orgId?: string): Promise<OrgRow> {
  const actor = await requirePermission(ctx, 'planning.read');
  const scope = scopeOf(actor, 'planning.read');
  if (orgId) return requireOrgIn(ctx, scope, orgId, 'planning.read');
  return requireOrgIn(ctx, scope, (await planningOrgOf(ctx, await loadOrg(ctx, actor.orgId))).id, 'planning.read');
}

/**
 * The 强化组织领导 paragraph of the annual report (source report section 一（一）), written from the
 * records: the leading group and its heads, meetings held, the plan and how many of its tasks were
 * done (on time), first-responsible-person duty records. Every number is a TracedFigure with the
 * list behind it.
 */
export async function planningReportSection(ctx: Ctx, year: number, orgId?: string): Promise<ReportSection> {
  const org = await reportOrg(ctx, orgId);
  const actor = ctx.actor!;
  const a: Access = { scope: scopeOf(actor, 'planning.read'), filter: { subtrees: [], orgs: [org.id], self: false, userId: actor.userId }, filterOrg: org, userId: actor.userId };
  const today = todayShanghai();
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  const tasks = await tasksOf(ctx, a, period, today);
  const counts = countStates(tasks);
  const plan = await ctx.db.selectFrom('planning_plans').select(['id', 'title']).where('org_id', '=', org.id).where('year', '=', year).executeTakeFirst();
  const meetings = await ctx.db
    .selectFrom('planning_meetings as m')
    .select(['m.kind', 'm.law_study'])
    .where('m.org_id', '=', org.id)
    .where('m.held_on', '>=', period.from)
    .where('m.held_on', '<=', period.to)
    .execute();
  const duties = await ctx.db.selectFrom('planning_duties').select('kind').where('org_id', '=', org.id).where('done_on', '>=', period.from).where('done_on', '<=', period.to).execute();
  const group = await ctx.db.selectFrom('planning_groups').select(['id', 'name']).where('org_id', '=', org.id).where('year', '=', year).where('kind', '=', 'leading_group').orderBy('id').executeTakeFirst();
  const team = await ctx.db.selectFrom('planning_groups').select(['id', 'name']).where('org_id', '=', org.id).where('year', '=', year).where('kind', '=', 'work_team').orderBy('id').executeTakeFirst();
  let heads: string[] = [];
  let members = 0;
  if (group) {
    const ms = await ctx.db.selectFrom('planning_group_members').selectAll().where('group_id', '=', group.id).execute();
    // membership on the year's last day, or today during the year (dates compare as text)
    const day = [today, period.to].sort()[0];
    const current = ms.filter((m) => isCurrent(m, day));
    members = current.length;
    const staff = await staffOfOrg(ctx, org, { activeOnly: false });
    heads = current.filter((m) => m.role === 'head').map((m) => staff.find((s) => s.id === m.staff_id)?.post ?? '').filter(Boolean);
  }

  const o = org.id;
  // hrefs list exactly what is counted: the org's own plan, and the org's own meetings and records
  const taskList = (extra: Record<string, string>) => (plan ? href('/planning/tasks', { planId: plan.id, ...extra }) : href('/planning/tasks', { orgId: o, year, ...extra }));
  const own = { orgId: o, year, orgOnly: 'true' };
  const n = (kind: string) => meetings.filter((m) => m.kind === kind).length;
  const figures: TracedFigure[] = [
    { key: 'group_members', label: '领导小组成员（人）', value: members, href: group ? `/planning/groups/${group.id}` : href('/planning/groups', { orgId: o, year }) },
    { key: 'lg_meetings', label: '领导小组会议（次）', value: n('leading_group'), href: href('/planning/meetings', { ...own, kind: 'leading_group' }) },
    { key: 'topic_meetings', label: '专题会议（次）', value: n('topic'), href: href('/planning/meetings', { ...own, kind: 'topic' }) },
    { key: 'law_study', label: '党委会议学法（次）', value: meetings.filter((m) => m.law_study !== '').length, href: href('/planning/meetings', { ...own, lawStudy: 'true' }) },
    { key: 'tasks', label: '工作任务（项）', value: counts.total, href: taskList({}) },
    { key: 'tasks_done', label: '已完成（项）', value: counts.completed, href: taskList({ state: 'completed' }) },
    {
      key: 'tasks_on_time',
      label: '按时完成（项）',
      value: counts.completedOnTime,
      denominator: counts.total - counts.cancelled,
      href: taskList({ state: 'completed', onTime: 'true' }),
    },
    { key: 'tasks_overdue', label: '逾期未完成（项）', value: counts.overdue, href: taskList({ state: 'overdue' }) },
    { key: 'duties', label: '第一责任人履职记录（条）', value: duties.length, href: href('/planning/duties', own) },
    { key: 'duties_report_law', label: '述法（次）', value: duties.filter((d) => d.kind === 'report_law').length, href: href('/planning/duties', { ...own, kind: 'report_law' }) },
  ];
  const headRole = MEMBER_ROLE_LABELS.head.zh;
  const text = [
    `${year}年，${org.name}严格履行党政主要负责人推进法治建设第一责任人职责，形成党政主要负责人履职记录{duties}条（其中述法{duties_report_law}次）。`,
    group
      ? `成立了由${heads.length ? heads.join('、') : '主要负责人'}${heads.length > 1 ? `为双${headRole}` : `任${headRole}`}的${group.name}（成员{group_members}人）${team ? `，并组建${team.name}` : ''}，全年召开领导小组会议{lg_meetings}次、专题会议{topic_meetings}次，党委会议会前学法{law_study}次。`
      : `全年召开专题会议{topic_meetings}次，党委会议会前学法{law_study}次；尚未在平台登记法治建设领导小组。`,
    plan
      ? `制定《${plan.title.replace(/^《|》$/g, '')}》，明确工作任务{tasks}项，已完成{tasks_done}项，其中按时完成{tasks_on_time}项（共{tasks}项），逾期未完成{tasks_overdue}项。`
      : '尚未在平台登记本年度法治建设工作要点。',
  ].join('');
  return { module: 'planning', title: '强化组织领导', text, figures };
}
