import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_MESSAGES } from '../../../common/errors.ts';
import { uuidv7 } from '../../../common/ids.ts';
import { ROLE_PERMISSIONS, SEPARATED_ROLES } from '../../../common/roles.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { totp } from '../auth/totp.ts';
import { verifyPassword } from '../crypto.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const U = '/api/v1/users';
const INITIAL = 'Chushi#2026abc';
const CHANGED = 'Xinmima#2026xyz';

async function as(user: string, method: string, url: string, body?: unknown, headers?: Record<string, string>) {
  return env.call(method, url, { cookie: await env.login(user), body, headers });
}
const db = () => env.deps.database.db;
const userRow = (id: string) => db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const events = (action: string, entityId: string) => db().selectFrom('audit_events').selectAll().where('action', '=', action).where('entity_id', '=', entityId).orderBy('seq').execute();

let seq = 0;
async function newUser(orgId: string = env.ids.nzsDepartments.党政办, name?: string): Promise<{ id: string; username: string }> {
  const username = `u${Date.now().toString(36)}${seq++}`;
  const res = await as('admin', 'POST', U, { username, displayName: name ?? `测试用户${seq}`, orgId, password: INITIAL });
  expect(res.statusCode, res.body).toBe(200);
  return { id: res.json().id, username };
}

async function login(username: string, password: string) {
  return env.call('POST', '/api/v1/auth/login', { body: { username, password } });
}
const cookieOf = (res: Awaited<ReturnType<typeof login>>) => `fazhi_sid=${res.cookies.find((c) => c.name === 'fazhi_sid')!.value}`;

/** First login with the initial password, then the forced change (and TOTP for admin roles). */
async function activate(username: string): Promise<string> {
  const cookie = cookieOf(await login(username, INITIAL));
  expect((await env.call('POST', '/api/v1/auth/password', { cookie, body: { currentPassword: INITIAL, newPassword: CHANGED } })).statusCode).toBe(200);
  if ((await env.call('GET', '/api/v1/auth/me', { cookie })).json().restriction === 'mfa') {
    const { secret } = (await env.call('POST', '/api/v1/auth/totp/setup', { cookie })).json();
    expect((await env.call('POST', '/api/v1/auth/totp/confirm', { cookie, body: { code: totp(secret) } })).statusCode).toBe(200);
  }
  return cookie;
}

describe('creating users', () => {
  it('refuses a weak initial password, naming the field, in Chinese and in English', async () => {
    const body = { username: 'wangwu', displayName: '王五', orgId: env.ids.nzs, password: 'abcdefgh' };
    const zh = await as('admin', 'POST', U, body);
    expect(zh.statusCode).toBe(400);
    expect(zh.json().fields).toEqual([{ field: 'password', message: FIELD_MESSAGES.password_weak.zh }]);
    const en = await as('admin', 'POST', U, body, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().fields).toEqual([{ field: 'password', message: FIELD_MESSAGES.password_weak.en }]);
    // three classes but the username inside; seven characters; a common password
    for (const password of ['Wangwu#2026', 'Ab#1234', 'P@ssw0rd']) expect((await as('admin', 'POST', U, { ...body, password })).statusCode).toBe(400);
    expect(await db().selectFrom('users').select('id').where('username', '=', 'wangwu').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a malformed or taken username and an org outside the scope', async () => {
    const bad = await as('admin', 'POST', U, { username: 'Wang Wu', displayName: '王五', orgId: env.ids.nzs, password: INITIAL });
    expect(bad.json().fields).toEqual([{ field: 'username', message: FIELD_MESSAGES.username_invalid.zh }]);
    const taken = await as('admin', 'POST', U, { username: 'nzs_sfs', displayName: '重名', orgId: env.ids.nzs, password: INITIAL });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().fields[0].field).toBe('username');
    expect((await as('admin', 'POST', U, { username: 'ghost1', displayName: '无组织', orgId: uuidv7(), password: INITIAL })).statusCode).toBe(400);
    // only user.manage creates accounts: not the security admin, not the county office
    for (const u of ['secadmin', 'auditor', 'county', 'nzs_sfs']) {
      expect((await as(u, 'POST', U, { username: `x${u}`, displayName: '越权', orgId: env.ids.nzs, password: INITIAL })).statusCode).toBe(403);
    }
  });

  it('creates a non-demo user whose initial password must be changed, hashed, audited without the password', async () => {
    const res = await as('admin', 'POST', U, { username: 'zhaoliu', displayName: '赵六', orgId: env.ids.nzsVillages[2], password: INITIAL });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'zhaoliu', orgName: '西沟村', mustChangePassword: true, isDemo: false, disabled: false, grants: [] });
    expect(res.body).not.toContain(INITIAL);
    expect(res.body).not.toContain('pbkdf2');
    const row = await userRow(res.json().id);
    expect(row.must_change_password).toBe(1);
    expect(row.is_demo).toBe(0);
    expect(row.password_hash).not.toContain(INITIAL);
    expect(await verifyPassword(INITIAL, row.password_hash)).toBe(true);
    const [ev] = await events('user.create', row.id);
    expect(ev.actor_name).toBe('admin');
    expect(ev.after_json).not.toContain(INITIAL);
    expect(JSON.parse(ev.after_json!)).toMatchObject({ username: 'zhaoliu', mustChange: 1 });
  });
});

