import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import { login } from '../../platform/auth/auth.service.ts';
import { systemCtx } from '../../platform/context.ts';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import { DEMO_PASSWORD } from '../../seed/base.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { insertContent } from '../portal/portal.fixtures.ts';
import { reachTotals } from './reach.service.ts';
import { viewCounter } from './views.service.ts';

/**
 * Reach figures against view rows this file writes and counts by hand: period edges (the day just
 * outside), month and day series with zeros, by item, channel and village, the filters of the page's
 * URL, and the scope — 白杨镇's 司法所 (nb_sfs) sees nothing of 娘子神乡, the grid worker only their village.
 */
let env: TestEnv;
let nzsA: string;
let nzsB: string;
let nbA: string;
const dg = () => env.ids.nzsVillages[1]; // 东沟村, the grid worker's village
const sm = () => env.ids.nzsVillages[3]; // 石门村

async function views(contentId: string, orgId: string, day: string, channel: string, village: string, count: number) {
  await env.deps.database.db.insertInto('publicity_views').values({ content_id: contentId, org_id: orgId, day, channel, village_org_id: village, count }).execute();
}
async function as(user: string, url: string) {
  return env.call('GET', url, { cookie: await env.login(user) });
}
async function ok(user: string, url: string) {
  const r = await as(user, url);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.deps.database.db;
  nzsA = (await insertContent(db, { orgId: env.ids.nzs, title: '反诈宣传：冒充客服退款' })).id;
  nzsB = (await insertContent(db, { orgId: env.ids.nzs, title: '民法典与农村宅基地' })).id;
  nbA = (await insertContent(db, { orgId: env.ids.nb, title: '白杨镇禁毒宣传' })).id;
  await views(nzsA, env.ids.nzs, '2025-03-31', 'qr', dg(), 100); // the day before the window
  await views(nzsA, env.ids.nzs, '2025-04-01', 'qr', dg(), 7);
  await views(nzsA, env.ids.nzs, '2025-04-01', 'wechat_group', dg(), 3);
  await views(nzsA, env.ids.nzs, '2025-04-15', 'qr', sm(), 5);
  await views(nzsB, env.ids.nzs, '2025-04-15', 'direct', '', 2);
  await views(nzsB, env.ids.nzs, '2025-04-30', 'wechat_account', '', 11);
  await views(nzsB, env.ids.nzs, '2025-05-01', 'qr', dg(), 1000); // the day after
  await views(nbA, env.ids.nb, '2025-04-15', 'qr', env.ids.nbVillages[0], 40);
});
afterAll(async () => env?.close());

