import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../platform/auth/auth.service.ts';
import { type Ctx, systemCtx } from '../../platform/context.ts';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import { DEMO_PASSWORD } from '../../seed/base.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { renderSection } from '../mediation/mediation.report.ts';
import { nextStudySession } from './study.service.ts';

/**
 * The study module against records this file creates through the API and counts by hand: host
 * rotation, attendance and hours (only 出席 earns hours; the year boundary; exactly on the minimum
 * meets it), requirements, the test paper's pass rate with its denominator, 法律明白人 crediting
 * through the mediation registry, plans, the report paragraph and findings whose links list exactly
 * the counted records, the Excel table, and the neighbouring township (白杨镇 nb_sfs) kept out.
 */
let env: TestEnv;
const B = '/api/v1/study';
const S = (name: string) => env.ids.staff[name];

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

async function as(user: string, method: string, url: string, body?: unknown) {
  return env.call(method, url, { cookie: await env.login(user), body });
}

async function session(body: Record<string, unknown>, user = 'nzs_sfs') {
  const r = await as(user, 'POST', `${B}/sessions`, { orgId: env.ids.nzs, kind: 'center_group', hours: 2, topic: '学习习近平法治思想', laws: ['习近平法治思想'], ...body });
  return r;
}
async function created(body: Record<string, unknown>): Promise<string> {
  const r = await session(body);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().id;
}
async function attend(id: string, items: [string, string][], user = 'nzs_sfs') {
  return as(user, 'PUT', `${B}/sessions/${id}/attendance`, { items: items.map(([n, status]) => ({ staffId: S(n), status })) });
}
async function hours(q: string, user = 'nzs_sfs') {
  const r = await as(user, 'GET', `${B}/hours?${q}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { year: number; items: { name: string; hours: number; below: boolean; target: number; hosted: number; category: string }[]; totals: { people: number; below: number } };
}
const row = (h: Awaited<ReturnType<typeof hours>>, name: string) => h.items.find((i) => i.name === name);

describe('host rotation among the leadership (由班子成员轮流主持)', () => {
  it('suggests who never hosted first, in roster order, then whoever hosted least recently', async () => {
    const s0 = (await as('nzs_sfs', 'GET', `${B}/host-suggestion?orgId=${env.ids.nzs}`)).json();
    expect(s0.leaders).toHaveLength(9);
    expect(s0.suggested).toMatchObject({ name: '高建军', lastHostedOn: null, hosted: 0 });

    await created({ heldOn: '2022-03-10', hostStaffId: S('高建军') });
    expect((await as('nzs_sfs', 'GET', `${B}/host-suggestion?orgId=${env.ids.nzs}`)).json().suggested.name).toBe('王志宏');
    // a 会前学法 hosted by 王志宏 is not a turn of the rotation
    await created({ kind: 'pre_meeting', heldOn: '2022-03-11', hostStaffId: S('王志宏') });
    expect((await as('nzs_sfs', 'GET', `${B}/host-suggestion?orgId=${env.ids.nzs}`)).json().suggested.name).toBe('王志宏');

    // everyone takes a turn; then the oldest turn (高建军, 2022-03-10) comes round again
    const rest = ['王志宏', '刘海涛', '张秀英', '李卫东', '马晓燕', '杨帆', '郝文博', '白雪'];
    for (const [i, n] of rest.entries()) await created({ kind: i % 2 ? 'special' : 'center_group', heldOn: `2022-04-${String(10 + i).padStart(2, '0')}`, hostStaffId: S(n) });
    const s1 = (await as('nzs_sfs', 'GET', `${B}/host-suggestion?orgId=${env.ids.nzs}`)).json();
    expect(s1.suggested).toMatchObject({ name: '高建军', lastHostedOn: '2022-03-10', hosted: 1 });
    // a planned (future) turn counts as taken: the suggestion moves on at once
    await created({ heldOn: addDaysIso(todayShanghai(), 30), hostStaffId: S('高建军') });
    expect((await as('nzs_sfs', 'GET', `${B}/host-suggestion?orgId=${env.ids.nzs}`)).json().suggested.name).toBe('王志宏');
  });

  it('the host must be a serving leader of the township', async () => {
    const cadre = await session({ heldOn: '2022-05-01', hostStaffId: S('李静') });
    expect(cadre.statusCode).toBe(400);
    expect(cadre.json().fields[0]).toMatchObject({ field: 'hostStaffId' });
    expect(cadre.json().fields[0].message).toContain('领导班子');
    const neighbour = await session({ heldOn: '2022-05-01', hostStaffId: S('韩国栋') });
    expect(neighbour.statusCode).toBe(400);
    const en = await env.call('POST', `${B}/sessions`, {
      cookie: await env.login('nzs_sfs'),
      headers: { 'accept-language': 'en' },
      body: { orgId: env.ids.nzs, kind: 'center_group', heldOn: '2022-05-01', hours: 2, topic: 'x', hostStaffId: S('李静') },
    });
    expect(en.json().fields[0].message).toContain('leadership');
  });

  it("a county session is hosted by the county's own leadership, not a township's (who may still attend)", async () => {
    const county = (await as('county', 'GET', `${B}/host-suggestion?orgId=${env.ids.county}`)).json();
    expect(county).toEqual({ suggested: null, leaders: [] });
    const r = await as('county', 'POST', `${B}/sessions`, { orgId: env.ids.county, kind: 'special', heldOn: '2022-06-01', hours: 3, topic: '全县专题学法', hostStaffId: S('高建军') });
    expect(r.json().fields?.[0]?.field).toBe('hostStaffId');
    const ok = await as('county', 'POST', `${B}/sessions`, { orgId: env.ids.county, kind: 'officer_training', heldOn: '2022-06-02', hours: 3, topic: '全县执法人员培训' });
    expect((await attend(ok.json().id, [['赵刚', 'present']], 'county')).statusCode).toBe(200);
    // and 娘子神乡 cannot record attendance at the county's session
    expect((await attend(ok.json().id, [['赵刚', 'absent']])).statusCode).toBe(403);
  });
});

describe('sessions: scope, validation, attendance and hours', () => {
  let s2024a: string;
  it('nb_sfs can neither create in nor read 娘子神乡; a village or bad hours are refused with the field named', async () => {
    s2024a = await created({ kind: 'officer_training', heldOn: '2024-03-05', hours: 3.5, topic: '行政处罚法培训', laws: ['中华人民共和国行政处罚法'] });
    expect((await session({ heldOn: '2024-03-05' }, 'nb_sfs')).statusCode).toBe(403);
    expect((await as('nb_sfs', 'GET', `${B}/sessions/${s2024a}`)).statusCode).toBe(403);
    expect((await as('nb_sfs', 'PUT', `${B}/sessions/${s2024a}/attendance`, { items: [] })).statusCode).toBe(403);
    const list = (await as('nb_sfs', 'GET', `${B}/sessions?year=2024`)).json();
    expect(list.total).toBe(0);
    expect((await as('nb_sfs', 'GET', `${B}/sessions?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    const denied = await env.deps.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', s2024a).where('result', '=', 'denied').execute();
    expect(denied.length).toBeGreaterThanOrEqual(2);

    const village = await session({ orgId: env.ids.nzsVillages[0], heldOn: '2024-03-05' });
    expect(village.statusCode).toBe(400);
    expect(village.json().fields[0].field).toBe('orgId');
    const precision = await session({ heldOn: '2024-03-05', hours: 1.25 });
    expect(precision.statusCode).toBe(400);
    expect(precision.json().fields[0]).toMatchObject({ field: 'hours', message: '学时最多保留一位小数' });
    expect((await session({ heldOn: '2024-02-30' })).json().fields[0].field).toBe('heldOn');
    // the readonly user and the officer read, but cannot write
    expect((await session({ heldOn: '2024-03-05' }, 'nzs_readonly')).statusCode).toBe(403);
    expect((await as('nzs_officer', 'GET', `${B}/sessions/${s2024a}`)).statusCode).toBe(200);
  });

  it('attendance: only the township roster, once each; only 出席 earns hours', async () => {
    const nb = await as('nzs_sfs', 'PUT', `${B}/sessions/${s2024a}/attendance`, { items: [{ staffId: S('蒋波'), status: 'present' }] });
    expect(nb.statusCode).toBe(400);
    expect(nb.json().fields[0].field).toBe('items.0.staffId');
    const dup = await attend(s2024a, [
      ['赵刚', 'present'],
      ['赵刚', 'absent'],
    ]);
    expect(dup.statusCode).toBe(400);
    expect(dup.json().fields[0].field).toBe('items.1.staffId');
    const ok = await attend(s2024a, [
      ['赵刚', 'present'],
      ['霍俊', 'leave'],
      ['冯磊', 'absent'],
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ present: 1, recorded: 3 });
    const h = await hours(`year=2024&orgId=${env.ids.nzs}&category=officer`);
    expect(h.items.map((i) => [i.name, i.hours])).toEqual([
      ['赵刚', 3.5],
      ['霍俊', 0],
      ['冯磊', 0],
    ]);
  });

  it('a session on 12-31 counts for that year, one on 01-01 for the next; a 国庆 holiday session counts like any day', async () => {
    const dec31 = await created({ kind: 'officer_training', heldOn: '2024-12-31', hours: 1, topic: '年末培训' });
    const jan1 = await created({ kind: 'officer_training', heldOn: '2025-01-01', hours: 2, topic: '新年培训' });
    const nationalDay = await created({ kind: 'officer_training', heldOn: '2024-10-01', hours: 0.5, topic: '国庆值班学法' });
    for (const id of [dec31, jan1, nationalDay]) expect((await attend(id, [['赵刚', 'present']])).statusCode).toBe(200);
    expect(row(await hours(`year=2024&orgId=${env.ids.nzs}`), '赵刚')?.hours).toBe(5);
    expect(row(await hours(`year=2025&orgId=${env.ids.nzs}`), '赵刚')?.hours).toBe(2);
    // the person's own list of sessions (the hours table links there)
    const mine = (await as('nzs_sfs', 'GET', `${B}/sessions?year=2024&staffId=${S('赵刚')}`)).json();
    expect(mine.total).toBe(3);
  });

  it('attendance is recorded on or after the day: today is just on time, tomorrow is too early', async () => {
    const today = todayShanghai();
    const t = await created({ kind: 'special', heldOn: today, hostStaffId: S('李卫东') });
    expect((await attend(t, [['李卫东', 'present']])).statusCode).toBe(200);
    const tomorrow = await created({ kind: 'special', heldOn: addDaysIso(today, 1), hostStaffId: S('马晓燕') });
    const early = await attend(tomorrow, [['马晓燕', 'present']]);
    expect(early.statusCode).toBe(400);
    expect(early.json().fields[0]).toMatchObject({ field: 'heldOn' });
    // a held session with attendance cannot be moved into the future
    const moved = await as('nzs_sfs', 'PATCH', `${B}/sessions/${t}`, { heldOn: addDaysIso(today, 1) });
    expect(moved.statusCode).toBe(400);
    const next = await nextStudySession(await ctxOf('nzs_sfs'), env.ids.nzs, today);
    expect(next).toMatchObject({ id: t, date: today, hostName: '李卫东' });
    const api = (await as('nzs_leader', 'GET', `${B}/next-session?orgId=${env.ids.nzs}`)).json();
    expect(api.date >= today).toBe(true);
  });

  it('below target: strictly fewer hours than the category minimum; exactly on it meets it', async () => {
    const def = (await as('nzs_sfs', 'GET', `${B}/requirements?orgId=${env.ids.nzs}&year=2024`)).json();
    expect(def.items.find((i: { category: string }) => i.category === 'officer')).toMatchObject({ minHours: 40, isDefault: true });
    const put = await as('nzs_sfs', 'PUT', `${B}/requirements`, { orgId: env.ids.nzs, year: 2024, items: [{ category: 'officer', minHours: 5 }] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().items.find((i: { category: string }) => i.category === 'officer')).toMatchObject({ minHours: 5, isDefault: false });
    let h = await hours(`year=2024&orgId=${env.ids.nzs}&category=officer`);
    expect(row(h, '赵刚')).toMatchObject({ hours: 5, target: 5, below: false });
    expect(row(h, '霍俊')).toMatchObject({ hours: 0, below: true });
    await as('nzs_sfs', 'PUT', `${B}/requirements`, { orgId: env.ids.nzs, year: 2024, items: [{ category: 'officer', minHours: 5.1 }] });
    h = await hours(`year=2024&orgId=${env.ids.nzs}&category=officer&belowTarget=1`);
    expect(h.items.map((i) => i.name)).toEqual(['赵刚', '霍俊', '冯磊']);
    // a department inherits the township's setting; the neighbour keeps the default
    expect((await hours(`year=2024&orgId=${env.ids.nzsDepartments.综合行政执法队}`)).items[0].target).toBe(5.1);
    expect((await hours('year=2024', 'nb_sfs')).items.find((i) => i.name === '蒋波')?.target).toBe(40);
    expect((await as('nb_sfs', 'PUT', `${B}/requirements`, { orgId: env.ids.nzs, year: 2024, items: [{ category: 'officer', minHours: 1 }] })).statusCode).toBe(403);
    expect((await as('nzs_officer', 'PUT', `${B}/requirements`, { orgId: env.ids.nzs, year: 2024, items: [{ category: 'officer', minHours: 1 }] })).statusCode).toBe(403);
    const bad = await as('nzs_sfs', 'PUT', `${B}/requirements`, { orgId: env.ids.nzs, year: 2024, items: [{ category: 'officer', minHours: 1.25 }] });
    expect(bad.json().fields[0].field).toBe('items.0.minHours');
    const audit = await env.deps.database.db.selectFrom('audit_events').select(['before_json', 'after_json']).where('action', '=', 'study.requirements.set').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!)).toEqual({ officer: 5 });
    expect(JSON.parse(audit.after_json!)).toEqual({ officer: 5.1 });
  });

  it('the Excel hours table reads back with the same figures', async () => {
    const r = await as('nzs_sfs', 'GET', `${B}/hours.xlsx?year=2024&orgId=${env.ids.nzs}&category=officer`);
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('学法学时')!;
    expect(String(ws.getCell('A1').value)).toContain('娘子神乡2024年');
    const rows = [3, 4, 5].map((i) => ws.getRow(i).values as unknown[]);
    expect(rows.map((v) => [v[1], v[6], v[8]])).toEqual([
      ['赵刚', 5, '未达标'],
      ['霍俊', 0, '未达标'],
      ['冯磊', 0, '未达标'],
    ]);
    expect((await env.deps.database.db.selectFrom('audit_events').select('id').where('entity', '=', 'study_hours').where('action', '=', 'export').execute()).length).toBe(1);
    expect((await as('nb_sfs', 'GET', `${B}/hours.xlsx?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
  });
});

/** A service context acting as a demo user (for the exported nextStudySession, called as the planning page would). */
async function ctxOf(user: string): Promise<Ctx> {
  const base = systemCtx(env.deps);
  const { actor } = await login(base, { username: user, password: DEMO_PASSWORD });
  return { ...base, actor };
}

describe('学法考试: a paper, scores of those present, pass rate with its denominator', () => {
  let id: string;
  it('refuses a pass mark above the total, scores before a paper, and scores of people not present', async () => {
    id = await created({ kind: 'special', heldOn: '2024-06-20', hours: 2, topic: '民法典专题学法', laws: ['中华人民共和国民法典'], hostStaffId: S('刘海涛') });
    await attend(id, [
      ['刘海涛', 'present'],
      ['张秀英', 'present'],
      ['李卫东', 'present'],
      ['马晓燕', 'leave'],
    ]);
    const noPaper = await as('nzs_sfs', 'PUT', `${B}/sessions/${id}/scores`, { items: [{ staffId: S('刘海涛'), score: 90 }] });
    expect(noPaper.statusCode).toBe(400);
    const bad = await as('nzs_sfs', 'PUT', `${B}/sessions/${id}/test`, { title: '民法典测试', passMark: 101, total: 100 });
    expect(bad.json().fields[0].field).toBe('passMark');
    expect((await as('nzs_sfs', 'PUT', `${B}/sessions/${id}/test`, { title: '民法典测试', passMark: 60, total: 100 })).statusCode).toBe(200);
    const leave = await as('nzs_sfs', 'PUT', `${B}/sessions/${id}/scores`, { items: [{ staffId: S('马晓燕'), score: 90 }] });
    expect(leave.json().fields[0]).toMatchObject({ field: 'items.0.staffId' });
    const over = await as('nzs_sfs', 'PUT', `${B}/sessions/${id}/scores`, { items: [{ staffId: S('刘海涛'), score: 100.5 }] });
    expect(over.json().fields[0].field).toBe('items.0.score');
  });

  it('pass rate = passed / sat; exactly the pass mark passes, 59.9 fails', async () => {
    const r = await as('nzs_sfs', 'PUT', `${B}/sessions/${id}/scores`, {
      items: [
        { staffId: S('刘海涛'), score: 60 },
        { staffId: S('张秀英'), score: 59.9 },
        { staffId: S('李卫东'), score: 95 },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().test).toMatchObject({ sat: 3, passed: 2, passRate: 66.7 });
    // lowering the total below a recorded score is refused
    expect((await as('nzs_sfs', 'PUT', `${B}/sessions/${id}/test`, { title: '民法典测试', passMark: 60, total: 90 })).json().fields[0].field).toBe('total');
    // someone marked absent afterwards loses the score with the attendance
    const a = await attend(id, [
      ['刘海涛', 'present'],
      ['张秀英', 'absent'],
      ['李卫东', 'present'],
    ]);
    expect(a.json().test).toMatchObject({ sat: 2, passed: 2, passRate: 100 });
  });
});

describe('法律明白人培训 credits the 法律明白人 registry', () => {
  it('credits hours once per person through the mediation service, only for that kind', async () => {
    const u = await as('nzs_sfs', 'POST', '/api/v1/mediation/understanders', { orgId: env.ids.nzsVillages[1], person: { name: '刘明白', gender: '男' }, category: 'grid_worker', appointedOn: '2023-01-01' });
    const uid = u.json().id;
    const nbU = (await as('nb_sfs', 'POST', '/api/v1/mediation/understanders', { orgId: env.ids.nbVillages[0], person: { name: '白明白' }, category: 'other', appointedOn: '2023-01-01' })).json().id;
    const training = await created({ kind: 'understander_training', heldOn: '2024-07-02', hours: 3, topic: '法律明白人人民调解实务培训', headcount: 25 });
    const other = await created({ kind: 'lecture', heldOn: '2024-07-03', hours: 1, topic: '法治讲座' });
    expect((await as('nzs_sfs', 'POST', `${B}/sessions/${other}/understanders`, { understanderIds: [uid] })).statusCode).toBe(400);
    // another township's 法律明白人: refused, naming the field (and the denial audited)
    const foreign = await as('nzs_sfs', 'POST', `${B}/sessions/${training}/understanders`, { understanderIds: [uid, nbU] });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().fields).toEqual([expect.objectContaining({ field: 'understanderIds.1' })]);
    const denied = await env.deps.database.db.selectFrom('audit_events').select('actor_name').where('entity_id', '=', nbU).where('result', '=', 'denied').execute();
    expect(denied.map((d) => d.actor_name)).toEqual(['nzs_sfs']);
    expect((await as('nzs_leader', 'POST', `${B}/sessions/${training}/understanders`, { understanderIds: [uid] })).statusCode).toBe(403);
    for (let i = 0; i < 2; i++) {
      const r = await as('nzs_sfs', 'POST', `${B}/sessions/${training}/understanders`, { understanderIds: [uid] });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().understanders).toEqual([expect.objectContaining({ understanderId: uid, name: '刘明白' })]);
    }
    const acts = (await as('nzs_sfs', 'GET', `/api/v1/mediation/understanders/${uid}/activities?year=2024`)).json();
    expect(acts.items).toHaveLength(1);
    expect(acts.items[0]).toMatchObject({ kind: 'training', hours: 3, heldOn: '2024-07-02' });
  });
});

describe('plans', () => {
  it('items name the laws; a session fulfils an item; an item in use cannot be removed', async () => {
    const p = await as('nzs_sfs', 'POST', `${B}/plans`, {
      orgId: env.ids.nzs,
      year: 2024,
      kind: 'center_group',
      title: '娘子神乡党委理论学习中心组2024年学习计划',
      items: [
        { title: '中国共产党章程', month: '2024-02' },
        { title: '中央党内法规制定工作规划纲要（2023—2027年）', month: '2024-04' },
      ],
    });
    expect(p.statusCode, p.body).toBe(200);
    const plan = p.json();
    const item = plan.items[0].id;
    await created({ heldOn: '2024-02-22', planItemId: item, laws: ['中国共产党章程'], hostStaffId: S('郝文博') });
    const got = (await as('nzs_sfs', 'GET', `${B}/plans/${plan.id}`)).json();
    expect(got.itemsDone).toBe(1);
    const rm = await as('nzs_sfs', 'PUT', `${B}/plans/${plan.id}`, { items: [{ id: plan.items[1].id, title: plan.items[1].title }] });
    expect(rm.statusCode).toBe(400);
    expect(rm.json().fields[0].field).toBe('items');
    const ok = await as('nzs_sfs', 'PUT', `${B}/plans/${plan.id}`, { items: [{ id: item, title: '中国共产党章程' }, { title: '宪法' }] });
    expect(ok.json().items.map((i: { title: string }) => i.title)).toEqual(['中国共产党章程', '宪法']);
    expect((await as('nb_sfs', 'GET', `${B}/plans/${plan.id}`)).statusCode).toBe(403);
    const nbPlanItem = await as('nb_sfs', 'POST', `${B}/plans`, { orgId: env.ids.nb, year: 2024, kind: 'pre_meeting', title: '白杨镇会前学法计划', items: [{ title: '宪法' }] });
    const foreign = await session({ heldOn: '2024-05-05', planItemId: nbPlanItem.json().items[0].id });
    expect(foreign.json().fields[0].field).toBe('planItemId');
    // the same ids arriving in an edit: refused with the field named, nothing changed
    const own = await created({ heldOn: '2021-05-06', planItemId: item, hostStaffId: S('郝文博') });
    const editPlan = await as('nzs_sfs', 'PATCH', `${B}/sessions/${own}`, { planItemId: nbPlanItem.json().items[0].id });
    expect(editPlan.statusCode).toBe(400);
    expect(editPlan.json().fields[0].field).toBe('planItemId');
    const editHost = await as('nzs_sfs', 'PATCH', `${B}/sessions/${own}`, { hostStaffId: S('韩国栋') });
    expect(editHost.statusCode).toBe(400);
    expect(editHost.json().fields[0].field).toBe('hostStaffId');
    expect((await as('nzs_sfs', 'GET', `${B}/sessions/${own}`)).json()).toMatchObject({ planItemId: item, hostStaffId: S('郝文博') });
  });

  it('an edit that empties the notes and an item’s month stores them empty; the title and kept items stay', async () => {
    const p = await as('nzs_sfs', 'POST', `${B}/plans`, {
      orgId: env.ids.nzs,
      year: 2021,
      kind: 'pre_meeting',
      title: '娘子神乡2021年会前学法计划',
      notes: '每次党委会前学法不少于15分钟',
      items: [{ title: '中华人民共和国宪法', month: '2021-03', notes: '宪法宣誓' }],
    });
    expect(p.statusCode, p.body).toBe(200);
    const plan = p.json();
    // what the web edit form sends when the user clears the plan's notes and the item's month and notes
    const r = await as('nzs_sfs', 'PUT', `${B}/plans/${plan.id}`, { notes: '', items: [{ id: plan.items[0].id, title: '中华人民共和国宪法' }, { title: '中华人民共和国行政处罚法', month: '2021-06' }] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ title: '娘子神乡2021年会前学法计划', notes: null });
    expect(r.json().items).toMatchObject([
      { id: plan.items[0].id, title: '中华人民共和国宪法', month: null, notes: null },
      { title: '中华人民共和国行政处罚法', month: '2021-06' },
    ]);
    const audit = await env.deps.database.db.selectFrom('audit_events').select(['after_json']).where('action', '=', 'study.plan.update').where('entity_id', '=', plan.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ notes: null });
  });
});

describe('report paragraph and findings: every figure links to exactly its records', () => {
  async function follow(user: string, webHref: string): Promise<number> {
    const [path, qs] = webHref.split('?');
    if (path === '/study/sessions') {
      const r = await as(user, 'GET', `${B}/sessions?${qs}&pageSize=1`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().total;
    }
    expect(path).toBe('/study/hours');
    return (await hours(qs, user)).items.length;
  }

  it('the 2024 paragraph counts the sessions held by kind, hours per person and the pass rate', async () => {
    const r = await as('nzs_leader', 'GET', `${B}/report-section?year=2024&orgId=${env.ids.nzs}`);
    expect(r.statusCode).toBe(200);
    const s = r.json();
    const f = new Map<string, { value: number; href: string; denominator?: number }>(s.figures.map((x: { key: string }) => [x.key, x]));
    // by hand: 2024 sessions created above — officer_training ×4 (03-05, 10-01, 12-31 and none else), special 06-20,
    // understander_training 07-02, lecture 07-03, center_group 02-22
    expect(f.get('officer_training')?.value).toBe(3);
    expect(f.get('special')?.value).toBe(1);
    expect(f.get('understander_training')?.value).toBe(1);
    expect(f.get('lecture')?.value).toBe(1);
    expect(f.get('center_group')?.value).toBe(1);
    expect(f.get('sessions')?.value).toBe(7);
    expect(f.get('test_pass_rate')).toMatchObject({ value: 100, denominator: 2 });
    // 赵刚 5 h, 刘海涛 2, 李卫东 2 (the 06-20 session); 17 staff
    expect(f.get('people')?.value).toBe(17);
    expect(f.get('person_hours')?.value).toBe(9);
    expect(f.get('officer_avg_hours')).toMatchObject({ value: 1.7, denominator: 3 });
    for (const [key, fig] of f) {
      if (['avg_hours', 'person_hours', 'test_pass_rate', 'test_sat', 'test_passed', 'officer_avg_hours', 'leaders_hosted'].includes(key)) continue;
      expect(await follow('nzs_leader', fig.href), key).toBe(fig.value);
    }
    expect(await follow('nzs_leader', f.get('officer_avg_hours')!.href)).toBe(3);
    expect(await follow('nzs_leader', f.get('leaders_hosted')!.href)).toBe(f.get('leaders_hosted')!.denominator);
    const text = renderSection(s);
    expect(text).toContain('2024年，共开展学法活动7次');
    expect(text).toContain('执法人员培训3次');
    expect(text).toContain('合格率100%（2/2）');
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it('findings: officers below target and leaders who never hosted, each linking to exactly them', async () => {
    const r = await as('nzs_sfs', 'GET', `${B}/findings?from=2024-01-01&to=2024-12-31&orgId=${env.ids.nzs}`);
    const items = r.json().items as { code: string; count: number; href: string; message: string; severity: string }[];
    const officers = items.find((i) => i.code === 'below_target_officer')!;
    expect(officers).toMatchObject({ count: 3, severity: 'warning' });
    expect(await follow('nzs_sfs', officers.href)).toBe(3);
    const never = items.find((i) => i.code === 'leaders_never_hosted')!;
    // 2024 hosts: 刘海涛 (06-20), 郝文博 (02-22)
    expect(never.count).toBe(7);
    expect(never.message).not.toContain('刘海涛');
    expect(await follow('nzs_sfs', never.href)).toBe(7);
    expect((await as('nb_sfs', 'GET', `${B}/findings?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    const nbOwn = (await as('nb_sfs', 'GET', `${B}/findings?from=2024-01-01&to=2024-12-31`)).json().items as { message: string }[];
    expect(nbOwn.every((i) => !i.message.includes('娘子神乡'))).toBe(true);
  });

  it("the county's findings (its own office included) each link to exactly the people counted", async () => {
    const items = (await as('county', 'GET', `${B}/findings?from=2024-01-01&to=2024-12-31`)).json().items as { code: string; count: number; href: string; orgId: string }[];
    expect(items.length).toBeGreaterThan(0);
    // 周明 of the county office, a cadre with no hours in 2024, is one of them
    expect(items.some((i) => i.code === 'below_target_cadre' && i.orgId !== env.ids.nzs && i.orgId !== env.ids.nb)).toBe(true);
    for (const i of items) expect(await follow('county', i.href), `${i.code} ${i.orgId}`).toBe(i.count);
    // asked for one 站办所 (党政办: 周文, 吴婷), the links list that office's people, not the township's
    const office = (await as('nzs_sfs', 'GET', `${B}/findings?from=2024-01-01&to=2024-12-31&orgId=${env.ids.nzsDepartments.党政办}`)).json().items as typeof items;
    expect(office.find((i) => i.code === 'below_target_cadre')?.count).toBe(2);
    for (const i of office) expect(await follow('nzs_sfs', i.href), i.code).toBe(i.count);
  });

  it('stats for the county add up over both townships', async () => {
    const st = (await as('county', 'GET', `${B}/stats?from=2024-01-01&to=2024-12-31`)).json();
    expect(st.sessions).toBe(7);
    expect(st.tests).toMatchObject({ papers: 1, sat: 2, passed: 2, passRate: 100 });
    expect(st.byKind.find((k: { key: string }) => k.key === 'officer_training').count).toBe(3);
  });
});

describe('materials and photos (optional)', () => {
  it('uploads a photo to a session and downloads it; the neighbour cannot', async () => {
    const id = await created({ kind: 'lecture', heldOn: '2024-08-01', hours: 1, topic: '宪法讲座' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const boundary = 'studyBoundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="讲座现场.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await env.app.inject({ method: 'POST', url: `${B}/sessions/${id}/attachments`, payload, headers: { cookie: await env.login('nzs_sfs'), 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(up.statusCode, up.body).toBe(200);
    const fid = up.json().id;
    const dl = await as('nzs_readonly', 'GET', `${B}/files/${fid}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(png)).toBe(true);
    expect((await as('nb_sfs', 'GET', `${B}/files/${fid}`)).statusCode).toBe(403);
    expect((await as('nzs_sfs', 'GET', `${B}/sessions/${id}`)).json().attachments).toHaveLength(1);
  });
});

describe('robustness (dates in 2021, away from the counts above)', () => {
  it('concurrent attendance replacements all succeed and leave one whole list, not a mix', async () => {
    const id = await created({ kind: 'special', heldOn: '2021-09-09', hostStaffId: S('杨帆') });
    const lists = [['杨帆'], ['杨帆', '白雪'], ['高建军', '王志宏', '刘海涛'], ['李静'], ['赵刚', '霍俊']];
    const rs = await Promise.all(lists.map((l) => attend(id, l.map((n): [string, string] => [n, 'present']))));
    expect(rs.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const d = (await as('nzs_sfs', 'GET', `${B}/sessions/${id}`)).json();
    const names = (d.attendance as { name: string }[]).map((a) => a.name).sort();
    expect(lists.map((l) => [...l].sort())).toContainEqual(names);
  });

  it('near-valid and wrong bodies on a real session: never a 5xx, and a refused write changes nothing', async () => {
    const id = await created({ kind: 'understander_training', heldOn: '2021-10-10', hours: 2, topic: '稳健性测试' });
    await as('nzs_sfs', 'PUT', `${B}/sessions/${id}/test`, { title: '卷', passMark: 60, total: 100 });
    const people = [S('赵刚'), S('霍俊'), S('李静'), S('蒋波'), '00000000-0000-7000-8000-000000000000'];
    const staffId = fc.oneof(fc.constantFrom(...people), fc.uuid(), fc.string({ maxLength: 5 }));
    const items = (value: fc.Arbitrary<unknown>, key: string) =>
      fc.array(fc.record({ staffId, [key]: value }, { requiredKeys: [] }), { maxLength: 6 }).map((xs) => ({ items: xs }));
    const requests = fc.oneof(
      items(fc.oneof(fc.constantFrom('present', 'leave', 'absent', 'late', ''), fc.integer()), 'status').map((b) => ['PUT', 'attendance', b] as const),
      items(fc.oneof(fc.double({ min: -10, max: 200, noNaN: true }), fc.constantFrom(0, 60, 100, 100.1, 59.95)), 'score').map((b) => ['PUT', 'scores', b] as const),
      fc.record({ title: fc.string({ maxLength: 3 }), passMark: fc.integer({ min: -1, max: 120 }), total: fc.integer({ min: -1, max: 120 }) }).map((b) => ['PUT', 'test', b] as const),
      fc.record({ hours: fc.double({ min: 0, max: 30, noNaN: true }), heldOn: fc.constantFrom('2021-10-10', '2099-01-01', '2021-02-29'), hostStaffId: fc.constantFrom(...people, null) }, { requiredKeys: [] }).map((b) => ['PATCH', '', b] as const),
      fc.record({ understanderIds: fc.array(fc.oneof(fc.uuid(), fc.constantFrom(...people)), { maxLength: 3 }) }).map((b) => ['POST', 'understanders', b] as const),
    );
    const snapshot = async () => {
      const { updatedAt: _u, ...rest } = (await as('nzs_sfs', 'GET', `${B}/sessions/${id}`)).json();
      return rest;
    };
    await fc.assert(
      fc.asyncProperty(requests, async ([method, sub, body]) => {
        const before = await snapshot();
        const r = await as('nzs_sfs', method, `${B}/sessions/${id}${sub ? `/${sub}` : ''}`, body);
        expect(r.statusCode, r.body).toBeLessThan(500);
        if (r.statusCode >= 400) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 80 },
    );
  });

  it('an edit that empties speaker, place, notes, host and plan item stores them empty; what is left out stays', async () => {
    const id = await created({ kind: 'pre_meeting', heldOn: '2021-11-02', topic: '会前学法：行政复议法', hostStaffId: S('王志宏'), speaker: '李律师', place: '党委会议室', notes: '会前15分钟', headcount: 3 });
    // the body the web edit form sends after the user cleared those fields (texts as '', pickers as null)
    const r = await as('nzs_sfs', 'PATCH', `${B}/sessions/${id}`, { speaker: '', place: '', notes: '   ', hostStaffId: null, planItemId: null, headcount: 0 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ speaker: null, place: null, notes: null, hostStaffId: null, planItemId: null, headcount: 0, topic: '会前学法：行政复议法', kind: 'pre_meeting' });
    const audit = await env.deps.database.db
      .selectFrom('audit_events')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'study.session.update')
      .where('entity_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!)).toMatchObject({ speaker: '李律师', place: '党委会议室' });
    expect(JSON.parse(audit.after_json!)).toMatchObject({ speaker: null, place: null, notes: null });
    // a PATCH that leaves a key out changes nothing of it
    await as('nzs_sfs', 'PATCH', `${B}/sessions/${id}`, { speaker: '张法官' });
    expect((await as('nzs_sfs', 'GET', `${B}/sessions/${id}`)).json()).toMatchObject({ speaker: '张法官', place: null, topic: '会前学法：行政复议法' });
  });
});
