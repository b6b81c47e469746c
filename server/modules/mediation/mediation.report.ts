import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Permission } from '../../../common/roles.ts';
import {
  type TMediationStats,
  ZFindings,
  ZMediationStats,
  ZReportSection,
  ZStatsQuery,
  ZYearOrgQuery,
} from '../../../common/schemas/mediation-admin.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import { type DataScope, requirePermission, scopeOf } from '../../platform/permissions.ts';
import { href } from '../../platform/report-access.ts';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import type { Finding, Period, ReportSection, TracedFigure } from '../module.ts';
import { inScope, monthOf, monthsBetween, type OrgRow, orgMap, requireOrgIn, subtreeScope, townshipOf } from './admin-scope.ts';
import { exportStatsXlsx } from './mediation.export.ts';
import { missedMonths } from './screenings.service.ts';
import { coverageIn } from './understanders.service.ts';
import { DISPUTE_LIST, OUTCOMES, outcomeLabel, sourceLabel, typeLabel } from './report-labels.ts';

/**
 * The mediation module's part of the house contract (server/modules/module.ts): statistics,
 * findings and the annual-report paragraph, each within the caller's scope (`mediation.report`).
 *
 * Definitions (domain-facts §4 — there is no national one, so they are written down here):
 * - a dispute counts in a period by the day it was received (`received_on`), the same rule as the
 *   dispute list's `year` filter, so every figure links to exactly the records it counts;
 * - 调解成功率 = disputes closed as 调解成功 / disputes closed with any outcome (成功, 不成功, 终止),
 *   always shown with its denominator;
 * - long open: not closed more than 30 days after receipt (人民调解工作若干规定 art. 33: a dispute
 *   should normally be settled within one month);
 * - open-state findings (long open, high-risk open, overdue follow-ups) cover every case received
 *   up to the period's end, since an old case still open is a problem now; the success-rate
 *   finding covers the cases received in the period;
 * - hrefs use the dispute list's own filters (common/schemas/mediation.ts ZDisputeQuery), and the
 *   screening and 法律明白人 pages' (`/mediation/screening?year&orgId&zero`,
 *   `/mediation/understanders?orgId&active&appointedTo` and `?view=coverage&asOf`), so each opens exactly the counted records.
 */
const PERM: Permission = 'mediation.report';

/** ≥ 99 % success over ≥ 20 closed cases is more likely selective registration than reality (domain-facts §3.2, §3.8). */
export const IMPLAUSIBLE_RATE = 99;
export const IMPLAUSIBLE_MIN_CLOSED = 20;
/** 人民调解工作若干规定 art. 33. */
export const LONG_OPEN_DAYS = 30;

interface Access {
  scope: DataScope;
  filter: DataScope | null;
  filterOrg: OrgRow | null;
}

async function access(ctx: Ctx, orgId: string | undefined, perm: Permission = PERM): Promise<Access> {
  const actor = await requirePermission(ctx, perm);
  const scope = scopeOf(actor, perm);
  const filterOrg = orgId ? await requireOrgIn(ctx, scope, orgId, perm) : null;
  return { scope, filter: filterOrg ? subtreeScope(filterOrg) : null, filterOrg };
}

function scopedDisputes(ctx: Ctx, a: Access) {
  let q = ctx.db.selectFrom('disputes as d').where((eb) => inScope(eb, a.scope, 'd.org_id'));
  if (a.filter) {
    const f = a.filter;
    q = q.where((eb) => inScope(eb, f, 'd.org_id'));
  }
  return q;
}

function rate(success: number, closed: number): number | null {
  return closed > 0 ? Math.round((success / closed) * 1000) / 10 : null;
}



async function villagesIn(ctx: Ctx, a: Access) {
  let q = ctx.db
    .selectFrom('orgs as o')
    .select(['o.id', 'o.path', 'o.kind', 'o.name', 'o.parent_id'])
    .where('o.kind', '=', 'village')
    .where((eb) => inScope(eb, a.scope, 'o.id'));
  if (a.filter) {
    const f = a.filter;
    q = q.where((eb) => inScope(eb, f, 'o.id'));
  }
  return q.orderBy('o.path').execute();
}

/**
 * The one grouped scan of disputes received in [from, to] that stats and the report paragraph both
 * aggregate, so their figures cannot drift apart (and the statistics index covers it).
 */