describe('first login, disabling, lockout', () => {
  it('the initial password logs in, but every other route answers 403 PASSWORD_CHANGE_REQUIRED until it is changed', async () => {
    const u = await newUser();
    expect((await as('secadmin', 'POST', `${U}/${u.id}/grants`, { role: 'readonly', orgId: env.ids.nzs })).statusCode).toBe(200);
    const res = await login(u.username, INITIAL);
    expect(res.statusCode).toBe(200);
    expect(res.json().restriction).toBe('password');
    const cookie = cookieOf(res);
    for (const url of ['/api/v1/orgs', `/api/v1/orgs/${env.ids.nzs}`]) {
      const r = await env.call('GET', url, { cookie });
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    expect((await env.call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(200);
    expect((await env.call('POST', '/api/v1/auth/password', { cookie, body: { currentPassword: INITIAL, newPassword: CHANGED } })).statusCode).toBe(200);
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(200);
    expect((await userRow(u.id)).must_change_password).toBe(0);
  });

  it('disabling a user ends their session at once: the same cookie gets 401 on the next request', async () => {
    const u = await newUser();
    expect((await as('secadmin', 'POST', `${U}/${u.id}/grants`, { role: 'readonly', orgId: env.ids.nzs })).statusCode).toBe(200);
    const cookie = await activate(u.username);
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(200);
    const res = await as('admin', 'POST', `${U}/${u.id}/disable`);
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(401);
    expect((await login(u.username, CHANGED)).statusCode).toBe(401);
    const [ev] = await events('user.disable', u.id);
    expect(JSON.parse(ev.after_json!)).toEqual({ disabled: 1 });
    // enabling lets them log in again (the old session stays ended)
    expect((await as('admin', 'POST', `${U}/${u.id}/enable`)).json().disabled).toBe(false);
    expect(await events('user.enable', u.id)).toHaveLength(1);
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(401);
    expect((await login(u.username, CHANGED)).statusCode).toBe(200);
    // nobody disables themselves; the security admin does not manage accounts
    expect((await as('admin', 'POST', `${U}/${env.ids.users.admin}/disable`)).statusCode).toBe(403);
    expect((await as('secadmin', 'POST', `${U}/${u.id}/disable`)).statusCode).toBe(403);
  });

  it('five wrong passwords lock the account for 30 minutes, even against the right one; failures are audited; the security admin unlocks', async () => {
    const u = await newUser();
    await activate(u.username);
    for (let i = 0; i < 5; i++) expect((await login(u.username, `Wrong#pass${i}X`)).statusCode).toBe(401);
    const t0 = Date.now();
    const right = await login(u.username, CHANGED);
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('LOGIN_FAILED');
    const row = await userRow(u.id);
    const lockedFor = Date.parse(row.locked_until!) - t0;
    expect(lockedFor).toBeGreaterThan(29 * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(30 * 60_000);
    const fails = await db().selectFrom('audit_events').selectAll().where('action', '=', 'login').where('result', '=', 'failure').where('entity_id', '=', u.id).orderBy('seq').execute();
    expect(fails.map((f) => JSON.parse(f.after_json!).reason)).toEqual(['bad_password', 'bad_password', 'bad_password', 'bad_password', 'bad_password_locked', 'locked']);
    expect(fails.every((f) => f.actor_name === u.username && !f.after_json!.includes('Wrong#'))).toBe(true);
    const listed = (await as('admin', 'GET', `${U}/${u.id}`)).json();
    expect(listed.locked).toBe(true);

    // the system admin cannot unlock (user.unlock belongs to the security admin)
    expect((await as('admin', 'POST', `${U}/${u.id}/unlock`)).statusCode).toBe(403);
    const un = await as('secadmin', 'POST', `${U}/${u.id}/unlock`);
    expect(un.statusCode).toBe(200);
    expect(un.json()).toMatchObject({ locked: false, failedLogins: 0 });
    const [ev] = await events('user.unlock', u.id);
    expect(ev.actor_name).toBe('secadmin');
    expect(JSON.parse(ev.before_json!).lockedUntil).toBe(row.locked_until);
    expect((await login(u.username, CHANGED)).statusCode).toBe(200);
  });

  it('a password reset sets a new initial password, ends sessions and forces a change again', async () => {
    const u = await newUser();
    const cookie = await activate(u.username);
    expect((await as('admin', 'POST', `${U}/${u.id}/reset-password`, { password: 'short' })).json().fields[0].field).toBe('password');
    const res = await as('admin', 'POST', `${U}/${u.id}/reset-password`, { password: 'Chongzhi#2026q' });
    expect(res.statusCode).toBe(200);
    expect(res.json().mustChangePassword).toBe(true);
    expect((await env.call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(401);
    expect((await login(u.username, CHANGED)).statusCode).toBe(401);
    const again = await login(u.username, 'Chongzhi#2026q');
    expect(again.json().restriction).toBe('password');
    const [ev] = await events('user.password_reset', u.id);
    expect(ev.after_json).not.toContain('Chongzhi');
    // one's own password is changed with the current one, not reset
    expect((await as('admin', 'POST', `${U}/${env.ids.users.admin}/reset-password`, { password: 'Chongzhi#2026q' })).statusCode).toBe(403);
  });

  it('edits the display name and moves the user to another org, audited before/after', async () => {
    const u = await newUser(env.ids.nzsVillages[3], '钱七');
    const res = await as('admin', 'PATCH', `${U}/${u.id}`, { displayName: '钱七七', orgId: env.ids.nzsVillages[4] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '钱七七', orgId: env.ids.nzsVillages[4], orgName: '柳树湾村' });
    const [ev] = await events('user.update', u.id);
    expect(JSON.parse(ev.before_json!)).toMatchObject({ displayName: '钱七', orgId: env.ids.nzsVillages[3] });
    expect(JSON.parse(ev.after_json!)).toMatchObject({ displayName: '钱七七', orgId: env.ids.nzsVillages[4] });
    expect((await as('admin', 'PATCH', `${U}/${u.id}`, {})).statusCode).toBe(400);
    expect((await as('nzs_sfs', 'PATCH', `${U}/${u.id}`, { displayName: '越权' })).statusCode).toBe(403);
  });
});

describe('listing users', () => {
  it('filters by org subtree, Chinese name, role and pages with a total', async () => {
    const nzs = (await as('admin', 'GET', `${U}?orgId=${env.ids.nzs}&pageSize=200`)).json();
    expect(nzs.items.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['nzs_sfs', 'nzs_leader', 'nzs_mediator', 'nzs_grid']));
    expect(nzs.items.some((u: { username: string }) => ['nb_sfs', 'admin', 'county'].includes(u.username))).toBe(false);
    const q = (await as('admin', 'GET', `${U}?q=${encodeURIComponent('李静')}`)).json();
    expect(q.items.map((u: { username: string }) => u.username)).toEqual(['nzs_sfs']);
    expect(q.items[0].grants).toEqual([expect.objectContaining({ role: 'judicial_staff', roleLabel: '司法所工作人员', orgName: '娘子神乡', scope: 'subtree' })]);
    const judicial = (await as('county', 'GET', `${U}?role=judicial_staff`)).json();
    expect(judicial.items.map((u: { username: string }) => u.username).sort()).toEqual(['nb_sfs', 'nzs_sfs']);
    const page = (await as('admin', 'GET', `${U}?pageSize=2&page=2`)).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(10);
    expect(JSON.stringify(page)).not.toContain('password_hash');
  });

  it('a township security admin sees only users of 娘子神乡, and is refused the neighbour', async () => {
    const u = await newUser(env.ids.nzsDepartments.党政办, '乡安全员');
    expect((await as('secadmin', 'POST', `${U}/${u.id}/grants`, { role: 'sec_admin', orgId: env.ids.nzs })).statusCode).toBe(200);
    const cookie = await activate(u.username);
    const list = (await env.call('GET', `${U}?pageSize=200`, { cookie })).json();
    expect(list.items.length).toBeGreaterThan(3);
    expect(list.items.every((x: { orgId: string }) => x.orgId !== env.ids.nb && !Object.values(env.ids.nbDepartments).includes(x.orgId))).toBe(true);
    expect((await env.call('GET', `${U}?orgId=${env.ids.nb}`, { cookie })).statusCode).toBe(403);
    expect((await env.call('GET', `${U}/${env.ids.users.nb_sfs}`, { cookie })).statusCode).toBe(403);
    expect((await as('nzs_sfs', 'GET', U)).statusCode).toBe(403);
  });
});

describe('role grants', () => {
  it('the security admin grants a role; the user’s sessions end; before/after audited', async () => {
    const u = await newUser();
    const cookie = await activate(u.username);
    const res = await as('secadmin', 'POST', `${U}/${u.id}/grants`, { role: 'judicial_staff', orgId: env.ids.nzs, scope: 'subtree' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ role: 'judicial_staff', orgId: env.ids.nzs, orgName: '娘子神乡', scope: 'subtree', grantedBy: env.ids.users.secadmin });
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(401);
    const [ev] = await events('grant.create', u.id);
    expect(JSON.parse(ev.before_json!)).toEqual({ grants: [] });
    expect(JSON.parse(ev.after_json!)).toEqual({ grants: [{ role: 'judicial_staff', orgId: env.ids.nzs, scope: 'subtree' }] });
    // the new permissions are there at the next login
    const me = (await login(u.username, CHANGED)).json();
    expect(me.permissions).toContain('person.unmask');
    // the same grant twice is a conflict
    expect((await as('secadmin', 'POST', `${U}/${u.id}/grants`, { role: 'judicial_staff', orgId: env.ids.nzs })).statusCode).toBe(409);

    const list = (await as('secadmin', 'GET', `${U}/${u.id}/grants`)).json();
    expect(list.items).toHaveLength(1);
    const cookie2 = cookieOf(await login(u.username, CHANGED));
    // in use (so kept in the session cache): the revocation still ends it on the very next request
    expect((await env.call('GET', '/api/v1/auth/me', { cookie: cookie2 })).statusCode).toBe(200);
    const del = await as('secadmin', 'DELETE', `${U}/${u.id}/grants/${list.items[0].id}`);
    expect(del.statusCode).toBe(200);
    expect((await env.call('GET', '/api/v1/auth/me', { cookie: cookie2 })).statusCode).toBe(401);
    const [dev] = await events('grant.delete', u.id);
    expect(JSON.parse(dev.before_json!).grants).toHaveLength(1);
    expect(JSON.parse(dev.after_json!)).toEqual({ grants: [] });
    expect((await as('secadmin', 'DELETE', `${U}/${u.id}/grants/${list.items[0].id}`)).statusCode).toBe(404);
  });

  it('the system admin manages users but grants no roles; nobody without user.grant does', async () => {
    const u = await newUser();
    for (const who of ['admin', 'auditor', 'county', 'nzs_sfs']) {
      expect((await as(who, 'POST', `${U}/${u.id}/grants`, { role: 'readonly', orgId: env.ids.nzs })).statusCode).toBe(403);
    }
    expect((await userRow(u.id)).id).toBe(u.id);
    expect(await db().selectFrom('role_grants').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
  });

  it('三员分立: the system admin cannot reset or disable the security or audit admin account (no takeover)', async () => {
    for (const target of ['secadmin', 'auditor']) {
      const id = env.ids.users[target];
      const before = await userRow(id);
      const reset = await as('admin', 'POST', `${U}/${id}/reset-password`, { password: 'Takeover#2026zz' });
      expect(reset.statusCode).toBe(403);
      expect(reset.json().fields[0].field).toBe('id');
      expect((await as('admin', 'POST', `${U}/${id}/disable`)).statusCode).toBe(403);
      const after = await userRow(id);
      expect(after.password_hash).toBe(before.password_hash);
      expect(after.disabled).toBe(0);
      expect((await events('user.password_reset', id)).map((e) => e.result)).toEqual(['denied']);
    }
    // An ordinary user is still the system admin's to reset.
    const u = await newUser();
    expect((await as('admin', 'POST', `${U}/${u.id}/reset-password`, { password: 'Another#2026zz' })).statusCode).toBe(200);
  });

  it('三员分立: a user holding one of the three administrator roles cannot be given another', async () => {
    const u = await newUser();
    expect((await as('secadmin', 'POST', `${U}/${u.id}/grants`, { role: 'sys_admin', orgId: env.ids.nzs })).statusCode).toBe(200);
    for (const role of ['sec_admin', 'audit_admin']) {
      const res = await as('secadmin', 'POST', `${U}/${u.id}/grants`, { role, orgId: env.ids.county });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toEqual([{ field: 'role', message: FIELD_MESSAGES.role_separation.zh }]);
    }
    const en = await as('secadmin', 'POST', `${U}/${u.id}/grants`, { role: 'audit_admin', orgId: env.ids.nzs }, { 'accept-language': 'en' });
    expect(en.json().fields[0].message).toBe(FIELD_MESSAGES.role_separation.en);
    // the same administrator role on another org, or an ordinary role, is fine
    expect((await as('secadmin', 'POST', `${U}/${u.id}/grants`, { role: 'sys_admin', orgId: env.ids.nb })).statusCode).toBe(200);
    expect((await as('secadmin', 'POST', `${U}/${u.id}/grants`, { role: 'readonly', orgId: env.ids.nb })).statusCode).toBe(200);
    const roles = (await db().selectFrom('role_grants').select('role').where('user_id', '=', u.id).execute()).map((r) => r.role).sort();
    expect(roles).toEqual(['readonly', 'sys_admin', 'sys_admin']);
    // the role table keeps the three apart, and neither the system nor the security admin reads the audit log
    for (const a of SEPARATED_ROLES) for (const b of SEPARATED_ROLES) if (a !== b) expect(ROLE_PERMISSIONS[a].some((p) => ROLE_PERMISSIONS[b].includes(p) && p !== 'org.read' && p !== 'user.read')).toBe(false);
    expect(ROLE_PERMISSIONS.sys_admin).not.toContain('audit.read');
    expect(ROLE_PERMISSIONS.sec_admin).not.toContain('audit.read');
    expect(ROLE_PERMISSIONS.sys_admin).not.toContain('user.grant');
    expect(ROLE_PERMISSIONS.audit_admin).not.toContain('user.grant');
  });

  it('nobody grants to or revokes from themselves', async () => {
    const res = await as('secadmin', 'POST', `${U}/${env.ids.users.secadmin}/grants`, { role: 'judicial_staff', orgId: env.ids.nzs });
    expect(res.statusCode).toBe(403);
    expect(res.json().fields).toEqual([{ field: 'userId', message: FIELD_MESSAGES.self_grant.zh }]);
    const own = await db().selectFrom('role_grants').select('id').where('user_id', '=', env.ids.users.secadmin).executeTakeFirstOrThrow();
    expect((await as('secadmin', 'DELETE', `${U}/${env.ids.users.secadmin}/grants/${own.id}`)).statusCode).toBe(403);
    expect(await db().selectFrom('role_grants').select('role').where('user_id', '=', env.ids.users.secadmin).execute()).toEqual([{ role: 'sec_admin' }]);
    const denied = await db().selectFrom('audit_events').select('action').where('actor_name', '=', 'secadmin').where('result', '=', 'denied').where('entity_id', '=', env.ids.users.secadmin).execute();
    expect(denied.map((d) => d.action).sort()).toEqual(['grant.create', 'grant.delete']);
  });

  it('a security admin granted on 娘子神乡 cannot grant on 白杨镇 or on the county', async () => {
    const sec = await newUser(env.ids.nzsDepartments.党政办, '乡安全管理员');
    expect((await as('secadmin', 'POST', `${U}/${sec.id}/grants`, { role: 'sec_admin', orgId: env.ids.nzs, scope: 'subtree' })).statusCode).toBe(200);
    const cookie = await activate(sec.username);
    const target = await newUser(env.ids.nzsVillages[5], '被授权人');
    const call = (body: unknown) => env.call('POST', `${U}/${target.id}/grants`, { cookie, body });
    const nb = await call({ role: 'readonly', orgId: env.ids.nb });
    expect(nb.statusCode).toBe(403);
    expect(nb.json().fields[0].field).toBe('orgId');
    expect((await call({ role: 'readonly', orgId: env.ids.nbVillages[0], scope: 'org' })).statusCode).toBe(403);
    expect((await call({ role: 'readonly', orgId: env.ids.county })).statusCode).toBe(403);
    expect((await call({ role: 'readonly', orgId: env.ids.county, scope: 'org' })).statusCode).toBe(403);
    const ok = await call({ role: 'mediator', orgId: env.ids.nzsVillages[5], scope: 'self' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await call({ role: 'readonly', orgId: env.ids.nzs, scope: 'subtree' })).statusCode).toBe(200);
    // a user of the neighbouring township is out of reach, even for a grant on 娘子神乡
    const nbUser = await newUser(env.ids.nbDepartments.党政办, '邻镇人');
    expect((await env.call('POST', `${U}/${nbUser.id}/grants`, { cookie, body: { role: 'readonly', orgId: env.ids.nzs } })).statusCode).toBe(403);
    // nor may it revoke a county-wide grant someone else holds
    const countyGrant = (await as('secadmin', 'POST', `${U}/${target.id}/grants`, { role: 'readonly', orgId: env.ids.county })).json();
    expect((await env.call('DELETE', `${U}/${target.id}/grants/${countyGrant.id}`, { cookie })).statusCode).toBe(403);
    const denials = await db().selectFrom('audit_events').select('entity_id').where('actor_name', '=', sec.username).where('result', '=', 'denied').execute();
    expect(denials.map((d) => d.entity_id)).toEqual(expect.arrayContaining([env.ids.nb, env.ids.county, nbUser.id]));
  });

  it('an org-only security admin cannot hand out a subtree grant on its own org', async () => {
    const sec = await newUser(env.ids.nzsDepartments.党政办, '本级安全管理员');
    expect((await as('secadmin', 'POST', `${U}/${sec.id}/grants`, { role: 'sec_admin', orgId: env.ids.nzsDepartments.党政办, scope: 'org' })).statusCode).toBe(200);
    const cookie = await activate(sec.username);
    const target = await newUser(env.ids.nzsDepartments.党政办, '办公室职员');
    const sub = await env.call('POST', `${U}/${target.id}/grants`, { cookie, body: { role: 'readonly', orgId: env.ids.nzsDepartments.党政办, scope: 'subtree' } });
    expect(sub.statusCode).toBe(403);
    const org = await env.call('POST', `${U}/${target.id}/grants`, { cookie, body: { role: 'readonly', orgId: env.ids.nzsDepartments.党政办, scope: 'org' } });
    expect(org.statusCode).toBe(200);
  });
});
