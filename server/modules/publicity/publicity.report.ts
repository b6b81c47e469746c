import { BUILTIN_THEME_LABELS, CHANNEL_LABELS, CHANNELS, type Channel, isOnlineChannel, ONLINE_CHANNELS, VIEW_CHANNEL_LABELS, VIEW_CHANNELS } from '../../../common/publicity-enums.ts';
import { NEW_MEDIA_TARGET_DEFAULT, type TPublicityStats } from '../../../common/schemas/publicity-report.ts';
import type { Ctx } from '../../platform/context.ts';
import { inScope, type OrgRow, subtreeScope } from '../../platform/permissions.ts';
import { href, type ReportAccess, reportAccess } from '../../platform/report-access.ts';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import type { Finding, Period, ReportSection, TracedFigure } from '../module.ts';
import { type KeyDateOccurrence, keyDateOccurrences, LINK_DAYS_BEFORE } from './keydates.service.ts';
import { resolveNewMediaTarget } from './publicity.settings.ts';
import { reachTotals } from './reach.service.ts';
import { responsibilityStatus } from './responsibilities.service.ts';
import { themesFor } from './themes.service.ts';

/**
 * The publicity module's part of the house contract (server/modules/module.ts): statistics, findings
 * and the 普法宣传 paragraph of the annual report, within the caller's `publicity.read` scope.
 *
 * Definitions (written down here; there is no national one — domain-facts §4):
 * - an event counts once it is done (status 'done'), by the day it was held (`held_on`); a planned
 *   event is not yet publicity done;
 * - 新媒体普法占比 = done events with at least one online channel (ONLINE_CHANNELS) ÷ done events,
 *   always shown with its denominator: an event on 微信群 and 公众号 counts once, a lecture streamed
 *   to a WeChat group counts as new media (source report, weakness 二: "运用微信、抖音等新媒体开展
 *   普法宣传的频次不够");
 * - a key date is served when a done event tagged with it (events.key_date) was held on it or in the
 *   week before (the calendar's LINK_DAYS_BEFORE: banners go up before 12·4);
 * - a village had publicity in a quarter when a done event took place there (village_org_id);
 * - `orgId` narrows to the events whose organising unit (org_id) lies in that org's subtree — the
 *   events list's `orgId` filter, so every href lists exactly what was counted:
 *   `/publicity/events?year|from|to&status=done&channel|online|keyDate|villageId&orgId`.
 */
const PERM = 'publicity.read' as const;

type Access = ReportAccess;
const access = (ctx: Ctx, orgId?: string): Promise<Access> => reportAccess(ctx, PERM, orgId);

/** The earlier / later of two 'YYYY-MM-DD' dates (text order is date order). */
const earlier = (a: string, b: string): string => [a, b].sort()[0];
const later = (a: string, b: string): string => [a, b].sort()[1];

function pct(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 1000) / 10 : null;
}

/** Shanghai calendar dates → the UTC instants stored in *_at columns: [from 00:00, to+1 00:00). */
function instantBounds(from: string, to: string): [string, string] {
  return [`${addDaysIso(from, -1)}T16:00:00.000Z`, `${to}T16:00:00.000Z`];
}

// ——— queries ———

/** Done events held in [from, to] within the access (and the unit's subtree when given). */
function doneEventsQ(ctx: Ctx, a: Access, from: string, to: string, unit?: { path: string } | null) {
  let q = ctx.db
    .selectFrom('publicity_events as e')
    .where('e.status', '=', 'done')
    .where('e.held_on', '>=', from)
    .where('e.held_on', '<=', to)
    .where((eb) => inScope(eb, a.scope, 'e.org_id'));
  if (a.filter) {
    const f = a.filter;
    q = q.where((eb) => inScope(eb, f, 'e.org_id'));
  }
  if (unit) {
    const u = subtreeScope(unit);
    q = q.where((eb) => inScope(eb, u, 'e.org_id'));
  }
  return q;
}

interface EventFacts {
  id: string;
  orgId: string;
  heldOn: string;
  villageId: string | null;
  audience: number;
  materials: number;
  onlineReach: number;
  keyDate: string | null;
  channels: Channel[];
  online: boolean;
}

