
import { STAFF_CATEGORY_LABELS, type StaffCategory } from '../../../common/roles.ts';
import type { TStudyStats } from '../../../common/schemas/study.ts';
import { ROTATING_KINDS, SESSION_KIND_LABELS, SESSION_KINDS, type SessionKind } from '../../../common/study-enums.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { loadExcel } from '../../platform/office.ts';
import { inScope } from '../../platform/permissions.ts';
import { href, type ReportAccess, reportAccess } from '../../platform/report-access.ts';
import { todayShanghai } from '../../platform/time.ts';
import type { Finding, Period, ReportSection, TracedFigure } from '../module.ts';
import { type HoursRow, hoursIn, hoursTable } from './study.service.ts';

/**
 * The study module's part of the house contract (server/modules/module.ts): statistics, findings
 * and the 学法用法 paragraph of the annual report, within the caller's `study.read` scope.
 *
 * Definitions (written down here; there is no national one — domain-facts §4):
 * - a session counts by the day it was held (`held_on`), and only once held (on or before today):
 *   a planned session is not yet work done;
 * - hours per person = the hours of every session held in the year that the person attended (出席);
 *   请假 and 缺席 earn none; the hours of a year are counted up to today for the current year;
 * - below target = strictly fewer hours than the minimum for the person's category and year
 *   (study_requirements, nearest org on the path, else DEFAULT_MIN_HOURS);
 * - 学法考试合格率 = scores at or above the pass mark / scores recorded (people who sat), shown
 *   with its denominator;
 * - every href opens the web list of exactly the counted records: `/study/sessions?year&kind&held&tested&orgId`
 *   and `/study/hours?year&orgId&category&belowTarget&neverHosted`.
 */
const PERM = 'study.read' as const;

type Access = ReportAccess;
const access = (ctx: Ctx, orgId?: string): Promise<Access> => reportAccess(ctx, PERM, orgId);

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Sessions held in [from, to] (and not after today) within the access, with their attendance and tests. */
async function heldSessions(ctx: Ctx, a: Access, from: string, to: string, today: string) {
  const end = to < today ? to : today;
  let q = ctx.db
    .selectFrom('study_sessions as ss')
    .select(['ss.id', 'ss.org_id', 'ss.kind', 'ss.held_on', 'ss.hours', 'ss.host_staff_id'])
    .where('ss.held_on', '>=', from)
    .where('ss.held_on', '<=', end)
    .where((eb) => inScope(eb, a.scope, 'ss.org_id'));
  if (a.filter) {
    const f = a.filter;
    q = q.where((eb) => inScope(eb, f, 'ss.org_id'));
  }
  const sessions = (await q.execute()).map((s) => ({ ...s, hours: Number(s.hours) }));
  let aq = ctx.db
    .selectFrom('study_attendance as a')
    .innerJoin('study_sessions as ss', 'ss.id', 'a.session_id')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('ss.hours').as('hours')])
    .where('a.status', '=', 'present')
    .where('ss.held_on', '>=', from)
    .where('ss.held_on', '<=', end)
    .where((eb) => inScope(eb, a.scope, 'ss.org_id'));
  if (a.filter) {
    const f = a.filter;
    aq = aq.where((eb) => inScope(eb, f, 'ss.org_id'));
  }
  const att = await aq.executeTakeFirstOrThrow();
  let tq = ctx.db
    .selectFrom('study_tests as t')
    .innerJoin('study_sessions as ss', 'ss.id', 't.session_id')
    .leftJoin('study_scores as sc', 'sc.test_id', 't.id')
    .select(['t.id', 't.pass_mark', 'sc.score'])
    .where('ss.held_on', '>=', from)
    .where('ss.held_on', '<=', end)
    .where((eb) => inScope(eb, a.scope, 'ss.org_id'));
  if (a.filter) {
    const f = a.filter;
    tq = tq.where((eb) => inScope(eb, f, 'ss.org_id'));
  }
  const trows = await tq.execute();
  const papers = new Set(trows.map((r) => r.id)).size;
  const scored = trows.filter((r) => r.score !== null);
  const passed = scored.filter((r) => Number(r.score) >= Number(r.pass_mark)).length;
  return {
    sessions,
    attendances: Number(att.n),
    personHours: round1(Number(att.hours ?? 0)),
    tests: { papers, sat: scored.length, passed, passRate: scored.length ? round1((passed / scored.length) * 100) : null },
  };
}

