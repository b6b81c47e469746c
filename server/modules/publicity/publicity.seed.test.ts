import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_KEY_DATES, BUILTIN_THEMES, CHANNELS, CONTENT_KINDS, CONTENT_STATES, VIEW_CHANNELS } from '../../../common/publicity-enums.ts';
import { inTx, systemCtx } from '../../platform/context.ts';
import { todayShanghai } from '../../platform/time.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { NZS_VILLAGES } from '../../seed/base.ts';
import { seedPublicityDemo } from './publicity.seed.ts';

/** The demo records tell the source report's story: new media seldom used in 2023, more every year after. */
let env: TestEnv;
// the routes answer for the real today: the seed is laid out around it too
const TODAY = todayShanghai();
const THIS_YEAR = Number(TODAY.slice(0, 4));
beforeAll(async () => {
  env = await createTestEnv();
  await inTx(systemCtx(env.deps), (tx) => seedPublicityDemo(tx, env.ids, { today: TODAY }));
});
afterAll(async () => env?.close());

async function get(url: string, user = 'nzs_sfs') {
  const r = await env.call('GET', url, { cookie: await env.login(user) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

describe('publicity demo data for 娘子神乡', () => {
  it('new-media share per year in the intended bands: 2023 low, rising after', async () => {
    const bands: Record<number, [number, number]> = { 2023: [10, 15], 2024: [20, 30], 2025: [35, 45], 2026: [45, 55] };
    const seen: number[] = [];
    for (let y = 2023; y <= THIS_YEAR; y++) {
      const s = await get(`/api/v1/publicity/stats?from=${y}-01-01&to=${y}-12-31&orgId=${env.ids.nzs}`);
      if (y < THIS_YEAR || s.events >= 20) {
        const [lo, hi] = bands[Math.min(y, 2026)];
        expect(s.share, `${y}: ${s.online}/${s.events}`).toBeGreaterThanOrEqual(lo);
        expect(s.share, `${y}: ${s.online}/${s.events}`).toBeLessThanOrEqual(hi);
      }
      if (y < THIS_YEAR) expect(s.events, String(y)).toBeGreaterThanOrEqual(40);
      seen.push(s.share);
    }
    // the trend the overview shows: rising
    for (let i = 1; i < Math.min(seen.length, 4); i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });

  it('2023 mirrors the report: 4·15, 6·26 and 宪法宣传周 served, lectures, rounds, posters, banners, a few WeChat posts', async () => {
    const s = await get(`/api/v1/publicity/stats?from=2023-01-01&to=2023-12-31&orgId=${env.ids.nzs}`);
    const ch = (k: string) => s.byChannel.find((c: { key: string }) => c.key === k).events;
    for (const k of ['lecture', 'door_to_door', 'street_event', 'poster', 'banner', 'leaflet', 'party_day', 'wechat_group']) expect(ch(k), k).toBeGreaterThan(0);
    expect(ch('douyin')).toBe(0);
    const served = s.keyDates.items.filter((k: { events: number }) => k.events > 0).map((k: { key: string }) => k.key);
    expect(served).toEqual(expect.arrayContaining(['kd_0415', 'kd_0626', 'kd_constitution_week', 'kd_1204', 'kd_05']));
    expect(served).not.toContain('kd_0315');
    expect(s.keyDates.items.find((k: { key: string }) => k.key === 'kd_constitution_week')).toMatchObject({ from: '2023-12-01', to: '2023-12-07' });
    expect(s.audience).toBeGreaterThan(2000);
    expect(s.materials).toBeGreaterThan(2000);
    expect(s.published).toBe(2);
    expect(s.views.total).toBeGreaterThan(0);
  });

  it('2023 findings: villages without publicity per quarter, missed key dates, 社会事务办 did nothing', async () => {
    const f = (await get(`/api/v1/publicity/findings?from=2023-01-01&to=2023-12-31&orgId=${env.ids.nzs}`)).items as { code: string; message: string; href: string }[];
    const villages = f.filter((x) => x.code === 'villages_without_publicity');
    expect(villages).toHaveLength(4);
    expect(villages[0].message).toContain('第一季度有3个村');
    for (const n of [NZS_VILLAGES[3], NZS_VILLAGES[6], NZS_VILLAGES[7]]) expect(villages[0].message).toContain(n);
    expect(villages[0].href).toBe(`/publicity/events?from=2023-01-01&to=2023-03-31&status=done&orgId=${env.ids.nzs}`);
    const missed = f.filter((x) => x.code === 'key_date_missed').map((x) => x.message);
    expect(missed.some((m) => m.includes('3·15'))).toBe(true);
    expect(missed.some((m) => m.includes('11·9'))).toBe(true);
    expect(missed.some((m) => m.includes('4·15'))).toBe(false);
    const resp = f.filter((x) => x.code === 'responsibility_not_done');
    expect(resp.length).toBe(2);
    for (const r of resp) expect(r.message).toContain('社会事务办');
    expect(f.some((x) => x.code === 'new_media_below_target')).toBe(true);
    // 2025: the share is above the 30 % default, every department did its part
    const f25 = (await get(`/api/v1/publicity/findings?from=2025-01-01&to=2025-12-31&orgId=${env.ids.nzs}`)).items as { code: string }[];
    expect(f25.some((x) => x.code === 'new_media_below_target')).toBe(false);
    expect(f25.some((x) => x.code === 'responsibility_not_done')).toBe(false);
  });

  it('the report paragraph of 2023 reads like the source report', async () => {
    const s = await get(`/api/v1/publicity/report-section?year=2023&orgId=${env.ids.nzs}`, 'nzs_leader');
    expect(s.text).toContain('共开展普法宣传活动{events}次');
    expect(s.text).toContain('网格员入户宣讲{door_to_door}次');
    expect(s.text).toContain('4·15全民国家安全教育日');
    expect(s.text).toContain('{online_share}%（{online}/{events}）');
    expect(s.text).toContain('低于30%的目标');
  });

  it('every figure of the 2023 paragraph and every finding links to exactly the records it counts (the list APIs)', async () => {
    const all = async (path: string, query: string, user = 'nzs_sfs') => {
      const items: Record<string, unknown>[] = [];
      for (let page = 1; page < 50; page++) {
        const r = await get(`${path}?${query}&page=${page}&pageSize=200`, user);
        items.push(...r.items);
        if (items.length >= r.total) break;
      }
      return items;
    };
    const sum = (rows: Record<string, unknown>[], k: string) => rows.reduce((t, r) => t + Number(r[k]), 0);
    const s = await get(`/api/v1/publicity/report-section?year=2023&orgId=${env.ids.nzs}`);
    let checked = 0;
    for (const f of s.figures as { key: string; value: number; href: string; denominator?: number }[]) {
      const [path, query] = f.href.split('?');
      if (path === '/publicity/events') {
        const rows = await all('/api/v1/publicity/events', query);
        if (f.key === 'materials') expect(sum(rows, 'materialsCount'), f.key).toBe(f.value);
        else if (f.key === 'audience') expect(sum(rows, 'audienceCount'), f.key).toBe(f.value);
        else if (f.key === 'online_reach') expect(sum(rows, 'onlineReach'), f.key).toBe(f.value);
        else if (f.key === 'online_share') expect(Math.round((rows.length / (f.denominator ?? 1)) * 1000) / 10, f.key).toBe(f.value);
        else expect(rows.length, f.key).toBe(f.value);
        checked++;
      } else if (path === '/publicity/reach') {
        expect((await get(`/api/v1/publicity/reach?${query}`)).total, f.key).toBe(f.value);
        checked++;
      } else if (path === '/publicity/content') {
        const rows = await all('/api/v1/publicity/contents', query);
        expect(rows.length, f.key).toBe(f.value);
        expect(rows.every((r) => r.state === 'published' && r.kind === 'article')).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);

    const f = (await get(`/api/v1/publicity/findings?from=2023-01-01&to=2023-12-31&orgId=${env.ids.nzs}`)).items as { code: string; message: string; href: string; count: number }[];
    for (const x of f) {
      const [, query] = x.href.split('?');
      const rows = await all('/api/v1/publicity/events', query);
      if (x.code === 'key_date_missed' || x.code === 'responsibility_not_done') expect(rows, x.message).toHaveLength(0);
      if (x.code === 'new_media_below_target') expect(rows).toHaveLength(x.count);
      if (x.code === 'villages_without_publicity') {
        const served = new Set(rows.map((r) => r.villageName));
        const missing = x.message.split('：')[1].split('、');
        expect(missing).toHaveLength(x.count);
        for (const n of missing) expect(served.has(n), n).toBe(false);
        for (const n of NZS_VILLAGES.filter((v) => !missing.includes(v))) expect(served.has(n), n).toBe(true);
      }
    }
  });

  it('白杨镇 has its own and sees only its own', async () => {
    const nb = await get('/api/v1/publicity/stats?from=2023-01-01&to=2023-12-31', 'nb_sfs');
    expect(nb.events).toBeGreaterThan(0);
    const nzs = await get(`/api/v1/publicity/stats?from=2023-01-01&to=2023-12-31&orgId=${env.ids.nzs}`);
    const county = await get('/api/v1/publicity/stats?from=2023-01-01&to=2023-12-31', 'county');
    expect(county.events).toBe(nb.events + nzs.events);
    const denied = await env.call('GET', `/api/v1/publicity/stats?orgId=${env.ids.nzs}`, { cookie: await env.login('nb_sfs') });
    expect(denied.statusCode).toBe(403);
  });

  it('every row in the demo orgs, every reference valid', async () => {
    const db = env.deps.database.db;
    const orgs = await db.selectFrom('orgs').select(['id', 'path', 'kind', 'parent_id']).execute();
    const org = new Map(orgs.map((o) => [o.id, o]));
    const nzsPath = org.get(env.ids.nzs)?.path ?? '-';
    const nbPath = org.get(env.ids.nb)?.path ?? '-';
    const inDemo = (id: string) => {
      const p = org.get(id)?.path ?? '';
      return p.startsWith(nzsPath) || p.startsWith(nbPath);
    };
    const events = await db.selectFrom('publicity_events').selectAll().execute();
    const campaigns = new Set((await db.selectFrom('publicity_campaigns').select(['id', 'org_id']).execute()).map((c) => c.id));
    const contents = await db.selectFrom('publicity_contents').selectAll().execute();
    const contentIds = new Set(contents.map((c) => c.id));
    const keyRows = await db.selectFrom('publicity_key_dates').selectAll().execute();
    const keys = new Set([...BUILTIN_KEY_DATES.map((k) => k.code), ...keyRows.map((k) => k.id)]);
    const eventIds = new Set(events.map((e) => e.id));
    for (const e of events) {
      expect(inDemo(e.org_id), e.title).toBe(true);
      expect(['planned', 'done']).toContain(e.status);
      if (e.status === 'done') expect(e.held_on <= TODAY, e.title).toBe(true);
      if (e.village_org_id) expect(org.get(e.village_org_id)?.kind, e.title).toBe('village');
      if (e.village_org_id) expect(org.get(e.village_org_id)?.path.startsWith(`${org.get(e.org_id)?.path.split('/').slice(0, 3).join('/')}/`), e.title).toBe(true);
      if (e.organiser_org_id) expect(org.get(e.organiser_org_id)?.kind).toBe('department');
      if (e.campaign_id) expect(campaigns.has(e.campaign_id)).toBe(true);
      if (e.content_id) expect(contentIds.has(e.content_id)).toBe(true);
      if (e.key_date) expect(keys.has(e.key_date), e.key_date).toBe(true);
    }
    for (const c of await db.selectFrom('publicity_event_channels').selectAll().execute()) {
      expect(eventIds.has(c.event_id)).toBe(true);
      expect(CHANNELS as readonly string[]).toContain(c.channel);
    }
    for (const t of await db.selectFrom('publicity_event_themes').selectAll().execute()) {
      expect(eventIds.has(t.event_id)).toBe(true);
      expect(BUILTIN_THEMES as readonly string[]).toContain(t.theme);
    }
    for (const l of await db.selectFrom('publicity_event_laws').selectAll().execute()) expect(eventIds.has(l.event_id)).toBe(true);
    for (const c of contents) {
      expect(inDemo(c.org_id)).toBe(true);
      expect(CONTENT_KINDS as readonly string[]).toContain(c.kind);
      expect(CONTENT_STATES as readonly string[]).toContain(c.state);
      if (c.state === 'published') expect((c.published_at ?? '').slice(0, 10) <= TODAY).toBe(true);
    }
    expect(new Set(contents.map((c) => c.slug)).size).toBe(contents.length);
    for (const v of await db.selectFrom('publicity_views').selectAll().execute()) {
      expect(contentIds.has(v.content_id)).toBe(true);
      expect(inDemo(v.org_id)).toBe(true);
      expect(VIEW_CHANNELS as readonly string[]).toContain(v.channel);
      expect(v.day <= TODAY).toBe(true);
      if (v.village_org_id) expect(org.get(v.village_org_id)?.kind).toBe('village');
    }
    for (const r of await db.selectFrom('publicity_responsibilities').selectAll().execute()) {
      expect(inDemo(r.org_id)).toBe(true);
      if (r.department_org_id) expect(org.get(r.department_org_id)?.parent_id).toBe(r.org_id);
    }
    for (const k of keyRows) expect(k.org_id).toBe(env.ids.county);
  });
});
