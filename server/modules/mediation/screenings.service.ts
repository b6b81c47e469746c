import { uuidv7 } from '../../../common/ids.ts';
import type { Permission } from '../../../common/roles.ts';
import type { TScreeningGrid, TScreeningInput, TScreeningListQuery, TScreeningView, TZeroReportInput } from '../../../common/schemas/mediation-admin.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireOrgInScope, scopeOf } from '../../platform/permissions.ts';
import { nowIso, todayShanghai } from '../../platform/time.ts';
import { inScope, monthOf, monthsBetween, type OrgRow, requireAnyPermission, requireOrgIn, subtreeScope, unionScope } from './admin-scope.ts';

/**
 * Periodic screening (矛盾纠纷排查): one record per village per month — found, resolved, escalated.
 * "Nothing found this month" (零上报) is a valid, one-click entry (domain-facts §3.8: no quotas,
 * no forced traces). A grid worker reports for their own village; the 司法所 for any village of
 * the township. Months before the current one without a record are flagged as missed; the current
 * month is only "pending" until it is over.
 */
export const SCREENING_READ: readonly Permission[] = ['mediation.read', 'mediation.screening.write'];

interface ScreeningRow {
  id: string;
  org_id: string;
  org_name: string;
  period: string;
  found: number;
  resolved: number;
  escalated: number;
  zero_report: number;
  notes: string | null;
  reported_by: string | null;
  updated_at: string;
}

function view(r: ScreeningRow): TScreeningView {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    period: r.period,
    found: Number(r.found),
    resolved: Number(r.resolved),
    escalated: Number(r.escalated),
    zeroReport: r.zero_report === 1,
    notes: r.notes,
    reportedBy: r.reported_by,
    updatedAt: r.updated_at,
  };
}

function selectScreenings(ctx: Ctx) {
  return ctx.db
    .selectFrom('screenings as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .leftJoin('users as u', 'u.id', 's.reported_by')
    .select(['s.id', 's.org_id', 'o.name as org_name', 's.period', 's.found', 's.resolved', 's.escalated', 's.zero_report', 's.notes', 'u.display_name as reported_by', 's.updated_at']);
}

async function villageForWrite(ctx: Ctx, orgId: string): Promise<{ id: string; name: string }> {
  const org = await requireOrgInScope(ctx, 'mediation.screening.write', orgId);
  if (org.kind !== 'village') throw new AppError('VALIDATION', [{ field: 'orgId', key: 'village_required' }]);
  return org;
}

function checkPeriod(period: string, today: string): void {
  if (period > monthOf(today)) throw new AppError('VALIDATION', [{ field: 'period', key: 'period_future' }]);
}

async function upsert(
  ctx: Ctx,
  org: { id: string; name: string },
  period: string,
  values: { found: number; resolved: number; escalated: number; zero_report: number; notes: string | null },
  opts: { refuseOverwriteOfFindings?: boolean } = {},
): Promise<TScreeningView> {
  return inTx(ctx, async (tx) => {
    const before = await tx.db.selectFrom('screenings').selectAll().where('org_id', '=', org.id).where('period', '=', period).executeTakeFirst();
    if (before && opts.refuseOverwriteOfFindings && Number(before.found) > 0) {
      throw new AppError('INVALID_STATE', [{ field: 'period', key: 'zero_report_conflict' }]);
    }
    const at = nowIso();
    const reportedBy = ctx.actor?.userId ?? null;
    const id = before?.id ?? uuidv7();
    // One row per village and month (unique org_id, period): a re-submission updates it.
    await tx.db
      .insertInto('screenings')
      .values({ id, org_id: org.id, period, ...values, reported_by: reportedBy, created_at: at, updated_at: at })
      .onConflict((oc) => oc.columns(['org_id', 'period']).doUpdateSet({ ...values, reported_by: reportedBy, updated_at: at }))
      .execute();
    const pick = (r: { found: number; resolved: number; escalated: number; zero_report: number; notes: string | null }) => ({
      found: Number(r.found),
      resolved: Number(r.resolved),
      escalated: Number(r.escalated),
      zero_report: r.zero_report,
      notes: r.notes,
    });
    await recordAudit(tx, {
      entity: 'screening',
      entityId: id,
      action: before ? 'screening.update' : values.zero_report ? 'screening.zero_report' : 'screening.create',
      orgId: org.id,
      before: before ? { period, ...pick(before) } : undefined,
      after: { period, ...pick(values) },
    });
    const row = await selectScreenings(tx).where('s.org_id', '=', org.id).where('s.period', '=', period).executeTakeFirstOrThrow();
    return view(row);
  });
}

export async function submitScreening(ctx: Ctx, input: TScreeningInput, today = todayShanghai()): Promise<TScreeningView> {
  const org = await villageForWrite(ctx, input.orgId);
  checkPeriod(input.period, today);
  if (input.resolved + input.escalated > input.found) throw new AppError('VALIDATION', [{ field: 'resolved', key: 'resolved_exceeds_found' }]);
  if (input.zeroReport && input.found > 0) throw new AppError('VALIDATION', [{ field: 'found', key: 'zero_report_counts' }]);
  return upsert(ctx, org, input.period, {
    found: input.found,
    resolved: input.resolved,
    escalated: input.escalated,
    // Nothing found is a zero report, however it was entered.
    zero_report: input.found === 0 ? 1 : 0,
    notes: input.notes || null,
  });
}

/** 零上报 in one call: the village defaults to the reporter's own, the month to the current one. */
export async function zeroReport(ctx: Ctx, input: TZeroReportInput, today = todayShanghai()): Promise<TScreeningView> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  let orgId = input.orgId;
  if (!orgId) {
    const own = scopeOf(actor, 'mediation.screening.write').orgs;
    orgId = own.length === 1 ? own[0] : actor.orgId;
  }
  const org = await villageForWrite(ctx, orgId);
  const period = input.period ?? monthOf(today);
  checkPeriod(period, today);
  return upsert(ctx, org, period, { found: 0, resolved: 0, escalated: 0, zero_report: 1, notes: input.notes || null }, { refuseOverwriteOfFindings: true });
}