// ——— stats ———

export async function studyStats(ctx: Ctx, period: Period, orgId?: string, today = todayShanghai()): Promise<TStudyStats> {
  const a = await access(ctx, orgId);
  const h = await heldSessions(ctx, a, period.from, period.to, today);
  const byKind = new Map<SessionKind, { count: number; hours: number }>();
  const byMonth = new Map<string, number>();
  for (const s of h.sessions) {
    const k = byKind.get(s.kind as SessionKind) ?? { count: 0, hours: 0 };
    k.count++;
    k.hours += s.hours;
    byKind.set(s.kind as SessionKind, k);
    const m = s.held_on.slice(0, 7);
    byMonth.set(m, (byMonth.get(m) ?? 0) + 1);
  }
  const year = Number(period.to.slice(0, 4));
  const people = await hoursIn(ctx, a.scope, a.org, year, today);
  return {
    period: { from: period.from, to: period.to },
    sessions: h.sessions.length,
    hours: round1(h.sessions.reduce((s, x) => s + x.hours, 0)),
    personHours: h.personHours,
    attendances: h.attendances,
    byKind: SESSION_KINDS.map((k) => ({ key: k, label: SESSION_KIND_LABELS[k].zh, count: byKind.get(k)?.count ?? 0, hours: round1(byKind.get(k)?.hours ?? 0) })),
    byMonth: [...byMonth.entries()].sort((x, y) => x[0].localeCompare(y[0])).map(([month, count]) => ({ month, count })),
    tests: h.tests,
    people: {
      count: people.length,
      below: people.filter((p) => p.below).length,
      avgHours: people.length ? round1(people.reduce((s, p) => s + p.hours, 0) / people.length) : 0,
    },
    leadersNeverHosted: people.filter((p) => p.category === 'leader' && p.hosted === 0).length,
  };
}

// ——— findings ———

/**
 * The unit a staff member's org belongs to, by walking up the parents: their township, or for the
 * county's people the county office (department) they sit in — a finding's link lists the unit's
 * subtree, and the county's subtree would list every township's people too.
 */
async function townshipResolver(ctx: Ctx): Promise<(orgId: string) => { id: string; name: string } | null> {
  const rows = await ctx.db.selectFrom('orgs').select(['id', 'name', 'kind', 'parent_id']).execute();
  const map = new Map(rows.map((r) => [r.id, r]));
  return (orgId) => {
    let o = map.get(orgId);
    let below: typeof o;
    while (o) {
      if (o.kind === 'township') return { id: o.id, name: o.name };
      if (o.kind === 'county') return below ? { id: below.id, name: below.name } : { id: o.id, name: o.name };
      below = o;
      o = o.parent_id ? map.get(o.parent_id) : undefined;
    }
    return null;
  };
}

