import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import { isOnlineChannel } from '../../../common/publicity-enums.ts';
import { login } from '../../platform/auth/auth.service.ts';
import { type Ctx, systemCtx } from '../../platform/context.ts';
import { nowIso } from '../../platform/time.ts';
import { DEMO_PASSWORD } from '../../seed/base.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { publicityFindings, publicityReportSection } from './publicity.report.ts';

/**
 * The contract on hand-made records: the share and its denominator, scoping (白杨镇 never counts for
 * 娘子神乡, the county sees both), every finding just inside and just outside its rule, the target
 * setting inherited down the tree.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const at = nowIso();
async function ev(org: string, heldOn: string, channels: string[], o: { status?: string; village?: string | null; keyDate?: string; laws?: string[]; organiser?: string; audience?: number; materials?: number; reach?: number } = {}) {
  const id = uuidv7();
  await env.deps.database.db
    .insertInto('publicity_events')
    .values({
      id,
      org_id: org,
      title: `测试活动 ${heldOn}`,
      status: o.status ?? 'done',
      held_on: heldOn,
      ends_on: null,
      village_org_id: o.village ?? null,
      place: null,
      organiser_org_id: o.organiser ?? null,
      audience: null,
      audience_count: o.audience ?? 10,
      materials_count: o.materials ?? 5,
      online_reach: o.reach ?? (channels.some(isOnlineChannel) ? 100 : 0),
      campaign_id: null,
      key_date: o.keyDate ?? null,
      content_id: null,
      notes: null,
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const c of channels) await env.deps.database.db.insertInto('publicity_event_channels').values({ event_id: id, org_id: org, channel: c }).execute();
  for (const [sort, law] of (o.laws ?? []).entries()) await env.deps.database.db.insertInto('publicity_event_laws').values({ id: uuidv7(), event_id: id, org_id: org, law, sort }).execute();
  return id;
}

async function get(url: string, user = 'nzs_sfs') {
  const r = await env.call('GET', url, { cookie: await env.login(user) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

async function ctxOf(username: string): Promise<Ctx> {
  const { actor } = await login(systemCtx(env.deps), { username, password: DEMO_PASSWORD });
  return { ...systemCtx(env.deps), actor };
}

describe('new-media share and its denominator (2021)', () => {
  beforeAll(async () => {
    const { nzs, nb, nzsVillages } = env.ids;
    await ev(nzs, '2021-03-01', ['lecture', 'leaflet']);
    await ev(nzs, '2021-03-02', ['wechat_group', 'wechat_account'], { reach: 300 });
    await ev(nzs, '2021-03-03', ['wechat_group'], { status: 'planned' });
    await ev(nzsVillages[1], '2021-03-04', ['door_to_door'], { village: nzsVillages[1] });
    await ev(nb, '2021-03-05', ['douyin'], { reach: 5000 });
  });

  it('an event on two online channels counts once; a planned one not at all', async () => {
    const s = await get(`/api/v1/publicity/stats?from=2021-01-01&to=2021-12-31&orgId=${env.ids.nzs}`);
    expect(s).toMatchObject({ events: 3, online: 1, share: 33.3, planned: 1, onlineReach: 300, audience: 30, materials: 15 });
    expect(s.byChannel.find((c: { key: string }) => c.key === 'wechat_group')).toMatchObject({ events: 1, online: true });
    expect(s.byChannel.find((c: { key: string }) => c.key === 'wechat_account')).toMatchObject({ events: 1 });
    expect(s.byVillage.find((v: { villageId: string }) => v.villageId === env.ids.nzsVillages[1])).toMatchObject({ events: 1, online: 0 });
    const r = await get(`/api/v1/publicity/report-section?year=2021&orgId=${env.ids.nzs}`);
    const share = r.figures.find((f: { key: string }) => f.key === 'online_share');
    expect(share).toMatchObject({ value: 33.3, denominator: 3, href: `/publicity/events?year=2021&status=done&online=1&orgId=${env.ids.nzs}` });
    expect(r.text).toContain('{online_share}%（{online}/{events}）');
  });

  it('白杨镇 never counts for 娘子神乡; the county sees both; the neighbour is refused 娘子神乡', async () => {
    const nzs = await get('/api/v1/publicity/stats?from=2021-01-01&to=2021-12-31');
    expect(nzs).toMatchObject({ events: 3, online: 1 });
    const nb = await get('/api/v1/publicity/stats?from=2021-01-01&to=2021-12-31', 'nb_sfs');
    expect(nb).toMatchObject({ events: 1, online: 1, share: 100 });
    const county = await get('/api/v1/publicity/stats?from=2021-01-01&to=2021-12-31', 'county');
    expect(county).toMatchObject({ events: 4, online: 2, share: 50 });
    for (const url of [`/api/v1/publicity/stats?orgId=${env.ids.nzs}`, `/api/v1/publicity/findings?orgId=${env.ids.nzs}`, `/api/v1/publicity/report-section?orgId=${env.ids.nzs}`]) {
      const res = await env.call('GET', url, { cookie: await env.login('nb_sfs') });
      expect(res.statusCode, url).toBe(403);
    }
  });

  it("the grid worker sees their village's own records only; the mediator (no publicity.read) nothing", async () => {
    const g = await get('/api/v1/publicity/stats?from=2021-01-01&to=2021-12-31', 'nzs_grid');
    expect(g).toMatchObject({ events: 1, online: 0, share: 0 });
    const res = await env.call('GET', `/api/v1/publicity/stats?orgId=${env.ids.nzs}`, { cookie: await env.login('nzs_grid') });
    expect(res.statusCode).toBe(403);
    const m = await env.call('GET', '/api/v1/publicity/stats', { cookie: await env.login('nzs_mediator') });
    expect(m.statusCode).toBe(403);
  });

  it('bad input is a 400 naming the field', async () => {
    const r = await env.call('GET', '/api/v1/publicity/stats?from=2021-02-30', { cookie: await env.login('nzs_sfs') });
    expect(r.statusCode).toBe(400);
    expect(r.json().fields[0].field).toBe('query.from');
    // a real date, but of year 1 or 9999: refused with the field named, never a 500 (years of 1–3 digits
    // made 'y-MM-DD' strings that no date parses)
    for (const path of ['stats', 'findings']) {
      for (const [q, field] of [
        ['from=0001-01-01', 'query.from'],
        ['to=9999-12-31', 'query.to'],
        ['from=1999-12-31&to=2000-12-31', 'query.from'],
      ]) {
        const x = await env.call('GET', `/api/v1/publicity/${path}?${q}`, { cookie: await env.login('county') });
        expect(x.statusCode, `${path}?${q}`).toBe(400);
        expect(x.json().fields.map((f: { field: string }) => f.field)).toEqual([field]);
        expect(x.json().fields[0].message).toBe('日期须在2000年至2100年之间');
      }
    }
  });
});

describe('villages without publicity per quarter (2022)', () => {
  beforeAll(async () => {
    const { nzs, nzsVillages: V } = env.ids;
    // every village but V[0] and V[1] has an event in each quarter
    for (const q of ['02-10', '05-10', '08-10', '11-10']) for (const v of V.slice(2)) await ev(nzs, `2022-${q}`, ['lecture'], { village: v });
    await ev(nzs, '2022-03-31', ['lecture'], { village: V[0] }); // last day of Q1: counts for Q1
    await ev(nzs, '2022-04-01', ['lecture'], { village: V[1] }); // first day of Q2: not Q1
  });

  it('an event on the last day of a quarter counts for it; one on the first day of the next does not', async () => {
    const f = (await get(`/api/v1/publicity/findings?from=2022-01-01&to=2022-12-31&orgId=${env.ids.nzs}`)).items as { code: string; message: string; href: string; count: number }[];
    const v = f.filter((x) => x.code === 'villages_without_publicity');
    const q1 = v.find((x) => x.message.includes('第一季度'));
    const q2 = v.find((x) => x.message.includes('第二季度'));
    expect(q1).toMatchObject({ count: 1, href: `/publicity/events?from=2022-01-01&to=2022-03-31&status=done&orgId=${env.ids.nzs}` });
    expect(q1?.message).toContain('东沟村');
    expect(q1?.message).not.toContain('娘子神村');
    expect(q2).toMatchObject({ count: 1 });
    expect(q2?.message).toContain('娘子神村');
    // Q3 and Q4: both missing
    expect(v.find((x) => x.message.includes('第三季度'))?.count).toBe(2);
  });

  it('a period cut inside a quarter counts only its days', async () => {
    const f = (await get(`/api/v1/publicity/findings?from=2022-01-01&to=2022-03-30&orgId=${env.ids.nzs}`)).items as { code: string; message: string; href: string }[];
    const q1 = f.find((x) => x.code === 'villages_without_publicity');
    expect(q1?.message).toContain('娘子神村');
    expect(q1?.href).toBe(`/publicity/events?from=2022-01-01&to=2022-03-30&status=done&orgId=${env.ids.nzs}`);
  });

  it('the county gets one finding per township; 白杨镇 has no events at all in 2022', async () => {
    const f = (await get('/api/v1/publicity/findings?from=2022-01-01&to=2022-03-31', 'county')).items as { code: string; orgId: string; count: number }[];
    const v = f.filter((x) => x.code === 'villages_without_publicity');
    expect(v.map((x) => x.orgId).sort()).toEqual([env.ids.nzs, env.ids.nb].sort());
    expect(v.find((x) => x.orgId === env.ids.nb)?.count).toBe(8);
  });
});

describe('key dates with nothing done and the 谁执法谁普法 list (2024)', () => {
  beforeAll(async () => {
    const { nzs, nzsDepartments: D } = env.ids;
    await ev(nzs, '2024-04-14', ['street_event'], { keyDate: 'kd_0415' }); // held the day before 4·15, tagged with it
    await ev(nzs, '2023-06-26', ['street_event'], { keyDate: 'kd_0626' }); // last year's 6·26 does not serve 2024's
    await ev(nzs, '2024-03-01', ['poster'], { keyDate: 'kd_0308' }); // 7 days before 3·8: for it
    await ev(nzs, '2024-03-07', ['poster'], { keyDate: 'kd_0315' }); // 8 days before 3·15: too early
    await ev(nzs, '2024-11-10', ['poster'], { keyDate: 'kd_1109' }); // the day after 11·9: not for it
    await ev(D.综合行政执法队, '2024-12-31', ['leaflet'], { organiser: D.综合行政执法队, laws: ['《中华人民共和国安全生产法》'] });
    await ev(D.综合行政执法队, '2025-01-01', ['leaflet'], { organiser: D.综合行政执法队, laws: ['中华人民共和国土地管理法'] });
    for (const law of ['中华人民共和国安全生产法', '中华人民共和国土地管理法']) {
      await env.deps.database.db
        .insertInto('publicity_responsibilities')
        .values({ id: uuidv7(), org_id: nzs, year: 2024, department_org_id: D.综合行政执法队, department_name: '综合行政执法队', law, measures: null, created_by: null, created_at: at, updated_at: at })
        .execute();
    }
  });

  it('a key date counts as served by an event tagged with it in its year, and is missed only once past', async () => {
    const ctx = await ctxOf('nzs_sfs');
    const before = await publicityFindings(ctx, { from: '2024-01-01', to: '2024-12-31' }, env.ids.nzs, '2024-06-26');
    const missed = (fs: typeof before) => fs.filter((x) => x.code === 'key_date_missed').map((x) => x.message);
    expect(missed(before).some((m) => m.includes('4·15'))).toBe(false);
    // on 6·26 itself the day is not over yet
    expect(missed(before).some((m) => m.includes('6·26'))).toBe(false);
    const after = await publicityFindings(ctx, { from: '2024-01-01', to: '2024-12-31' }, env.ids.nzs, '2024-06-27');
    const f626 = after.find((x) => x.code === 'key_date_missed' && x.message.includes('6·26'));
    expect(f626).toMatchObject({ severity: 'warning', href: `/publicity/events?keyDate=kd_0626&from=2024-06-19&to=2024-06-26&status=done&orgId=${env.ids.nzs}` });
    // the month still under way (安全生产月 until 6-30) is not missed yet
    expect(missed(after).some((m) => m.includes('安全生产月'))).toBe(false);
  });

  it('an event counts for a key date from 7 days before it to its last day, as on the calendar', async () => {
    const f = (await get(`/api/v1/publicity/findings?from=2024-01-01&to=2024-12-31&orgId=${env.ids.nzs}`)).items as { code: string; message: string; href: string }[];
    const missed = f.filter((x) => x.code === 'key_date_missed').map((x) => x.message);
    expect(missed.some((m) => m.includes('三八'))).toBe(false);
    expect(missed.some((m) => m.includes('3·15'))).toBe(true);
    expect(missed.some((m) => m.includes('11·9'))).toBe(true);
    // the href lists what was counted: nothing (the 3·7 and 11·10 events fall outside the window)
    for (const x of f.filter((y) => y.code === 'key_date_missed')) {
      const r = await get(`/api/v1/publicity/events?${x.href.split('?')[1]}`);
      expect(r.total, x.href).toBe(0);
    }
  });

  it('a department that publicised its law on 12-31 did; one that did it on 1-1 of the next year did not', async () => {
    const f = (await get(`/api/v1/publicity/findings?from=2024-01-01&to=2024-12-31&orgId=${env.ids.nzs}`)).items as { code: string; message: string; href: string }[];
    const r = f.filter((x) => x.code === 'responsibility_not_done');
    expect(r).toHaveLength(1);
    expect(r[0].message).toContain('土地管理法');
    expect(r[0].href).toContain('organiserId=');
    expect(r[0].href).toContain('year=2024');
  });

  it('the report names the key dates served, with the total as denominator', async () => {
    const ctx = await ctxOf('nzs_leader');
    const s = await publicityReportSection(ctx, 2024, env.ids.nzs, '2025-01-10');
    const kd = s.figures.find((f) => f.key === 'key_dates');
    expect(kd?.value).toBe(2);
    // 3·8, 3·15, 4·15, May, June, 6·26, 11·9, 12·4 — 宪法宣传周 2024 has no dates set, so it is not counted
    expect(kd?.denominator).toBeGreaterThanOrEqual(8);
    expect(s.text).toContain('利用三八国际妇女节、4·15全民国家安全教育日{key_dates}个重要时间节点');
  });
});

describe('the new-media target setting (inherited down the tree, 0–100, audited)', () => {
  beforeAll(async () => {
    const { nzs } = env.ids;
    // 2020: 1 online of 4 = 25 %
    await ev(nzs, '2020-05-01', ['wechat_group']);
    for (const d of ['2020-05-02', '2020-05-03', '2020-05-04']) await ev(nzs, d, ['lecture']);
  });
  const f2020 = async () => ((await get(`/api/v1/publicity/findings?from=2020-01-01&to=2020-12-31&orgId=${env.ids.nzs}`)).items as { code: string; message: string }[]).filter((x) => x.code === 'new_media_below_target');
  const put = async (user: string, orgId: string, newMediaTargetPct: unknown) =>
    env.call('PUT', '/api/v1/publicity/settings', { cookie: await env.login(user), body: { orgId, newMediaTargetPct } });

  it('default 30 %: 25 % is below it', async () => {
    const s = await get(`/api/v1/publicity/settings?orgId=${env.ids.nzs}`);
    expect(s).toMatchObject({ newMediaTargetPct: 30, source: 'default', canEdit: true });
    const f = await f2020();
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('25%（1/4），低于30%的目标');
  });

  it('exactly at the target is not below it; one point above is', async () => {
    expect((await put('nzs_sfs', env.ids.nzs, 25)).statusCode).toBe(200);
    expect(await f2020()).toHaveLength(0);
    expect((await put('nzs_sfs', env.ids.nzs, 26)).statusCode).toBe(200);
    expect(await f2020()).toHaveLength(1);
    const audit = await env.deps.database.db.selectFrom('audit_events').select(['action', 'after_json']).where('entity_id', '=', `${env.ids.nzs}:publicity.new_media_target_pct`).execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('the county sets it for every township below that has none of its own; the nearest wins', async () => {
    expect((await put('county', env.ids.county, 40)).statusCode).toBe(200);
    expect(await get(`/api/v1/publicity/settings?orgId=${env.ids.nb}`, 'nb_sfs')).toMatchObject({ newMediaTargetPct: 40, source: 'inherited', fromOrgName: '示范县' });
    expect(await get(`/api/v1/publicity/settings?orgId=${env.ids.nzsVillages[2]}`)).toMatchObject({ newMediaTargetPct: 26, source: 'inherited', canEdit: false });
  });

  it('refused: a village (400 orgId), 101 (400 newMediaTargetPct), the neighbour (403), a reader (403)', async () => {
    const v = await put('nzs_sfs', env.ids.nzsVillages[1], 30);
    expect(v.statusCode).toBe(400);
    expect(v.json().fields[0].field).toBe('orgId');
    const big = await put('nzs_sfs', env.ids.nzs, 101);
    expect(big.statusCode).toBe(400);
    expect(big.json().fields[0].field).toBe('newMediaTargetPct');
    expect((await put('nb_sfs', env.ids.nzs, 30)).statusCode).toBe(403);
    expect((await put('nzs_readonly', env.ids.nzs, 30)).statusCode).toBe(403);
    expect(await get(`/api/v1/publicity/settings?orgId=${env.ids.nzs}`)).toMatchObject({ newMediaTargetPct: 26, source: 'own' });
  });
});