function disputeGroups(ctx: Ctx, a: Access, from: string, to: string) {
  return scopedDisputes(ctx, a)
    .select((eb) => [
      'd.type',
      'd.source',
      'd.status',
      'd.outcome',
      sql<string>`substr(d.received_on, 1, 7)`.as('month'),
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('d.amount_fen').as('amount'),
      eb.fn.sum<number>('d.people_count').as('people'),
      eb.fn.sum<number>(eb.case().when('d.risk_level', '=', 'high').then(1).else(0).end()).as('high'),
    ])
    .where('d.received_on', '>=', from)
    .where('d.received_on', '<=', to)
    .groupBy(['d.type', 'd.source', 'd.status', 'd.outcome', sql`substr(d.received_on, 1, 7)`])
    .execute();
}

// ——— stats ———

export async function mediationStats(ctx: Ctx, period: Period, orgId?: string, today = todayShanghai()): Promise<TMediationStats> {
  const a = await access(ctx, orgId);
  const rows = await disputeGroups(ctx, a, period.from, period.to);

  const d = { total: 0, open: 0, closed: 0, success: 0, failure: 0, terminated: 0, amountFen: 0, successAmountFen: 0, people: 0, highRiskOpen: 0 };
  const byType = new Map<string, number>();
  const bySource = new Map<string, number>();
  const byOutcome = new Map<string, number>();
  const byMonth = new Map<string, { total: number; success: number; closed: number }>();
  for (const m of monthsBetween(monthOf(period.from), monthOf(period.to))) byMonth.set(m, { total: 0, success: 0, closed: 0 });
  for (const r of rows) {
    const n = Number(r.n);
    const closedWithOutcome = r.status === 'closed' && !!r.outcome;
    d.total += n;
    d.amountFen += Number(r.amount ?? 0);
    d.people += Number(r.people ?? 0);
    if (r.status !== 'closed') {
      d.open += n;
      d.highRiskOpen += Number(r.high ?? 0);
    }
    if (closedWithOutcome) {
      d.closed += n;
      if (r.outcome === 'success') {
        d.success += n;
        d.successAmountFen += Number(r.amount ?? 0);
      } else if (r.outcome === 'failure') d.failure += n;
      else if (r.outcome === 'terminated') d.terminated += n;
    }
    byType.set(r.type, (byType.get(r.type) ?? 0) + n);
    bySource.set(r.source, (bySource.get(r.source) ?? 0) + n);
    const ok = closedWithOutcome ? (r.outcome as string) : 'open';
    byOutcome.set(ok, (byOutcome.get(ok) ?? 0) + n);
    const mm = byMonth.get(r.month) ?? { total: 0, success: 0, closed: 0 };
    mm.total += n;
    if (closedWithOutcome) mm.closed += n;
    if (closedWithOutcome && r.outcome === 'success') mm.success += n;
    byMonth.set(r.month, mm);
  }

  const sorted = (m: Map<string, number>, label: (k: string) => string) =>
    [...m.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([key, count]) => ({ key, label: label(key), count }));

  const screenings = await screeningCounts(ctx, a, period, today);
  const cov = await coverageIn(ctx, a.scope, a.filter, period.to);
  let aq = ctx.db
    .selectFrom('understander_activities as ua')
    .innerJoin('legal_understanders as lu', 'lu.id', 'ua.understander_id')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('ua.kind', '=', 'training').then(eb.ref('ua.hours')).else(0).end()).as('hours')])
    .where('ua.held_on', '>=', period.from)
    .where('ua.held_on', '<=', period.to)
    .where((eb) => inScope(eb, a.scope, 'ua.org_id'));
  if (a.filter) {
    const f = a.filter;
    aq = aq.where((eb) => inScope(eb, f, 'ua.org_id'));
  }
  const act = await aq.executeTakeFirstOrThrow();

  return {
    period: { from: period.from, to: period.to },
    disputes: { ...d, successRate: rate(d.success, d.closed), successRateDenominator: d.closed },
    byType: sorted(byType, typeLabel),
    byOutcome: [...OUTCOMES, 'open'].map((k) => ({ key: k, label: outcomeLabel(k), count: byOutcome.get(k) ?? 0 })),
    bySource: sorted(bySource, sourceLabel),
    byMonth: [...byMonth.entries()].sort((x, y) => x[0].localeCompare(y[0])).map(([month, v]) => ({ month, ...v })),
    screenings,
    understanders: {
      count: cov.totals.understanders,
      villages: cov.totals.villages,
      villagesMet: cov.totals.met,
      trainingHours: Math.round(Number(act.hours ?? 0) * 10) / 10,
      activities: Number(act.n),
    },
  };
}

