import type ExcelJS from 'exceljs';
import { type SqlBool, sql } from 'kysely';
import type { FieldMessageKey } from '../../../common/errors.ts';
import { uuidv7 } from '../../../common/ids.ts';
import { BUILTIN_KEY_DATES, BUILTIN_THEME_LABELS, CHANNEL_LABELS, type Channel, ONLINE_CHANNELS } from '../../../common/publicity-enums.ts';
import type { Permission } from '../../../common/roles.ts';
import {
  CHANNEL_SHORT,
  EVENT_STATUS_LABELS,
  type EventStatus,
  type TEventCreate,
  type TEventDetail,
  type TEventFile,
  type TEventListItem,
  type TEventOptions,
  type TEventQuery,
  type TEventUpdate,
} from '../../../common/schemas/publicity-events.ts';
import { normalizeLawTitle } from '../../../common/schemas/publicity-calendar.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Actor, type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { listAttachments, openAttachment, saveAttachment } from '../../platform/files/files.service.ts';
import type { UploadedFile } from '../../platform/files/upload.ts';
import { likeContains } from '../../platform/like.ts';
import { loadExcel } from '../../platform/office.ts';
import { inScope, type OrgRow, orgPathInScope, recordDenied, requireOrgIn, requirePermission, scopeOf, subtreeScope } from '../../platform/permissions.ts';
import { nowIso, todayShanghai } from '../../platform/time.ts';
import { campaignVisible } from './campaigns.service.ts';
import { keyDateOccurrences } from './keydates.service.ts';
import type { PublicityEventTable } from './publicity.tables.ts';
import { checkThemes, themesFor } from './themes.service.ts';

/**
 * 普法宣传活动: the source report's 二是注重普法宣传 (讲座、网格员入户宣讲、张贴海报、悬挂条幅、发放资料、
 * 微信群…) as records, and its weakness 二 (新媒体 seldom used) as the online flag every figure counts.
 * An event's org_id is the unit that organised it (township, department, or a grid worker's village);
 * village_org_id is where it happened. Photos are optional (domain-facts §3.8: no photo quotas).
 */
const READ: Permission = 'publicity.read';
const WRITE: Permission = 'publicity.write';
const ENTITY = 'publicity_event';
const ONLINE = [...ONLINE_CHANNELS] as string[];
const CHANNEL_ORDER = Object.keys(CHANNEL_LABELS);
const BUILTIN_KD = new Map(BUILTIN_KEY_DATES.map((k) => [k.code, k]));

// ——— orgs ———

const ORG_COLS = ['id', 'path', 'kind', 'name', 'parent_id'] as const;

async function orgById(ctx: Ctx, id: string): Promise<OrgRow | undefined> {
  return ctx.db.selectFrom('orgs').select([...ORG_COLS]).where('id', '=', id).executeTakeFirst();
}

function chainOf(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** The township an org belongs to (the nearest on its path), else the county at the top: "the same township" of the rules below. */
export async function homeOf(ctx: Ctx, org: OrgRow): Promise<OrgRow> {
  if (org.kind === 'township' || org.kind === 'county') return org;
  const ids = chainOf(org.path);
  const rows = await ctx.db.selectFrom('orgs').select([...ORG_COLS]).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of [...ids].reverse()) {
    const r = byId.get(id);
    if (r?.kind === 'township') return r;
  }
  return byId.get(ids[0]) ?? org;
}

const within = (child: { path: string }, parent: { path: string }) => child.path.startsWith(parent.path);

// ——— loading ———

/** An event row with its organising org (the scope check reads the path). */
type EventRow = PublicityEventTable & { path: string; org_name: string; org_kind: string };

const EVENT_COLS = [
  'e.id',
  'e.org_id',
  'o.path',
  'o.name as org_name',
  'o.kind as org_kind',
  'e.title',
  'e.status',
  'e.held_on',
  'e.ends_on',
  'e.village_org_id',
  'e.place',
  'e.organiser_org_id',
  'e.audience',
  'e.audience_count',
  'e.materials_count',
  'e.online_reach',
  'e.campaign_id',
  'e.key_date',
  'e.content_id',
  'e.notes',
  'e.created_by',
  'e.created_at',
  'e.updated_at',
] as const;

function eventQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('publicity_events as e')
    .innerJoin('orgs as o', 'o.id', 'e.org_id')
    .select([...EVENT_COLS]);
}

/** One event the actor may act on under `perm`, or 404 / 403 (the denial audited). */
async function loadEvent(ctx: Ctx, id: string, perm: Permission): Promise<EventRow> {
  const actor = await requirePermission(ctx, perm);
  const row = await eventQuery(ctx).where('e.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  if (!orgPathInScope(scopeOf(actor, perm), row.org_id, row.path)) {
    await recordDenied(ctx, ENTITY, id, perm);
    throw new AppError('FORBIDDEN');
  }
  return row;
}

