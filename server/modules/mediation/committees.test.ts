import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const C = '/api/v1/mediation/committees';
const M = '/api/v1/mediation/mediators';

async function as(user: string, method: string, url: string, body?: unknown) {
  return env.call(method, url, { cookie: await env.login(user), body });
}

describe('mediation committees and mediators (人民调解法 art. 8–9)', () => {
  let committeeId: string;
  const mediatorIds: string[] = [];

  it('the 司法所 sets up a village committee with a default name and case prefix', async () => {
    const res = await as('nzs_sfs', 'POST', C, { orgId: env.ids.nzsVillages[0] });
    expect(res.statusCode).toBe(200);
    const c = res.json();
    committeeId = c.id;
    expect(c).toMatchObject({ name: '娘子神村人民调解委员会', casePrefix: '娘子神村调', kind: 'village', active: true, memberCount: 0, hasWoman: false, sizeOk: false });
  });

  it('refuses a second active committee for the same village, and a committee on a department', async () => {
    const dup = await as('nzs_sfs', 'POST', C, { orgId: env.ids.nzsVillages[0] });
    expect(dup.statusCode).toBe(409);
    const dept = await as('nzs_sfs', 'POST', C, { orgId: env.ids.nzsDepartments.司法所 });
    expect(dept.statusCode).toBe(400);
    expect(dept.json().fields[0].field).toBe('orgId');
  });

  it('a township committee is kind township', async () => {
    const res = await as('nzs_sfs', 'POST', C, { orgId: env.ids.nzs, casePrefix: '娘调' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'township', casePrefix: '娘调' });
  });

  it('the neighbouring township cannot set up a committee in 娘子神乡 (403, denial audited)', async () => {
    const res = await as('nb_sfs', 'POST', C, { orgId: env.ids.nzsVillages[1] });
    expect(res.statusCode).toBe(403);
    const denied = await env.deps.database.db
      .selectFrom('audit_events')
      .select(['entity_id', 'result', 'actor_name'])
      .where('result', '=', 'denied')
      .where('entity_id', '=', env.ids.nzsVillages[1])
      .execute();
    expect(denied.some((d) => d.actor_name === 'nb_sfs')).toBe(true);
    // a grid worker and a read-only user hold no mediation.manage
    expect((await as('nzs_grid', 'POST', C, { orgId: env.ids.nzsVillages[1] })).statusCode).toBe(403);
    expect((await as('nzs_readonly', 'POST', C, { orgId: env.ids.nzsVillages[1] })).statusCode).toBe(403);
  });

  it('adds members; a committee of three men is the right size but lacks a woman (art. 9: a warning, not a block)', async () => {
    for (const [name, title] of [
      ['王建国', 'chair'],
      ['李长生', 'vice_chair'],
      ['赵满仓', 'member'],
    ] as const) {
      const res = await as('nzs_sfs', 'POST', M, { committeeId, title, person: { name, gender: '男', phone: '13912345678' } });
      expect(res.statusCode).toBe(200);
      mediatorIds.push(res.json().id);
      // the phone is shown masked only
      expect(res.body).not.toContain('13912345678');
      expect(res.json().person.phoneMasked).toBe('139****5678');
    }
    const c = (await as('nzs_sfs', 'GET', `${C}/${committeeId}`)).json();
    expect(c).toMatchObject({ memberCount: 3, womenCount: 0, sizeOk: true, hasWoman: false });
    expect(c.members.map((m: { title: string }) => m.title)).toEqual(['chair', 'vice_chair', 'member']);

    const woman = await as('nzs_sfs', 'POST', M, { committeeId, title: 'member', person: { name: '张桂兰', gender: '女' }, isLegalUnderstander: true });
    expect(woman.statusCode).toBe(200);
    expect(woman.json().isLegalUnderstander).toBe(true);
    mediatorIds.push(woman.json().id);
    const c2 = (await as('nzs_sfs', 'GET', `${C}/${committeeId}`)).json();
    expect(c2).toMatchObject({ memberCount: 4, womenCount: 1, hasWoman: true });
  });

  it('links a platform user only from within the manager’s scope', async () => {
    const ok = await as('nzs_sfs', 'PATCH', `${M}/${mediatorIds[3]}`, { userId: env.ids.users.nzs_mediator });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().userName).toContain('张桂兰');
    const bad = await as('nzs_sfs', 'PATCH', `${M}/${mediatorIds[2]}`, { userId: env.ids.users.nb_sfs });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe('userId');
  });

  it('a mediator with a self grant sees the committee they belong to, and nothing else', async () => {
    const list = (await as('nzs_mediator', 'GET', C)).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([committeeId]);
    const members = (await as('nzs_mediator', 'GET', `${M}?committeeId=${committeeId}`)).json();
    expect(members.total).toBe(4);
  });

  it('the neighbour neither sees 娘子神乡 committees nor may filter on them', async () => {
    const mine = await as('nb_sfs', 'POST', C, { orgId: env.ids.nbVillages[0] });
    expect(mine.statusCode).toBe(200);
    const list = (await as('nb_sfs', 'GET', C)).json();
    expect(list.items.map((c: { orgId: string }) => c.orgId)).toEqual([env.ids.nbVillages[0]]);
    expect((await as('nb_sfs', 'GET', `${C}?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    expect((await as('nb_sfs', 'GET', `${C}/${committeeId}`)).statusCode).toBe(403);
    expect((await as('nb_sfs', 'GET', `${M}?orgId=${env.ids.nzsVillages[0]}`)).statusCode).toBe(403);
    const ms = (await as('nb_sfs', 'GET', M)).json();
    expect(ms.total).toBe(0);
    expect((await as('nb_sfs', 'PATCH', `${M}/${mediatorIds[0]}`, { title: 'member' })).statusCode).toBe(403);
    // the county sees both townships
    const county = (await as('county', 'GET', C)).json();
    expect(county.total).toBe(3);
  });

  it('searches mediators by name (Chinese LIKE) and filters by org', async () => {
    const r = (await as('nzs_sfs', 'GET', `${M}?q=${encodeURIComponent('桂')}`)).json();
    expect(r.items.map((m: { person: { name: string } }) => m.person.name)).toEqual(['张桂兰']);
    const byOrg = (await as('nzs_sfs', 'GET', `${M}?orgId=${env.ids.nzsVillages[0]}&active=true`)).json();
    expect(byOrg.total).toBe(4);
  });

  it('renames a committee and changes its case prefix (the edit drawer), audited; blank values and the neighbour are refused', async () => {
    const res = await as('nzs_sfs', 'PATCH', `${C}/${committeeId}`, { name: '娘子神村人民调解委员会（新）', casePrefix: '娘村调' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '娘子神村人民调解委员会（新）', casePrefix: '娘村调', active: true });
    const ev = await env.deps.database.db
      .selectFrom('audit_events')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'committee.update')
      .where('entity_id', '=', committeeId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(ev.before_json!)).toMatchObject({ name: '娘子神村人民调解委员会', case_prefix: '娘子神村调' });
    expect(JSON.parse(ev.after_json!)).toMatchObject({ name: '娘子神村人民调解委员会（新）', case_prefix: '娘村调' });
    const blank = await as('nzs_sfs', 'PATCH', `${C}/${committeeId}`, { name: '', casePrefix: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().fields.map((f: { field: string }) => f.field).sort()).toEqual(['casePrefix', 'name']);
    expect((await as('nb_sfs', 'PATCH', `${C}/${committeeId}`, { name: '白杨镇改名' })).statusCode).toBe(403);
    expect((await as('nzs_readonly', 'PATCH', `${C}/${committeeId}`, { casePrefix: '改' })).statusCode).toBe(403);
    expect((await as('nzs_sfs', 'GET', `${C}/${committeeId}`)).json().casePrefix).toBe('娘村调');
  });

  it('changes a member’s title (主任/副主任/委员/调解员); the neighbour may not', async () => {
    const res = await as('nzs_sfs', 'PATCH', `${M}/${mediatorIds[2]}`, { title: 'vice_chair', isLegalUnderstander: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: 'vice_chair', isLegalUnderstander: true });
    expect((await as('nzs_sfs', 'PATCH', `${M}/${mediatorIds[2]}`, { title: 'secretary' })).json().fields[0].field).toBe('title');
    expect((await as('nb_sfs', 'PATCH', `${M}/${mediatorIds[2]}`, { title: 'chair' })).statusCode).toBe(403);
    const c = (await as('nzs_sfs', 'GET', `${C}/${committeeId}`)).json();
    expect(c.members.find((m: { id: string }) => m.id === mediatorIds[2]).title).toBe('vice_chair');
  });

  it('deactivates a mediator and a committee, audited with before and after', async () => {
    const res = await as('nzs_sfs', 'POST', `${M}/${mediatorIds[1]}/deactivate`);
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    const c = (await as('nzs_sfs', 'GET', `${C}/${committeeId}`)).json();
    expect(c.memberCount).toBe(3);
    const ev = await env.deps.database.db
      .selectFrom('audit_events')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'mediator.deactivate')
      .where('entity_id', '=', mediatorIds[1])
      .executeTakeFirstOrThrow();
    expect(JSON.parse(ev.before_json!).active).toBe(1);
    expect(JSON.parse(ev.after_json!).active).toBe(0);

    const d = await as('nzs_sfs', 'POST', `${C}/${committeeId}/deactivate`);
    expect(d.json().active).toBe(false);
    const actives = (await as('nzs_sfs', 'GET', `${C}?active=true&orgId=${env.ids.nzsVillages[0]}`)).json();
    expect(actives.total).toBe(0);
    // once dissolved, a new committee may be set up for the village
    expect((await as('nzs_sfs', 'POST', C, { orgId: env.ids.nzsVillages[0] })).statusCode).toBe(200);
    // and the old one cannot be revived next to it
    expect((await as('nzs_sfs', 'PATCH', `${C}/${committeeId}`, { active: true })).statusCode).toBe(409);
  });

  it('rejects bad input with field errors, never a 500', async () => {
    const res = await as('nzs_sfs', 'POST', M, { committeeId, title: 'boss', person: { name: '' } });
    expect(res.statusCode).toBe(400);
    const fields = res.json().fields.map((f: { field: string }) => f.field);
    expect(fields).toContain('title');
    expect(fields).toContain('person.name');
    expect((await as('nzs_sfs', 'GET', `${C}/not-a-uuid`)).statusCode).toBe(400);
    expect((await as('nzs_sfs', 'GET', `${C}/01900000-0000-7000-8000-000000000000`)).statusCode).toBe(404);
  });
});

describe('case-number prefixes (after the committees above exist)', () => {
  it('a case-number prefix belongs to one committee: the neighbour cannot take it, a same-named village gets its township in front', async () => {
    const taken = await as('nb_sfs', 'POST', C, { orgId: env.ids.nbVillages[5], casePrefix: '娘子神村调' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().fields).toEqual([expect.objectContaining({ field: 'casePrefix' })]);
    // 白杨镇 also has a 娘子神村 (village names repeat across townships)
    const org = await as('admin', 'POST', '/api/v1/orgs', { parentId: env.ids.nb, name: '娘子神村', kind: 'village', code: '610000102299' });
    expect(org.statusCode).toBe(200);
    const twin = await as('nb_sfs', 'POST', C, { orgId: org.json().id });
    expect(twin.statusCode).toBe(200);
    expect(twin.json().casePrefix).toBe('白杨镇娘子神村调');
    const rename = await as('nb_sfs', 'PATCH', `${C}/${twin.json().id}`, { casePrefix: '娘调' });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().fields[0].field).toBe('casePrefix');
  });
});
