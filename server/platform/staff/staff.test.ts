import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { systemCtx } from '../context.ts';
import { staffByIds, staffOfUser } from './staff.service.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const S = '/api/v1/staff';
async function as(user: string, method: string, url: string, body?: unknown) {
  return env.call(method, url, { cookie: await env.login(user), body });
}
const auditOf = (id: string) => env.deps.database.db.selectFrom('audit_events').select(['action', 'result', 'actor_name', 'before_json', 'after_json']).where('entity_id', '=', id).orderBy('seq').execute();

describe('工作人员名册: reading', () => {
  it('lists 娘子神乡’s roster as in the source report: 9 leaders, 5 cadres, only 3 enforcement officers', async () => {
    const all = (await as('nzs_sfs', 'GET', `${S}?orgId=${env.ids.nzs}&pageSize=200`)).json();
    expect(all.total).toBe(17);
    const by = (c: string) => all.items.filter((s: { category: string }) => s.category === c).length;
    expect([by('leader'), by('cadre'), by('officer')]).toEqual([9, 5, 3]);
    expect(all.items[0]).toMatchObject({ name: '高建军', post: '党委书记', orgName: '娘子神乡', active: true, userId: null, userName: null });
    const officers = (await as('nzs_sfs', 'GET', `${S}?orgId=${env.ids.nzs}&category=officer`)).json();
    expect(officers.items.map((s: { name: string }) => s.name)).toEqual(['赵刚', '霍俊', '冯磊']);
    expect(officers.items[0]).toMatchObject({ userName: '执法队员 赵刚', orgName: '综合行政执法队' });
    // name or post search; LIKE wildcards are taken literally
    expect((await as('nzs_sfs', 'GET', `${S}?q=${encodeURIComponent('司法所')}`)).json().items.map((s: { name: string }) => s.name)).toEqual(['李静']);
    expect((await as('nzs_sfs', 'GET', `${S}?q=%25`)).json().total).toBe(0);
    // paging
    const p2 = (await as('nzs_sfs', 'GET', `${S}?orgId=${env.ids.nzs}&pageSize=10&page=2`)).json();
    expect(p2).toMatchObject({ total: 17 });
    expect(p2.items).toHaveLength(7);
  });

  it('the neighbouring township sees its own roster only; naming 娘子神乡 is refused (403, audited)', async () => {
    const nb = (await as('nb_sfs', 'GET', S)).json();
    expect(nb.total).toBe(9);
    expect(nb.items.some((s: { name: string }) => s.name === '高建军')).toBe(false);
    expect((await as('nb_sfs', 'GET', `${S}?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    // the county office reads every township's; a grid worker holds no staff.read
    expect((await as('county', 'GET', `${S}?pageSize=200`)).json().total).toBe(27);
    expect((await as('nzs_grid', 'GET', S)).statusCode).toBe(403);
  });
});

describe('工作人员名册: writing', () => {
  let newId: string;

  it('the 司法所 adds an enforcement officer to the 综合行政执法队 (audited)', async () => {
    const res = await as('nzs_sfs', 'POST', S, { orgId: env.ids.nzsDepartments.综合行政执法队, name: '任晓东', post: '执法队员', category: 'officer' });
    expect(res.statusCode).toBe(200);
    newId = res.json().id;
    expect(res.json()).toMatchObject({ name: '任晓东', orgName: '综合行政执法队', category: 'officer', active: true, userId: null });
    const officers = (await as('nzs_leader', 'GET', `${S}?orgId=${env.ids.nzs}&category=officer`)).json();
    expect(officers.items.map((s: { name: string }) => s.name)).toEqual(['赵刚', '霍俊', '冯磊', '任晓东']);
    const audit = await auditOf(newId);
    expect(audit).toMatchObject([{ action: 'staff.create', result: 'success', actor_name: 'nzs_sfs' }]);
    expect(JSON.parse(audit[0].after_json!)).toMatchObject({ name: '任晓东', post: '执法队员', category: 'officer', active: true });
  });

  it('refuses a village, a blank name, an unknown category, and another township (403, audited)', async () => {
    const village = await as('nzs_sfs', 'POST', S, { orgId: env.ids.nzsVillages[0], name: '村干部', post: '村支书', category: 'cadre' });
    expect(village.statusCode).toBe(400);
    expect(village.json().fields).toEqual([{ field: 'orgId', message: '工作人员应登记在乡镇、县或其部门（站办所），不登记在村' }]);
    const blank = await as('nzs_sfs', 'POST', S, { orgId: env.ids.nzs, name: '  ', post: '干事', category: 'cadre' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().fields[0].field).toBe('name');
    expect((await as('nzs_sfs', 'POST', S, { orgId: env.ids.nzs, name: '某人', post: '干事', category: 'boss' })).json().fields[0].field).toBe('category');
    const nb = await as('nb_sfs', 'POST', S, { orgId: env.ids.nzs, name: '冒名', post: '干事', category: 'cadre' });
    expect(nb.statusCode).toBe(403);
    // the county office and read-only users read the roster but do not keep it
    expect((await as('county', 'POST', S, { orgId: env.ids.nzs, name: '某人', post: '干事', category: 'cadre' })).statusCode).toBe(403);
    expect((await as('nzs_readonly', 'POST', S, { orgId: env.ids.nzs, name: '某人', post: '干事', category: 'cadre' })).statusCode).toBe(403);
  });

  it('post change and a move to another department; the neighbour cannot edit (403, denial audited)', async () => {
    const res = await as('nzs_sfs', 'PATCH', `${S}/${newId}`, { post: '执法队副队长', orgId: env.ids.nzsDepartments.党政办, category: 'cadre' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ post: '执法队副队长', orgName: '党政办', category: 'cadre' });
    const nb = await as('nb_sfs', 'PATCH', `${S}/${newId}`, { post: '改' });
    expect(nb.statusCode).toBe(403);
    // moving someone into the neighbouring township is refused as well
    expect((await as('nzs_sfs', 'PATCH', `${S}/${newId}`, { orgId: env.ids.nbDepartments.党政办 })).statusCode).toBe(403);
    expect((await as('nzs_sfs', 'PATCH', `${S}/${newId}`, { orgId: env.ids.nzsVillages[2] })).statusCode).toBe(400);
    const audit = await auditOf(newId);
    expect(audit.map((a) => `${a.action}:${a.result}`)).toEqual(['staff.create:success', 'staff.update:success', 'staff.manage:denied']);
    expect(JSON.parse(audit[1].before_json!)).toMatchObject({ post: '执法队员', orgId: env.ids.nzsDepartments.综合行政执法队 });
    expect((await as('nzs_sfs', 'PATCH', `${S}/00000000-0000-7000-8000-000000000000`, { post: 'x' })).statusCode).toBe(404);
  });

  it('links a login; one login, one active roster entry; another township’s login is not disclosed', async () => {
    const linked = await as('nzs_sfs', 'PATCH', `${S}/${newId}`, { userId: env.ids.users.nzs_grid });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toMatchObject({ userId: env.ids.users.nzs_grid, userName: '网格员 刘强' });
    // nzs_sfs's login is 李静's already
    const taken = await as('nzs_sfs', 'PATCH', `${S}/${newId}`, { userId: env.ids.users.nzs_sfs });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().fields).toEqual([{ field: 'userId', message: '该账号已关联名册中的另一名在岗人员' }]);
    const foreign = await as('nzs_sfs', 'POST', S, { orgId: env.ids.nzs, name: '某人', post: '干事', category: 'cadre', userId: env.ids.users.nb_sfs });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().fields[0]).toMatchObject({ field: 'userId' });
    const users = (await as('nzs_sfs', 'GET', `${S}/linkable-users`)).json().items;
    expect(users.find((u: { username: string }) => u.username === 'nzs_sfs')).toMatchObject({ staffId: env.ids.staff.李静 });
    expect(users.some((u: { username: string }) => u.username === 'nb_sfs')).toBe(false);
  });

  it('someone who leaves is marked inactive, never deleted: old records still name them, the login is freed', async () => {
    const res = await as('nzs_sfs', 'PATCH', `${S}/${newId}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    const audit = await auditOf(newId);
    expect(audit.at(-1)).toMatchObject({ action: 'staff.deactivate', result: 'success' });
    const ctx = systemCtx(env.deps);
    expect((await staffByIds(ctx, [newId])).get(newId)).toMatchObject({ name: '任晓东', active: false });
    expect(await staffOfUser(ctx, env.ids.users.nzs_grid)).toBeNull();
    expect((await as('nzs_sfs', 'GET', `${S}?active=false`)).json().items.map((s: { name: string }) => s.name)).toEqual(['任晓东']);
    expect((await as('nzs_sfs', 'GET', `${S}?active=true&orgId=${env.ids.nzs}`)).json().total).toBe(17);
    // the freed login goes to a newcomer; the former member cannot come back with it
    const newcomer = await as('nzs_sfs', 'POST', S, { orgId: env.ids.nzs, name: '孟新', post: '党政办干事', category: 'cadre', userId: env.ids.users.nzs_grid });
    expect(newcomer.statusCode).toBe(200);
    const back = await as('nzs_sfs', 'PATCH', `${S}/${newId}`, { active: true });
    expect(back.statusCode).toBe(409);
    expect((await as('nzs_sfs', 'PATCH', `${S}/${newId}`, { active: true, userId: null })).json()).toMatchObject({ active: true, userId: null });
  });

  it('closing an entry while naming a login that does not exist, or another township’s, is a 400 on userId, not a 500 (found by the fuzzer)', async () => {
    const before = await auditOf(newId);
    for (const userId of ['733cc36e-fffb-8fff-8905-9e3c19564e47', env.ids.users.nb_sfs]) {
      const res = await as('nzs_sfs', 'PATCH', `${S}/${newId}`, { active: false, userId });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields[0]).toMatchObject({ field: 'userId' });
    }
    // nothing written
    expect(await auditOf(newId)).toHaveLength(before.length);
    expect((await staffByIds(systemCtx(env.deps), [newId])).get(newId)).toMatchObject({ active: true, userId: null });
  });
});