async function childrenOf(ctx: Ctx, ids: readonly string[]) {
  const channels = new Map<string, Channel[]>();
  const themes = new Map<string, string[]>();
  const laws = new Map<string, string[]>();
  if (ids.length === 0) return { channels, themes, laws };
  const list = [...ids];
  const [ch, th, lw] = await Promise.all([
    ctx.db.selectFrom('publicity_event_channels').select(['event_id', 'channel']).where('event_id', 'in', list).execute(),
    ctx.db.selectFrom('publicity_event_themes').select(['event_id', 'theme']).where('event_id', 'in', list).execute(),
    ctx.db.selectFrom('publicity_event_laws').select(['event_id', 'law']).where('event_id', 'in', list).orderBy('event_id').orderBy('sort').execute(),
  ]);
  const order = (c: string) => CHANNEL_ORDER.indexOf(c);
  for (const r of ch) channels.set(r.event_id, [...(channels.get(r.event_id) ?? []), r.channel as Channel]);
  for (const [k, v] of channels) channels.set(k, v.sort((a, b) => order(a) - order(b)));
  for (const r of th) themes.set(r.event_id, [...(themes.get(r.event_id) ?? []), r.theme]);
  for (const r of lw) laws.set(r.event_id, [...(laws.get(r.event_id) ?? []), r.law]);
  return { channels, themes, laws };
}

/** Theme names for codes as seen from each event's org: built-in labels, else the nearest org's own theme. */
async function themeNamer(ctx: Ctx, codes: readonly string[]): Promise<(code: string, path: string) => string> {
  const custom = codes.filter((c) => !(c in BUILTIN_THEME_LABELS));
  const rows = custom.length ? await ctx.db.selectFrom('publicity_themes').select(['org_id', 'code', 'name']).where('code', 'in', [...new Set(custom)]).execute() : [];
  return (code, path) => {
    const b = (BUILTIN_THEME_LABELS as Record<string, { zh: string }>)[code];
    if (b) return b.zh;
    const chain = chainOf(path);
    const mine = rows.filter((r) => r.code === code && chain.includes(r.org_id)).sort((a, b) => chain.indexOf(b.org_id) - chain.indexOf(a.org_id));
    return mine[0]?.name ?? rows.find((r) => r.code === code)?.name ?? code;
  };
}

async function keyDateNames(ctx: Ctx, keys: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids: string[] = [];
  for (const k of new Set(keys)) {
    const b = BUILTIN_KD.get(k);
    if (b) out.set(k, b.zh);
    else ids.push(k);
  }
  if (ids.length) for (const r of await ctx.db.selectFrom('publicity_key_dates').select(['id', 'name']).where('id', 'in', ids).execute()) out.set(r.id, r.name);
  return out;
}

