import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';

/**
 * The dispute list's fast path (performance.md §5.4): statements built once per query shape with the
 * values bound per request, and committee / village names from an in-memory map instead of joins.
 * What must not change: every request gets its own values' answer, a rename shows at once, and a
 * name the map has not seen yet (written by another process) is still shown.
 */
let env: TestEnv;
const D = '/api/v1/mediation/disputes';
const ids = { township: '', village: '', wang: '', zhang: '' };

type Item = { id: string; title: string; type: string; committeeName: string; villageName: string | null; partyNames: string[]; receivedOn: string };
const list = async (user: string, query: string) => (await env.ok(user, 'GET', `${D}?${query}`)) as { items: Item[]; total: number };

function dispute(title: string, over: Record<string, unknown> = {}) {
  return {
    committeeId: ids.township,
    title,
    source: 'party_application',
    type: 'homestead',
    summary: `${title}：双方发生争议，请求调解。`,
    villageId: env.ids.nzsVillages[2],
    amount: 0,
    peopleCount: 2,
    riskLevel: 'low',
    receivedOn: '2025-03-03',
    parties: [
      { kind: 'person', role: 'applicant', person: { name: `${title.slice(0, 2)}甲` } },
      { kind: 'organisation', role: 'respondent', name: `${title.slice(0, 2)}建筑队` },
    ],
    assignments: [{ mediatorId: ids.wang, role: 'lead' }],
    ...over,
  };
}

beforeAll(async () => {
  env = await createTestEnv();
  ids.township = (await env.ok('nzs_sfs', 'POST', '/api/v1/mediation/committees', { orgId: env.ids.nzs, casePrefix: '列调' })).id;
  ids.village = (await env.ok('nzs_sfs', 'POST', '/api/v1/mediation/committees', { orgId: env.ids.nzsVillages[0] })).id;
  ids.wang = (await env.ok('nzs_sfs', 'POST', '/api/v1/mediation/mediators', { committeeId: ids.township, title: 'mediator', person: { name: '王建国', gender: '男' } })).id;
  ids.zhang = (await env.ok('nzs_sfs', 'POST', '/api/v1/mediation/mediators', { committeeId: ids.village, title: 'mediator', person: { name: '张桂兰', gender: '女' }, userId: env.ids.users.nzs_mediator })).id;
  await env.ok('nzs_sfs', 'POST', D, dispute('宅基地界址一', { receivedOn: '2025-03-01' }));
  await env.ok('nzs_sfs', 'POST', D, dispute('邻里噪音二', { type: 'neighbour', receivedOn: '2025-03-02' }));
  await env.ok('nzs_sfs', 'POST', D, dispute('婚姻家庭三', { type: 'marriage_family', receivedOn: '2024-12-31' }));
  await env.ok('nzs_sfs', 'POST', D, dispute('宅基地界址四', { receivedOn: '2025-01-01', committeeId: ids.village, villageId: undefined, assignments: [{ mediatorId: ids.zhang, role: 'lead' }] }));
});
afterAll(async () => env?.close());

