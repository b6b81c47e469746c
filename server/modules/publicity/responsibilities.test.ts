import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import { lawCovers, normalizeLawTitle } from '../../../common/schemas/publicity-calendar.ts';
import { systemCtx } from '../../platform/context.ts';
import { nowIso } from '../../platform/time.ts';
import { createTestEnv, fieldsOf, type TestEnv } from '../../testing/harness.ts';
import { responsibilityStatus } from './responsibilities.service.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const D = (name: string) => env.ids.nzsDepartments[name];

async function insertEvent(v: { orgId: string; organiserId: string | null; heldOn: string; status?: string; laws: string[] }): Promise<string> {
  const db = env.deps.database.db;
  const id = uuidv7();
  const at = nowIso();
  await db
    .insertInto('publicity_events')
    .values({
      id,
      org_id: v.orgId,
      title: `活动 ${v.heldOn}`,
      status: v.status ?? 'done',
      held_on: v.heldOn,
      ends_on: null,
      village_org_id: null,
      place: null,
      organiser_org_id: v.organiserId,
      audience: null,
      audience_count: 20,
      materials_count: 0,
      online_reach: 0,
      campaign_id: null,
      key_date: null,
      content_id: null,
      notes: null,
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const [i, law] of v.laws.entries()) await db.insertInto('publicity_event_laws').values({ id: uuidv7(), event_id: id, org_id: v.orgId, law, sort: i }).execute();
  return id;
}

describe('law titles', () => {
  it('《》 and 中华人民共和国 are ignored; a part of a code is covered by the code', () => {
    expect(normalizeLawTitle('《中华人民共和国安全生产法》 ')).toBe('安全生产法');
    expect(lawCovers('《中华人民共和国安全生产法》', '安全生产法')).toBe(true);
    expect(lawCovers('安全生产法', '《中华人民共和国安全生产法》')).toBe(true);
    expect(lawCovers('民法典婚姻家庭编', '民法典')).toBe(true);
    expect(lawCovers('消防法', '安全生产法')).toBe(false);
    expect(lawCovers('安全生产法', '《》')).toBe(false);
  });
});

describe('谁执法谁普法 responsibility list', () => {
  const Y = 2026;
  it('a row is 未开展 until a done event of that department in the year covers its law', async () => {
    const row = await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/responsibilities', { orgId: env.ids.nzs, year: Y, departmentOrgId: D('综合行政执法队'), law: '安全生产法', measures: '执法检查中以案释法' });
    expect(row).toMatchObject({ departmentName: '综合行政执法队', eventCount: 0, done: false, note: null });
    const exec = D('综合行政执法队');
    // not counted: planned; the previous year; another department; another law; the neighbour's department
    await insertEvent({ orgId: env.ids.nzs, organiserId: exec, heldOn: `${Y}-03-01`, status: 'planned', laws: ['安全生产法'] });
    await insertEvent({ orgId: exec, organiserId: exec, heldOn: `${Y - 1}-12-31`, laws: ['安全生产法'] });
    await insertEvent({ orgId: env.ids.nzs, organiserId: D('司法所'), heldOn: `${Y}-03-02`, laws: ['安全生产法'] });
    await insertEvent({ orgId: exec, organiserId: exec, heldOn: `${Y}-03-03`, laws: ['消防法'] });
    await insertEvent({ orgId: env.ids.nb, organiserId: env.ids.nbDepartments.综合行政执法队, heldOn: `${Y}-03-04`, laws: ['安全生产法'] });
    let list = await env.ok('nzs_sfs', 'GET', `/api/v1/publicity/responsibilities?orgId=${env.ids.nzs}&year=${Y}`);
    expect(list.items.find((i: { id: string }) => i.id === row.id)).toMatchObject({ eventCount: 0, done: false });
    // counted: one on 1 January, recorded by the department itself, naming the law in full
    const hit = await insertEvent({ orgId: exec, organiserId: exec, heldOn: `${Y}-01-01`, laws: ['《中华人民共和国安全生产法》', '消防法'] });
    list = await env.ok('nzs_sfs', 'GET', `/api/v1/publicity/responsibilities?orgId=${env.ids.nzs}&year=${Y}`);
    const item = list.items.find((i: { id: string }) => i.id === row.id);
    expect(item).toMatchObject({ eventCount: 1, done: true });
    expect(item.href).toBe(`/publicity/events?year=${Y}&organiserId=${exec}&law=${encodeURIComponent('安全生产法')}&status=done`);
    expect(hit).toBeTruthy();
    expect(list.departments.map((d: { name: string }) => d.name)).toContain('综合行政执法队');
    // the CONTRACT function gives the same
    const st = await responsibilityStatus(systemCtx(env.deps), env.ids.nzs, Y);
    expect(st.find((s) => s.id === row.id)).toMatchObject({ eventCount: 1, done: true });
  });

  it('a unit outside the tree (派出所) is never matched and says so; a neighbour\'s department or a village is refused', async () => {
    const row = await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/responsibilities', { orgId: env.ids.nzs, year: Y, departmentName: '娘子神派出所', law: '反电信网络诈骗法' });
    expect(row).toMatchObject({ departmentOrgId: null, done: false, eventCount: 0, href: '' });
    expect(row.note).toContain('系统外');
    let res = await env.as('nzs_sfs', 'POST', '/api/v1/publicity/responsibilities', { orgId: env.ids.nzs, year: Y, departmentOrgId: env.ids.nbDepartments.综合行政执法队, law: '安全生产法' });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['departmentOrgId']);
    res = await env.as('nzs_sfs', 'POST', '/api/v1/publicity/responsibilities', { orgId: env.ids.nzs, year: Y, departmentOrgId: env.ids.nzsVillages[0], law: '安全生产法' });
    expect(fieldsOf(res)).toEqual(['departmentOrgId']);
    res = await env.as('nzs_sfs', 'POST', '/api/v1/publicity/responsibilities', { orgId: env.ids.nzs, year: Y, law: '安全生产法' });
    expect(fieldsOf(res)).toEqual(['departmentName']);
    res = await env.as('nzs_sfs', 'POST', '/api/v1/publicity/responsibilities', { orgId: env.ids.nzs, year: Y, departmentOrgId: D('综合行政执法队'), law: '《中华人民共和国安全生产法》' });
    expect(fieldsOf(res)).toEqual(['law']);
    res = await env.as('nzs_sfs', 'POST', '/api/v1/publicity/responsibilities', { orgId: env.ids.nzsVillages[0], year: Y, departmentName: '村委会', law: '村民委员会组织法' });
    expect(fieldsOf(res)).toEqual(['orgId']);
  });

  it('readers read, managers write; the neighbour and the officer cannot change 娘子神乡\'s list', async () => {
    const row = await env.ok('nzs_leader', 'POST', '/api/v1/publicity/responsibilities', { orgId: env.ids.nzs, year: Y, departmentOrgId: D('社会事务办'), law: '未成年人保护法' });
    expect((await env.ok('nzs_officer', 'GET', `/api/v1/publicity/responsibilities?orgId=${env.ids.nzs}&year=${Y}`)).canEdit).toBe(false);
    expect((await env.as('nzs_officer', 'POST', '/api/v1/publicity/responsibilities', { orgId: env.ids.nzs, year: Y, departmentName: '执法队', law: '消防法' })).statusCode).toBe(403);
    expect((await env.as('nb_sfs', 'GET', `/api/v1/publicity/responsibilities?orgId=${env.ids.nzs}&year=${Y}`)).statusCode).toBe(403);
    expect((await env.as('nb_sfs', 'PATCH', `/api/v1/publicity/responsibilities/${row.id}`, { law: '消防法' })).statusCode).toBe(403);
    expect((await env.as('nb_sfs', 'DELETE', `/api/v1/publicity/responsibilities/${row.id}`)).statusCode).toBe(403);
    const denied = await env.deps.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', row.id).where('result', '=', 'denied').execute();
    expect(denied).toHaveLength(2);
    const edited = await env.ok('nzs_sfs', 'PATCH', `/api/v1/publicity/responsibilities/${row.id}`, { departmentOrgId: null, departmentName: '县妇联驻乡工作站', measures: '六一前进学校' });
    expect(edited).toMatchObject({ departmentOrgId: null, departmentName: '县妇联驻乡工作站', measures: '六一前进学校', law: '未成年人保护法' });
    expect((await env.as('nzs_sfs', 'DELETE', `/api/v1/publicity/responsibilities/${row.id}`)).statusCode).toBe(204);
    expect((await env.as('nzs_sfs', 'DELETE', `/api/v1/publicity/responsibilities/${row.id}`)).statusCode).toBe(404);
    const audit = await env.deps.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', row.id).where('result', '=', 'success').execute();
    expect(audit.map((a) => a.action)).toEqual(['publicity.responsibility.create', 'publicity.responsibility.update', 'publicity.responsibility.delete']);
  });

  it('copies last year\'s list into an empty year, once', async () => {
    const before = await env.ok('nzs_sfs', 'GET', `/api/v1/publicity/responsibilities?orgId=${env.ids.nzs}&year=${Y + 1}`);
    expect(before.items).toEqual([]);
    expect(before.previousYearCount).toBe(2);
    expect(await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/responsibilities/copy', { orgId: env.ids.nzs, year: Y + 1 })).toEqual({ copied: 2 });
    const after = await env.ok('nzs_sfs', 'GET', `/api/v1/publicity/responsibilities?orgId=${env.ids.nzs}&year=${Y + 1}`);
    expect(after.items.map((i: { law: string; done: boolean }) => `${i.law}:${i.done}`).sort()).toEqual(['反电信网络诈骗法:false', '安全生产法:false']);
    let res = await env.as('nzs_sfs', 'POST', '/api/v1/publicity/responsibilities/copy', { orgId: env.ids.nzs, year: Y + 1 });
    expect(fieldsOf(res)).toEqual(['year']);
    res = await env.as('nzs_sfs', 'POST', '/api/v1/publicity/responsibilities/copy', { orgId: env.ids.nzs, year: 2040 });
    expect(fieldsOf(res)).toEqual(['year']);
    expect((await env.as('nb_sfs', 'POST', '/api/v1/publicity/responsibilities/copy', { orgId: env.ids.nzs, year: 2041 })).statusCode).toBe(403);
  });
});
