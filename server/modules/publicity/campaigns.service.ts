import { sql } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import { ONLINE_CHANNELS } from '../../../common/publicity-enums.ts';
import type { Permission } from '../../../common/roles.ts';
import type { TCampaignCreate, TCampaignQuery, TCampaignUpdate, TCampaignView } from '../../../common/schemas/publicity-events.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Actor, type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { type DataScope, inScope, orgPathInScope, recordDenied, requireOrgIn, requirePermission, scopeOf, subtreeScope } from '../../platform/permissions.ts';
import { daysBetween, nowIso, todayShanghai } from '../../platform/time.ts';
import type { PublicityCampaignTable } from './publicity.tables.ts';

/**
 * 专项活动 (campaigns): 八五普法, 宪法宣传周, a month-long 民法典 campaign — dates, goals and targets,
 * with progress counted from the events linked to it (campaignId), never from dates alone. A
 * campaign belongs to a township or the county; a county campaign is seen by the townships below,
 * which take part in it.
 */
const READ: Permission = 'publicity.read';
const MANAGE: Permission = 'publicity.manage';
const ENTITY = 'publicity_campaign';
const ONLINE = [...ONLINE_CHANNELS] as string[];

/**
 * Who sees a campaign: its org in the reader's scope, or an ancestor of an org in it (a township
 * takes part in the county's campaign). Both parts are scopes given to the permission helpers.
 */
async function visibility(ctx: Ctx, actor: Actor): Promise<{ scope: DataScope; above: DataScope }> {
  const scope = scopeOf(actor, READ);
  const paths = [...scope.subtrees];
  if (scope.orgs.length) paths.push(...(await ctx.db.selectFrom('orgs').select('path').where('id', 'in', scope.orgs).execute()).map((o) => o.path));
  const ancestors = new Set(paths.flatMap((p) => p.split('/').filter(Boolean).slice(0, -1)));
  return { scope, above: { subtrees: [], orgs: [...ancestors], self: false, userId: actor.userId } };
}

/** Whether the reader sees a campaign: its org in their scope, or above an org in it (loadCampaign, event links and filters). */
export async function campaignVisible(ctx: Ctx, actor: Actor, row: { org_id: string; path: string }): Promise<boolean> {
  const { scope, above } = await visibility(ctx, actor);
  return orgPathInScope(scope, row.org_id, row.path) || above.orgs.includes(row.org_id);
}

type CampaignRow = Pick<PublicityCampaignTable, 'id' | 'org_id' | 'title' | 'starts_on' | 'ends_on' | 'goals' | 'target_events' | 'target_audience' | 'target_online_pct' | 'notes'> & { path: string; org_name: string };

function campaignQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('publicity_campaigns as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.org_id', 'o.path', 'o.name as org_name', 'c.title', 'c.starts_on', 'c.ends_on', 'c.goals', 'c.target_events', 'c.target_audience', 'c.target_online_pct', 'c.notes']);
}

const pct = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Progress of each campaign over the linked events the reader may see (a township sees its own part
 * of a county campaign): done events, audience, materials, and the new-media share = done events
 * with at least one online channel / done events, always with its denominator.
 */