async function doneEvents(ctx: Ctx, a: Access, from: string, to: string, unit?: { path: string } | null): Promise<EventFacts[]> {
  const rows = await doneEventsQ(ctx, a, from, to, unit)
    .select(['e.id', 'e.org_id', 'e.held_on', 'e.village_org_id', 'e.audience_count', 'e.materials_count', 'e.online_reach', 'e.key_date'])
    .execute();
  const ch = await doneEventsQ(ctx, a, from, to, unit).innerJoin('publicity_event_channels as c', 'c.event_id', 'e.id').select(['c.event_id', 'c.channel']).execute();
  const byEvent = new Map<string, Channel[]>();
  for (const c of ch) {
    const list = byEvent.get(c.event_id) ?? [];
    list.push(c.channel as Channel);
    byEvent.set(c.event_id, list);
  }
  return rows.map((r) => {
    const channels = byEvent.get(r.id) ?? [];
    return {
      id: r.id,
      orgId: r.org_id,
      heldOn: r.held_on,
      villageId: r.village_org_id,
      audience: Number(r.audience_count),
      materials: Number(r.materials_count),
      onlineReach: Number(r.online_reach),
      keyDate: r.key_date,
      channels,
      online: channels.some(isOnlineChannel),
    };
  });
}

/** The org the figures are "for" when no orgId is given: the top of the caller's scope. */
async function rootOrg(ctx: Ctx, a: Access): Promise<OrgRow | null> {
  if (a.org) return a.org;
  const top = [...a.scope.subtrees].sort((x, y) => x.length - y.length)[0];
  const id = top ? top.split('/').filter(Boolean).at(-1) : a.scope.orgs[0];
  if (!id) return null;
  return (await ctx.db.selectFrom('orgs').select(['id', 'path', 'kind', 'name', 'parent_id']).where('id', '=', id).executeTakeFirst()) ?? null;
}

/**
 * The units findings are given per: the org asked for; else every township in scope (the county sees
 * each township's); else the orgs of the scope itself (a grid worker's village).
 */
async function findingUnits(ctx: Ctx, a: Access): Promise<OrgRow[]> {
  if (a.org) return [a.org];
  const townships = await ctx.db
    .selectFrom('orgs as o')
    .select(['o.id', 'o.path', 'o.kind', 'o.name', 'o.parent_id'])
    .where('o.kind', '=', 'township')
    .where((eb) => inScope(eb, a.scope, 'o.id'))
    .orderBy('o.sort')
    .orderBy('o.id')
    .execute();
  if (townships.length) return townships;
  const root = await rootOrg(ctx, a);
  return root ? [root] : [];
}

/** Villages in the access (and under the unit when given), in tree order. */
async function villagesOf(ctx: Ctx, a: Access, unit?: { path: string } | null) {
  let q = ctx.db
    .selectFrom('orgs as o')
    .select(['o.id', 'o.name', 'o.path', 'o.parent_id', 'o.sort'])
    .where('o.kind', '=', 'village')
    .where((eb) => inScope(eb, a.scope, 'o.id'));
  if (a.filter) {
    const f = a.filter;
    q = q.where((eb) => inScope(eb, f, 'o.id'));
  }
  if (unit) {
    const u = subtreeScope(unit);
    q = q.where((eb) => inScope(eb, u, 'o.id'));
  }
  // township by township, then in each township's own order (村 sort), as the org tree shows them
  return (await q.execute()).sort((x, y) => (x.parent_id ?? '').localeCompare(y.parent_id ?? '') || Number(x.sort) - Number(y.sort) || x.name.localeCompare(y.name, 'zh'));
}

/** Content published in [from, to] (Shanghai days) and still published, within the access. */
async function publishedCount(ctx: Ctx, a: Access, from: string, to: string, kind?: string): Promise<number> {
  const [lo, hi] = instantBounds(from, to);
  let q = ctx.db
    .selectFrom('publicity_contents as c')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.state', '=', 'published')
    .where('c.published_at', '>=', lo)
    .where('c.published_at', '<', hi)
    .where((eb) => inScope(eb, a.scope, 'c.org_id'));
  if (kind) q = q.where('c.kind', '=', kind);
  if (a.filter) {
    const f = a.filter;
    q = q.where((eb) => inScope(eb, f, 'c.org_id'));
  }
  return Number((await q.executeTakeFirstOrThrow()).n);
}