async function namesOf(ctx: Ctx, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (list.length === 0) return new Map();
  return new Map((await ctx.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', list).execute()).map((o) => [o.id, o.name]));
}

async function listItems(ctx: Ctx, rows: EventRow[], today: string): Promise<TEventListItem[]> {
  const ids = rows.map((r) => r.id);
  const kids = await childrenOf(ctx, ids);
  const names = await namesOf(ctx, [...rows.map((r) => r.village_org_id), ...rows.map((r) => r.organiser_org_id)]);
  const themeName = await themeNamer(ctx, [...kids.themes.values()].flat());
  const kd = await keyDateNames(
    ctx,
    rows.map((r) => r.key_date).filter((x): x is string => !!x),
  );
  const campaignIds = [...new Set(rows.map((r) => r.campaign_id).filter((x): x is string => !!x))];
  const campaigns = new Map(
    campaignIds.length ? (await ctx.db.selectFrom('publicity_campaigns').select(['id', 'title']).where('id', 'in', campaignIds).execute()).map((c) => [c.id, c.title]) : [],
  );
  const files = new Map<string, number>();
  if (ids.length) {
    const fs = await ctx.db
      .selectFrom('files')
      .select((eb) => ['entity_id', eb.fn.countAll<number>().as('n')])
      .where('entity', '=', ENTITY)
      .where('entity_id', 'in', ids)
      .groupBy('entity_id')
      .execute();
    for (const f of fs) files.set(f.entity_id, Number(f.n));
  }
  return rows.map((r) => {
    const channels = kids.channels.get(r.id) ?? [];
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      title: r.title,
      status: r.status as EventStatus,
      overdue: r.status === 'planned' && r.held_on < today,
      heldOn: r.held_on,
      endsOn: r.ends_on,
      villageId: r.village_org_id,
      villageName: r.village_org_id ? (names.get(r.village_org_id) ?? null) : null,
      place: r.place,
      organiserId: r.organiser_org_id,
      organiserName: r.organiser_org_id ? (names.get(r.organiser_org_id) ?? null) : null,
      audience: r.audience,
      audienceCount: Number(r.audience_count),
      materialsCount: Number(r.materials_count),
      onlineReach: Number(r.online_reach),
      channels,
      online: channels.some((c) => ONLINE.includes(c)),
      themes: (kids.themes.get(r.id) ?? []).map((code) => ({ code, name: themeName(code, r.path) })),
      laws: kids.laws.get(r.id) ?? [],
      campaignId: r.campaign_id,
      campaignTitle: r.campaign_id ? (campaigns.get(r.campaign_id) ?? null) : null,
      keyDate: r.key_date,
      keyDateName: r.key_date ? (kd.get(r.key_date) ?? null) : null,
      contentId: r.content_id,
      files: files.get(r.id) ?? 0,
    };
  });
}

// ——— list ———

/**
 * Law titles compared as normalizeLawTitle does (the list-filter contract, and the 谁执法谁普法 list's
 * lawCovers): without 《》 and 中华人民共和国, and in lower case on both sides, since SQLite's LIKE
 * ignores ASCII case and PostgreSQL's does not.
 */
const lawColumn = (col: string) => sql`lower(replace(replace(replace(${sql.ref(col)}, '《', ''), '》', ''), '中华人民共和国', ''))`;

/**
 * The events the actor may read, narrowed by the list-filter contract. Every filter is an exact
 * criterion on the stored record, so a figure linking here with the same params lists exactly
 * what it counted. Dates filter on held_on (the first day of a multi-day event).
 */
async function filtered(ctx: Ctx, q: Omit<TEventQuery, 'page' | 'pageSize'>) {
  const actor = await requirePermission(ctx, READ);
  const scope = scopeOf(actor, READ);
  // A filter naming an org outside the scope is refused (403), never silently emptied.
  const orgFilter = q.orgId ? subtreeScope(await requireOrgIn(ctx, scope, q.orgId, READ)) : null;
  if (q.villageId) await requireOrgIn(ctx, scope, q.villageId, READ, 'villageId');
  if (q.organiserId) await requireOrgIn(ctx, scope, q.organiserId, READ, 'organiserId');
  if (q.campaignId) await requireCampaignVisible(ctx, actor, q.campaignId);
  return () => {
    let w = ctx.db.selectFrom('publicity_events as e').innerJoin('orgs as o', 'o.id', 'e.org_id').where((eb) => inScope(eb, scope, 'e.org_id'));
    if (orgFilter) w = w.where((eb) => inScope(eb, orgFilter, 'e.org_id'));
    if (q.year) w = w.where('e.held_on', '>=', `${q.year}-01-01`).where('e.held_on', '<=', `${q.year}-12-31`);
    if (q.from) w = w.where('e.held_on', '>=', q.from);
    if (q.to) w = w.where('e.held_on', '<=', q.to);
    if (q.status) w = w.where('e.status', '=', q.status);
    if (q.villageId) w = w.where('e.village_org_id', '=', q.villageId);
    if (q.organiserId) w = w.where('e.organiser_org_id', '=', q.organiserId);
    if (q.campaignId) w = w.where('e.campaign_id', '=', q.campaignId);
    if (q.keyDate) w = w.where('e.key_date', '=', q.keyDate);
    if (q.channel) {
      const c = q.channel;
      w = w.where(({ exists, selectFrom }) => exists(selectFrom('publicity_event_channels as ch').select('ch.event_id').whereRef('ch.event_id', '=', 'e.id').where('ch.channel', '=', c)));
    }
    if (q.online !== undefined) {
      const online = sql<SqlBool>`exists (select 1 from publicity_event_channels ch where ch.event_id = e.id and ch.channel in (${sql.join(ONLINE)}))`;
      w = w.where(q.online ? online : sql<SqlBool>`not ${online}`);
    }
    if (q.theme) {
      const t = q.theme;
      w = w.where(({ exists, selectFrom }) => exists(selectFrom('publicity_event_themes as th').select('th.event_id').whereRef('th.event_id', '=', 'e.id').where('th.theme', '=', t)));
    }
    if (q.law) {
      const like = likeContains(normalizeLawTitle(q.law).toLowerCase());
      w = w.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('publicity_event_laws as l')
            .select('l.id')
            .whereRef('l.event_id', '=', 'e.id')
            .where(sql<SqlBool>`${lawColumn('l.law')} like ${like} escape '\\'`),
        ),
      );
    }
    if (q.q) {
      const like = likeContains(q.q.toLowerCase());
      w = w.where((eb) =>
        eb.or([
          sql<SqlBool>`lower(e.title) like ${like} escape '\\'`,
          sql<SqlBool>`lower(coalesce(e.place, '')) like ${like} escape '\\'`,
          sql<SqlBool>`lower(coalesce(e.audience, '')) like ${like} escape '\\'`,
          sql<SqlBool>`lower(coalesce(e.notes, '')) like ${like} escape '\\'`,
        ]),
      );
    }
    return w;
  };
}

