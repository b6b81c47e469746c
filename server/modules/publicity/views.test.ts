import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayShanghai } from '../../platform/time.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { insertContent } from '../portal/portal.fixtures.ts';
import { isCountedRequest, ViewCounter, viewChannelOf, viewCounter } from './views.service.ts';

/**
 * First-party view counting: every human GET of an article page is one page load, counted exactly
 * once after the flush — under concurrent requests, across a failed flush, at shutdown, and with
 * several counters (processes) adding into the same rows. Bots, HEAD and prefetches are not counted.
 */
let env: TestEnv;
const PHONE = 'Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47';

async function total(contentId?: string): Promise<number> {
  let q = env.deps.database.db.selectFrom('publicity_views').select(sql<number>`coalesce(sum(count), 0)`.as('n'));
  if (contentId) q = q.where('content_id', '=', contentId);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}
async function rows(contentId: string) {
  return env.deps.database.db.selectFrom('publicity_views').selectAll().where('content_id', '=', contentId).orderBy('channel').orderBy('village_org_id').execute();
}
const get = (url: string, headers: Record<string, string> = {}) => env.call('GET', url, { headers: { 'user-agent': PHONE, ...headers } });

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('counting page loads', () => {
  it('N concurrent requests are exactly N views after the flush', async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '并发计数测试' });
    const N = 120;
    const res = await Promise.all(Array.from({ length: N }, (_, i) => get(`/portal/a/${a.slug}${i % 3 === 0 ? '?c=qr' : ''}`)));
    expect(res.every((r) => r.statusCode === 200)).toBe(true);
    await viewCounter(env.deps).flush();
    expect(await total(a.id)).toBe(N);
    const byChannel = Object.fromEntries((await rows(a.id)).map((r) => [r.channel, Number(r.count)]));
    expect(byChannel).toEqual({ qr: 40, direct: 80 });
    // the day is Shanghai's, the org the item's
    expect((await rows(a.id)).every((r) => r.day === todayShanghai() && r.org_id === env.ids.nzs)).toBe(true);
  });

  it('resolves the channel tag and the village tag (a village of the publishing township only)', async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '标签测试' });
    const code = async (id: string) => (await env.deps.database.db.selectFrom('orgs').select('code').where('id', '=', id).executeTakeFirstOrThrow()).code;
    const dg = await code(env.ids.nzsVillages[1]); // 东沟村
    const neighbourVillage = await code(env.ids.nbVillages[0]); // 白杨镇 白杨村
    await get(`/portal/a/${a.slug}?c=qr&v=${dg}`);
    await get(`/portal/a/${a.slug}?c=qr&v=${dg}`);
    await get(`/portal/a/${a.slug}?c=wechat_group&v=${dg}`);
    await get(`/portal/a/${a.slug}?c=qr&v=${neighbourVillage}`); // not a village of 娘子神乡 → untagged
    await get(`/portal/a/${a.slug}?c=qr&v=nonsense`); // unknown → untagged
    await get(`/portal/a/${a.slug}?c=evil%27tag`); // unknown channel → link
    await get(`/portal/a/${a.slug}?v=${dg}`); // no channel → direct
    await get(`/portal/a/${a.slug}?c=qr&c=douyin`); // repeated: the first
    await viewCounter(env.deps).flush();
    const got = (await rows(a.id)).map((r) => [r.channel, r.village_org_id, Number(r.count)]);
    expect(got).toEqual([
      ['direct', env.ids.nzsVillages[1], 1],
      ['link', '', 1],
      ['qr', '', 3],
      ['qr', env.ids.nzsVillages[1], 2],
      ['wechat_group', env.ids.nzsVillages[1], 1],
    ]);
  });

  it('does not count HEAD, bots, link-preview fetchers, prefetches, a withdrawn or unknown item', async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '不计数测试' });
    const w = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '已撤回', state: 'withdrawn' });
    const before = await total();
    expect((await env.call('HEAD', `/portal/a/${a.slug}`, { headers: { 'user-agent': PHONE } })).statusCode).toBe(200);
    for (const ua of [
      'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)',
      'facebookexternalhit/1.1',
      'WhatsApp/2.23.18.78 i',
      'TelegramBot (like TwitterBot)',
      'curl/8.5.0',
      'Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)',
      '',
    ])
      expect((await env.call('GET', `/portal/a/${a.slug}`, { headers: { 'user-agent': ua } })).statusCode).toBe(200);
    await get(`/portal/a/${a.slug}`, { purpose: 'prefetch' });
    await get(`/portal/a/${a.slug}`, { 'sec-purpose': 'prefetch;prerender' });
    expect((await get(`/portal/a/${w.slug}`)).statusCode).toBe(410);
    expect((await get('/portal/a/no-such-item')).statusCode).toBe(404);
    await viewCounter(env.deps).flush();
    expect(await total()).toBe(before);
    // and a human in WeChat's browser is counted
    await get(`/portal/a/${a.slug}`);
    await viewCounter(env.deps).flush();
    expect(await total(a.id)).toBe(1);
  });

  it('random slugs and garbage tags grow nothing: a thousand odd requests leave one pending key', async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '乱码标签测试' });
    const counter = viewCounter(env.deps);
    await counter.flush();
    expect(counter.pendingKeys()).toBe(0);
    const junk = () => Math.random().toString(36).slice(2);
    let most = 0;
    for (let i = 0; i < 500; i++) {
      expect((await get(`/portal/a/${junk()}${junk()}`)).statusCode).toBe(404);
      await get(`/portal/a/${a.slug}?c=${junk()}&v=${junk()}&c=${junk()}`);
      most = Math.max(most, counter.pendingKeys());
    }
    // every garbage tag is the channel 'link' and no village: one key, however many requests (the
    // timer may have flushed some meanwhile)
    expect(most).toBe(1);
    await counter.flush();
    const rows = await env.deps.database.db.selectFrom('publicity_views').select(['channel', 'village_org_id', 'count']).where('content_id', '=', a.id).execute();
    expect(rows.map((r) => [r.channel, r.village_org_id, Number(r.count)])).toEqual([['link', '', 500]]);
  });

  it('the filters, unit by unit', () => {
    expect(viewChannelOf(undefined)).toBe('direct');
    expect(viewChannelOf('')).toBe('direct');
    expect(viewChannelOf('qr')).toBe('qr');
    expect(viewChannelOf('QR')).toBe('link');
    expect(viewChannelOf(['qr'])).toBe('link');
    expect(isCountedRequest('GET', { 'user-agent': PHONE })).toBe(true);
    expect(isCountedRequest('POST', { 'user-agent': PHONE })).toBe(false);
    expect(isCountedRequest('GET', { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.44' })).toBe(true);
  });
});

describe('the flush', () => {
  it('a failed flush loses nothing and counts nothing twice; views arriving meanwhile are kept', async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '失败重试测试' });
    const c = new ViewCounter(() => env.deps.database.db as never, { intervalMs: 60_000 });
    const key = { contentId: a.id, orgId: env.ids.nzs, day: '2026-10-01', channel: 'qr' as const, villageOrgId: '' };
    for (let i = 0; i < 7; i++) c.add(key);
    c.failNext = (attempt) => {
      if (attempt === 1) throw new Error('database is locked (injected)');
    };
    await expect(c.flush()).rejects.toThrow(/injected/);
    expect(c.pendingTotal()).toBe(7);
    expect(await total(a.id)).toBe(0);
    c.add(key, 3);
    expect(await c.flush()).toBe(10);
    expect(c.pendingTotal()).toBe(0);
    expect(await total(a.id)).toBe(10);
    expect(await c.flush()).toBe(0);
    expect(await total(a.id)).toBe(10);
  });

  it('a failure inside the transaction (a bad row) rolls back every row of the flush and keeps them all', async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '事务回滚测试' });
    const c = new ViewCounter(() => env.deps.database.db as never, { intervalMs: 60_000 });
    c.add({ contentId: a.id, orgId: env.ids.nzs, day: '2026-10-02', channel: 'qr', villageOrgId: '' }, 5);
    // an org id that does not exist: the foreign key fails the insert (a real database error, both engines)
    c.add({ contentId: a.id, orgId: '00000000-0000-7000-8000-000000000000', day: '2026-10-02', channel: 'direct', villageOrgId: '' }, 2);
    await expect(c.flush()).rejects.toThrow();
    expect(c.pendingTotal()).toBe(7);
    expect(await total(a.id)).toBe(0);
  });

  it('increments made while a flush is writing are written by the next flush, not lost or doubled', async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '并行刷写测试' });
    const c = new ViewCounter(() => env.deps.database.db as never, { intervalMs: 60_000 });
    const key = { contentId: a.id, orgId: env.ids.nzs, day: '2026-10-03', channel: 'direct' as const, villageOrgId: '' };
    c.add(key, 4);
    const first = c.flush();
    c.add(key, 6);
    const second = c.flush();
    expect((await first) + (await second)).toBe(10);
    expect(await total(a.id)).toBe(10);
  });

  it('several processes each add their own increments into the same row (the upsert adds)', async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '多进程测试' });
    const p1 = new ViewCounter(() => env.deps.database.db as never, { intervalMs: 60_000 });
    const p2 = new ViewCounter(() => env.deps.database.db as never, { intervalMs: 60_000 });
    const key = { contentId: a.id, orgId: env.ids.nzs, day: '2026-10-04', channel: 'qr' as const, villageOrgId: env.ids.nzsVillages[1] };
    p1.add(key, 11);
    p2.add(key, 31);
    await Promise.all([p1.flush(), p2.flush()]);
    p1.add(key, 1);
    await p1.flush();
    expect(await rows(a.id)).toEqual([expect.objectContaining({ count: 43 })]);
  });

  it('flushes by itself after the interval', async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '定时刷写测试' });
    const c = new ViewCounter(() => env.deps.database.db as never, { intervalMs: 30 });
    c.add({ contentId: a.id, orgId: env.ids.nzs, day: '2026-10-05', channel: 'qr', villageOrgId: '' }, 2);
    for (let i = 0; i < 100 && (await total(a.id)) < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await total(a.id)).toBe(2);
  });

  it("a deleted item's pending views are dropped instead of blocking every later flush", async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '将删除' });
    const b = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '保留' });
    const c = new ViewCounter(() => env.deps.database.db as never, { intervalMs: 60_000 });
    c.add({ contentId: a.id, orgId: env.ids.nzs, day: '2026-10-06', channel: 'qr', villageOrgId: '' }, 3);
    c.add({ contentId: b.id, orgId: env.ids.nzs, day: '2026-10-06', channel: 'qr', villageOrgId: '' }, 4);
    await env.deps.database.db.deleteFrom('publicity_contents').where('id', '=', a.id).execute();
    await c.flush();
    expect(c.pendingTotal()).toBe(0);
    expect(await total(b.id)).toBe(4);
  });
});

describe('shutdown', () => {
  it('app.close() (graceful shutdown in server/main.ts) writes pending views before the database closes', async () => {
    const other = await createTestEnv();
    try {
      const a = await insertContent(other.deps.database.db, { orgId: other.ids.nzs, title: '关闭前刷写' });
      for (let i = 0; i < 9; i++) await other.call('GET', `/portal/a/${a.slug}?c=qr`, { headers: { 'user-agent': PHONE } });
      expect(viewCounter(other.deps).pendingTotal()).toBe(9);
      await other.app.close();
      const n = await other.deps.database.db.selectFrom('publicity_views').select(sql<number>`sum(count)`.as('n')).where('content_id', '=', a.id).executeTakeFirst();
      expect(Number(n?.n)).toBe(9);
    } finally {
      await other.close();
    }
  });
});