async function views(ctx: Ctx, actor: Actor, rows: CampaignRow[], today: string): Promise<TCampaignView[]> {
  const ids = rows.map((r) => r.id);
  const scope = scopeOf(actor, READ);
  const agg = new Map<string, { done: number; planned: number; audience: number; materials: number; online: number }>();
  if (ids.length) {
    const online = sql<number>`case when exists (select 1 from publicity_event_channels ch where ch.event_id = e.id and ch.channel in (${sql.join(ONLINE)})) then 1 else 0 end`;
    const rs = await ctx.db
      .selectFrom('publicity_events as e')
      .select((eb) => [
        'e.campaign_id',
        'e.status',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('e.audience_count').as('audience'),
        eb.fn.sum<number>('e.materials_count').as('materials'),
        eb.fn.sum<number>(online).as('online'),
      ])
      .where('e.campaign_id', 'in', ids)
      .where((eb) => inScope(eb, scope, 'e.org_id'))
      .groupBy(['e.campaign_id', 'e.status'])
      .execute();
    for (const r of rs) {
      if (!r.campaign_id) continue;
      const a = agg.get(r.campaign_id) ?? { done: 0, planned: 0, audience: 0, materials: 0, online: 0 };
      if (r.status === 'done') {
        a.done += Number(r.n);
        a.audience += Number(r.audience ?? 0);
        a.materials += Number(r.materials ?? 0);
        a.online += Number(r.online ?? 0);
      } else a.planned += Number(r.n);
      agg.set(r.campaign_id, a);
    }
  }
  const manage = actor.permissions.has(MANAGE) ? scopeOf(actor, MANAGE) : null;
  return rows.map((r) => {
    const a = agg.get(r.id) ?? { done: 0, planned: 0, audience: 0, materials: 0, online: 0 };
    const targetEvents = numOrNull(r.target_events);
    const targetAudience = numOrNull(r.target_audience);
    const phase = today < r.starts_on ? 'upcoming' : today > r.ends_on ? 'ended' : 'running';
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      title: r.title,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      goals: r.goals,
      targetEvents,
      targetAudience,
      targetOnlinePct: numOrNull(r.target_online_pct),
      notes: r.notes,
      progress: {
        done: a.done,
        planned: a.planned,
        audience: a.audience,
        materials: a.materials,
        online: a.online,
        onlinePct: pct(a.online, a.done),
        eventsPct: targetEvents ? pct(a.done, targetEvents) : null,
        audiencePct: targetAudience ? pct(a.audience, targetAudience) : null,
        // days from today to the last day, the last day itself counting as 0
        daysLeft: Math.max(0, daysBetween(today, r.ends_on)),
        phase,
      },
      canEdit: !!manage && orgPathInScope(manage, r.org_id, r.path),
    };
  });
}

/** The most campaigns one list answer carries (newest first); `total` counts them all. */
export const CAMPAIGN_LIST_MAX = 500;