async function screeningRows(ctx: Ctx, a: Access, fromMonth: string, toMonth: string) {
  let q = ctx.db
    .selectFrom('screenings as s')
    .select(['s.org_id', 's.period', 's.found', 's.resolved', 's.escalated', 's.zero_report'])
    .where('s.period', '>=', fromMonth)
    .where('s.period', '<=', toMonth)
    .where((eb) => inScope(eb, a.scope, 's.org_id'));
  if (a.filter) {
    const f = a.filter;
    q = q.where((eb) => inScope(eb, f, 's.org_id'));
  }
  return q.execute();
}

async function screeningCounts(ctx: Ctx, a: Access, period: Period, today: string) {
  const fromMonth = monthOf(period.from);
  const toMonth = monthOf(period.to);
  const rows = await screeningRows(ctx, a, fromMonth, toMonth);
  const villages = await villagesIn(ctx, a);
  const missed = missedMonths(villages, new Set(rows.map((r) => `${r.org_id}|${r.period}`)), fromMonth, toMonth, monthOf(today));
  let missing = 0;
  for (const m of missed.values()) missing += m.length;
  return {
    villageMonths: rows.length,
    zeroReports: rows.filter((r) => r.zero_report === 1).length,
    missing,
    found: rows.reduce((s, r) => s + Number(r.found), 0),
    resolved: rows.reduce((s, r) => s + Number(r.resolved), 0),
    escalated: rows.reduce((s, r) => s + Number(r.escalated), 0),
  };
}

// ——— findings ———

/** The dispute-list filters for a period: a whole calendar year is `year=`, anything else `from=`/`to=`. */
function periodParams(period: Period): Record<string, string | number> {
  if (period.from.endsWith('-01-01') && period.to === `${period.from.slice(0, 4)}-12-31`) return { year: Number(period.from.slice(0, 4)) };
  return { receivedFrom: period.from, receivedTo: period.to };
}

