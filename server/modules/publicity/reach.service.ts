import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { VIEW_CHANNELS, type ViewChannel } from '../../../common/publicity-enums.ts';
import type { TReach, TReachQuery } from '../../../common/schemas/publicity-reach.ts';
import type { DB } from '../../db/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { type DataScope, orgPathInScope, recordDenied, requireOrgIn, requirePermission, scopeOf, scopeWhere, subtreeScope } from '../../platform/permissions.ts';
import { addDaysIso, daysBetween, todayShanghai } from '../../platform/time.ts';
import type { Period } from '../module.ts';

/**
 * Reach (传播效果) over publicity_views: first-party page loads of portal items (views.service.ts),
 * scoped by publicity.read on the item's org (views carry it as org_id): a township sees its own
 * items' reach, the county all of them, and 白杨镇 nothing of 娘子神乡.
 */
type Views = ExpressionBuilder<DB, 'publicity_views'>;

const MAX_DAYS = 366;

interface Resolved {
  from: string;
  to: string;
  scope: DataScope;
}

async function resolve(ctx: Ctx, q: TReachQuery): Promise<Resolved> {
  const actor = await requirePermission(ctx, 'publicity.read');
  let scope = scopeOf(actor, 'publicity.read');
  if (q.year !== undefined && (q.from || q.to)) throw new AppError('VALIDATION', [{ field: 'query.year', key: 'reach_period_mixed' }]);
  let from: string;
  let to: string;
  if (q.year !== undefined) {
    from = `${q.year}-01-01`;
    to = `${q.year}-12-31`;
  } else {
    to = q.to ?? todayShanghai();
    from = q.from ?? addDaysIso(to, -29);
  }
  if (from > to) throw new AppError('VALIDATION', [{ field: 'query.to', key: 'date_order' }]);
  // an org, village or item named by a filter must be the caller's: the neighbour gets 403, not an empty page
  if (q.orgId) scope = subtreeScope(await requireOrgIn(ctx, scope, q.orgId, 'publicity.read', 'query.orgId'), actor.userId);
  if (q.villageId) await requireOrgIn(ctx, scopeOf(actor, 'publicity.read'), q.villageId, 'publicity.read', 'query.villageId');
  if (q.contentId) {
    const c = await ctx.db
      .selectFrom('publicity_contents as c')
      .innerJoin('orgs as o', 'o.id', 'c.org_id')
      .select(['c.id', 'c.org_id', 'o.path'])
      .where('c.id', '=', q.contentId)
      .executeTakeFirst();
    if (!c) throw new AppError('VALIDATION', [{ field: 'query.contentId', key: 'not_found' }]);
    if (!orgPathInScope(scopeOf(actor, 'publicity.read'), c.org_id, c.path)) {
      await recordDenied(ctx, 'publicity_content', c.id, 'publicity.read');
      throw new AppError('FORBIDDEN', [{ field: 'query.contentId', key: 'out_of_scope' }]);
    }
  }
  return { from, to, scope };
}

function filters(eb: Views, r: Resolved, q: Pick<TReachQuery, 'contentId' | 'channel' | 'villageId'>): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [scopeWhere(eb, r.scope, { org: 'publicity_views.org_id' }), eb('publicity_views.day', '>=', r.from), eb('publicity_views.day', '<=', r.to)];
  if (q.contentId) parts.push(eb('publicity_views.content_id', '=', q.contentId));
  if (q.channel) parts.push(eb('publicity_views.channel', '=', q.channel));
  if (q.villageId) parts.push(eb('publicity_views.village_org_id', '=', q.villageId));
  return eb.and(parts);
}