describe('GET /api/v1/publicity/reach', () => {
  it('counts exactly the window, with every day of the series and by item, channel and village', async () => {
    const r = await ok('nzs_sfs', '/api/v1/publicity/reach?from=2025-04-01&to=2025-04-30');
    expect(r.total).toBe(28);
    expect(r.granularity).toBe('day');
    expect(r.series).toHaveLength(30);
    expect(r.series[0]).toEqual({ period: '2025-04-01', count: 10 });
    expect(r.series[14]).toEqual({ period: '2025-04-15', count: 7 });
    expect(r.series[1]).toEqual({ period: '2025-04-02', count: 0 });
    expect(r.byContent.map((c: { title: string; count: number }) => [c.title, c.count])).toEqual([
      ['反诈宣传：冒充客服退款', 15],
      ['民法典与农村宅基地', 13],
    ]);
    expect(r.byChannel).toEqual([
      { channel: 'direct', count: 2 },
      { channel: 'qr', count: 12 },
      { channel: 'wechat_group', count: 3 },
      { channel: 'wechat_account', count: 11 },
    ]);
    expect(r.byVillage).toEqual([
      { villageId: '', name: '未标记村（社区）', count: 13 },
      { villageId: dg(), name: '东沟村', count: 10 },
      { villageId: sm(), name: '石门村', count: 5 },
    ]);
  });

  it('a year is monthly, January to December with zeros', async () => {
    const r = await ok('nzs_sfs', '/api/v1/publicity/reach?year=2025');
    expect(r.granularity).toBe('month');
    expect(r.series).toHaveLength(12);
    expect(r.series.slice(2, 5)).toEqual([
      { period: '2025-03', count: 100 },
      { period: '2025-04', count: 28 },
      { period: '2025-05', count: 1000 },
    ]);
    expect(r.total).toBe(1128);
  });

  it('filters by item, channel and village (the reach page URL), and they combine', async () => {
    const q = '/api/v1/publicity/reach?from=2025-04-01&to=2025-04-30';
    expect((await ok('nzs_sfs', `${q}&contentId=${nzsA}`)).total).toBe(15);
    expect((await ok('nzs_sfs', `${q}&channel=qr`)).total).toBe(12);
    expect((await ok('nzs_sfs', `${q}&villageId=${dg()}`)).total).toBe(10);
    expect((await ok('nzs_sfs', `${q}&villageId=${dg()}&channel=qr&contentId=${nzsA}`)).total).toBe(7);
    expect((await ok('nzs_sfs', `${q}&contentId=${nzsB}&granularity=month`)).series).toEqual([{ period: '2025-04', count: 13 }]);
  });

  it('the county sees both townships; 白杨镇 sees only its own; the neighbour’s org, village or item is 403 and audited', async () => {
    const q = '/api/v1/publicity/reach?from=2025-04-01&to=2025-04-30';
    expect((await ok('county', q)).total).toBe(68);
    expect((await ok('county', `${q}&orgId=${env.ids.nb}`)).total).toBe(40);
    const nb = await ok('nb_sfs', q);
    expect(nb.total).toBe(40);
    expect(nb.byContent.map((c: { title: string }) => c.title)).toEqual(['白杨镇禁毒宣传']);
    for (const f of [`orgId=${env.ids.nzs}`, `villageId=${dg()}`, `contentId=${nzsA}`]) {
      const r = await as('nb_sfs', `${q}&${f}`);
      expect(r.statusCode, f).toBe(403);
    }
    const denied = await env.deps.database.db.selectFrom('audit_events').select(['entity', 'entity_id']).where('result', '=', 'denied').where('entity_id', '=', nzsA).execute();
    expect(denied).toHaveLength(1);
  });

  it('the grid worker sees only their village’s items (none of the township’s); the mediator has no access', async () => {
    const r = await ok('nzs_grid', `/api/v1/publicity/reach?from=2025-04-01&to=2025-04-30&orgId=${dg()}`);
    expect(r.total).toBe(0);
    expect((await as('nzs_grid', `/api/v1/publicity/reach?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    expect((await as('nzs_mediator', '/api/v1/publicity/reach')).statusCode).toBe(403);
    expect((await env.call('GET', '/api/v1/publicity/reach')).statusCode).toBe(401);
  });

  it('refuses bad input with the field named, in Chinese and English', async () => {
    const cookie = await env.login('nzs_sfs');
    const bad = async (q: string, field: string, lang = 'zh-CN') => {
      const r = await env.call('GET', `/api/v1/publicity/reach?${q}`, { cookie, headers: { 'accept-language': lang } });
      expect(r.statusCode, q).toBe(400);
      expect(r.json().fields.map((x: { field: string }) => x.field), q).toContain(field);
      return r.json();
    };
    expect((await bad('from=2025-05-01&to=2025-04-30', 'query.to')).fields[0].message).toBe('日期先后顺序不正确');
    expect((await bad('from=2025-05-01&to=2025-04-30', 'query.to', 'en')).fields[0].message).toBe('Dates are in the wrong order');
    await bad('from=2025-02-30', 'query.from');
    await bad('channel=carrier_pigeon', 'query.channel');
    await bad('year=2025&from=2025-01-01', 'query.year');
    await bad('from=2023-01-01&to=2025-01-01&granularity=day', 'query.granularity');
    await bad(`contentId=${uuidv7()}`, 'query.contentId');
    await bad('villageId=x', 'query.villageId');
    // a real date of year 1 or 9999 made month labels like '1-01' and a series of 120,000 months
    await bad('from=0001-01-01&granularity=month', 'query.from');
    await bad('to=9999-12-31&from=2025-01-01&granularity=month', 'query.to');
  });

  it('defaults to the last 30 days, by day, and counts what the portal counted', async () => {
    const a = await insertContent(env.deps.database.db, { orgId: env.ids.nzs, title: '今日文章' });
    const code = (await env.deps.database.db.selectFrom('orgs').select('code').where('id', '=', dg()).executeTakeFirstOrThrow()).code;
    const page = await env.call('GET', `/portal/a/${a.slug}?c=qr&v=${code}`, { headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Mobile' } });
    expect(page.statusCode).toBe(200);
    await viewCounter(env.deps).flush();
    const r = await ok('nzs_sfs', '/api/v1/publicity/reach');
    expect(r.to).toBe(todayShanghai());
    expect(r.from).toBe(addDaysIso(todayShanghai(), -29));
    expect(r.series).toHaveLength(30);
    expect(r.series[29].count).toBe(1);
    expect(r.byContent[0]).toMatchObject({ title: '今日文章', count: 1 });
    expect(r.byVillage).toEqual([{ villageId: dg(), name: '东沟村', count: 1 }]);
    expect(r.byChannel).toEqual([{ channel: 'qr', count: 1 }]);
  });
});

describe('reachTotals (for the report)', () => {
  it('sums an org subtree’s views in a period by channel, scoped to the caller', async () => {
    const ctxOf = async (username: string) => {
      const { actor } = await login(systemCtx(env.deps), { username, password: DEMO_PASSWORD });
      return { ...systemCtx(env.deps), actor };
    };
    const county = await ctxOf('county');
    const april = { from: '2025-04-01', to: '2025-04-30' };
    const all = await reachTotals(county, april);
    expect(all.total).toBe(68);
    expect(all.byChannel).toMatchObject({ qr: 52, direct: 2, wechat_group: 3, wechat_account: 11, douyin: 0, link: 0 });
    expect((await reachTotals(county, april, env.ids.nzs)).total).toBe(28);
    expect((await reachTotals(county, { from: '2025-04-02', to: '2025-04-14' }, env.ids.nzs)).total).toBe(0);
    const nb = await ctxOf('nb_sfs');
    expect((await reachTotals(nb, april)).total).toBe(40);
    await expect(reachTotals(nb, april, env.ids.nzs)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // without an actor there is no scope at all
    await expect(reachTotals(systemCtx(env.deps), april)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