export async function mediationFindings(ctx: Ctx, period: Period, orgId?: string, today = todayShanghai()): Promise<Finding[]> {
  const a = await access(ctx, orgId);
  const orgs = await orgMap(ctx);
  const out: Finding[] = [];
  const townshipName = (id: string | null) => (id ? (orgs.get(id)?.name ?? '') : '');
  const groupByTownship = (rows: { org_id: string; n: number }[]) => {
    const m = new Map<string | null, number>();
    for (const r of rows) {
      const t = townshipOf(orgs, r.org_id)?.id ?? r.org_id;
      m.set(t, (m.get(t) ?? 0) + Number(r.n));
    }
    return m;
  };

  // Open-state findings look at every case received up to the period's end: a case from last
  // December that is still open is this year's problem. The hrefs use the dispute list's own
  // filters (status, riskLevel, followUp, year/receivedFrom/receivedTo, orgId) and list exactly
  // the counted cases.
  const upTo = period.to < today ? { receivedTo: period.to } : {};

  // Disputes with an overdue follow-up visit (回访): due before today and not done.
  {
    let q = ctx.db
      .selectFrom('follow_ups as f')
      .innerJoin('disputes as d', 'd.id', 'f.dispute_id')
      .select((eb) => ['d.org_id', eb.fn.count<number>('f.dispute_id').distinct().as('n')])
      .where('f.done_on', 'is', null)
      .where('f.due_on', '<', today)
      .where('d.received_on', '<=', period.to)
      .where((eb) => inScope(eb, a.scope, 'd.org_id'));
    if (a.filter) {
      const f = a.filter;
      q = q.where((eb) => inScope(eb, f, 'd.org_id'));
    }
    for (const [t, n] of groupByTownship(await q.groupBy('d.org_id').execute())) {
      out.push({
        code: 'overdue_follow_ups',
        severity: 'warning',
        orgId: t,
        count: n,
        message: `${townshipName(t)}有${n}件纠纷的调解协议回访已过期未完成（人民调解法第31条：调委会应当对协议履行情况进行监督）`,
        href: href(DISPUTE_LIST, { followUp: 'overdue', ...upTo, orgId: t ?? undefined }),
      });
    }
  }

  // Open disputes: long open (人民调解工作若干规定 art. 33: normally settled within one month) and
  // high risk (人民调解法 art. 25: may turn into a criminal or public-order case).
  const cutoff = addDaysIso(today, -LONG_OPEN_DAYS);
  {
    // A literal, not a parameter: PostgreSQL only matches a GROUP BY expression that is textually the same.
    const old = sql<number>`case when d.received_on < ${sql.lit(/^\d{4}-\d{2}-\d{2}$/.test(cutoff) ? cutoff : '0000-00-00')} then 1 else 0 end`;
    const rows = await scopedDisputes(ctx, a)
      .select((eb) => ['d.org_id', 'd.risk_level', old.as('old'), eb.fn.countAll<number>().as('n')])
      .where('d.status', 'in', ['registered', 'mediating'])
      .where('d.received_on', '<=', period.to)
      .groupBy(['d.org_id', 'd.risk_level', old])
      .execute();
    const per = new Map<string | null, { longOpen: number; highOpen: number }>();
    for (const r of rows) {
      const t = townshipOf(orgs, r.org_id)?.id ?? r.org_id;
      const v = per.get(t) ?? { longOpen: 0, highOpen: 0 };
      if (Number(r.old) === 1) v.longOpen += Number(r.n);
      if (r.risk_level === 'high') v.highOpen += Number(r.n);
      per.set(t, v);
    }
    for (const [t, v] of per) {
      const orgId = t ?? undefined;
      if (v.highOpen > 0) {
        out.push({
          code: 'high_risk_open',
          severity: 'critical',
          orgId: t,
          count: v.highOpen,
          message: `${townshipName(t)}有${v.highOpen}件高风险纠纷尚未化解，须防止矛盾激化（人民调解法第25条）`,
          href: href(DISPUTE_LIST, { status: 'open', riskLevel: 'high', ...upTo, orgId }),
        });
      }
      if (v.longOpen > 0) {
        const last = addDaysIso(cutoff, -1);
        out.push({
          code: 'long_open_disputes',
          severity: 'warning',
          orgId: t,
          count: v.longOpen,
          message: `${townshipName(t)}有${v.longOpen}件纠纷受理已超过${LONG_OPEN_DAYS}日仍未办结（人民调解工作若干规定第33条：一般应在一个月内调结）`,
          href: href(DISPUTE_LIST, { status: 'open', receivedTo: [last, period.to].sort()[0], orgId }),
        });
      }
    }
  }

  // A success rate too perfect to be believed, per township, over the cases received in the period.
  {
    const rows = await scopedDisputes(ctx, a)
      .select((eb) => ['d.org_id', 'd.outcome', eb.fn.countAll<number>().as('n')])
      .where('d.status', '=', 'closed')
      .where('d.outcome', 'is not', null)
      .where('d.received_on', '>=', period.from)
      .where('d.received_on', '<=', period.to)
      .groupBy(['d.org_id', 'd.outcome'])
      .execute();
    const per = new Map<string | null, { closed: number; success: number }>();
    for (const r of rows) {
      const t = townshipOf(orgs, r.org_id)?.id ?? r.org_id;
      const v = per.get(t) ?? { closed: 0, success: 0 };
      v.closed += Number(r.n);
      if (r.outcome === 'success') v.success += Number(r.n);
      per.set(t, v);
    }
    for (const [t, v] of per) {
      const r = rate(v.success, v.closed);
      if (r !== null && v.closed >= IMPLAUSIBLE_MIN_CLOSED && r >= IMPLAUSIBLE_RATE) {
        out.push({
          code: 'success_rate_implausible',
          severity: 'warning',
          orgId: t,
          count: v.closed,
          message: `${townshipName(t)}调解成功率${r}%（${v.success}/${v.closed}）。成功率接近100%，请核实是否存在只登记成功案件的情况`,
          href: href(DISPUTE_LIST, { ...periodParams(period), status: 'closed', orgId: t ?? undefined }),
        });
      }
    }
  }

  // Villages without a screening record (not even 零上报) for a past month of the period.
  {
    const fromMonth = monthOf(period.from);
    const toMonth = monthOf(period.to);
    const rows = await screeningRows(ctx, a, fromMonth, toMonth);
    const villages = await villagesIn(ctx, a);
    const missed = missedMonths(villages, new Set(rows.map((r) => `${r.org_id}|${r.period}`)), fromMonth, toMonth, monthOf(today));
    for (const v of villages) {
      const months = missed.get(v.id);
      if (!months) continue;
      const shown = months.length > 6 ? `${months.slice(0, 6).join('、')}等` : months.join('、');
      out.push({
        code: 'screening_missing',
        severity: 'warning',
        orgId: v.id,
        count: months.length,
        message: `${v.name}有${months.length}个月未填报矛盾纠纷排查（${shown}）；无纠纷也请一键零上报`,
        href: href('/mediation/screening', { year: months[0].slice(0, 4), orgId: v.id }),
      });
    }
  }

  // Villages short of 法律明白人 against their target.
  {
    const cov = await coverageIn(ctx, a.scope, a.filter);
    for (const v of cov.villages) {
      if (v.met) continue;
      out.push({
        code: v.count === 0 ? 'understanders_none' : 'understanders_short',
        severity: v.count === 0 ? 'warning' : 'info',
        orgId: v.orgId,
        count: v.count,
        message:
          v.count === 0
            ? `${v.name}尚无法律明白人（目标每村${v.target}名）`
            : `${v.name}法律明白人${v.count}名，未达到每村${v.target}名的目标`,
        href: href('/mediation/understanders', { orgId: v.orgId, active: 1 }),
      });
    }
  }

  // Committees: composition (人民调解法 art. 9) and villages without one (art. 8).
  {
    let cq = ctx.db
      .selectFrom('mediation_committees as c')
      .innerJoin('orgs as o', 'o.id', 'c.org_id')
      .select(['c.id', 'c.org_id', 'c.name', 'o.kind'])
      .where('c.active', '=', 1)
      .where((eb) => inScope(eb, a.scope, 'c.org_id'));
    if (a.filter) {
      const f = a.filter;
      cq = cq.where((eb) => inScope(eb, f, 'c.org_id'));
    }
    const committees = await cq.orderBy('o.path').execute();
    const counts = new Map<string, { members: number; women: number }>();
    if (committees.length) {
      const rows = await ctx.db
        .selectFrom('mediators as m')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .select((eb) => ['m.committee_id', eb.fn.countAll<number>().as('members'), eb.fn.sum<number>(eb.case().when('p.gender', '=', '女').then(1).else(0).end()).as('women')])
        .where('m.active', '=', 1)
        .where(
          'm.committee_id',
          'in',
          committees.map((c) => c.id),
        )
        .groupBy('m.committee_id')
        .execute();
      for (const r of rows) counts.set(r.committee_id, { members: Number(r.members), women: Number(r.women ?? 0) });
    }
    for (const c of committees) {
      const k = counts.get(c.id) ?? { members: 0, women: 0 };
      const link = href('/mediation/committees', { orgId: c.org_id });
      if (k.women === 0) {
        out.push({ code: 'committee_no_woman', severity: 'warning', orgId: c.org_id, message: `${c.name}没有女性委员（人民调解法第9条：应当有妇女成员）`, href: link });
      }
      if (k.members < 3 || k.members > 9) {
        out.push({
          code: 'committee_size',
          severity: 'info',
          orgId: c.org_id,
          count: k.members,
          message: `${c.name}现有委员${k.members}人（人民调解法第9条：由委员三至九人组成）`,
          href: link,
        });
      }
    }
    const withCommittee = new Set(committees.map((c) => c.org_id));
    for (const v of await villagesIn(ctx, a)) {
      if (withCommittee.has(v.id)) continue;
      out.push({
        code: 'village_without_committee',
        severity: 'info',
        orgId: v.id,
        message: `${v.name}尚未登记人民调解委员会（人民调解法第8条）`,
        href: href('/mediation/committees', { orgId: v.id }),
      });
    }
  }

  const rank = { critical: 0, warning: 1, info: 2 } as const;
  return out.sort((x, y) => rank[x.severity] - rank[y.severity]);
}