export async function studyFindings(ctx: Ctx, period: Period, orgId?: string, today = todayShanghai()): Promise<Finding[]> {
  const a = await access(ctx, orgId);
  const year = Number(period.to.slice(0, 4));
  const yearEnd = `${year}-12-31`;
  const open = yearEnd > today;
  const asOf = open ? `（截至${today}）` : '';
  const people = await hoursIn(ctx, a.scope, a.org, year, today);
  const townshipOf = await townshipResolver(ctx);
  const per = new Map<string, { name: string; rows: HoursRow[] }>();
  for (const p of people) {
    const t = townshipOf(p.orgId) ?? { id: p.orgId, name: p.orgName };
    const v = per.get(t.id) ?? { name: t.name, rows: [] };
    v.rows.push(p);
    per.set(t.id, v);
  }
  // Asked for one 站办所 (or office), the people counted are that org's: the links list them, not the whole unit.
  const inside = a.org && a.org.kind !== 'township' && a.org.kind !== 'county' ? a.org.id : null;
  const out: Finding[] = [];
  for (const [tid, { name, rows }] of per) {
    const linkOrg = inside ?? tid;
    // Staff below their category's minimum (the source report's first weakness: officers lacking legal training).
    for (const cat of ['officer', 'leader', 'cadre'] as StaffCategory[]) {
      const below = rows.filter((r) => r.category === cat && r.below);
      if (below.length === 0) continue;
      const targets = [...new Set(below.map((r) => r.target))].join('/');
      out.push({
        code: `below_target_${cat}`,
        severity: cat === 'officer' && !open ? 'warning' : 'info',
        orgId: tid,
        count: below.length,
        message: `${name}有${below.length}名${STAFF_CATEGORY_LABELS[cat].zh}${year}年学法学时未达到要求（${targets}学时）${asOf}：${below.map((r) => `${r.name}${r.hours}学时`).join('、')}`,
        href: href('/study/hours', { year, orgId: linkOrg, category: cat, belowTarget: 1 }),
      });
    }
    // Leadership members who never hosted a 中心组学习 / 专题学法 in the year ("由班子成员轮流主持").
    const never = rows.filter((r) => r.category === 'leader' && r.hosted === 0);
    if (never.length) {
      out.push({
        code: 'leaders_never_hosted',
        severity: open ? 'info' : 'warning',
        orgId: tid,
        count: never.length,
        message: `${name}有${never.length}名领导班子成员${year}年未主持过中心组学习或专题学法${asOf}：${never.map((r) => r.name).join('、')}（班子成员应轮流主持）`,
        href: href('/study/hours', { year, orgId: linkOrg, neverHosted: 1 }),
      });
    }
  }
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  return out.sort((x, y) => rank[x.severity] - rank[y.severity]);
}

// ——— annual report paragraph ———

export async function studyReportSection(ctx: Ctx, year: number, orgId?: string, today = todayShanghai()): Promise<ReportSection> {
  const a = await access(ctx, orgId);
  const org = a.org?.id;
  const h = await heldSessions(ctx, a, `${year}-01-01`, `${year}-12-31`, today);
  const people = await hoursIn(ctx, a.scope, a.org, year, today);
  const count = (k: SessionKind) => h.sessions.filter((s) => s.kind === k).length;
  const sessionsHref = (extra: Record<string, string | number>) => href('/study/sessions', { year, held: 1, ...extra, orgId: org });
  const hoursHref = (extra: Record<string, string | number>) => href('/study/hours', { year, ...extra, orgId: org });
  const officers = people.filter((p) => p.category === 'officer');
  const leaders = people.filter((p) => p.category === 'leader');
  const totalHours = round1(people.reduce((s, p) => s + p.hours, 0));
  const avg = (rows: HoursRow[]) => (rows.length ? round1(rows.reduce((s, p) => s + p.hours, 0) / rows.length) : 0);
  const figures: TracedFigure[] = [
    { key: 'sessions', label: '学法活动（次）', value: h.sessions.length, href: sessionsHref({}) },
    ...SESSION_KINDS.map((k) => ({ key: k, label: `${SESSION_KIND_LABELS[k].zh}（次）`, value: count(k), href: sessionsHref({ kind: k }) })),
    {
      key: 'leaders_hosted',
      label: '主持学习的领导班子成员（名）',
      value: leaders.filter((l) => l.hosted > 0).length,
      denominator: leaders.length,
      href: hoursHref({ category: 'leader' }),
    },
    { key: 'people', label: '参学干部职工（人）', value: people.length, href: hoursHref({}) },
    { key: 'person_hours', label: '累计学法（学时）', value: totalHours, href: hoursHref({}) },
    { key: 'avg_hours', label: '人均学法（学时）', value: avg(people), denominator: people.length, href: hoursHref({}) },
    { key: 'officer_avg_hours', label: '执法人员人均培训（学时）', value: avg(officers), denominator: officers.length, href: hoursHref({ category: 'officer' }) },
    { key: 'below_target', label: '未达到年度学时要求（人）', value: people.filter((p) => p.below).length, denominator: people.length, href: hoursHref({ belowTarget: 1 }) },
    { key: 'test_papers', label: '学法考试（场）', value: h.tests.papers, href: sessionsHref({ tested: 1 }) },
    { key: 'test_sat', label: '参加考试（人次）', value: h.tests.sat, href: sessionsHref({ tested: 1 }) },
    { key: 'test_passed', label: '考试合格（人次）', value: h.tests.passed, href: sessionsHref({ tested: 1 }) },
    { key: 'test_pass_rate', label: '考试合格率（%）', value: h.tests.passRate ?? 0, denominator: h.tests.sat, href: sessionsHref({ tested: 1 }) },
  ];
  // What the leadership studied (中心组学习 and 专题学法 first, the report's "注重理论学习"), most
  // studied first, from the records: a list in the text, not a figure.
  const theory = h.sessions.filter((s) => ROTATING_KINDS.includes(s.kind as SessionKind));
  const ids = (theory.length ? theory : h.sessions).map((s) => s.id);
  const lawCount = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.db.selectFrom('study_session_laws').select('law').where('session_id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) lawCount.set(r.law, (lawCount.get(r.law) ?? 0) + 1);
  }
  const topLaws = [...lawCount.entries()]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0], 'zh'))
    .slice(0, 6)
    .map(([l]) => (/^习近平|论述|精神$/.test(l) ? l : `《${l.replace(/^《|》$/g, '')}》`));
  const kinds = SESSION_KINDS.filter((k) => count(k) > 0).map((k) => `${SESSION_KIND_LABELS[k].zh}{${k}}次`);
  const parts = [
    h.sessions.length > 0 ? `${year}年，共开展学法活动{sessions}次，其中${kinds.join('、')}` : `${year}年，暂无学法活动记录`,
    topLaws.length ? `，学习内容包括${topLaws.join('、')}等` : '',
    '。',
    leaders.length ? `{leaders_hosted}名领导班子成员（共${leaders.length}名）轮流主持${ROTATING_KINDS.map((k) => SESSION_KIND_LABELS[k].zh).join('和')}。` : '',
    people.length
      ? `干部职工{people}人累计学法{person_hours}学时，人均{avg_hours}学时${officers.length ? `，其中执法人员人均培训{officer_avg_hours}学时` : ''}；{below_target}人未达到年度学时要求。`
      : '',
    h.tests.papers > 0 ? `组织学法考试{test_papers}场，参考{test_sat}人次，合格率{test_pass_rate}%（{test_passed}/{test_sat}）。` : '',
  ];
  return { module: 'study', title: '学法用法', text: parts.join(''), figures };
}