describe('dispute list: one statement per shape, values per request', () => {
  it('the same shape with other values answers for those values (type, year bounds, page)', async () => {
    const home = await list('nzs_sfs', 'type=homestead&pageSize=20');
    const neigh = await list('nzs_sfs', 'type=neighbour&pageSize=20');
    expect(home.items.map((i) => i.title).filter((t) => t.startsWith('宅基地')).sort()).toEqual(['宅基地界址一', '宅基地界址四']);
    expect(home.items.every((i) => i.type === 'homestead')).toBe(true);
    expect(neigh.items.map((i) => i.title)).toContain('邻里噪音二');
    expect(neigh.items.every((i) => i.type === 'neighbour')).toBe(true);
    // the year's bounds: 12-31 of the year before and 01-01 of the year are on either side
    const y2025 = await list('nzs_sfs', 'year=2025&q=界址');
    expect(y2025.items.map((i) => i.title).sort()).toEqual(['宅基地界址一', '宅基地界址四']);
    const y2024 = await list('nzs_sfs', 'year=2024&q=婚姻');
    expect(y2024.items.map((i) => i.title)).toEqual(['婚姻家庭三']);
    // pages of one shape: page 2 of size 1 is the second of page 1 of size 2
    const two = await list('nzs_sfs', 'q=界址&pageSize=2&page=1');
    const second = await list('nzs_sfs', 'q=界址&pageSize=1&page=2');
    expect(second.items[0].id).toBe(two.items[1].id);
    expect(second.total).toBe(2);
  });

  it('users of one scope share a shape but not their user: a self-grant mediator sees only their cases', async () => {
    const mine = await list('nzs_mediator', 'pageSize=50');
    expect(mine.items.map((i) => i.title)).toEqual(['宅基地界址四']);
    const all = await list('nzs_sfs', 'q=界址&pageSize=50');
    expect(all.total).toBe(2);
    // the neighbouring township's 司法所: same shape of query, nothing of 娘子神乡
    const nb = await list('nb_sfs', 'q=界址&pageSize=50');
    expect(nb.total).toBe(0);
    expect(nb.items).toEqual([]);
  });

  it('names come with the page: committee, village, parties in their order', async () => {
    const r = await list('nzs_sfs', 'q=邻里');
    expect(r.items[0]).toMatchObject({ committeeName: expect.stringContaining('娘子神'), villageName: '西沟村', partyNames: ['邻里甲', '邻里建筑队'] });
    const v = await list('nzs_sfs', 'q=界址四');
    expect(v.items[0].villageName).toBe('娘子神村');
  });

  it('parties in their order with a third one added; the next follow-up is the earliest open one; a name with U+001F is refused', async () => {
    const d = (await list('nzs_sfs', 'q=界址一')).items[0];
    const detail = await env.ok('nzs_sfs', 'GET', `${D}/${d.id}`);
    await env.ok('nzs_sfs', 'POST', `${D}/${d.id}/parties`, { kind: 'person', role: 'other', person: { name: '界址丙' }, version: detail.version });
    const db = env.deps.database.db;
    const at = new Date().toISOString();
    const fu = (due: string, done: string | null) => ({ id: uuidv7(), dispute_id: d.id, org_id: env.ids.nzs, due_on: due, done_on: done, method: null, performance: null, notes: null, created_by: null, created_at: at, updated_at: at });
    await db.insertInto('follow_ups').values([fu('2025-04-01', '2025-03-30'), fu('2025-06-01', null), fu('2025-05-02', null)]).execute();
    const r = (await list('nzs_sfs', 'q=界址一')).items[0] as Item & { nextFollowUp: { dueOn: string; state: string } | null };
    expect(r.partyNames).toEqual(['宅基甲', '宅基建筑队', '界址丙']);
    expect(r.nextFollowUp).toEqual({ dueOn: '2025-05-02', state: 'overdue' });
    const again = await env.ok('nzs_sfs', 'GET', `${D}/${d.id}`);
    const bad = await env.as('nzs_sfs', 'POST', `${D}/${d.id}/parties`, { kind: 'organisation', role: 'other', name: '甲\u001f乙', version: again.version });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe('name');
  });

  it('a corrected party name (person or organisation) shows in the list at once; the other cases keep theirs', async () => {
    const d = (await list('nzs_sfs', 'q=噪音二')).items[0];
    expect(d.partyNames).toEqual(['邻里甲', '邻里建筑队']);
    let detail = await env.ok('nzs_sfs', 'GET', `${D}/${d.id}`);
    const [person, org] = detail.parties as { id: string; kind: string; role: string }[];
    detail = await env.ok('nzs_sfs', 'PUT', `${D}/${d.id}/parties/${person.id}`, { kind: 'person', role: person.role, person: { name: '邻里甲改' }, version: detail.version });
    await env.ok('nzs_sfs', 'PUT', `${D}/${d.id}/parties/${org.id}`, { kind: 'organisation', role: org.role, name: '邻里建筑公司', version: detail.version });
    expect((await list('nzs_sfs', 'q=噪音二')).items[0].partyNames).toEqual(['邻里甲改', '邻里建筑公司']);
    expect((await list('nzs_sfs', 'q=婚姻家庭三')).items[0].partyNames).toEqual(['婚姻甲', '婚姻建筑队']);
    // the text search reads the same kept names: the new names find the case, the old one no longer does
    expect((await list('nzs_sfs', `q=${encodeURIComponent('邻里建筑公司')}`)).items.map((i) => i.id)).toEqual([d.id]);
    expect((await list('nzs_sfs', `q=${encodeURIComponent('邻里甲改')}`)).items.map((i) => i.id)).toEqual([d.id]);
    expect((await list('nzs_sfs', `q=${encodeURIComponent('邻里建筑队')}`)).total).toBe(0);
  });

  it('a renamed committee or village shows at once (audited writes empty the name map)', async () => {
    await list('nzs_sfs', 'q=邻里'); // the map is filled
    await env.ok('nzs_sfs', 'PATCH', `/api/v1/mediation/committees/${ids.township}`, { name: '娘子神乡人民调解委员会（更名）' });
    await env.ok('admin', 'PATCH', `/api/v1/orgs/${env.ids.nzsVillages[2]}`, { name: '西沟新村' });
    const r = await list('nzs_sfs', 'q=邻里');
    expect(r.items[0]).toMatchObject({ committeeName: '娘子神乡人民调解委员会（更名）', villageName: '西沟新村' });
  });

  it('a committee the map has not seen (written by another process, no audit here) is read from the database', async () => {
    await list('nzs_sfs', 'q=邻里'); // the map is filled
    const db = env.deps.database.db;
    const like = await db.selectFrom('mediation_committees').select(['kind']).where('id', '=', ids.village).executeTakeFirstOrThrow();
    const committeeId = uuidv7();
    const at = new Date().toISOString();
    await db
      .insertInto('mediation_committees')
      .values({ id: committeeId, org_id: env.ids.nzsVillages[3], name: '石门村人民调解委员会', kind: like.kind, case_prefix: '石门调', active: 1, created_at: at, updated_at: at })
      .execute();
    await db
      .updateTable('disputes')
      .set({ committee_id: committeeId })
      .where('title', '=', '婚姻家庭三')
      .execute();
    const r = await list('nzs_sfs', 'q=婚姻');
    expect(r.items[0].committeeName).toBe('石门村人民调解委员会');
  });
});