export async function listEvents(ctx: Ctx, q: TEventQuery, today = todayShanghai()): Promise<{ items: TEventListItem[]; total: number }> {
  const base = await filtered(ctx, q);
  const total = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base()
    .select([...EVENT_COLS])
    .orderBy('e.held_on', 'desc')
    .orderBy('e.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: Number(total.n), items: await listItems(ctx, rows, today) };
}

export async function getEvent(ctx: Ctx, id: string, today = todayShanghai()): Promise<TEventDetail> {
  const e = await loadEvent(ctx, id, READ);
  const [item] = await listItems(ctx, [e], today);
  const files = await listAttachments(ctx, ENTITY, [id]);
  const content = e.content_id ? await ctx.db.selectFrom('publicity_contents').select('title').where('id', '=', e.content_id).executeTakeFirst() : undefined;
  const author = e.created_by ? await ctx.db.selectFrom('users').select('display_name').where('id', '=', e.created_by).executeTakeFirst() : undefined;
  const actor = ctx.actor;
  const canEdit = !!actor && actor.permissions.has(WRITE) && orgPathInScope(scopeOf(actor, WRITE), e.org_id, e.path);
  return {
    ...item,
    contentTitle: content?.title ?? null,
    notes: e.notes,
    fileList: files.map((f): TEventFile => ({ id: f.id, name: f.name, mime: f.mime, size: f.size, createdAt: f.createdAt })),
    createdBy: author?.display_name ?? null,
    createdAt: e.created_at,
    updatedAt: e.updated_at,
    canEdit,
  };
}

// ——— writes ———

interface EventValues {
  orgId: string;
  title: string;
  status: EventStatus | undefined;
  heldOn: string;
  endsOn: string | null;
  villageId: string | null | undefined;
  place: string | null;
  organiserId: string | null | undefined;
  audience: string | null;
  audienceCount: number;
  materialsCount: number;
  onlineReach: number;
  channels: Channel[];
  themes: string[];
  laws: string[];
  campaignId: string | null;
  keyDate: string | null;
  contentId: string | null;
  notes: string | null;
}

const bad = (field: string, key: FieldMessageKey) => new AppError('VALIDATION', [{ field, key }]);

/** "11月25日 东沟村 入户宣讲（反电信网络诈骗）": what the other fields say, so nobody types it. */
export function composeTitle(heldOn: string, placeName: string, channels: readonly Channel[], themeNames: readonly string[]): string {
  const [, m, d] = heldOn.split('-').map(Number);
  const ch = channels
    .slice(0, 2)
    .map((c) => CHANNEL_SHORT[c])
    .join('、');
  const th = themeNames.length ? `（${themeNames.slice(0, 2).join('、')}）` : '';
  return `${m}月${d}日 ${placeName} ${ch}${th}`.slice(0, 200);
}

async function titleFor(ctx: Ctx, v: EventValues, org: { path: string; name: string }): Promise<string> {
  const village = v.villageId ? await orgById(ctx, v.villageId) : undefined;
  const themes = new Map((await themesFor(ctx, org.path)).map((t) => [t.code, t.name]));
  return composeTitle(
    v.heldOn,
    village?.name ?? org.name,
    v.channels,
    v.themes.map((t) => themes.get(t) ?? t),
  );
}

/**
 * Every rule of an event's fields, for create and update alike (update checks the merged record).
 * Returns the org and the values with defaults filled in.
 */
type Ref = 'themes' | 'campaignId' | 'keyDate' | 'contentId';

async function checkEvent(ctx: Ctx, v: EventValues, today: string, unchanged: ReadonlySet<Ref> = new Set()): Promise<{ org: OrgRow; values: EventValues & { status: EventStatus; villageId: string | null; organiserId: string | null } }> {
  const actor = await requirePermission(ctx, WRITE);
  // The organising unit must be in the caller's publicity.write scope: a grid worker's grant is their village.
  const org = await requireOrgIn(ctx, scopeOf(actor, WRITE), v.orgId, WRITE, 'orgId');
  const home = await homeOf(ctx, org);
  if (v.endsOn && v.endsOn < v.heldOn) throw bad('endsOn', 'date_order');
  // Planned unless it has already taken place; "done" cannot be claimed for a day still to come.
  const status: EventStatus = v.status ?? (v.heldOn > today ? 'planned' : 'done');
  if (status === 'done' && v.heldOn > today) throw bad('status', 'event_done_future');

  let villageId = v.villageId ?? null;
  if (org.kind === 'village') {
    // A village's own round (网格员入户宣讲) takes place in that village, and nowhere else.
    if (v.villageId === undefined) villageId = org.id;
    if (villageId !== null && villageId !== org.id) throw bad('villageId', 'event_village_not_own');
  } else if (villageId) {
    const village = await orgById(ctx, villageId);
    if (!village) throw bad('villageId', 'not_found');
    if (village.kind !== 'village') throw bad('villageId', 'village_required');
    if (!within(village, home)) throw bad('villageId', 'event_village_not_in_township');
  }

  let organiserId = v.organiserId ?? null;
  // 谁执法谁普法: a department's own event is organised by that department (typed once).
  if (org.kind === 'department' && v.organiserId === undefined) organiserId = org.id;
  if (organiserId) {
    const dept = await orgById(ctx, organiserId);
    if (!dept) throw bad('organiserId', 'not_found');
    if (dept.kind !== 'department' || !within(dept, home)) throw bad('organiserId', 'event_organiser_not_department');
    if (org.kind === 'department' && dept.id !== org.id) throw bad('organiserId', 'event_organiser_not_department');
  }

  if (!unchanged.has('themes')) await checkThemes(ctx, org.path, v.themes);

  if (v.campaignId && !unchanged.has('campaignId')) {
    const c = await requireCampaignVisible(ctx, actor, v.campaignId);
    if (!c) throw bad('campaignId', 'not_found');
    // A campaign of the same township or of the county above it.
    if (!org.path.startsWith(c.path)) throw bad('campaignId', 'event_campaign_not_here');
    if (v.heldOn < c.starts_on || v.heldOn > c.ends_on) throw bad('campaignId', 'event_outside_campaign');
  }

  if (v.keyDate && !unchanged.has('keyDate') && !BUILTIN_KD.has(v.keyDate)) {
    // An org's own key date, or one of its ancestors' (the county's dates apply to every township).
    const kd = /^[0-9a-f-]{36}$/i.test(v.keyDate) ? await ctx.db.selectFrom('publicity_key_dates').select(['id', 'org_id']).where('id', '=', v.keyDate).executeTakeFirst() : undefined;
    if (!kd || !chainOf(org.path).includes(kd.org_id)) throw bad('keyDate', 'event_key_date_unknown');
  }

  if (v.contentId && !unchanged.has('contentId')) {
    const c = await ctx.db
      .selectFrom('publicity_contents as c')
      .innerJoin('orgs as o', 'o.id', 'c.org_id')
      .select(['c.id', 'c.org_id', 'c.state', 'o.path'])
      .where('c.id', '=', v.contentId)
      .executeTakeFirst();
    if (!c) throw bad('contentId', 'not_found');
    // Published content is public; any other only for whoever may read it (the event shows its title).
    if (c.state !== 'published' && !orgPathInScope(scopeOf(actor, READ), c.org_id, c.path)) {
      await recordDenied(ctx, 'publicity_content', c.id, READ);
      throw new AppError('FORBIDDEN', [{ field: 'contentId', key: 'out_of_scope' }]);
    }
    // Content of the same township (or the county's, which a township shares on).
    if (!(c.path.startsWith(home.path) || home.path.startsWith(c.path))) throw bad('contentId', 'event_content_not_here');
  }
  return { org, values: { ...v, status, villageId, organiserId } };
}

/**
 * A campaign named in a body or a filter, if it exists: one the caller cannot see (the neighbour's)
 * is a recorded denial and 403, like an org outside the scope — never silently linked or emptied.
 */
async function requireCampaignVisible(ctx: Ctx, actor: Actor, id: string) {
  const c = await ctx.db
    .selectFrom('publicity_campaigns as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.org_id', 'c.starts_on', 'c.ends_on', 'o.path'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (c && !(await campaignVisible(ctx, actor, c))) {
    await recordDenied(ctx, 'publicity_campaign', c.id, READ);
    throw new AppError('FORBIDDEN', [{ field: 'campaignId', key: 'out_of_scope' }]);
  }
  return c;
}

/** A foreign-key violation (PostgreSQL 23503, SQLite's message): a referenced row went away meanwhile. */
function isFkViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23503' || /FOREIGN KEY constraint failed/i.test(err?.message ?? '');
}

async function writeChildren(tx: Ctx, id: string, orgId: string, v: { channels: readonly string[]; themes: readonly string[]; laws: readonly string[] }): Promise<void> {
  await tx.db.deleteFrom('publicity_event_channels').where('event_id', '=', id).execute();
  await tx.db.deleteFrom('publicity_event_themes').where('event_id', '=', id).execute();
  await tx.db.deleteFrom('publicity_event_laws').where('event_id', '=', id).execute();
  if (v.channels.length) await tx.db.insertInto('publicity_event_channels').values(v.channels.map((channel) => ({ event_id: id, org_id: orgId, channel }))).execute();
  if (v.themes.length) await tx.db.insertInto('publicity_event_themes').values(v.themes.map((theme) => ({ event_id: id, org_id: orgId, theme }))).execute();
  if (v.laws.length) await tx.db.insertInto('publicity_event_laws').values(v.laws.map((law, sort) => ({ id: uuidv7(), event_id: id, org_id: orgId, law, sort }))).execute();
}

function rowOf(v: EventValues & { status: EventStatus; villageId: string | null; organiserId: string | null }, orgId: string) {
  return {
    org_id: orgId,
    title: v.title,
    status: v.status,
    held_on: v.heldOn,
    ends_on: v.endsOn,
    village_org_id: v.villageId,
    place: v.place,
    organiser_org_id: v.organiserId,
    audience: v.audience,
    audience_count: v.audienceCount,
    materials_count: v.materialsCount,
    online_reach: v.onlineReach,
    campaign_id: v.campaignId,
    key_date: v.keyDate,
    content_id: v.contentId,
    notes: v.notes,
  };
}

/**
 * Inside the write: the linked campaign's row lock (a no-op update), then its dates again — a
 * campaign narrowed meanwhile (updateCampaign takes the same lock) cannot leave this event outside.
 */
async function recheckCampaign(tx: Ctx, campaignId: string | null, heldOn: string): Promise<void> {
  if (!campaignId) return;
  await tx.db.updateTable('publicity_campaigns').set({ updated_at: sql<string>`updated_at` }).where('id', '=', campaignId).execute();
  const c = await tx.db.selectFrom('publicity_campaigns').select(['starts_on', 'ends_on']).where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw bad('campaignId', 'not_found');
  if (heldOn < c.starts_on || heldOn > c.ends_on) throw bad('campaignId', 'event_outside_campaign');
}

const fkTo400 = (e: unknown) => {
  throw isFkViolation(e) ? new AppError('VALIDATION', [{ field: 'contentId', key: 'not_found' }]) : e;
};

export async function createEvent(ctx: Ctx, input: TEventCreate, today = todayShanghai()): Promise<{ id: string }> {
  const { org, values } = await checkEvent(
    ctx,
    {
      orgId: input.orgId,
      title: input.title ?? '',
      status: input.status,
      heldOn: input.heldOn,
      endsOn: input.endsOn ?? null,
      villageId: input.villageId,
      place: input.place || null,
      organiserId: input.organiserId,
      audience: input.audience || null,
      audienceCount: input.audienceCount ?? 0,
      materialsCount: input.materialsCount ?? 0,
      onlineReach: input.onlineReach ?? 0,
      channels: input.channels,
      themes: input.themes ?? [],
      laws: input.laws ?? [],
      campaignId: input.campaignId ?? null,
      keyDate: input.keyDate ?? null,
      contentId: input.contentId ?? null,
      notes: input.notes || null,
    },
    today,
  );
  if (!values.title) values.title = await titleFor(ctx, values, org);
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const row = { id: uuidv7(), ...rowOf(values, org.id), created_by: ctx.actor?.userId ?? null, created_at: at, updated_at: at };
    await recheckCampaign(tx, values.campaignId, values.heldOn);
    await tx.db.insertInto('publicity_events').values(row).execute().catch(fkTo400);
    await writeChildren(tx, row.id, org.id, values);
    await recordAudit(tx, { entity: ENTITY, entityId: row.id, action: 'publicity.event.create', orgId: org.id, after: { ...row, channels: values.channels, themes: values.themes, laws: values.laws } });
    return { id: row.id };
  });
}