interface KeyDateServed extends KeyDateOccurrence {
  year: number;
  /** The days whose events count for it: LINK_DAYS_BEFORE before its first day to its last. */
  linkFrom: string;
  events: number;
}

/**
 * The key dates of `org` overlapping [from, to] that have begun by `today`, each with the done events
 * (in the access and the org's subtree) tagged with it and held from LINK_DAYS_BEFORE days before it
 * to its last day — the calendar's own rule (keydates.service.ts), so the overview, the calendar and
 * the findings agree. A moving date (宪法宣传周) whose dates are not set for the year is left out:
 * the calendar asks for them; they are never guessed.
 */
async function keyDatesServed(ctx: Ctx, a: Access, org: OrgRow, from: string, to: string, today: string): Promise<KeyDateServed[]> {
  const end = earlier(to, today);
  if (end < from) return [];
  const occ = (await keyDateOccurrences(ctx, org.path, from, end)).filter((o) => !o.datesMissing && o.from && o.from <= today);
  if (occ.length === 0) return [];
  const lo = addDaysIso(occ.map((o) => o.from).sort()[0], -LINK_DAYS_BEFORE);
  const hi = occ.map((o) => o.to).sort()[occ.length - 1];
  const tagged = await doneEventsQ(ctx, a, lo, hi, org)
    .select(['e.key_date', 'e.held_on'])
    .where(
      'e.key_date',
      'in',
      occ.map((o) => o.key),
    )
    .execute();
  return occ.map((o) => {
    const linkFrom = addDaysIso(o.from, -LINK_DAYS_BEFORE);
    return { ...o, year: Number(o.from.slice(0, 4)), linkFrom, events: tagged.filter((t) => t.key_date === o.key && t.held_on >= linkFrom && t.held_on <= o.to).length };
  });
}

// ——— stats ———

