import ExcelJS from 'exceljs';
import { CAMPAIGN_LIST_MAX } from './campaigns.service.ts';
import { uuidv7 } from '../../../common/ids.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import { createTestEnv, fieldsOf, type TestEnv } from '../../testing/harness.ts';
import { lawCovers, normalizeLawTitle } from '../../../common/schemas/publicity-calendar.ts';
import { composeTitle } from './events.service.ts';

/**
 * Publicity events and campaigns against records this file creates through the API and counts by
 * hand: the composed title, done vs planned (and 逾期未开展), the online flag, every filter of the
 * list-filter contract, campaign progress with its denominator, scope (白杨镇's nb_sfs, the grid
 * worker of another village, the county), files, the Excel round trip and garbage input.
 */
let env: TestEnv;
const B = '/api/v1/publicity';
const today = todayShanghai();
const future = addDaysIso(today, 30);
/** nzs_grid's village (seed: 娘子神乡's second village, 东沟村) and another one of 娘子神乡. */
const gridVillage = () => env.ids.nzsVillages[1];
const otherVillage = () => env.ids.nzsVillages[2];

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

async function create(body: Record<string, unknown>, user = 'nzs_sfs'): Promise<string> {
  const r = await env.as(user, 'POST', `${B}/events`, { orgId: env.ids.nzs, heldOn: '2024-04-15', channels: ['lecture'], ...body });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().id;
}
async function list(q: string, user = 'nzs_sfs') {
  const r = await env.as(user, 'GET', `${B}/events?${q.includes('pageSize') ? '' : 'pageSize=200&'}${q}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { total: number; items: { id: string; title: string; status: string; overdue: boolean; online: boolean; villageName: string | null; organiserName: string | null; audienceCount: number }[] };
}
const ids = async (q: string, user = 'nzs_sfs') => (await list(q, user)).items.map((i) => i.id).sort();

describe('recording an event', () => {
  it('composes the title from date, village, channel and theme when it is left empty', async () => {
    const id = await create({ heldOn: '2024-11-25', villageId: gridVillage(), channels: ['door_to_door', 'leaflet'], themes: ['anti_fraud'], audienceCount: 35, materialsCount: 60 });
    const d = (await env.as('nzs_sfs', 'GET', `${B}/events/${id}`)).json();
    expect(d.title).toBe('11月25日 东沟村 入户宣讲、发放资料（反电信网络诈骗）');
    expect(d).toMatchObject({ status: 'done', overdue: false, online: false, villageName: '东沟村', audienceCount: 35, materialsCount: 60, canEdit: true });
    expect(composeTitle('2024-12-04', '娘子神乡', ['street_event'], [])).toBe('12月4日 娘子神乡 街头宣传');
  });

  it('an automatic title follows the fields; a typed one stays as typed', async () => {
    const id = await create({ heldOn: '2024-06-26', channels: ['lecture'], themes: ['anti_drug'] });
    const r = await env.as('nzs_sfs', 'PATCH', `${B}/events/${id}`, { villageId: otherVillage() });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().title).toBe('6月26日 西沟村 法治讲座（禁毒）');
    await env.as('nzs_sfs', 'PATCH', `${B}/events/${id}`, { title: '6·26禁毒讲座' });
    expect((await env.as('nzs_sfs', 'PATCH', `${B}/events/${id}`, { heldOn: '2024-06-27' })).json().title).toBe('6·26禁毒讲座');
    // emptied: composed again
    expect((await env.as('nzs_sfs', 'PATCH', `${B}/events/${id}`, { title: '' })).json().title).toBe('6月27日 西沟村 法治讲座（禁毒）');
  });

  it('done vs planned: defaults by date, no "done" for a day to come, a past plan shows as overdue', async () => {
    const planned = await create({ heldOn: future });
    expect((await env.as('nzs_sfs', 'GET', `${B}/events/${planned}`)).json()).toMatchObject({ status: 'planned', overdue: false });
    const bad = await env.as('nzs_sfs', 'POST', `${B}/events`, { orgId: env.ids.nzs, heldOn: future, status: 'done', channels: ['lecture'] });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['status']);
    // today itself may be marked done
    expect((await env.as('nzs_sfs', 'POST', `${B}/events`, { orgId: env.ids.nzs, heldOn: today, status: 'done', channels: ['lecture'] })).statusCode).toBe(200);
    const late = await create({ heldOn: '2024-03-15', status: 'planned', themes: ['consumer'] });
    expect((await env.as('nzs_sfs', 'GET', `${B}/events/${late}`)).json()).toMatchObject({ status: 'planned', overdue: true });
    const marked = await env.as('nzs_sfs', 'PATCH', `${B}/events/${late}`, { status: 'done' });
    expect(marked.json()).toMatchObject({ status: 'done', overdue: false });
  });

  it('a department records its own event: the department is the organiser (谁执法谁普法)', async () => {
    const dept = env.ids.nzsDepartments.综合行政执法队;
    const id = await create({ orgId: dept, channels: ['case_explained'], laws: ['中华人民共和国安全生产法'] }, 'nzs_officer');
    expect((await env.as('nzs_sfs', 'GET', `${B}/events/${id}`)).json()).toMatchObject({ organiserId: dept, organiserName: '综合行政执法队' });
    const other = await env.as('nzs_officer', 'POST', `${B}/events`, { orgId: dept, organiserId: env.ids.nzsDepartments.司法所, heldOn: '2024-05-01', channels: ['lecture'] });
    expect(fieldsOf(other)).toEqual(['organiserId']);
    const foreign = await env.as('nzs_sfs', 'POST', `${B}/events`, { orgId: env.ids.nzs, organiserId: env.ids.nbDepartments.司法所, heldOn: '2024-05-01', channels: ['lecture'] });
    expect(foreign.statusCode).toBe(400);
    expect(fieldsOf(foreign)).toEqual(['organiserId']);
  });

  it('refuses garbage with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ channels: [] }, 'channels'],
      [{ channels: ['fax'] }, 'channels.0'],
      [{ heldOn: '2024-02-30' }, 'heldOn'],
      [{ heldOn: '2024-05-10', endsOn: '2024-05-09' }, 'endsOn'],
      [{ themes: ['no_such_theme'] }, 'themes.0'],
      [{ keyDate: 'kd_9999' }, 'keyDate'],
      [{ keyDate: '../etc' }, 'keyDate'],
      [{ villageId: env.ids.nbVillages[0] }, 'villageId'],
      [{ villageId: env.ids.nzsDepartments.司法所 }, 'villageId'],
      [{ audienceCount: -1 }, 'audienceCount'],
      [{ audienceCount: 1.5 }, 'audienceCount'],
      [{ laws: Array.from({ length: 21 }, (_, i) => `法${i}`) }, 'laws'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ contentId: '01900000-0000-7000-8000-000000000000' }, 'contentId'],
      [{ campaignId: '01900000-0000-7000-8000-000000000000' }, 'campaignId'],
    ];
    for (const [body, field] of cases) {
      const r = await env.as('nzs_sfs', 'POST', `${B}/events`, { orgId: env.ids.nzs, heldOn: '2024-04-15', channels: ['lecture'], ...body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r), JSON.stringify(body)).toContain(field);
    }
    const en = await env.call('POST', `${B}/events`, { cookie: await env.login('nzs_sfs'), body: { orgId: env.ids.nzs, heldOn: future, status: 'done', channels: ['lecture'] }, headers: { 'accept-language': 'en' } });
    expect(en.json().fields[0].message).toContain('planned');
  });

  it('audits every write in the same transaction', async () => {
    const id = await create({ channels: ['banner'] });
    await env.as('nzs_sfs', 'PATCH', `${B}/events/${id}`, { place: '主街' });
    expect((await env.as('nzs_sfs', 'DELETE', `${B}/events/${id}`)).statusCode).toBe(204);
    expect((await env.as('nzs_sfs', 'GET', `${B}/events/${id}`)).statusCode).toBe(404);
    const acts = await env.deps.database.db.selectFrom('audit_events').select('action').where('entity', '=', 'publicity_event').where('entity_id', '=', id).orderBy('seq').execute();
    expect(acts.map((a) => a.action)).toEqual(['publicity.event.create', 'publicity.event.update', 'publicity.event.delete']);
  });
});

describe('scope: the neighbour, the grid worker of another village, the county', () => {
  let nzsEvent: string;
  let gridEvent: string;
  let nbEvent: string;
  beforeAll(async () => {
    nzsEvent = await create({ title: '乡级讲座', heldOn: '2023-12-04' });
    gridEvent = await create({ orgId: gridVillage(), heldOn: '2023-12-05', channels: ['door_to_door'], themes: ['constitution'] }, 'nzs_grid');
    nbEvent = await create({ orgId: env.ids.nb, title: '白杨镇宪法日', heldOn: '2023-12-04' }, 'nb_sfs');
  });

  it('a grid worker records for their own village only', async () => {
    const d = (await env.as('nzs_grid', 'GET', `${B}/events/${gridEvent}`)).json();
    expect(d).toMatchObject({ villageId: gridVillage(), orgId: gridVillage(), title: '12月5日 东沟村 入户宣讲（宪法）' });
    const other = await env.as('nzs_grid', 'POST', `${B}/events`, { orgId: gridVillage(), villageId: otherVillage(), heldOn: '2023-12-05', channels: ['door_to_door'] });
    expect(other.statusCode).toBe(400);
    expect(fieldsOf(other)).toEqual(['villageId']);
    const asOther = await env.as('nzs_grid', 'POST', `${B}/events`, { orgId: otherVillage(), heldOn: '2023-12-05', channels: ['door_to_door'] });
    expect(asOther.statusCode).toBe(403);
    expect(fieldsOf(asOther)).toEqual(['orgId']);
    expect((await env.as('nzs_grid', 'POST', `${B}/events`, { orgId: env.ids.nzs, heldOn: '2023-12-05', channels: ['lecture'] })).statusCode).toBe(403);
    // the township's own lecture is not theirs to read or change
    expect((await env.as('nzs_grid', 'GET', `${B}/events/${nzsEvent}`)).statusCode).toBe(403);
    expect((await env.as('nzs_grid', 'PATCH', `${B}/events/${nzsEvent}`, { place: 'x' })).statusCode).toBe(403);
    expect(await ids('year=2023', 'nzs_grid')).toEqual([gridEvent]);
  });

  it('the neighbouring township gets 403 on a record and sees none in its lists', async () => {
    for (const [m, body] of [
      ['GET', undefined],
      ['PATCH', { place: '白杨镇' }],
      ['DELETE', undefined],
    ] as const) {
      expect((await env.as('nb_sfs', m, `${B}/events/${nzsEvent}`, body)).statusCode, m).toBe(403);
    }
    expect(await ids('year=2023', 'nb_sfs')).toEqual([nbEvent]);
    expect((await env.as('nb_sfs', 'GET', `${B}/events?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    expect((await env.as('nb_sfs', 'GET', `${B}/events?villageId=${gridVillage()}`)).statusCode).toBe(403);
    expect((await env.as('nb_sfs', 'GET', `${B}/events.xlsx?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    // nor can it move its own event into 娘子神乡
    expect((await env.as('nb_sfs', 'PATCH', `${B}/events/${nbEvent}`, { orgId: env.ids.nzs })).statusCode).toBe(403);
    expect((await env.as('nb_sfs', 'PATCH', `${B}/events/${nbEvent}`, { villageId: gridVillage() })).statusCode).toBe(400);
    const denied = await env.deps.database.db.selectFrom('audit_events').select('id').where('entity', '=', 'publicity_event').where('entity_id', '=', nzsEvent).where('result', '=', 'denied').execute();
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });

  it('the township sees its villages; the county sees all; the mediator nothing', async () => {
    expect(await ids('year=2023')).toEqual([nzsEvent, gridEvent].sort());
    expect(await ids('year=2023', 'county')).toEqual([nzsEvent, gridEvent, nbEvent].sort());
    expect(await ids(`year=2023&orgId=${env.ids.nb}`, 'county')).toEqual([nbEvent]);
    expect((await env.as('nzs_mediator', 'GET', `${B}/events`)).statusCode).toBe(403);
    expect((await env.as('nzs_readonly', 'POST', `${B}/events`, { orgId: env.ids.nzs, heldOn: '2023-12-05', channels: ['lecture'] })).statusCode).toBe(403);
  });
});

describe('the list-filter contract: every filter', () => {
  const e: Record<string, string> = {};
  let campaign: string;
  beforeAll(async () => {
    campaign = (await env.as('nzs_sfs', 'POST', `${B}/campaigns`, { orgId: env.ids.nzs, title: '2022民法典宣传月', startsOn: '2022-05-01', endsOn: '2022-05-31' })).json().id;
    e.a = await create({ heldOn: '2022-05-10', channels: ['lecture', 'leaflet'], themes: ['civil_code'], villageId: otherVillage(), laws: ['《中华人民共和国民法典》'], campaignId: campaign, keyDate: 'kd_05', audience: '村民' });
    e.b = await create({ heldOn: '2022-05-20', channels: ['wechat_group'], themes: ['civil_code'], laws: ['民法典'], campaignId: campaign, place: '网格微信群' });
    e.c = await create({ heldOn: '2022-04-15', channels: ['street_event', 'douyin'], themes: ['national_security'], keyDate: 'kd_0415', organiserId: env.ids.nzsDepartments.司法所, laws: ['国家安全法'] });
    e.d = await create({ heldOn: '2022-12-31', status: 'planned', channels: ['banner'], notes: '跨年宣传 100%_完成' });
    e.g = await create({ orgId: gridVillage(), heldOn: '2022-06-26', channels: ['door_to_door'], themes: ['anti_drug'] }, 'nzs_grid');
    e.nb = await create({ orgId: env.ids.nb, heldOn: '2022-05-10', channels: ['lecture'], themes: ['civil_code'] }, 'nb_sfs');
  });
  const sorted = (...xs: string[]) => xs.map((x) => e[x]).sort();

  it.each([
    ['year=2022', ['a', 'b', 'c', 'd', 'g']],
    ['from=2022-05-10&to=2022-05-20', ['a', 'b']],
    ['year=2022&from=2022-12-31', ['d']],
    ['year=2022&status=planned', ['d']],
    ['year=2022&status=done', ['a', 'b', 'c', 'g']],
    ['year=2022&channel=leaflet', ['a']],
    ['year=2022&online=1', ['b', 'c']],
    ['year=2022&online=0', ['a', 'd', 'g']],
    ['year=2022&theme=civil_code', ['a', 'b']],
    ['year=2022&villageId=VILLAGE', ['g']],
    ['year=2022&organiserId=SFS', ['c']],
    ['year=2022&orgId=VILLAGE', ['g']],
    ['year=2022&campaignId=CAMPAIGN', ['a', 'b']],
    ['year=2022&keyDate=kd_0415', ['c']],
    ['year=2022&law=中华人民共和国民法典', ['a', 'b']],
    ['year=2022&law=《民法典》', ['a', 'b']],
    ['year=2022&law=国家安全', ['c']],
    ['year=2022&q=微信群', ['b']],
    ['year=2022&q=100%_', ['d']],
    ['year=2022&q=%', ['d']],
    ['year=2022&online=0&villageId=VILLAGE&theme=anti_drug', ['g']],
  ])('%s', async (q, want) => {
    const url = q.replace('VILLAGE', gridVillage()).replace('SFS', env.ids.nzsDepartments.司法所).replace('CAMPAIGN', campaign);
    expect(await ids(url)).toEqual(sorted(...want));
  });

  it('pages with a total', async () => {
    const p1 = await list('year=2022&page=1&pageSize=2');
    const p3 = await list('year=2022&page=3&pageSize=2');
    expect(p1.total).toBe(5);
    expect(p1.items.map((i) => i.id)).toEqual([e.d, e.g]);
    expect(p3.items.map((i) => i.id)).toEqual([e.c]);
  });

  it('normalises law titles', () => {
    expect(normalizeLawTitle('《中华人民共和国民法典》')).toBe('民法典');
  });

  it('law ignores letter case on SQLite and PostgreSQL alike, as the 谁执法谁普法 list does', async () => {
    const id = await create({ heldOn: '2019-03-15', channels: ['lecture'], laws: ['ISO 37301合规管理体系'] });
    expect(await ids('year=2019&law=iso 37301')).toEqual([id]);
    expect(await ids('year=2019&law=ISO 37301')).toEqual([id]);
    expect(lawCovers('ISO 37301合规管理体系', 'iso 37301')).toBe(true);
  });

  it('refuses garbage filters with 400 naming the param', async () => {
    for (const q of ['year=abc', 'status=maybe', 'channel=fax', 'online=2', 'from=2022-13-01', 'villageId=x', 'pageSize=1000']) {
      const r = await env.as('nzs_sfs', 'GET', `${B}/events?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(fieldsOf(r)[0], q).toBe(`query.${q.split('=')[0]}`);
    }
  });

  it('exports the same filter to Excel and the sheet reads back', async () => {
    const r = await env.as('nzs_sfs', 'GET', `${B}/events.xlsx?year=2022&theme=civil_code`);
    expect(r.statusCode, r.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('普法宣传活动');
    expect(ws).toBeDefined();
    const sheet = ws as ExcelJS.Worksheet;
    expect(String(sheet.getCell('A1').value)).toContain('2022年');
    const rows = [3, 4].map((i) => sheet.getRow(i).values as unknown[]);
    expect(rows.map((v) => [v[1], v[7], v[9], v[10], v[12], v[17]])).toEqual([
      ['2022-05-10', '西沟村', '法治讲座、发放宣传资料', '否', '《中华人民共和国民法典》', '2022民法典宣传月'],
      ['2022-05-20', '', '微信群', '是', '民法典', '2022民法典宣传月'],
    ]);
    expect(String(sheet.getRow(5).getCell(3).value)).toContain('其中新媒体1次');
    const audit = await env.deps.database.db.selectFrom('audit_events').select('id').where('entity', '=', 'publicity_event').where('action', '=', 'export').execute();
    expect(audit.length).toBe(1);
  });
});

describe('campaigns: progress from linked events, with its denominator', () => {
  it('counts done linked events, audience, materials and the new-media share against the targets', async () => {
    const c = await env.as('nzs_sfs', 'POST', `${B}/campaigns`, {
      orgId: env.ids.nzs,
      title: '2021宪法宣传周',
      startsOn: '2021-12-01',
      endsOn: '2021-12-07',
      targetEvents: 4,
      targetAudience: 500,
      targetOnlinePct: 50,
    });
    expect(c.statusCode, c.body).toBe(200);
    const id = c.json().id;
    await create({ heldOn: '2021-12-01', channels: ['lecture'], audienceCount: 120, materialsCount: 200, campaignId: id });
    await create({ heldOn: '2021-12-04', channels: ['street_event', 'wechat_account'], audienceCount: 80, materialsCount: 50, campaignId: id });
    await create({ heldOn: '2021-12-05', channels: ['door_to_door'], audienceCount: 30, campaignId: id, orgId: gridVillage() }, 'nzs_grid');
    await create({ heldOn: '2021-12-06', status: 'planned', channels: ['douyin'], campaignId: id });
    // in the week, but not linked: not counted
    await create({ heldOn: '2021-12-03', channels: ['wechat_group'], audienceCount: 999 });
    const v = (await env.as('nzs_sfs', 'GET', `${B}/campaigns/${id}`)).json();
    expect(v.progress).toMatchObject({ done: 3, planned: 1, audience: 230, materials: 250, online: 1, onlinePct: 33.3, eventsPct: 75, audiencePct: 46, daysLeft: 0, phase: 'ended' });
    expect(v.canEdit).toBe(true);
    // the grid worker takes part in the township's campaign and sees their own part of it
    expect((await env.as('nzs_grid', 'GET', `${B}/campaigns/${id}`)).json()).toMatchObject({ canEdit: false, progress: { done: 1, audience: 30, online: 0 } });
    expect((await env.as('nb_sfs', 'GET', `${B}/campaigns/${id}`)).statusCode).toBe(403);
    expect((await env.as('nb_sfs', 'PATCH', `${B}/campaigns/${id}`, { title: 'x' })).statusCode).toBe(403);
    expect((await env.as('nzs_officer', 'PATCH', `${B}/campaigns/${id}`, { title: 'x' })).statusCode).toBe(403);
  });

  it('keeps linked events inside the dates, both ways', async () => {
    const id = (await env.as('nzs_sfs', 'POST', `${B}/campaigns`, { orgId: env.ids.nzs, title: '禁毒月', startsOn: '2021-06-01', endsOn: '2021-06-30' })).json().id;
    const out = await env.as('nzs_sfs', 'POST', `${B}/events`, { orgId: env.ids.nzs, heldOn: '2021-07-01', channels: ['lecture'], campaignId: id });
    expect(fieldsOf(out)).toEqual(['campaignId']);
    await create({ heldOn: '2021-06-26', channels: ['lecture'], campaignId: id });
    const narrowed = await env.as('nzs_sfs', 'PATCH', `${B}/campaigns/${id}`, { endsOn: '2021-06-25' });
    expect(narrowed.statusCode).toBe(400);
    expect(fieldsOf(narrowed)).toEqual(['endsOn']);
    expect((await env.as('nzs_sfs', 'PATCH', `${B}/campaigns/${id}`, { endsOn: '2021-06-26', targetOnlinePct: 30 })).json()).toMatchObject({ endsOn: '2021-06-26', targetOnlinePct: 30 });
    const order = await env.as('nzs_sfs', 'PATCH', `${B}/campaigns/${id}`, { startsOn: '2021-07-01' });
    expect(fieldsOf(order)).toEqual(['startsOn']);
    // the neighbour cannot link its events to 娘子神乡's campaign
    const nb = await env.as('nb_sfs', 'POST', `${B}/events`, { orgId: env.ids.nb, heldOn: '2021-06-20', channels: ['lecture'], campaignId: id });
    expect(nb.statusCode).toBe(403);
    expect(fieldsOf(nb)).toEqual(['campaignId']);
    // nor list its events by it: the attempt is refused and audited, not answered with an empty page
    expect((await env.as('nb_sfs', 'GET', `${B}/events?campaignId=${id}`)).statusCode).toBe(403);
    const denied = await env.deps.database.db.selectFrom('audit_events').select(['actor_name']).where('entity', '=', 'publicity_campaign').where('entity_id', '=', id).where('result', '=', 'denied').execute();
    expect(denied.map((d) => d.actor_name)).toEqual(['nb_sfs', 'nb_sfs']);
  });

  it('a list of more campaigns than one answer carries says how many there are, the newest first', async () => {
    const at = new Date().toISOString();
    const n = CAMPAIGN_LIST_MAX + 3;
    const rows = Array.from({ length: n }, (_, i) => ({ id: uuidv7(), org_id: env.ids.nb, title: `第${i}期`, starts_on: `2019-${String(1 + (i % 12)).padStart(2, '0')}-01`, ends_on: '2019-12-31', created_at: at, updated_at: at }));
    for (let i = 0; i < rows.length; i += 100) await env.deps.database.db.insertInto('publicity_campaigns').values(rows.slice(i, i + 100)).execute();
    const r = (await env.as('nb_sfs', 'GET', `${B}/campaigns?year=2019`)).json();
    expect(r.items).toHaveLength(CAMPAIGN_LIST_MAX);
    expect(r.total).toBe(n);
    expect(r.items[0].startsOn >= r.items[r.items.length - 1].startsOn).toBe(true);
  });

  it("a county campaign is seen below, each township counting its own part; campaigns need publicity.manage", async () => {
    const r = await env.as('county', 'POST', `${B}/campaigns`, { orgId: env.ids.county, title: '八五普法', startsOn: '2021-01-01', endsOn: '2025-12-31', targetEvents: 100 });
    expect(r.statusCode, r.body).toBe(200);
    const id = r.json().id;
    await create({ heldOn: '2023-03-15', channels: ['lecture'], campaignId: id });
    await create({ orgId: env.ids.nb, heldOn: '2023-03-15', channels: ['douyin'], campaignId: id }, 'nb_sfs');
    expect((await env.as('county', 'GET', `${B}/campaigns/${id}`)).json().progress).toMatchObject({ done: 2, online: 1, onlinePct: 50 });
    const mine = (await env.as('nzs_sfs', 'GET', `${B}/campaigns/${id}`)).json();
    expect(mine).toMatchObject({ canEdit: false, progress: { done: 1, online: 0, onlinePct: 0 } });
    expect((await env.as('nzs_sfs', 'PATCH', `${B}/campaigns/${id}`, { title: 'x' })).statusCode).toBe(403);
    const listed = (await env.as('nzs_sfs', 'GET', `${B}/campaigns?orgId=${env.ids.nzs}&year=2023`)).json().items.map((c: { id: string }) => c.id);
    expect(listed).toContain(id);
    expect((await env.as('nzs_grid', 'POST', `${B}/campaigns`, { orgId: gridVillage(), title: 'x', startsOn: '2021-01-01', endsOn: '2021-01-02' })).statusCode).toBe(403);
    const kind = await env.as('nzs_sfs', 'POST', `${B}/campaigns`, { orgId: env.ids.nzsDepartments.司法所, title: 'x', startsOn: '2021-01-01', endsOn: '2021-01-02' });
    expect(fieldsOf(kind)).toEqual(['orgId']);
    const pct = await env.as('nzs_sfs', 'POST', `${B}/campaigns`, { orgId: env.ids.nzs, title: 'x', startsOn: '2021-01-01', endsOn: '2021-01-02', targetOnlinePct: 101 });
    expect(fieldsOf(pct)).toEqual(['targetOnlinePct']);
  });
});

describe('photos and files: optional, through the platform files service', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  async function upload(user: string, id: string, name = '现场.png', data = PNG) {
    const boundary = 'evtBoundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return env.app.inject({ method: 'POST', url: `${B}/events/${id}/files`, payload, headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${boundary}` } });
  }

  it('uploads, lists, downloads and deletes; the neighbour cannot', async () => {
    const id = await create({ orgId: gridVillage(), channels: ['door_to_door'] }, 'nzs_grid');
    const up = await upload('nzs_grid', id);
    expect(up.statusCode, up.body).toBe(200);
    const fileId = up.json().id;
    const d = (await env.as('nzs_sfs', 'GET', `${B}/events/${id}`)).json();
    expect(d.files).toBe(1);
    expect(d.fileList[0].name).toBe('现场.png');
    const dl = await env.as('nzs_sfs', 'GET', `${B}/events/${id}/files/${fileId}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PNG)).toBe(true);
    expect((await env.as('nb_sfs', 'GET', `${B}/events/${id}/files/${fileId}`)).statusCode).toBe(403);
    expect((await upload('nb_sfs', id)).statusCode).toBe(403);
    // a file of another event is not reachable through this one
    const other = await create({ channels: ['poster'] });
    expect((await env.as('nzs_sfs', 'GET', `${B}/events/${other}/files/${fileId}`)).statusCode).toBe(403);
    expect((await env.as('nzs_sfs', 'DELETE', `${B}/events/${other}/files/${fileId}`)).statusCode).toBe(404);
    expect((await upload('nzs_grid', id, '病毒.exe', Buffer.from('MZ'))).statusCode).toBe(415);
    expect((await env.as('nzs_grid', 'DELETE', `${B}/events/${id}/files/${fileId}`)).statusCode).toBe(204);
    expect((await env.as('nzs_sfs', 'GET', `${B}/events/${id}`)).json().files).toBe(0);
  });
});

describe('form options', () => {
  it('gives a township its villages, departments, themes and key dates; a grid worker their village', async () => {
    const t = (await env.as('nzs_sfs', 'GET', `${B}/events/options?orgId=${env.ids.nzs}`)).json();
    expect(t.villages).toHaveLength(8);
    expect(t.departments.map((d: { name: string }) => d.name)).toContain('司法所');
    expect(t.themes.map((x: { code: string }) => x.code)).toContain('anti_fraud');
    expect(t.keyDates.find((k: { key: string }) => k.key === 'kd_0415')?.from).toBe(`${today.slice(0, 4)}-04-15`);
    const g = (await env.as('nzs_grid', 'GET', `${B}/events/options?orgId=${gridVillage()}`)).json();
    expect(g.villages).toEqual([{ id: gridVillage(), name: '东沟村' }]);
    expect(g.township).toMatchObject({ id: env.ids.nzs, name: '娘子神乡' });
    expect((await env.as('nb_sfs', 'GET', `${B}/events/options?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
  });

  it('offers, and links, only content the recorder may read or the public may: never a draft beyond their scope', async () => {
    const C = `${B}/contents`;
    const draft = (await env.as('nzs_officer', 'POST', C, { orgId: env.ids.nzs, kind: 'article', title: '草稿：某村土地纠纷调解经过', bodyHtml: '<p>未审核</p>' })).json().id;
    const pub = (await env.as('nzs_officer', 'POST', C, { orgId: env.ids.nzs, kind: 'article', title: '已发布：防范电信诈骗', bodyHtml: '<p>已审核</p>' })).json().id;
    expect((await env.as('nzs_officer', 'POST', `${C}/${pub}/submit`, { declaration: { noMinors: true, noMediationAgreement: true } })).statusCode).toBe(200);
    expect((await env.as('nzs_sfs', 'POST', `${C}/${pub}/publish`, {})).statusCode).toBe(200);
    // the township's own staff see both
    const t = (await env.as('nzs_sfs', 'GET', `${B}/events/options?orgId=${env.ids.nzs}`)).json();
    expect(t.contents.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([draft, pub]));
    // the grid worker (scope: their village) is offered the published article only
    const g = (await env.as('nzs_grid', 'GET', `${B}/events/options?orgId=${gridVillage()}`)).json();
    expect(g.contents.map((c: { id: string }) => c.id)).toContain(pub);
    expect(g.contents.map((c: { id: string }) => c.id)).not.toContain(draft);
    expect(JSON.stringify(g)).not.toContain('某村土地纠纷');
    // and cannot link the draft by its id (which would show its title on the event): 403, audited
    const body = { orgId: gridVillage(), heldOn: '2023-12-05', channels: ['wechat_group'] };
    const linked = await env.as('nzs_grid', 'POST', `${B}/events`, { ...body, contentId: draft });
    expect(linked.statusCode, linked.body).toBe(403);
    expect(fieldsOf(linked)).toEqual(['contentId']);
    const denied = await env.deps.database.db.selectFrom('audit_events').select('actor_name').where('entity', '=', 'publicity_content').where('entity_id', '=', draft).where('result', '=', 'denied').execute();
    expect(denied.map((d) => d.actor_name)).toEqual(['nzs_grid']);
    const ok = await env.as('nzs_grid', 'POST', `${B}/events`, { ...body, contentId: pub });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await env.as('nzs_grid', 'GET', `${B}/events/${ok.json().id}`)).json().contentTitle).toBe('已发布：防范电信诈骗');
    // the neighbour: 娘子神乡's draft is out of its scope (403); the published article is not its township's (400)
    expect((await env.as('nb_sfs', 'POST', `${B}/events`, { orgId: env.ids.nb, heldOn: '2023-12-05', channels: ['lecture'], contentId: draft })).statusCode).toBe(403);
    const nbPub = await env.as('nb_sfs', 'POST', `${B}/events`, { orgId: env.ids.nb, heldOn: '2023-12-05', channels: ['lecture'], contentId: pub });
    expect(nbPub.statusCode).toBe(400);
    expect(fieldsOf(nbPub)).toEqual(['contentId']);
  });
});