export async function updateEvent(ctx: Ctx, id: string, input: TEventUpdate, today = todayShanghai()): Promise<TEventDetail> {
  const before = await loadEvent(ctx, id, WRITE);
  const kids = await childrenOf(ctx, [id]);
  const prev: EventValues = {
    orgId: before.org_id,
    title: before.title,
    status: before.status as EventStatus,
    heldOn: before.held_on,
    endsOn: before.ends_on,
    villageId: before.village_org_id,
    place: before.place,
    organiserId: before.organiser_org_id,
    audience: before.audience,
    audienceCount: Number(before.audience_count),
    materialsCount: Number(before.materials_count),
    onlineReach: Number(before.online_reach),
    channels: kids.channels.get(id) ?? [],
    themes: kids.themes.get(id) ?? [],
    laws: kids.laws.get(id) ?? [],
    campaignId: before.campaign_id,
    keyDate: before.key_date,
    contentId: before.content_id,
    notes: before.notes,
  };
  const orgChanged = input.orgId !== undefined && input.orgId !== before.org_id;
  const merged: EventValues = {
    orgId: input.orgId ?? prev.orgId,
    title: input.title ?? prev.title,
    status: input.status ?? prev.status,
    heldOn: input.heldOn ?? prev.heldOn,
    endsOn: input.endsOn !== undefined ? input.endsOn : prev.endsOn,
    // a new org re-derives what follows from it unless the caller names it
    villageId: input.villageId !== undefined ? input.villageId : orgChanged ? undefined : prev.villageId,
    place: input.place !== undefined ? input.place || null : prev.place,
    organiserId: input.organiserId !== undefined ? input.organiserId : orgChanged ? undefined : prev.organiserId,
    audience: input.audience !== undefined ? input.audience || null : prev.audience,
    audienceCount: input.audienceCount ?? prev.audienceCount,
    materialsCount: input.materialsCount ?? prev.materialsCount,
    onlineReach: input.onlineReach ?? prev.onlineReach,
    channels: input.channels ?? prev.channels,
    themes: input.themes ?? prev.themes,
    laws: input.laws ?? prev.laws,
    campaignId: input.campaignId !== undefined ? input.campaignId : prev.campaignId,
    keyDate: input.keyDate !== undefined ? input.keyDate : prev.keyDate,
    contentId: input.contentId !== undefined ? input.contentId : prev.contentId,
    notes: input.notes !== undefined ? input.notes || null : prev.notes,
  };
  // Unchanged references are not re-judged: a key date or theme switched off since does not block
  // correcting a typo in the place. A new org or date re-judges what depends on it.
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const unchanged = new Set<Ref>();
  if (!orgChanged) {
    if (same(merged.themes, prev.themes)) unchanged.add('themes');
    if (merged.keyDate === prev.keyDate) unchanged.add('keyDate');
    if (merged.contentId === prev.contentId) unchanged.add('contentId');
    if (merged.campaignId === prev.campaignId && merged.heldOn === prev.heldOn) unchanged.add('campaignId');
  }
  const { org, values } = await checkEvent(ctx, merged, today, unchanged);
  // An automatic title follows the fields it was made of; a typed one stays as typed.
  const wasComposed = before.title === (await titleFor(ctx, prev, { path: before.path, name: before.org_name }));
  if (input.title === '' || (input.title === undefined && wasComposed)) values.title = await titleFor(ctx, values, org);
  await inTx(ctx, async (tx) => {
    if (!unchanged.has('campaignId')) await recheckCampaign(tx, values.campaignId, values.heldOn);
    const set = { ...rowOf(values, org.id), updated_at: nowIso() };
    await tx.db.updateTable('publicity_events').set(set).where('id', '=', id).execute().catch(fkTo400);
    await writeChildren(tx, id, org.id, values);
    const { path: _p, org_name: _n, org_kind: _k, ...plain } = before;
    await recordAudit(tx, {
      entity: ENTITY,
      entityId: id,
      action: 'publicity.event.update',
      orgId: org.id,
      before: { ...plain, channels: prev.channels, themes: prev.themes, laws: prev.laws },
      after: { ...plain, ...set, channels: values.channels, themes: values.themes, laws: values.laws },
    });
  });
  return getEvent(ctx, id, today);
}