// ——— annual report paragraph ———

/** Replaces `{key}` placeholders by the figures' values: the plain text of a section. */
export function renderSection(s: ReportSection): string {
  const byKey = new Map(s.figures.map((f) => [f.key, f]));
  return s.text.replace(/\{(\w+)\}/g, (m, k: string) => {
    const f = byKey.get(k);
    return f ? String(f.value) : m;
  });
}

export async function mediationReportSection(ctx: Ctx, year: number, orgId?: string): Promise<ReportSection> {
  const a = await access(ctx, orgId);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const org = a.filterOrg?.id;
  const rows = await disputeGroups(ctx, a, from, to);
  let total = 0;
  let closed = 0;
  let success = 0;
  let successAmount = 0;
  let people = 0;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    people += Number(r.people ?? 0);
    if (r.status === 'closed' && r.outcome) {
      closed += n;
      if (r.outcome === 'success') {
        success += n;
        successAmount += Number(r.amount ?? 0);
      }
    }
  }
  const screenings = await screeningRows(ctx, a, `${year}-01`, `${year}-12`);
  const cov = await coverageIn(ctx, a.scope, a.filter, to);

  const list = (extra: Record<string, string | number>) => href(DISPUTE_LIST, { year, ...extra, orgId: org });
  const figures: TracedFigure[] = [
    { key: 'disputes_total', label: '受理矛盾纠纷（件）', value: total, href: list({}) },
    { key: 'disputes_success', label: '调解成功（件）', value: success, href: list({ outcome: 'success' }) },
    { key: 'disputes_closed', label: '已办结（件）', value: closed, href: list({ status: 'closed' }) },
    { key: 'success_rate', label: '调解成功率（%）', value: rate(success, closed) ?? 0, denominator: closed, href: list({ status: 'closed' }) },
    { key: 'success_amount', label: '调解成功协议涉及金额（万元）', value: Math.round(successAmount / 100) / 10000, href: list({ outcome: 'success' }) },
    { key: 'people', label: '涉及群众（人）', value: people, href: list({}) },
    {
      key: 'screenings',
      label: '矛盾纠纷排查（村次）',
      value: screenings.length,
      href: href('/mediation/screening', { year, orgId: org }),
    },
    {
      key: 'zero_reports',
      label: '零上报（次）',
      value: screenings.filter((s) => s.zero_report === 1).length,
      href: href('/mediation/screening', { year, zero: 1, orgId: org }),
    },
    {
      key: 'screening_found',
      label: '排查发现纠纷（件）',
      value: screenings.reduce((s, r) => s + Number(r.found), 0),
      href: href('/mediation/screening', { year, zero: 0, orgId: org }),
    },
    {
      key: 'understanders',
      label: '法律明白人（名）',
      value: cov.totals.understanders,
      href: href('/mediation/understanders', { active: 1, appointedTo: to, orgId: org }),
    },
    {
      key: 'understander_villages_met',
      label: '法律明白人配备达标村（个）',
      value: cov.totals.met,
      denominator: cov.totals.villages,
      href: href('/mediation/understanders', { view: 'coverage', asOf: to, orgId: org }),
    },
  ];
  const text = [
    `${year}年，共排查化解矛盾纠纷{disputes_total}件，涉及群众{people}人；`,
    closed > 0
      ? `已办结{disputes_closed}件，其中调解成功{disputes_success}件，调解成功率{success_rate}%（{disputes_success}/{disputes_closed}），调解成功协议涉及金额{success_amount}万元。`
      : '暂无办结案件。',
    `开展矛盾纠纷排查{screenings}村次，其中零上报{zero_reports}次，排查发现纠纷{screening_found}件。`,
    `现有法律明白人{understanders}名，{understander_villages_met}个村（共${cov.totals.villages}个村）达到每村配备目标。`,
  ].join('');
  return { module: 'mediation', title: '化解矛盾纠纷', text, figures };
}