export async function publicityStats(ctx: Ctx, period: Period, orgId?: string, today = todayShanghai()): Promise<TPublicityStats> {
  const a = await access(ctx, orgId);
  const ev = await doneEvents(ctx, a, period.from, period.to);
  let pq = ctx.db
    .selectFrom('publicity_events as e')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('e.status', '=', 'planned')
    .where('e.held_on', '>=', period.from)
    .where('e.held_on', '<=', period.to)
    .where((eb) => inScope(eb, a.scope, 'e.org_id'));
  if (a.filter) {
    const f = a.filter;
    pq = pq.where((eb) => inScope(eb, f, 'e.org_id'));
  }
  const planned = Number((await pq.executeTakeFirstOrThrow()).n);
  const online = ev.filter((e) => e.online).length;
  const root = await rootOrg(ctx, a);
  const target = root ? (await resolveNewMediaTarget(ctx.db, root.path)).pct : NEW_MEDIA_TARGET_DEFAULT;

  const byChannel = CHANNELS.map((key) => {
    const rows = ev.filter((e) => e.channels.includes(key));
    return {
      key,
      label: CHANNEL_LABELS[key].zh,
      online: isOnlineChannel(key),
      events: rows.length,
      audience: rows.reduce((s, e) => s + e.audience, 0),
      materials: rows.reduce((s, e) => s + e.materials, 0),
      onlineReach: rows.reduce((s, e) => s + e.onlineReach, 0),
    };
  });

  // Themes: counted per event (an event with two themes counts under each).
  const themeRows = await doneEventsQ(ctx, a, period.from, period.to).innerJoin('publicity_event_themes as t', 't.event_id', 'e.id').select(['t.theme']).execute();
  const themeCount = new Map<string, number>();
  for (const t of themeRows) themeCount.set(t.theme, (themeCount.get(t.theme) ?? 0) + 1);
  const themeNames = new Map<string, string>(Object.entries(BUILTIN_THEME_LABELS).map(([k, v]) => [k, v.zh]));
  if (root) for (const t of await themesFor(ctx, root.path)) themeNames.set(t.code, t.name);
  const byTheme = [...themeCount.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([key, events]) => ({ key, label: themeNames.get(key) ?? key, events }));

  const villages = await villagesOf(ctx, a);
  const byVillage = villages.map((v) => {
    const rows = ev.filter((e) => e.villageId === v.id);
    return { villageId: v.id as string | null, name: v.name, events: rows.length, online: rows.filter((e) => e.online).length };
  });
  const known = new Set(villages.map((v) => v.id));
  const rest = ev.filter((e) => !e.villageId || !known.has(e.villageId));
  byVillage.push({ villageId: null, name: '乡镇层面/线上（未指定村）', events: rest.length, online: rest.filter((e) => e.online).length });

  const months = new Map<string, { events: number; online: number }>();
  for (const e of ev) {
    const m = e.heldOn.slice(0, 7);
    const x = months.get(m) ?? { events: 0, online: 0 };
    x.events++;
    if (e.online) x.online++;
    months.set(m, x);
  }

  // Portal views: the reach helper's first-party counts, same scope and orgId narrowing.
  const views = await reachTotals(ctx, period, orgId);

  const kd = root ? await keyDatesServed(ctx, a, root, period.from, period.to, today) : [];

  // The share per year, from three years before the period's year (the 2023 → now story of weakness 二).
  const y = Number(period.to.slice(0, 4));
  const past = await doneEvents(ctx, a, `${y - 3}-01-01`, `${y}-12-31`);
  const trend: TPublicityStats['trend'] = [];
  for (let yr = y - 3; yr <= y; yr++) {
    const rows = past.filter((e) => e.heldOn.startsWith(String(yr)));
    if (rows.length === 0 && trend.length === 0) continue;
    const on = rows.filter((e) => e.online).length;
    trend.push({ year: yr, events: rows.length, online: on, share: pct(on, rows.length) });
  }

  return {
    period: { from: period.from, to: period.to },
    events: ev.length,
    planned,
    online,
    share: pct(online, ev.length),
    target,
    audience: ev.reduce((s, e) => s + e.audience, 0),
    materials: ev.reduce((s, e) => s + e.materials, 0),
    onlineReach: ev.filter((e) => e.online).reduce((s, e) => s + e.onlineReach, 0),
    byChannel,
    byTheme,
    byVillage,
    byMonth: [...months.entries()].sort((p, q) => p[0].localeCompare(q[0])).map(([month, x]) => ({ month, ...x })),
    views: {
      total: views.total,
      byChannel: VIEW_CHANNELS.map((key) => ({ key, label: VIEW_CHANNEL_LABELS[key].zh, count: views.byChannel[key] ?? 0 })),
    },
    keyDates: {
      total: kd.length,
      served: kd.filter((k) => k.events > 0).length,
      items: kd.map((k) => ({ key: k.key, name: k.name, from: k.from, to: k.to, events: k.events })),
    },
    published: await publishedCount(ctx, a, period.from, period.to),
    trend,
  };
}

// ——— findings ———

function periodLabel(p: Period): string {
  const y = p.from.slice(0, 4);
  return p.from === `${y}-01-01` && p.to === `${y}-12-31` ? `${y}年` : `${p.from}至${p.to}`;
}

const QUARTER_NAMES = ['一', '二', '三', '四'];