export async function deleteEvent(ctx: Ctx, id: string): Promise<void> {
  const before = await loadEvent(ctx, id, WRITE);
  const kids = await childrenOf(ctx, [id]);
  await inTx(ctx, async (tx) => {
    const files = await tx.db.selectFrom('files').select(['id', 'name', 'sm3']).where('entity', '=', ENTITY).where('entity_id', '=', id).execute();
    await writeChildren(tx, id, before.org_id, { channels: [], themes: [], laws: [] });
    if (files.length) await tx.db.deleteFrom('files').where('entity', '=', ENTITY).where('entity_id', '=', id).execute();
    await tx.db.deleteFrom('publicity_events').where('id', '=', id).execute();
    const { path: _p, org_name: _n, org_kind: _k, ...plain } = before;
    await recordAudit(tx, {
      entity: ENTITY,
      entityId: id,
      action: 'publicity.event.delete',
      orgId: before.org_id,
      before: { ...plain, channels: kids.channels.get(id) ?? [], themes: kids.themes.get(id) ?? [], laws: kids.laws.get(id) ?? [], files },
    });
  });
}

// ——— photos and files (optional, never required) ———

export async function addEventFile(ctx: Ctx, id: string, read: () => Promise<UploadedFile | null>): Promise<TEventFile> {
  const e = await loadEvent(ctx, id, WRITE);
  await requirePermission(ctx, 'file.upload');
  const file = await read();
  if (!file) throw new AppError('VALIDATION', [{ field: 'file', key: 'required' }]);
  return inTx(ctx, async (tx) => {
    const view = await saveAttachment(tx, { entity: ENTITY, entityId: id, orgId: e.org_id }, file.filename, file.data);
    await recordAudit(tx, { entity: ENTITY, entityId: id, action: 'publicity.event.file.add', orgId: e.org_id, after: { fileId: view.id, name: view.name, sm3: view.sm3 } });
    return { id: view.id, name: view.name, mime: view.mime, size: view.size, createdAt: view.createdAt };
  });
}

