import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const U = '/api/v1/mediation/understanders';

async function as(user: string, method: string, url: string, body?: unknown) {
  return env.call(method, url, { cookie: await env.login(user), body });
}

async function add(user: string, orgId: string, name: string, category = 'village_cadre', appointedOn = '2023-03-01') {
  return as(user, 'POST', U, { orgId, person: { name, gender: '男' }, category, appointedOn });
}

interface CovVillage {
  orgId: string;
  count: number;
  target: number;
  met: boolean;
}

const cov = async (user: string, orgId?: string) => {
  const r = (await as(user, 'GET', `${U}/coverage${orgId ? `?orgId=${orgId}` : ''}`)).json();
  return { ...r, byId: new Map<string, CovVillage>(r.villages.map((v: CovVillage) => [v.orgId, v])) };
};

describe('法律明白人 registry', () => {
  const ids: string[] = [];

  it('the 司法所 registers 法律明白人 in a village; a grid worker in their own village only', async () => {
    for (const n of ['刘德明', '马秀英']) {
      const r = await add('nzs_sfs', env.ids.nzsVillages[0], n);
      expect(r.statusCode).toBe(200);
      ids.push(r.json().id);
    }
    const own = await add('nzs_grid', env.ids.nzsVillages[1], '何立新', 'grid_worker');
    expect(own.statusCode).toBe(200);
    expect((await add('nzs_grid', env.ids.nzsVillages[2], '孙强')).statusCode).toBe(403);
    expect((await add('nb_sfs', env.ids.nzsVillages[0], '孙强')).statusCode).toBe(403);
    expect((await add('nzs_readonly', env.ids.nzsVillages[0], '孙强')).statusCode).toBe(403);
    // per 行政村: not on the township itself
    expect((await add('nzs_sfs', env.ids.nzs, '孙强')).statusCode).toBe(400);
    // unknown category
    expect((await add('nzs_sfs', env.ids.nzsVillages[0], '孙强', '能人')).statusCode).toBe(400);
  });

  it('coverage against the default target of 3 per village', async () => {
    const c = await cov('nzs_sfs', env.ids.nzs);
    expect(c.villages).toHaveLength(8);
    expect(c.byId.get(env.ids.nzsVillages[0])).toMatchObject({ count: 2, target: 3, met: false });
    expect(c.byId.get(env.ids.nzsVillages[1])).toMatchObject({ count: 1, target: 3, met: false });
    expect(c.byId.get(env.ids.nzsVillages[5])).toMatchObject({ count: 0, met: false });
    const third = await add('nzs_sfs', env.ids.nzsVillages[0], '郭玉兰', 'women_federation');
    ids.push(third.json().id);
    const c2 = await cov('nzs_sfs', env.ids.nzs);
    expect(c2.byId.get(env.ids.nzsVillages[0])).toMatchObject({ count: 3, met: true });
    expect(c2.totals).toEqual({ villages: 8, met: 1, understanders: 4 });
  });

  it('the township sets its own target (settings, audited); the neighbour keeps the default', async () => {
    expect((await as('nzs_sfs', 'GET', `${U}/target?orgId=${env.ids.nzs}`)).json()).toEqual({ orgId: env.ids.nzs, target: 3, isDefault: true });
    const put = await as('nzs_sfs', 'PUT', `${U}/target`, { orgId: env.ids.nzs, target: 4 });
    expect(put.statusCode).toBe(200);
    const row = await env.deps.database.db.selectFrom('settings').selectAll().where('org_id', '=', env.ids.nzs).where('key', '=', 'mediation.understanders_per_village').executeTakeFirstOrThrow();
    expect(row.value).toBe('4');
    const ev = await env.deps.database.db.selectFrom('audit_events').select(['before_json', 'after_json']).where('action', '=', 'setting.update').executeTakeFirstOrThrow();
    expect(JSON.parse(ev.before_json!).value).toBeNull();
    expect(JSON.parse(ev.after_json!).value).toBe(4);
    const c = await cov('nzs_sfs', env.ids.nzs);
    expect(c.byId.get(env.ids.nzsVillages[0])).toMatchObject({ count: 3, target: 4, met: false });
    // a village inherits its township's target
    expect((await as('nzs_sfs', 'GET', `${U}/target?orgId=${env.ids.nzsVillages[0]}`)).json()).toMatchObject({ target: 4, isDefault: true });
    expect((await cov('nb_sfs')).villages.every((v: CovVillage) => v.target === 3)).toBe(true);

    expect((await as('nzs_grid', 'PUT', `${U}/target`, { orgId: env.ids.nzs, target: 5 })).statusCode).toBe(403);
    expect((await as('nb_sfs', 'PUT', `${U}/target`, { orgId: env.ids.nzs, target: 5 })).statusCode).toBe(403);
    expect((await as('nzs_sfs', 'PUT', `${U}/target`, { orgId: env.ids.nzsVillages[0], target: 5 })).statusCode).toBe(400);
    expect((await as('nzs_sfs', 'PUT', `${U}/target`, { orgId: env.ids.nzs, target: 0 })).statusCode).toBe(400);
    await as('nzs_sfs', 'PUT', `${U}/target`, { orgId: env.ids.nzs, target: 3 });
  });

  it('training hours per person per year, and activities by kind', async () => {
    const id = ids[0];
    const post = (body: unknown) => as('nzs_sfs', 'POST', `${U}/${id}/activities`, body);
    expect((await post({ kind: 'training', heldOn: '2024-03-15', hours: 2.5, summary: '县司法局法律明白人培训班' })).statusCode).toBe(200);
    expect((await post({ kind: 'training', heldOn: '2024-09-20', hours: 3, summary: '民法典专题培训' })).statusCode).toBe(200);
    expect((await post({ kind: 'training', heldOn: '2025-01-10', hours: 1, summary: '冬训' })).statusCode).toBe(200);
    expect((await post({ kind: 'publicity', heldOn: '2024-12-04', hours: 2, summary: '宪法宣传日入户宣传' })).statusCode).toBe(200);
    expect((await post({ kind: 'mediation', heldOn: '2024-07-01', summary: '参与调解邻里纠纷' })).statusCode).toBe(200);
    // a training without hours is not a training record
    expect((await post({ kind: 'training', heldOn: '2024-05-01', hours: 0, summary: '培训' })).statusCode).toBe(400);
    expect((await post({ kind: 'party', heldOn: '2024-05-01', summary: 'x' })).statusCode).toBe(400);
    // the grid worker may not log for another village's understander; the neighbour gets 403
    expect((await as('nzs_grid', 'POST', `${U}/${id}/activities`, { kind: 'publicity', heldOn: '2024-05-01', summary: 'x' })).statusCode).toBe(403);
    expect((await as('nb_sfs', 'GET', `${U}/${id}/activities`)).statusCode).toBe(403);

    const list = (await as('nzs_sfs', 'GET', `${U}?orgId=${env.ids.nzsVillages[0]}&year=2024`)).json();
    const me = list.items.find((i: { id: string }) => i.id === id);
    expect(me.trainingHours).toBe(5.5);
    expect(me.activities).toEqual({ training: 2, publicity: 1, mediation: 1 });
    const y2025 = (await as('nzs_sfs', 'GET', `${U}?orgId=${env.ids.nzsVillages[0]}&year=2025`)).json();
    expect(y2025.items.find((i: { id: string }) => i.id === id).trainingHours).toBe(1);
    const acts = (await as('nzs_sfs', 'GET', `${U}/${id}/activities?year=2024`)).json();
    expect(acts.total).toBe(4);
  });

  it('removal from the roster lowers coverage; lists stay within scope', async () => {
    const r = await as('nzs_sfs', 'PATCH', `${U}/${ids[1]}`, { active: false });
    expect(r.statusCode).toBe(200);
    const c = await cov('nzs_sfs', env.ids.nzs);
    expect(c.byId.get(env.ids.nzsVillages[0])).toMatchObject({ count: 2, met: false });
    const actives = (await as('nzs_sfs', 'GET', `${U}?active=true&orgId=${env.ids.nzs}`)).json();
    expect(actives.total).toBe(3);
    // the grid worker sees their own village's roster only
    const grid = (await as('nzs_grid', 'GET', U)).json();
    expect(grid.items.map((i: { orgId: string }) => i.orgId)).toEqual([env.ids.nzsVillages[1]]);
    // the neighbour sees none of 娘子神乡, and may not filter on it
    expect((await as('nb_sfs', 'GET', U)).json().total).toBe(0);
    expect((await as('nb_sfs', 'GET', `${U}?orgId=${env.ids.nzsVillages[0]}`)).statusCode).toBe(403);
    expect((await as('nb_sfs', 'PATCH', `${U}/${ids[0]}`, { active: false })).statusCode).toBe(403);
    // search by name
    const q = (await as('nzs_sfs', 'GET', `${U}?q=${encodeURIComponent('玉兰')}`)).json();
    expect(q.items.map((i: { person: { name: string } }) => i.person.name)).toEqual(['郭玉兰']);
  });
});