/** The villages visible to the reader (optionally under one org), with their townships. */
async function villagesInScope(ctx: Ctx, orgId: string | undefined) {
  const actor = await requireAnyPermission(ctx, SCREENING_READ);
  const scope = unionScope(actor, SCREENING_READ);
  const filter = orgId ? subtreeScope(await requireOrgIn(ctx, scope, orgId, 'mediation.read')) : null;
  let q = ctx.db
    .selectFrom('orgs as o')
    .leftJoin('orgs as t', 't.id', 'o.parent_id')
    .select(['o.id', 'o.name', 'o.path', 't.id as township_id', 't.name as township_name', 't.kind as parent_kind'])
    .where('o.kind', '=', 'village')
    .where((eb) => inScope(eb, scope, 'o.id'));
  if (filter) q = q.where((eb) => inScope(eb, filter, 'o.id'));
  const villages = await q.orderBy('t.sort').orderBy('t.id').orderBy('o.sort').orderBy('o.name').execute();
  return { scope, filter, villages };
}

export async function screeningGrid(ctx: Ctx, q: { year?: number; orgId?: string }, today = todayShanghai()): Promise<TScreeningGrid> {
  const year = q.year ?? Number(today.slice(0, 4));
  const current = monthOf(today);
  const { scope, filter, villages } = await villagesInScope(ctx, q.orgId);
  const months = monthsBetween(`${year}-01`, `${year}-12`);
  let sq = ctx.db
    .selectFrom('screenings as s')
    .select(['s.id', 's.org_id', 's.period', 's.found', 's.resolved', 's.escalated', 's.zero_report'])
    .where('s.period', '>=', months[0])
    .where('s.period', '<=', months[11])
    .where((eb) => inScope(eb, scope, 's.org_id'));
  if (filter) sq = sq.where((eb) => inScope(eb, filter, 's.org_id'));
  const rows = await sq.execute();
  const byKey = new Map(rows.map((r) => [`${r.org_id}|${r.period}`, r]));
  const totals = { reported: 0, zero: 0, missing: 0, found: 0, resolved: 0, escalated: 0 };
  const out = villages.map((v) => {
    let missing = 0;
    const cells = months.map((period) => {
      const r = byKey.get(`${v.id}|${period}`);
      if (r) {
        const zero = r.zero_report === 1;
        totals.reported++;
        if (zero) totals.zero++;
        totals.found += Number(r.found);
        totals.resolved += Number(r.resolved);
        totals.escalated += Number(r.escalated);
        return { period, state: zero ? ('zero' as const) : ('reported' as const), id: r.id, found: Number(r.found), resolved: Number(r.resolved), escalated: Number(r.escalated) };
      }
      const state = period < current ? ('missing' as const) : period === current ? ('pending' as const) : ('future' as const);
      if (state === 'missing') missing++;
      return { period, state, id: null, found: 0, resolved: 0, escalated: 0 };
    });
    totals.missing += missing;
    return {
      orgId: v.id,
      name: v.name,
      townshipId: v.parent_kind === 'township' ? v.township_id : null,
      townshipName: v.parent_kind === 'township' ? v.township_name : null,
      cells,
      missing,
    };
  });
  return { year, currentPeriod: current, months, villages: out, totals };
}

export async function listScreenings(ctx: Ctx, q: TScreeningListQuery): Promise<{ items: TScreeningView[]; total: number }> {
  const actor = await requireAnyPermission(ctx, SCREENING_READ);
  const scope = unionScope(actor, SCREENING_READ);
  const filter = q.orgId ? subtreeScope(await requireOrgIn(ctx, scope, q.orgId, 'mediation.read')) : null;
  const where = <T extends ReturnType<typeof selectScreenings>>(qb: T): T => {
    let w = qb.where((eb) => inScope(eb, scope, 's.org_id'));
    if (filter) w = w.where((eb) => inScope(eb, filter, 's.org_id'));
    if (q.year) w = w.where('s.period', '>=', `${q.year}-01`).where('s.period', '<=', `${q.year}-12`);
    if (q.period) w = w.where('s.period', '=', q.period);
    if (q.zero !== undefined) w = w.where('s.zero_report', '=', q.zero ? 1 : 0);
    return w as T;
  };
  const total = await where(selectScreenings(ctx))
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await where(selectScreenings(ctx))
    .orderBy('s.period', 'desc')
    .orderBy('o.sort')
    .orderBy('s.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: rows.map(view), total: Number(total.n) };
}

/** For stats and findings: village-months missed between two months (inclusive, capped before `current`). */
export function missedMonths(villages: readonly Pick<OrgRow, 'id'>[], reported: ReadonlySet<string>, from: string, to: string, current: string): Map<string, string[]> {
  const last = to < current ? to : prevMonth(current);
  const months = from <= last ? monthsBetween(from, last) : [];
  const out = new Map<string, string[]>();
  for (const v of villages) {
    const miss = months.filter((m) => !reported.has(`${v.id}|${m}`));
    if (miss.length) out.set(v.id, miss);
  }
  return out;
}

export function prevMonth(period: string): string {
  let y = Number(period.slice(0, 4));
  let m = Number(period.slice(5, 7)) - 1;
  if (m === 0) {
    m = 12;
    y--;
  }
  return `${y}-${String(m).padStart(2, '0')}`;
}