// ——— Excel ———

const CATEGORY_ORDER: StaffCategory[] = ['leader', 'cadre', 'officer'];

/** 学法学时统计表: one row per person with hours, requirement and whether it is met. Audited as an export. */
export async function exportHoursXlsx(ctx: Ctx, q: { year?: number; orgId?: string; category?: StaffCategory }): Promise<{ buffer: Buffer; filename: string }> {
  const t = await hoursTable(ctx, q);
  const unit = t.org?.name ?? '';
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '法治 Fazhi';
  wb.created = new Date();
  const ws = wb.addWorksheet('学法学时');
  const header = ['姓名', '职务', '类别', '单位', '出席次数', '学时', '年度要求（学时）', '是否达标', '主持学习（次）'];
  ws.addRow([`${unit}${t.year}年干部职工学法学时统计表`]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: 'center' };
  ws.addRow(header).font = { bold: true };
  const rows = [...t.items].sort((x, y) => CATEGORY_ORDER.indexOf(x.category) - CATEGORY_ORDER.indexOf(y.category));
  for (const r of rows) ws.addRow([r.name, r.post, STAFF_CATEGORY_LABELS[r.category].zh, r.orgName, r.sessions, r.hours, r.target, r.below ? '未达标' : '达标', r.hosted]);
  ws.addRow(['合计', '', '', `${t.totals.people}人`, rows.reduce((s, r) => s + r.sessions, 0), t.totals.hours, '', `未达标${t.totals.below}人`, '']).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = [10, 18, 14, 16, 10, 8, 16, 10, 14][i] ?? 12;
  });
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await inTx(ctx, (tx) =>
    recordAudit(tx, { entity: 'study_hours', action: 'export', orgId: t.org?.id ?? ctx.actor?.orgId ?? null, after: { format: 'xlsx', year: t.year, orgId: q.orgId ?? null, people: t.totals.people } }),
  );
  return { buffer, filename: `${unit}${t.year}年学法学时统计表.xlsx` };
}