export async function downloadEventFile(ctx: Ctx, id: string, fileId: string) {
  const e = await loadEvent(ctx, id, READ);
  return openAttachment(ctx, fileId, async (entity, entityId) => entity === ENTITY && entityId === e.id);
}

export async function deleteEventFile(ctx: Ctx, id: string, fileId: string): Promise<void> {
  const e = await loadEvent(ctx, id, WRITE);
  const f = await ctx.db.selectFrom('files').select(['id', 'name', 'sm3']).where('id', '=', fileId).where('entity', '=', ENTITY).where('entity_id', '=', id).executeTakeFirst();
  if (!f) throw new AppError('NOT_FOUND');
  await inTx(ctx, async (tx) => {
    await tx.db.deleteFrom('files').where('id', '=', fileId).execute();
    await recordAudit(tx, { entity: ENTITY, entityId: id, action: 'publicity.event.file.delete', orgId: e.org_id, before: { fileId: f.id, name: f.name, sm3: f.sm3 } });
  });
}

// ——— form options ———

/** What the event forms pick from, for one organising unit: one request on a slow village network. */
export async function eventOptions(ctx: Ctx, orgId: string, today = todayShanghai()): Promise<TEventOptions> {
  const actor = await requirePermission(ctx, READ);
  const org = await requireOrgIn(ctx, scopeOf(actor, READ), orgId, READ);
  const home = await homeOf(ctx, org);
  const homeTree = subtreeScope(home);
  const kindIn = (kind: string) =>
    ctx.db
      .selectFrom('orgs as o')
      .select(['o.id', 'o.name'])
      .where('o.kind', '=', kind)
      .where((eb) => inScope(eb, homeTree, 'o.id'))
      .orderBy('o.sort')
      .orderBy('o.name')
      .execute();
  const villages = org.kind === 'village' ? [{ id: org.id, name: org.name }] : await kindIn('village');
  const departments = await kindIn('department');
  const chain = chainOf(org.path);
  const campaigns = await ctx.db
    .selectFrom('publicity_campaigns')
    .select(['id', 'title', 'starts_on', 'ends_on'])
    .where('org_id', 'in', chain)
    .orderBy('starts_on', 'desc')
    .limit(100)
    .execute();
  const themes = await themesFor(ctx, org.path);
  const year = today.slice(0, 4);
  const occ = await keyDateOccurrences(ctx, org.path, `${year}-01-01`, `${year}-12-31`).catch(() => []);
  const keyDates = occ.map((k) => ({ key: k.key, name: k.name, from: k.from, to: k.to, theme: k.theme }));
  const seen = new Set(keyDates.map((k) => k.key));
  for (const b of BUILTIN_KEY_DATES) {
    if (seen.has(b.code)) continue;
    const mm = String(b.month ?? 0).padStart(2, '0');
    const from = b.kind === 'fixed' ? `${year}-${mm}-${String(b.day).padStart(2, '0')}` : b.kind === 'month' ? `${year}-${mm}-01` : '';
    const to = b.kind === 'fixed' ? from : b.kind === 'month' ? `${year}-${mm}-${new Date(Date.UTC(Number(year), b.month ?? 1, 0)).getUTCDate()}` : '';
    keyDates.push({ key: b.code, name: b.zh, from, to, theme: b.theme ?? null });
  }
  const contents = await ctx.db
    .selectFrom('publicity_contents as c')
    .select(['c.id', 'c.title', 'c.state'])
    .where((eb) => eb.or([inScope(eb, homeTree, 'c.org_id'), eb('c.org_id', 'in', chain)]))
    // what the recorder may read, or what is public anyway: a grid worker is offered no township draft
    .where((eb) => eb.or([inScope(eb, scopeOf(actor, READ), 'c.org_id'), eb('c.state', '=', 'published')]))
    .where('c.state', '!=', 'withdrawn')
    .orderBy('c.created_at', 'desc')
    .limit(100)
    .execute();
  return {
    org: { id: org.id, name: org.name, kind: org.kind },
    township: home.kind === 'township' ? { id: home.id, name: home.name } : null,
    villages,
    departments,
    campaigns: campaigns.map((c) => ({ id: c.id, title: c.title, startsOn: c.starts_on, endsOn: c.ends_on })),
    themes: themes.map((t) => ({ code: t.code, name: t.name, nameEn: t.nameEn })),
    keyDates,
    contents,
  };
}