// ——— routes ———

function defaultPeriod(q: { from?: string; to?: string }): Period {
  const today = todayShanghai();
  return { from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today };
}

export function reportRoutes(app: FastifyInstance, deps: Deps): void {
  const tags = ['mediation'];
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/stats', summary: '人民调解统计（类型、结果、月份、来源、成功率及分母、排查、法律明白人）', tags, query: ZStatsQuery, response: ZMediationStats },
    async ({ ctx, query }) => mediationStats(ctx, defaultPeriod(query), query.orgId),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/findings', summary: '人民调解工作问题提示（逾期回访、久拖未结、高风险、漏报、法律明白人不足等）', tags, query: ZStatsQuery, response: ZFindings },
    async ({ ctx, query }) => ({ items: await mediationFindings(ctx, defaultPeriod(query), query.orgId) }),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/report-section', summary: '年度法治政府建设报告：化解矛盾纠纷段落（每个数字可追溯）', tags, query: ZYearOrgQuery, response: ZReportSection },
    async ({ ctx, query }) => mediationReportSection(ctx, query.year ?? Number(todayShanghai().slice(0, 4)), query.orgId),
  );
  route(
    app,
    deps,
    {
      method: 'GET',
      url: '/api/v1/mediation/stats.xlsx',
      summary: '导出人民调解统计表（Excel：按类型、按月份、按村）',
      tags,
      query: ZYearOrgQuery,
      binary: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    async ({ ctx, query, reply }) => {
      const { buffer, filename } = await exportStatsXlsx(ctx, query.year ?? Number(todayShanghai().slice(0, 4)), query.orgId);
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename="mediation-stats.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(buffer);
    },
  );
}

export { access as reportAccess, scopedDisputes };
export type { Access };