export async function listCampaigns(ctx: Ctx, q: TCampaignQuery, today = todayShanghai()): Promise<{ items: TCampaignView[]; total: number }> {
  const actor = await requirePermission(ctx, READ);
  const { scope, above } = await visibility(ctx, actor);
  let w = campaignQuery(ctx).where((eb) => eb.or([inScope(eb, scope, 'c.org_id'), inScope(eb, above, 'c.org_id')]));
  if (q.orgId) {
    // An org's campaigns: its own subtree's and those of the orgs above it.
    const org = await requireOrgIn(ctx, scope, q.orgId, READ);
    const chain: DataScope = { subtrees: [], orgs: org.path.split('/').filter(Boolean), self: false, userId: actor.userId };
    w = w.where((eb) => eb.or([inScope(eb, subtreeScope(org), 'c.org_id'), inScope(eb, chain, 'c.org_id')]));
  }
  if (q.year) w = w.where('c.starts_on', '<=', `${q.year}-12-31`).where('c.ends_on', '>=', `${q.year}-01-01`);
  // a county has tens of campaigns a year: one list, at most CAMPAIGN_LIST_MAX, with the true total
  const [rows, count] = await Promise.all([
    w.orderBy('c.starts_on', 'desc').orderBy('c.id', 'desc').limit(CAMPAIGN_LIST_MAX).execute(),
    w.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await views(ctx, actor, rows, today), total: Number(count.n) };
}

async function loadCampaign(ctx: Ctx, id: string, perm: Permission): Promise<{ actor: Actor; row: CampaignRow }> {
  const actor = await requirePermission(ctx, perm);
  const row = await campaignQuery(ctx).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  const ok = perm === READ ? await campaignVisible(ctx, actor, row) : orgPathInScope(scopeOf(actor, perm), row.org_id, row.path);
  if (!ok) {
    await recordDenied(ctx, ENTITY, id, perm);
    throw new AppError('FORBIDDEN');
  }
  return { actor, row };
}

export async function getCampaign(ctx: Ctx, id: string, today = todayShanghai()): Promise<TCampaignView> {
  const { actor, row } = await loadCampaign(ctx, id, READ);
  return (await views(ctx, actor, [row], today))[0];
}

export async function createCampaign(ctx: Ctx, input: TCampaignCreate, today = todayShanghai()): Promise<TCampaignView> {
  const actor = await requirePermission(ctx, MANAGE);
  const org = await requireOrgIn(ctx, scopeOf(actor, MANAGE), input.orgId, MANAGE);
  if (org.kind !== 'township' && org.kind !== 'county') throw new AppError('VALIDATION', [{ field: 'orgId', key: 'campaign_org_kind' }]);
  if (input.endsOn < input.startsOn) throw new AppError('VALIDATION', [{ field: 'endsOn', key: 'date_order' }]);
  const id = await inTx(ctx, async (tx) => {
    const at = nowIso();
    const row = {
      id: uuidv7(),
      org_id: org.id,
      title: input.title,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      goals: input.goals || null,
      target_events: input.targetEvents ?? null,
      target_audience: input.targetAudience ?? null,
      target_online_pct: input.targetOnlinePct ?? null,
      notes: input.notes || null,
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('publicity_campaigns').values(row).execute();
    await recordAudit(tx, { entity: ENTITY, entityId: row.id, action: 'publicity.campaign.create', orgId: org.id, after: row });
    return row.id;
  });
  return getCampaign(ctx, id, today);
}

export async function updateCampaign(ctx: Ctx, id: string, input: TCampaignUpdate, today = todayShanghai()): Promise<TCampaignView> {
  const { row: before } = await loadCampaign(ctx, id, MANAGE);
  const startsOn = input.startsOn ?? before.starts_on;
  const endsOn = input.endsOn ?? before.ends_on;
  if (endsOn < startsOn) throw new AppError('VALIDATION', [{ field: input.endsOn ? 'endsOn' : 'startsOn', key: 'date_order' }]);
  await inTx(ctx, async (tx) => {
    // The campaign's row first: an event linked meanwhile waits, then meets the new dates.
    await tx.db.updateTable('publicity_campaigns').set({ updated_at: nowIso() }).where('id', '=', id).execute();
    if (startsOn !== before.starts_on || endsOn !== before.ends_on) {
      // Every linked event (whoever may see it) keeps its date inside the campaign's.
      const outside = await tx.db
        .selectFrom('publicity_events')
        .select(['id', 'held_on'])
        .where('campaign_id', '=', id)
        .where((eb) => eb.or([eb('held_on', '<', startsOn), eb('held_on', '>', endsOn)]))
        .limit(1)
        .executeTakeFirst();
      if (outside) throw new AppError('VALIDATION', [{ field: outside.held_on < startsOn ? 'startsOn' : 'endsOn', key: 'campaign_events_outside' }]);
    }
    const set = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      starts_on: startsOn,
      ends_on: endsOn,
      ...(input.goals !== undefined ? { goals: input.goals || null } : {}),
      ...(input.targetEvents !== undefined ? { target_events: input.targetEvents } : {}),
      ...(input.targetAudience !== undefined ? { target_audience: input.targetAudience } : {}),
      ...(input.targetOnlinePct !== undefined ? { target_online_pct: input.targetOnlinePct } : {}),
      ...(input.notes !== undefined ? { notes: input.notes || null } : {}),
      updated_at: nowIso(),
    };
    await tx.db.updateTable('publicity_campaigns').set(set).where('id', '=', id).execute();
    const { path: _p, org_name: _n, ...plain } = before;
    await recordAudit(tx, { entity: ENTITY, entityId: id, action: 'publicity.campaign.update', orgId: before.org_id, before: plain, after: { ...plain, ...set } });
  });
  return getCampaign(ctx, id, today);
}
