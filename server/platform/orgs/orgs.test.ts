import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_MESSAGES } from '../../../common/errors.ts';
import { uuidv7 } from '../../../common/ids.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { inTx, systemCtx } from '../context.ts';
import { totp } from '../auth/totp.ts';
import { createPerson } from '../people/people.service.ts';
import { noteWrite } from '../read-cache.ts';
import { nowIso } from '../time.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const O = '/api/v1/orgs';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function as(user: string, method: string, url: string, body?: unknown, headers?: Record<string, string>) {
  return env.call(method, url, { cookie: await env.login(user), body, headers });
}
const db = () => env.deps.database.db;
const orgByCode = (code: string) => db().selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirst();
const orgById = (id: string) => db().selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditOf = (action: string, entityId?: string) => {
  let q = db().selectFrom('audit_events').selectAll().where('action', '=', action);
  if (entityId) q = q.where('entity_id', '=', entityId);
  return q.orderBy('seq').execute();
};
let codeSeq = 0;
const newCode = () => `T${Date.now().toString(36)}${codeSeq++}`;

/** A multipart/form-data body with one file part, built by hand as a browser would send it. */
function multipart(buffer: Buffer, filename: string, type = XLSX): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----fazhi${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, buffer, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(user: string, buffer: Buffer, filename = 'orgs.xlsx', lang = 'zh-CN') {
  const { payload, headers } = multipart(buffer, filename);
  return env.app.inject({ method: 'POST', url: `${O}/import`, payload, headers: { ...headers, cookie: await env.login(user), 'accept-language': lang } });
}

async function sheet(rows: (string | number)[][], headers: string[] = ['名称', '代码', '上级代码', '类型']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织机构');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A new account made through the API and activated as its owner would: initial password changed,
 * and for an administrator role the second factor set up. Returns the owner's cookie.
 */
async function activeUser(username: string, orgId: string, grants: { role: string; orgId: string; scope?: string }[]): Promise<{ id: string; cookie: string }> {
  const initial = 'Chushi#2026abc';
  const res = await as('admin', 'POST', '/api/v1/users', { username, displayName: `测试${username}`, orgId, password: initial });
  expect(res.statusCode, res.body).toBe(200);
  const id = res.json().id as string;
  for (const g of grants) expect((await as('secadmin', 'POST', `/api/v1/users/${id}/grants`, { scope: 'subtree', ...g })).statusCode).toBe(200);
  const cookie = await env.login(username, initial);
  expect((await env.call('POST', '/api/v1/auth/password', { cookie, body: { currentPassword: initial, newPassword: 'Xinmima#2026xyz' } })).statusCode).toBe(200);
  const me = (await env.call('GET', '/api/v1/auth/me', { cookie })).json();
  if (me.restriction === 'mfa') {
    const { secret } = (await env.call('POST', '/api/v1/auth/totp/setup', { cookie })).json();
    expect((await env.call('POST', '/api/v1/auth/totp/confirm', { cookie, body: { code: totp(secret) } })).statusCode).toBe(200);
  }
  expect((await env.call('GET', '/api/v1/auth/me', { cookie })).json().restriction).toBeNull();
  return { id, cookie };
}

describe('org tree: reading within scope', () => {
  it('the system admin sees the whole county as one tree, with kind labels in both languages', async () => {
    const res = await as('admin', 'GET', `${O}?view=tree`);
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: env.ids.county, kind: 'county', kindLabel: '县', depth: 0 });
    const nzs = items[0].children.find((c: { id: string }) => c.id === env.ids.nzs);
    expect(nzs).toMatchObject({ name: '娘子神乡', kindLabel: '乡镇', childCount: 12 });
    expect(nzs.children).toHaveLength(12);
    expect(total).toBeGreaterThanOrEqual(1 + 2 + 2 + 24);
    const en = await as('admin', 'GET', `${O}?rootId=${env.ids.nzs}`, undefined, { 'accept-language': 'en' });
    expect(en.json().items[0].kindLabel).toBe('Township');
  });

  it('the township sees itself and its villages and departments, flat in tree order, never its neighbour', async () => {
    const res = await as('nzs_sfs', 'GET', O);
    const items = res.json().items as { id: string; path: string; depth: number }[];
    expect(items).toHaveLength(13);
    expect(items[0].id).toBe(env.ids.nzs);
    expect(items.every((o) => o.path.includes(`/${env.ids.nzs}/`))).toBe(true);
    expect(items.some((o) => o.id === env.ids.nb || env.ids.nbVillages.includes(o.id))).toBe(false);
    // filters: kind and Chinese text
    const villages = (await as('nzs_sfs', 'GET', `${O}?kind=village`)).json();
    expect(villages.total).toBe(8);
    const q = (await as('nzs_sfs', 'GET', `${O}?q=${encodeURIComponent('沟')}`)).json();
    expect(q.items.map((o: { name: string }) => o.name).sort()).toEqual(['东沟村', '西沟村']);
  });

  it('asking for the neighbouring township is refused (403) and the denial audited, not silently emptied', async () => {
    const res = await as('nzs_sfs', 'GET', `${O}?rootId=${env.ids.nb}`);
    expect(res.statusCode).toBe(403);
    expect((await as('nzs_sfs', 'GET', `${O}/${env.ids.nbVillages[0]}`)).statusCode).toBe(403);
    const denied = await db().selectFrom('audit_events').selectAll().where('result', '=', 'denied').where('actor_name', '=', 'nzs_sfs').where('entity_id', '=', env.ids.nbVillages[0]).execute();
    expect(denied).toHaveLength(1);
    expect((await as('nzs_sfs', 'GET', `${O}/${uuidv7()}`)).statusCode).toBe(404);
  });

  it('a grid worker sees only their village; a mediator (own records only) only the org they belong to', async () => {
    expect((await as('nzs_grid', 'GET', O)).json().items.map((o: { id: string }) => o.id)).toEqual([env.ids.nzsVillages[1]]);
    expect((await as('nzs_mediator', 'GET', O)).json().items.map((o: { id: string }) => o.id)).toEqual([env.ids.nzsVillages[0]]);
    expect((await as('nzs_mediator', 'GET', `${O}/${env.ids.nzs}`)).statusCode).toBe(403);
  });

  it('detail carries the ancestors for a breadcrumb', async () => {
    const res = await as('county', 'GET', `${O}/${env.ids.nzsVillages[2]}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '西沟村', kind: 'village', depth: 2, childCount: 0 });
    expect(res.json().ancestors.map((a: { name: string }) => a.name)).toEqual(['示范县', '娘子神乡']);
  });
});

describe('org create, update, delete', () => {
  it('creates a village under the township with the path below its parent, audited', async () => {
    const code = newCode();
    const res = await as('admin', 'POST', O, { parentId: env.ids.nzs, code, name: '新村', kind: 'village' });
    expect(res.statusCode, res.body).toBe(200);
    const org = await orgById(res.json().id);
    const nzs = await orgById(env.ids.nzs);
    expect(org.path).toBe(`${nzs.path}${org.id}/`);
    expect(org.parent_id).toBe(env.ids.nzs);
    const ev = await auditOf('org.create', org.id);
    expect(ev).toHaveLength(1);
    expect(ev[0].actor_name).toBe('admin');
    expect(JSON.parse(ev[0].after_json!)).toMatchObject({ code, name: '新村', kind: 'village' });
  });

  it('refuses a wrong parent kind, a duplicate code and a malformed code, naming the field', async () => {
    const bad = await as('admin', 'POST', O, { parentId: env.ids.nzsVillages[0], code: newCode(), name: '村下设村', kind: 'village' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual([{ field: 'parentId', message: FIELD_MESSAGES.org_parent_invalid.zh }]);
    const deptUnderVillage = await as('admin', 'POST', O, { parentId: env.ids.nzsVillages[0], code: newCode(), name: '村里的部门', kind: 'department' });
    expect(deptUnderVillage.statusCode).toBe(400);
    const villageUnderCounty = await as('admin', 'POST', O, { parentId: env.ids.county, code: newCode(), name: '县直属村', kind: 'village' });
    expect(villageUnderCounty.statusCode).toBe(400);
    const dup = await as('admin', 'POST', O, { parentId: env.ids.nzs, code: '610000101201', name: '重复', kind: 'village' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().fields[0].field).toBe('code');
    const malformed = await as('admin', 'POST', O, { parentId: env.ids.nzs, code: '代码 1', name: '坏代码', kind: 'village' }, { 'accept-language': 'en' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().fields[0]).toEqual({ field: 'code', message: FIELD_MESSAGES.org_code_invalid.en });
    // a county cannot be created through the API
    expect((await as('admin', 'POST', O, { parentId: env.ids.county, code: newCode(), name: '县', kind: 'county' })).statusCode).toBe(400);
  });

  it('only org.manage may write: the 司法所 and the security admin are refused', async () => {
    for (const u of ['nzs_sfs', 'secadmin', 'auditor', 'county']) {
      expect((await as(u, 'POST', O, { parentId: env.ids.nzs, code: newCode(), name: '越权', kind: 'department' })).statusCode).toBe(403);
      expect((await as(u, 'PATCH', `${O}/${env.ids.nzs}`, { name: '改名' })).statusCode).toBe(403);
    }
    expect((await orgById(env.ids.nzs)).name).toBe('娘子神乡');
  });

  it('renames and re-sorts with before/after in the audit trail', async () => {
    const id = (await as('admin', 'POST', O, { parentId: env.ids.nzs, code: newCode(), name: '临时办', kind: 'department' })).json().id;
    const res = await as('admin', 'PATCH', `${O}/${id}`, { name: '综治中心', sort: 7 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '综治中心', sort: 7 });
    const [ev] = await auditOf('org.update', id);
    expect(JSON.parse(ev.before_json!).name).toBe('临时办');
    expect(JSON.parse(ev.after_json!).name).toBe('综治中心');
    expect((await as('admin', 'PATCH', `${O}/${id}`, {})).statusCode).toBe(400);
    expect((await as('admin', 'PATCH', `${O}/${id}`, { code: '610000101201' })).statusCode).toBe(409);
  });

  it('moves a village to the neighbouring township: the path follows, and so does who can see it', async () => {
    const id = (await as('admin', 'POST', O, { parentId: env.ids.nzs, code: newCode(), name: '划转村', kind: 'village' })).json().id;
    expect((await as('nzs_sfs', 'GET', `${O}/${id}`)).statusCode).toBe(200);
    expect((await as('nb_sfs', 'GET', `${O}/${id}`)).statusCode).toBe(403);
    const res = await as('admin', 'PATCH', `${O}/${id}`, { parentId: env.ids.nb });
    expect(res.statusCode, res.body).toBe(200);
    const nb = await orgById(env.ids.nb);
    expect((await orgById(id)).path).toBe(`${nb.path}${id}/`);
    expect((await as('nzs_sfs', 'GET', `${O}/${id}`)).statusCode).toBe(403);
    expect((await as('nb_sfs', 'GET', `${O}/${id}`)).statusCode).toBe(200);
    expect(await auditOf('org.move', id)).toHaveLength(1);
  });

  it('refuses a move below itself, a move of the county, and a parent of the wrong kind', async () => {
    expect((await as('admin', 'PATCH', `${O}/${env.ids.nzs}`, { parentId: env.ids.nzsVillages[0] })).statusCode).toBe(400);
    expect((await as('admin', 'PATCH', `${O}/${env.ids.nzs}`, { parentId: env.ids.nzs })).statusCode).toBe(400);
    expect((await as('admin', 'PATCH', `${O}/${env.ids.county}`, { parentId: env.ids.nzs })).statusCode).toBe(400);
    expect((await as('admin', 'PATCH', `${O}/${env.ids.nzsVillages[0]}`, { parentId: env.ids.county })).statusCode).toBe(400);
    expect((await orgById(env.ids.nzs)).parent_id).toBe(env.ids.county);
  });

  it('moving a township with its 12 sub-orgs to another county rewrites the whole subtree in one go', async () => {
    // A second county (a boundary change): roots are set up at installation, here directly.
    const at = nowIso();
    const c2 = uuidv7();
    await db()
      .insertInto('orgs')
      .values({ id: c2, parent_id: null, code: newCode(), name: '邻县', kind: 'county', path: `/${c2}/`, sort: 9, created_at: at, updated_at: at })
      .execute();
    await db().insertInto('role_grants').values({ id: uuidv7(), user_id: env.ids.users.admin, role: 'sys_admin', org_id: c2, scope: 'subtree', granted_by: null, created_at: at }).execute();
    noteWrite('user'); // a grant written by hand, not by the app: the session cache is told as the relay would tell it
    // a village of 白杨镇 that carries a person, so a work record rides along
    await inTx(systemCtx(env.deps), (tx) => createPerson(tx, env.ids.nbVillages[3], { name: '随迁村民' }));
    const before = await db().selectFrom('orgs').select(['id', 'path']).where('path', 'like', `%/${env.ids.nb}/%`).execute();
    expect(before.length).toBeGreaterThanOrEqual(13);

    const res = await as('admin', 'PATCH', `${O}/${env.ids.nb}`, { parentId: c2 });
    expect(res.statusCode, res.body).toBe(200);
    const after = await db().selectFrom('orgs').select(['id', 'path', 'parent_id']).where('path', 'like', `%/${env.ids.nb}/%`).execute();
    expect(after).toHaveLength(before.length);
    for (const o of after) {
      expect(o.path.startsWith(`/${c2}/${env.ids.nb}/`)).toBe(true);
      expect(o.path).toBe(before.find((b) => b.id === o.id)!.path.replace(`/${env.ids.county}/`, `/${c2}/`));
    }
    // Scopes follow the paths: the first county's office loses the township, its own 司法所 keeps it.
    expect((await as('county', 'GET', `${O}/${env.ids.nbVillages[3]}`)).statusCode).toBe(403);
    expect((await as('nb_sfs', 'GET', `${O}/${env.ids.nbVillages[3]}`)).statusCode).toBe(200);
    expect((await as('nb_sfs', 'GET', O)).json().total).toBe(before.length);
    const [ev] = await auditOf('org.move', env.ids.nb);
    expect(JSON.parse(ev.after_json!).subtreeRewritten).toBe(before.length);

    // and back, so the rest of this file sees the demo county as seeded
    expect((await as('admin', 'PATCH', `${O}/${env.ids.nb}`, { parentId: env.ids.county })).statusCode).toBe(200);
    const back = await db().selectFrom('orgs').select(['id', 'path']).where('path', 'like', `%/${env.ids.nb}/%`).execute();
    expect(back.sort((a, b) => a.id.localeCompare(b.id))).toEqual(before.sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('deletes only an empty org; otherwise 409 says what is left', async () => {
    const id = (await as('admin', 'POST', O, { parentId: env.ids.nzs, code: newCode(), name: '待撤并村', kind: 'village' })).json().id;
    expect((await as('nb_sfs', 'DELETE', `${O}/${id}`)).statusCode).toBe(403);
    expect((await as('admin', 'DELETE', `${O}/${id}`)).statusCode).toBe(200);
    expect(await db().selectFrom('orgs').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect(await auditOf('org.delete', id)).toHaveLength(1);
    expect((await as('admin', 'DELETE', `${O}/${id}`)).statusCode).toBe(404);

    const township = await as('admin', 'DELETE', `${O}/${env.ids.nzs}`);
    expect(township.statusCode).toBe(409);
    expect(township.json().code).toBe('ORG_NOT_EMPTY');
    expect(township.json().message).toContain('不能删除');
    // its 工作人员名册 (staff roster) is work data too
    expect(township.json().fields.map((f: { field: string }) => f.field)).toEqual(['children', 'users', 'data']);

    // a village with nothing but a villager's record (work data) stays
    const withPerson = (await as('admin', 'POST', O, { parentId: env.ids.nzs, code: newCode(), name: '有人村', kind: 'village' })).json().id;
    await inTx(systemCtx(env.deps), (tx) => createPerson(tx, withPerson, { name: '村民甲' }));
    const r2 = await as('admin', 'DELETE', `${O}/${withPerson}`, undefined, { 'accept-language': 'en' });
    expect(r2.statusCode).toBe(409);
    expect(r2.json().fields).toEqual([{ field: 'data', message: FIELD_MESSAGES.org_has_data.en }]);

    // a department where only a role is granted is not empty either
    const dept = (await as('admin', 'POST', O, { parentId: env.ids.nzs, code: newCode(), name: '授权办', kind: 'department' })).json().id;
    const holder = (await as('admin', 'POST', '/api/v1/users', { username: `holder${codeSeq++}`, displayName: '授权持有人', orgId: env.ids.nzsDepartments.党政办, password: 'Chushi#2026abc' })).json().id;
    expect((await as('secadmin', 'POST', `/api/v1/users/${holder}/grants`, { role: 'readonly', orgId: dept, scope: 'org' })).statusCode).toBe(200);
    expect((await as('admin', 'DELETE', `${O}/${dept}`)).json().fields.map((f: { field: string }) => f.field)).toEqual(['users']);
    expect(await db().selectFrom('orgs').select('id').where('id', 'in', [withPerson, dept]).execute()).toHaveLength(2);
  });
});

describe('a system admin granted on one township manages only that township', () => {
  let cookie: string;
  beforeAll(async () => {
    ({ cookie } = await activeUser('nzs_sysadmin', env.ids.nzsDepartments.党政办, [{ role: 'sys_admin', orgId: env.ids.nzs }]));
  });

  it('creates and edits inside 娘子神乡, not in 白杨镇 or at county level', async () => {
    const mine = await env.call('POST', O, { cookie, body: { parentId: env.ids.nzs, code: newCode(), name: '乡内新村', kind: 'village' } });
    expect(mine.statusCode, mine.body).toBe(200);
    const nb = await env.call('POST', O, { cookie, body: { parentId: env.ids.nb, code: newCode(), name: '越界村', kind: 'village' } });
    expect(nb.statusCode).toBe(403);
    expect(nb.json().fields[0].field).toBe('parentId');
    expect((await env.call('POST', O, { cookie, body: { parentId: env.ids.county, code: newCode(), name: '县直部门', kind: 'department' } })).statusCode).toBe(403);
    expect((await env.call('PATCH', `${O}/${env.ids.nbVillages[0]}`, { cookie, body: { name: '改名' } })).statusCode).toBe(403);
    // moving its own village out to the neighbour needs org.manage there too
    expect((await env.call('PATCH', `${O}/${mine.json().id}`, { cookie, body: { parentId: env.ids.nb } })).statusCode).toBe(403);
    expect((await orgById(mine.json().id)).parent_id).toBe(env.ids.nzs);
  });

  it('an import row whose parent lies outside its scope is reported, and nothing is written', async () => {
    const before = await db().selectFrom('orgs').select('id').execute();
    const buf = await sheet([
      ['乡内部门', newCode(), '610000101000', '部门'],
      ['越界部门', newCode(), '610000102000', '部门'],
    ]);
    const { payload, headers } = multipart(buf, 'orgs.xlsx');
    const res = await env.app.inject({ method: 'POST', url: `${O}/import`, payload, headers: { ...headers, cookie } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ row: 3, field: 'parentCode', message: FIELD_MESSAGES.out_of_scope.zh }]);
    expect(await db().selectFrom('orgs').select('id').execute()).toHaveLength(before.length);
  });
});

describe('Excel import', () => {
  it('downloads a template that re-reads with the four headers and an example row', async () => {
    const res = await as('admin', 'GET', `${O}/import/template`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    expect(res.headers['content-disposition']).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['名称', '代码', '上级代码', '类型']);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['示例村', '610000101299', '610000101000', '村（社区）']);
    expect(ws.getCell('D3').dataValidation?.type).toBe('list');
    expect(wb.worksheets[1].name).toBe('填写说明');
    expect((await as('nzs_sfs', 'GET', `${O}/import/template`)).statusCode).toBe(403);
  });

  it('a bad row in the middle: a per-row report, and not one org written', async () => {
    const countBefore = (await db().selectFrom('orgs').select('id').execute()).length;
    const auditBefore = (await auditOf('org.create')).length;
    const t = newCode();
    const buf = await sheet([
      ['新华镇', t, '610000000000', '乡镇'], // row 2: ok
      ['新华村', `${t}V1`, t, '村（社区）'], // row 3: ok, parent from row 2
      ['', `${t}V2`, t, '村'], // row 4: no name
      ['错类型', `${t}V3`, t, '大队'], // row 5: unknown kind
      ['无上级', `${t}V4`, 'NOSUCH', '村'], // row 6: parent nowhere
      ['重复码', '610000101201', t, '村'], // row 7: code already in the system
      ['表内重复', `${t}V1`, t, '村'], // row 8: code repeats row 3
      ['村下设村', `${t}V5`, `${t}V1`, '村'], // row 9: village under a village
      ['新华镇司法所', `${t}D1`, t, '部门'], // row 10: ok
    ]);
    const res = await upload('admin', buf);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.ok).toBe(false);
    expect(body.code).toBe('VALIDATION');
    expect(body.errors).toEqual([
      { row: 4, field: 'name', message: FIELD_MESSAGES.required.zh },
      { row: 5, field: 'kind', message: FIELD_MESSAGES.org_kind_invalid.zh },
      { row: 6, field: 'parentCode', message: FIELD_MESSAGES.org_parent_not_found.zh },
      { row: 7, field: 'code', message: FIELD_MESSAGES.duplicate.zh },
      { row: 8, field: 'code', message: FIELD_MESSAGES.duplicate.zh },
      { row: 9, field: 'parentCode', message: FIELD_MESSAGES.org_parent_invalid.zh },
    ]);
    expect(body.fields[0].field).toBe('rows.4.name');
    expect((await db().selectFrom('orgs').select('id').execute()).length).toBe(countBefore);
    expect(await orgByCode(t)).toBeUndefined();
    expect((await auditOf('org.create')).length).toBe(auditBefore);
    // English report for an English browser
    const en = await upload('admin', buf, 'orgs.xlsx', 'en');
    expect(en.json().errors[0]).toEqual({ row: 4, field: 'name', message: FIELD_MESSAGES.required.en });
  });

  it('a clean sheet goes in whole, in one transaction, one audit event per org plus the import', async () => {
    const t = newCode();
    const buf = await sheet(
      [
        ['新华镇', t, 610000000000, '乡镇'], // a code typed as a number in Excel
        ['新华村', `${t}V1`, t, 'village'],
        ['新华社区', `${t}V2`, t, '社区'],
        ['新华镇司法所', `${t}D1`, t, 'department'],
        ['县信访局', `${t}D2`, '610000000000', '部门'],
      ],
      ['Name', 'Code', 'Parent code', 'Kind'],
    );
    const res = await upload('admin', buf, '新华镇.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true, created: 5 });
    const town = (await orgByCode(t))!;
    const county = await orgById(env.ids.county);
    expect(town).toMatchObject({ kind: 'township', parent_id: env.ids.county, path: `${county.path}${town.id}/` });
    const v1 = (await orgByCode(`${t}V1`))!;
    expect(v1).toMatchObject({ kind: 'village', parent_id: town.id, path: `${town.path}${v1.id}/` });
    expect((await orgByCode(`${t}V2`))!.kind).toBe('village');
    expect((await orgByCode(`${t}D2`))!.parent_id).toBe(env.ids.county);
    for (const code of [t, `${t}V1`, `${t}V2`, `${t}D1`, `${t}D2`]) expect(await auditOf('org.create', (await orgByCode(code))!.id)).toHaveLength(1);
    const imports = await auditOf('org.import');
    expect(JSON.parse(imports.at(-1)!.after_json!)).toMatchObject({ file: '新华镇.xlsx', created: 5 });
  });

  it('the template, filled in, imports', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await as('admin', 'GET', `${O}/import/template`)).rawPayload as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    const code = newCode();
    ws.getRow(2).values = ['娘子神乡退役军人服务站', code, '610000101000', '部门'];
    const res = await upload('admin', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode, res.body).toBe(200);
    expect((await orgByCode(code))!.parent_id).toBe(env.ids.nzs);
  });

  it('refuses a missing header, an empty sheet, no file, a non-Excel file, and a user without org.manage', async () => {
    const noKind = await upload('admin', await sheet([['甲', newCode(), '610000101000']], ['名称', '代码', '上级代码']));
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().errors).toEqual([{ row: 1, field: 'kind', message: FIELD_MESSAGES.import_header_missing.zh }]);
    const empty = await upload('admin', await sheet([]));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].message).toBe(FIELD_MESSAGES.import_empty.zh);
    const noFile = await as('admin', 'POST', `${O}/import`);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().fields[0].field).toBe('file');
    const text = await upload('admin', Buffer.from('名称,代码\n甲,1\n'), 'orgs.csv');
    expect(text.statusCode).toBe(415);
    expect((await upload('nzs_sfs', await sheet([['甲', newCode(), '610000101000', '部门']]))).statusCode).toBe(403);
  });
});