export async function publicityFindings(ctx: Ctx, period: Period, orgId?: string, today = todayShanghai()): Promise<Finding[]> {
  const a = await access(ctx, orgId);
  const out: Finding[] = [];
  const label = periodLabel(period);
  const periodOpen = period.to >= today;
  const asOf = (open: boolean) => (open ? `（截至${today}）` : '');
  const end = earlier(period.to, today);
  if (end < period.from) return out;

  for (const unit of await findingUnits(ctx, a)) {
    const linkOrg = unit.id;
    // (1) 新媒体普法占比 below the org's target (weakness 二). No finding without a done event: (2) says so.
    const ev = await doneEvents(ctx, a, period.from, period.to, unit);
    const online = ev.filter((e) => e.online).length;
    const { pct: target } = await resolveNewMediaTarget(ctx.db, unit.path);
    const share = pct(online, ev.length);
    if (share !== null && share < target) {
      out.push({
        code: 'new_media_below_target',
        severity: periodOpen ? 'info' : 'warning',
        orgId: unit.id,
        count: ev.length,
        message: `${unit.name}${label}新媒体普法占比${share}%（${online}/${ev.length}），低于${target}%的目标${asOf(periodOpen)}：运用微信、抖音等新媒体开展普法宣传的频次不够`,
        href: href('/publicity/events', { from: period.from, to: period.to, status: 'done', orgId: linkOrg }),
      });
    }

    // (2) Villages with no done event in a quarter of the period (begun by today), one finding per quarter.
    const villages = await villagesOf(ctx, a, unit);
    if (villages.length) {
      const y0 = Number(period.from.slice(0, 4));
      const y1 = Number(period.to.slice(0, 4));
      for (let y = y0; y <= y1; y++) {
        for (let q = 0; q < 4; q++) {
          const qFrom = `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
          const qTo = addDaysIso(q === 3 ? `${y + 1}-01-01` : `${y}-${String(q * 3 + 4).padStart(2, '0')}-01`, -1);
          const from = later(qFrom, period.from);
          const to = earlier(qTo, period.to);
          if (from > to || from > today) continue;
          const held = new Set(ev.filter((e) => e.heldOn >= from && e.heldOn <= to && e.villageId).map((e) => e.villageId));
          const none = villages.filter((v) => !held.has(v.id));
          if (none.length === 0) continue;
          const open = to >= today;
          out.push({
            code: 'villages_without_publicity',
            severity: open ? 'info' : 'warning',
            orgId: unit.id,
            count: none.length,
            message: `${unit.name}${y}年第${QUARTER_NAMES[q]}季度${from !== qFrom || to !== qTo ? `（${from}至${to}）` : ''}有${none.length}个村（社区）没有开展普法宣传活动${asOf(open)}：${none.map((v) => v.name).join('、')}`,
            href: href('/publicity/events', { from, to, status: 'done', orgId: linkOrg }),
          });
        }
      }
    }

    // Key dates and the 谁执法谁普法 list are a township's (or the county's) duties, not a village's.
    if (unit.kind !== 'township' && unit.kind !== 'county') continue;

    // (3) Key dates past in the period with no done event for them (domain-facts §2 重要普法 dates;
    // source report weakness 二: "特别是在围绕时间节点开展普法宣传活动时，还需进一步创新").
    for (const k of await keyDatesServed(ctx, a, unit, period.from, period.to, today)) {
      if (k.events > 0 || k.to >= today) continue;
      out.push({
        code: 'key_date_missed',
        severity: 'warning',
        orgId: unit.id,
        count: 0,
        message: `${unit.name}${k.name}（${k.from === k.to ? k.from : `${k.from}至${k.to}`}）没有开展普法宣传活动：要围绕重要时间节点开展普法宣传`,
        href: href('/publicity/events', { keyDate: k.key, from: k.linkFrom, to: k.to, status: 'done', orgId: linkOrg }),
      });
    }

    // (4) 谁执法谁普法: departments that did not publicise the laws on their list in a year of the period.
    for (let y = Number(period.from.slice(0, 4)); y <= Number(end.slice(0, 4)); y++) {
      const open = `${y}-12-31` >= today;
      // A unit outside the org tree (派出所) cannot be checked against the records: not a finding.
      const missed = (await responsibilityStatus(ctx, unit.id, y)).filter((r) => !r.done && r.departmentOrgId);
      for (const r of missed) {
        out.push({
          code: 'responsibility_not_done',
          severity: open ? 'info' : 'warning',
          orgId: unit.id,
          count: 0,
          message: `${unit.name}${r.departmentName}${y}年未开展《${r.law.replace(/^《|》$/g, '')}》宣传${asOf(open)}（谁执法谁普法责任清单）`,
          href: r.href,
        });
      }
    }
  }
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  return out.sort((x, y) => rank[x.severity] - rank[y.severity]);
}

// ——— annual report paragraph ———

/** The offline forms the source report names, in its order ("线下入农村开办讲座、网格员入户宣讲、张贴宣传海报…"). */
const REPORT_CHANNELS: Channel[] = ['lecture', 'door_to_door', 'street_event', 'case_explained', 'party_day', 'poster', 'banner', 'leaflet', 'culture'];

export async function publicityReportSection(ctx: Ctx, year: number, orgId?: string, today = todayShanghai()): Promise<ReportSection> {
  const a = await access(ctx, orgId);
  const org = a.org?.id;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const ev = await doneEvents(ctx, a, from, to);
  const online = ev.filter((e) => e.online);
  const root = await rootOrg(ctx, a);
  const kd = root ? await keyDatesServed(ctx, a, root, from, to, today) : [];
  const served = kd.filter((k) => k.events > 0);
  const views = (await reachTotals(ctx, { from, to }, orgId)).total;
  const articles = await publishedCount(ctx, a, from, to, 'article');
  const target = root ? (await resolveNewMediaTarget(ctx.db, root.path)).pct : NEW_MEDIA_TARGET_DEFAULT;
  const share = pct(online.length, ev.length);

  const eventsHref = (extra: Record<string, string | number>) => href('/publicity/events', { year, status: 'done', ...extra, orgId: org });
  const count = (c: Channel) => ev.filter((e) => e.channels.includes(c)).length;
  const figures: TracedFigure[] = [
    { key: 'events', label: '普法宣传活动（次）', value: ev.length, href: eventsHref({}) },
    ...REPORT_CHANNELS.map((c) => ({ key: c, label: `${CHANNEL_LABELS[c].zh}（次）`, value: count(c), href: eventsHref({ channel: c }) })),
    { key: 'materials', label: '发放普法宣传资料（份）', value: ev.reduce((s, e) => s + e.materials, 0), href: eventsHref({}) },
    { key: 'audience', label: '受众（人次）', value: ev.reduce((s, e) => s + e.audience, 0), href: eventsHref({}) },
    { key: 'key_dates', label: '开展宣传的重要时间节点（个）', value: served.length, denominator: kd.length, href: href('/publicity/calendar', { year, orgId: org }) },
    { key: 'online', label: '新媒体普法活动（次）', value: online.length, href: eventsHref({ online: 1 }) },
    { key: 'online_share', label: '新媒体普法占比（%）', value: share ?? 0, denominator: ev.length, href: eventsHref({ online: 1 }) },
    { key: 'online_reach', label: '新媒体阅读播放（次）', value: online.reduce((s, e) => s + e.onlineReach, 0), href: eventsHref({ online: 1 }) },
    { key: 'articles', label: '门户发布普法文章（篇）', value: articles, href: href('/publicity/content', { state: 'published', kind: 'article', year, orgId: org }) },
    { key: 'views', label: '门户文章阅读（次）', value: views, href: href('/publicity/reach', { year, orgId: org }) },
  ];

  const forms = REPORT_CHANNELS.filter((c) => count(c) > 0).map((c) => `${CHANNEL_LABELS[c].zh}{${c}}次`);
  const onlineUsed = ONLINE_CHANNELS.filter((c) => online.some((e) => e.channels.includes(c))).map((c) => CHANNEL_LABELS[c].zh);
  const named = served.map((k) => k.name);
  const parts = [
    ev.length ? `${year}年，共开展普法宣传活动{events}次${forms.length ? `，其中${forms.join('、')}` : ''}，发放各类普法宣传资料{materials}份，受众{audience}人次。` : `${year}年，暂无普法宣传活动记录。`,
    served.length ? `利用${named.slice(0, 4).join('、')}${named.length > 4 ? '等' : ''}{key_dates}个重要时间节点（共${kd.length}个）集中开展法治宣传。` : '',
    ev.length
      ? online.length
        ? `运用${onlineUsed.join('、')}等新媒体开展普法宣传{online}次，占活动总数的{online_share}%（{online}/{events}），线上阅读播放{online_reach}次${share !== null && share < target ? `，低于${target}%的目标，运用新媒体开展普法宣传的频次仍然不够` : ''}。`
        : `未运用微信、抖音等新媒体开展普法宣传（{online}/{events}），新媒体普法有待加强。`
      : '',
    articles || views ? `在普法门户发布普法文章{articles}篇，阅读{views}次。` : '',
  ];
  return { module: 'publicity', title: '加大普法宣传', text: parts.join(''), figures };
}