// ——— export ———

const MAX_EXPORT = 10_000;

/** The list as an Excel sheet, same filters (ExcelJS through platform/office.ts); audited as an export. */
export async function exportEventsXlsx(ctx: Ctx, q: Omit<TEventQuery, 'page' | 'pageSize'>, today = todayShanghai()): Promise<{ buffer: Buffer; filename: string }> {
  const base = await filtered(ctx, q);
  const rows = await base()
    .select([...EVENT_COLS])
    .orderBy('e.held_on')
    .orderBy('e.id')
    .limit(MAX_EXPORT)
    .execute();
  const items = await listItems(ctx, rows, today);
  const wb: ExcelJS.Workbook = new (await loadExcel()).Workbook();
  wb.creator = '法治 Fazhi';
  wb.created = new Date();
  const ws = wb.addWorksheet('普法宣传活动');
  const header = ['日期', '结束日期', '活动名称', '状态', '组织单位', '组织部门', '村（社区）', '地点', '宣传形式', '新媒体', '宣传主题', '宣传的法律法规', '宣传对象', '受众人数', '发放资料（份）', '线上阅读/播放量', '专项活动', '时间节点'];
  ws.addRow([`普法宣传活动登记表${q.year ? `（${q.year}年）` : ''}`]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: 'center' };
  ws.addRow(header).font = { bold: true };
  for (const r of items) {
    ws.addRow([
      r.heldOn,
      r.endsOn ?? '',
      r.title,
      r.overdue ? '逾期未开展' : EVENT_STATUS_LABELS[r.status].zh,
      r.orgName,
      r.organiserName ?? '',
      r.villageName ?? '',
      r.place ?? '',
      r.channels.map((c) => CHANNEL_LABELS[c].zh).join('、'),
      r.online ? '是' : '否',
      r.themes.map((t) => t.name).join('、'),
      r.laws.join('、'),
      r.audience ?? '',
      r.audienceCount,
      r.materialsCount,
      r.onlineReach,
      r.campaignTitle ?? '',
      r.keyDateName ?? '',
    ]);
  }
  const done = items.filter((r) => r.status === 'done');
  ws.addRow([
    '合计',
    '',
    `${items.length}次（已开展${done.length}次，其中新媒体${done.filter((r) => r.online).length}次）`,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    items.reduce((s, r) => s + r.audienceCount, 0),
    items.reduce((s, r) => s + r.materialsCount, 0),
    items.reduce((s, r) => s + r.onlineReach, 0),
  ]).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = [11, 11, 36, 10, 14, 14, 12, 16, 22, 8, 18, 24, 12, 10, 12, 14, 18, 18][i] ?? 12;
  });
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await inTx(ctx, (tx) =>
    recordAudit(tx, { entity: ENTITY, action: 'export', orgId: q.orgId ?? ctx.actor?.orgId ?? null, after: { format: 'xlsx', filters: q, rows: items.length } }),
  );
  return { buffer, filename: `普法宣传活动${q.year ? `${q.year}年` : ''}.xlsx` };
}