function periods(from: string, to: string, granularity: 'day' | 'month'): string[] {
  const out: string[] = [];
  if (granularity === 'day') {
    for (let d = from; d <= to; d = addDaysIso(d, 1)) out.push(d);
    return out;
  }
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const p = `${y}-${String(m).padStart(2, '0')}`;
    if (p > last) break;
    out.push(p);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export async function reach(ctx: Ctx, q: TReachQuery): Promise<TReach> {
  const r = await resolve(ctx, q);
  const granularity = q.granularity ?? (q.year !== undefined || daysBetween(r.from, r.to) > 62 ? 'month' : 'day');
  if (granularity === 'day' && daysBetween(r.from, r.to) + 1 > MAX_DAYS) throw new AppError('VALIDATION', [{ field: 'query.granularity', key: 'reach_range_too_long' }]);
  const db = ctx.db;
  const where = (eb: Views) => filters(eb, r, q);
  // day is text 'YYYY-MM-DD' on both engines: its first 7 characters are the month
  const periodExpr = granularity === 'day' ? sql<string>`publicity_views.day` : sql<string>`substr(publicity_views.day, 1, 7)`;
  const sum = sql<number>`sum(publicity_views.count)`;
  const [series, byContent, byChannel, byVillage] = await Promise.all([
    db.selectFrom('publicity_views').select([periodExpr.as('period'), sum.as('n')]).where(where).groupBy(periodExpr).execute(),
    db
      .selectFrom('publicity_views')
      .innerJoin('publicity_contents as c', 'c.id', 'publicity_views.content_id')
      .innerJoin('orgs as o', 'o.id', 'c.org_id')
      .select(['c.id', 'c.title', 'c.slug', 'c.state', 'o.name as org_name', sum.as('n')])
      .where(where)
      .groupBy(['c.id', 'c.title', 'c.slug', 'c.state', 'o.name'])
      .orderBy(sum, 'desc')
      .orderBy('c.id')
      .limit(100)
      .execute(),
    db.selectFrom('publicity_views').select(['publicity_views.channel', sum.as('n')]).where(where).groupBy('publicity_views.channel').execute(),
    db
      .selectFrom('publicity_views')
      .leftJoin('orgs as o', 'o.id', 'publicity_views.village_org_id')
      .select(['publicity_views.village_org_id', 'o.name', sum.as('n')])
      .where(where)
      .groupBy(['publicity_views.village_org_id', 'o.name'])
      .orderBy(sum, 'desc')
      .execute(),
  ]);
  const counts = new Map(series.map((s) => [s.period, Number(s.n)]));
  const chan = new Map(byChannel.map((c) => [c.channel, Number(c.n)]));
  const total = series.reduce((a, s) => a + Number(s.n), 0);
  return {
    from: r.from,
    to: r.to,
    granularity,
    total,
    series: periods(r.from, r.to, granularity).map((p) => ({ period: p, count: counts.get(p) ?? 0 })),
    byContent: byContent.map((c) => ({ contentId: c.id, title: c.title, slug: c.slug, state: c.state, orgName: c.org_name, count: Number(c.n) })),
    byChannel: VIEW_CHANNELS.filter((c) => chan.has(c)).map((c) => ({ channel: c, count: chan.get(c) ?? 0 })),
    byVillage: byVillage.map((v) => ({ villageId: v.village_org_id, name: v.village_org_id ? (v.name ?? '') : '未标记村（社区）', count: Number(v.n) })),
  };
}

/**
 * For the report and the overview (publicity.report.ts): page loads of the org's subtree's items in
 * the period, by arrival channel. Scoped like every read: an org outside the caller's scope is 403.
 */
export async function reachTotals(ctx: Ctx, period: Period, orgId?: string): Promise<{ total: number; byChannel: Record<ViewChannel, number> }> {
  const r = await resolve(ctx, { orgId, from: period.from, to: period.to });
  const rows = await ctx.db
    .selectFrom('publicity_views')
    .select(['publicity_views.channel', sql<number>`sum(publicity_views.count)`.as('n')])
    .where((eb) => filters(eb, r, {}))
    .groupBy('publicity_views.channel')
    .execute();
  const byChannel = Object.fromEntries(VIEW_CHANNELS.map((c) => [c, 0])) as Record<ViewChannel, number>;
  let total = 0;
  for (const row of rows) {
    if ((VIEW_CHANNELS as readonly string[]).includes(row.channel)) byChannel[row.channel as ViewChannel] = Number(row.n);
    total += Number(row.n);
  }
  return { total, byChannel };
}
