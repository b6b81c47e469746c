import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../../common/errors.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { DEMO_PASSWORD } from '../../seed/base.ts';
import { sm3 } from '../crypto.ts';
import { systemCtx } from '../context.ts';
import { runSweeps } from '../jobs/jobs.service.ts';
import { noteWrite } from '../read-cache.ts';
import { passwordContext, toPinyin } from './password-context.ts';
import { isStrongPassword, passwordClasses } from './password-policy.ts';
import { base32Decode, base32Encode, hotp, totp, verifyTotp } from './totp.ts';

/**
 * 身份鉴别 and sessions (等保 8.1.4.1; security-requirements S1–S4): TOTP against RFC 6238, the
 * password rules, login, lockout, idle and absolute expiry, logout, forced password change and the
 * second factor for administrator roles.
 */
const LOGIN = '/api/v1/auth/login';
/** A session or user row changed in the database by hand, not by the app: tell the app's session cache (what another process's audited write does through the relay). */
const behindTheApp = () => noteWrite('session');

describe('TOTP (RFC 6238 / RFC 4226)', () => {
  // RFC 6238 appendix B, SHA1 column: the seed is the ASCII string "12345678901234567890".
  const key = Buffer.from('12345678901234567890', 'ascii');
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ];

  it.each(vectors)('T=%i → %s (8 digits, 30 s step)', (t, code) => {
    expect(hotp(key, Math.floor(t / 30), 8, 'sha1')).toBe(code);
  });

  it('the 6-digit codes phones show are the same values truncated mod 10^6, from a base32 secret', () => {
    const secret = base32Encode(key);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    for (const [t, code] of vectors) expect(totp(secret, t * 1000)).toBe(code.slice(-6));
  });

  it('RFC 4226 appendix D HOTP values (counter 0…9, 6 digits)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, c) => hotp(key, c))).toEqual(expected);
  });

  it('base32 (RFC 4648 vectors) round-trips and rejects foreign characters', () => {
    const cases: [string, string][] = [
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, enc] of cases) {
      expect(base32Encode(Buffer.from(plain))).toBe(enc);
      expect(base32Decode(`${enc.toLowerCase()}==`).toString()).toBe(plain);
    }
    expect(() => base32Decode('MZ1W')).toThrow();
  });

  it('verification accepts the current step and one either side (clock drift), nothing further, and only 6 digits', () => {
    const secret = base32Encode(key);
    const now = 1_700_000_000_000;
    expect(verifyTotp(secret, totp(secret, now), now)).toBe(true);
    expect(verifyTotp(secret, totp(secret, now - 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totp(secret, now + 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totp(secret, now - 60_000), now)).toBe(false);
    expect(verifyTotp(secret, totp(secret, now + 60_000), now)).toBe(false);
    const code = totp(secret, now);
    for (const bad of ['', `${code}0`, code.slice(1), ` ${code}`, '12345a', '１２３４５６']) expect(verifyTotp(secret, bad, now)).toBe(false);
  });
});

describe('password policy (等保 8.1.4.1 a; S1)', () => {
  const table: [string, string, boolean, string][] = [
    ['Ab1!', 'zhangsan', false, 'too short (4)'],
    ['Abcde1!', 'zhangsan', false, '7 characters, just below 8'],
    ['Abcdef1!', 'zhangsan', true, 'exactly 8, four classes'],
    ['abcdefgh123', 'zhangsan', false, 'two classes: lower + digits'],
    ['ABCDEFGH!!!', 'zhangsan', false, 'two classes: upper + symbols'],
    ['abcdefg!1', 'zhangsan', true, 'three classes: lower, symbol, digit'],
    ['Zhangsan#2026', 'zhangsan', false, 'contains the username (any case)'],
    ['xZHANGSANx1!', 'zhangsan', false, 'username inside'],
    ['P@ssw0rd', 'zhangsan', false, 'on the common list'],
    ['Admin@123', 'zhangsan', false, 'common list, case-insensitive'],
    ['Fazhi@123', 'zhangsan', false, 'the product name + 123'],
    ['1qaz@WSX', 'zhangsan', false, 'keyboard walk on the common list'],
    ['Huanghe#1987river', 'zhangsan', true, 'a long passphrase'],
    ['秋天的落叶Qiu#2026', 'zhangsan', true, 'Chinese characters count as symbols'],
    [`Aa1!${'x'.repeat(124)}`, 'zhangsan', true, '128 characters allowed'],
    [`Aa1!${'x'.repeat(125)}`, 'zhangsan', false, '129 characters refused'],
  ];
  it.each(table)('%s (user %s) → %s: %s', (pw, user, ok) => {
    expect(isStrongPassword(pw, user)).toBe(ok);
  });

  it('context words (the display name, the township) are refused too', () => {
    expect(isStrongPassword('Lijing#2026x', 'nzs_sfs', ['lijing'])).toBe(false);
    expect(isStrongPassword('娘子神乡Ab1!', 'nzs_sfs', ['娘子神乡'])).toBe(false);
    expect(isStrongPassword('Qiushui#2026x', 'nzs_sfs', ['lijing'])).toBe(true);
  });

  it('counts the four classes', () => {
    expect(passwordClasses('aaaa')).toBe(1);
    expect(passwordClasses('aA')).toBe(2);
    expect(passwordClasses('aA1')).toBe(3);
    expect(passwordClasses('aA1-')).toBe(4);
  });
});

describe('login, lockout, session expiry, logout (demo users)', () => {
  let env: TestEnv;
  const db = () => env.deps.database.db;
  const login = (username: string, password: string, extra: Record<string, unknown> = {}, lang?: string) =>
    env.call('POST', LOGIN, { body: { username, password, ...extra }, headers: lang ? { 'accept-language': lang } : undefined });
  const cookieOf = (res: Awaited<ReturnType<typeof login>>) => {
    const c = res.cookies.find((x) => x.name === 'fazhi_sid');
    if (!c) throw new Error('no cookie');
    return c;
  };
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => env?.close());

  it('success sets an HttpOnly, SameSite cookie holding a random token; the database keeps only its SM3', async () => {
    const res = await login('nzs_leader', DEMO_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    const c = cookieOf(res);
    expect(c.httpOnly).toBe(true);
    expect(String(c.sameSite).toLowerCase()).toBe('lax');
    expect(c.path).toBe('/');
    expect(c.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.json()).toMatchObject({ username: 'nzs_leader', restriction: null });
    expect(res.json().permissions).toContain('mediation.read');
    const row = await db().selectFrom('sessions').selectAll().where('id', '=', sm3(c.value)).executeTakeFirstOrThrow();
    expect(row.user_id).toBe(env.ids.users.nzs_leader);
    expect(await db().selectFrom('sessions').select('id').where('id', '=', c.value).executeTakeFirst()).toBeUndefined();
    const ev = await db().selectFrom('audit_events').selectAll().where('action', '=', 'login').where('actor_name', '=', 'nzs_leader').where('result', '=', 'success').execute();
    expect(ev.length).toBe(1);
  });

  it('every login issues a new session id (no fixation): a cookie sent along with the login is not reused', async () => {
    const first = cookieOf(await login('nzs_leader', DEMO_PASSWORD));
    const second = await env.call('POST', LOGIN, { body: { username: 'nzs_leader', password: DEMO_PASSWORD }, cookie: `fazhi_sid=${first.value}` });
    expect(second.statusCode).toBe(200);
    const c2 = cookieOf(second);
    expect(c2.value).not.toBe(first.value);
    expect((await env.call('GET', '/api/v1/auth/me', { cookie: `fazhi_sid=${c2.value}` })).statusCode).toBe(200);
    const planted = await env.call('POST', LOGIN, { body: { username: 'nzs_leader', password: DEMO_PASSWORD }, cookie: 'fazhi_sid=attacker-chosen-value' });
    expect(cookieOf(planted).value).not.toBe('attacker-chosen-value');
  });

  it('wrong password, unknown user, disabled and locked user all get the same 401 and message, in both languages', async () => {
    const bodies = new Set<string>();
    const wrong = await login('nzs_readonly', 'Wrong#Pass2026');
    const unknown = await login('no_such_user', 'Wrong#Pass2026');
    await db().updateTable('users').set({ locked_until: new Date(Date.now() + 600_000).toISOString() }).where('username', '=', 'nzs_grid').execute();
    const locked = await login('nzs_grid', DEMO_PASSWORD);
    for (const r of [wrong, unknown, locked]) {
      expect(r.statusCode).toBe(401);
      bodies.add(r.body);
    }
    expect([...bodies]).toEqual([JSON.stringify({ code: 'LOGIN_FAILED', message: ERROR_MESSAGES.LOGIN_FAILED.zh, fields: [] })]);
    expect((await login('no_such_user', 'x', {}, 'en')).json().message).toBe(ERROR_MESSAGES.LOGIN_FAILED.en);
    expect(wrong.cookies.find((c) => c.name === 'fazhi_sid')).toBeUndefined();
    await db().updateTable('users').set({ locked_until: null }).where('username', '=', 'nzs_grid').execute();
    // the reasons differ only in the audit trail, for the audit admin
    const reasons = await db().selectFrom('audit_events').select(['actor_name', 'after_json']).where('action', '=', 'login').where('result', '=', 'failure').execute();
    const byName = new Map(reasons.map((r) => [r.actor_name, JSON.parse(r.after_json!).reason]));
    expect(byName.get('nzs_readonly')).toBe('bad_password');
    expect(byName.get('no_such_user')).toBe('unknown_user');
    expect(byName.get('nzs_grid')).toBe('locked');
  });

  it('an unknown user takes as long to refuse as a wrong password (no username enumeration by timing)', async () => {
    const time = async (username: string) => {
      const t0 = performance.now();
      expect((await login(username, 'Wrong#Pass2026')).statusCode).toBe(401);
      return performance.now() - t0;
    };
    await time('nzs_reviewer');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time('nzs_reviewer'));
      unknown.push(await time(`ghost_${i}`));
    }
    // PBKDF2 at full strength is ~100 ms here; a skipped check answers in ~1 ms. The margin is wide
    // (a fifth) because the other test worker shares the two cores and can slow either side.
    expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...known) * 0.2);
    await db().updateTable('users').set({ failed_logins: 0 }).where('username', '=', 'nzs_reviewer').execute();
  });

  it('five consecutive failures lock the account for 30 minutes, even against the right password; every failure audited', async () => {
    const user = 'nzs_officer';
    for (let i = 1; i <= 4; i++) expect((await login(user, `Wrong#${i}abcd`)).statusCode).toBe(401);
    // four failures: the right password still opens (and resets the count)
    expect((await login(user, DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await db().selectFrom('users').select('failed_logins').where('username', '=', user).executeTakeFirstOrThrow()).failed_logins).toBe(0);
    const t0 = Date.now();
    for (let i = 1; i <= 5; i++) expect((await login(user, `Wrong#${i}abcd`)).statusCode).toBe(401);
    const u = await db().selectFrom('users').selectAll().where('username', '=', user).executeTakeFirstOrThrow();
    const lockedFor = Date.parse(u.locked_until!) - t0;
    expect(lockedFor).toBeGreaterThan(29.9 * 60_000);
    expect(lockedFor).toBeLessThan(30.5 * 60_000);
    const right = await login(user, DEMO_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('LOGIN_FAILED');
    const fails = await db().selectFrom('audit_events').selectAll().where('action', '=', 'login').where('result', '=', 'failure').where('actor_name', '=', user).orderBy('seq').execute();
    expect(fails.map((e) => JSON.parse(e.after_json!).reason)).toEqual([
      ...Array(4).fill('bad_password'),
      ...Array(4).fill('bad_password'),
      'bad_password_locked',
      'locked',
    ]);
    expect(fails.every((e) => e.entity_id === env.ids.users[user] && e.ip !== null)).toBe(true);
    // one second before the end it is still locked; after it, the right password works again
    await db().updateTable('users').set({ locked_until: new Date(Date.now() + 1000).toISOString() }).where('username', '=', user).execute();
    expect((await login(user, DEMO_PASSWORD)).statusCode).toBe(401);
    await db().updateTable('users').set({ locked_until: minutesAgo(0.01) }).where('username', '=', user).execute();
    expect((await login(user, DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('idle expiry: 29 minutes idle still works, 31 minutes gives 401 SESSION_EXPIRED and ends the session', async () => {
    const c = cookieOf(await login('nzs_mediator', DEMO_PASSWORD));
    const cookie = `fazhi_sid=${c.value}`;
    const id = sm3(c.value);
    await db().updateTable('sessions').set({ last_seen_at: minutesAgo(29) }).where('id', '=', id).execute();
    behindTheApp();
    expect((await env.call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(200);
    // the request touched it
    const touched = await db().selectFrom('sessions').select('last_seen_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(Date.now() - Date.parse(touched.last_seen_at)).toBeLessThan(60_000);
    await db().updateTable('sessions').set({ last_seen_at: minutesAgo(31) }).where('id', '=', id).execute();
    behindTheApp();
    const res = await env.call('GET', '/api/v1/auth/me', { cookie });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('SESSION_EXPIRED');
    expect((await db().selectFrom('sessions').select('ended_at').where('id', '=', id).executeTakeFirstOrThrow()).ended_at).not.toBeNull();
    // and it stays dead even if someone freshens the timestamp again
    await db().updateTable('sessions').set({ last_seen_at: minutesAgo(0) }).where('id', '=', id).execute();
    behindTheApp();
    expect((await env.call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(401);
  });

  it('administrators time out after 15 minutes idle (security S3): 14 still works, 16 ends it; a mediator at 16 is fine', async () => {
    for (const [user, at16] of [
      ['admin', 401],
      ['secadmin', 401],
      ['auditor', 401],
      ['nzs_mediator', 200],
    ] as const) {
      const c = cookieOf(await login(user, DEMO_PASSWORD));
      const cookie = `fazhi_sid=${c.value}`;
      const id = sm3(c.value);
      await db().updateTable('sessions').set({ last_seen_at: minutesAgo(14) }).where('id', '=', id).execute();
      behindTheApp();
      expect((await env.call('GET', '/api/v1/auth/me', { cookie })).statusCode, `${user} at 14 min`).toBe(200);
      await db().updateTable('sessions').set({ last_seen_at: minutesAgo(16) }).where('id', '=', id).execute();
      behindTheApp();
      const res = await env.call('GET', '/api/v1/auth/me', { cookie });
      expect(res.statusCode, `${user} at 16 min`).toBe(at16);
      if (at16 === 401) expect(res.json().code).toBe('SESSION_EXPIRED');
    }
  });

  it('absolute expiry: a session created 12 h + 1 min ago ends even while in use', async () => {
    const c = cookieOf(await login('nzs_mediator', DEMO_PASSWORD));
    const cookie = `fazhi_sid=${c.value}`;
    await db().updateTable('sessions').set({ created_at: minutesAgo(12 * 60 - 1), last_seen_at: minutesAgo(0) }).where('id', '=', sm3(c.value)).execute();
    behindTheApp();
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(200);
    await db().updateTable('sessions').set({ created_at: minutesAgo(12 * 60 + 1) }).where('id', '=', sm3(c.value)).execute();
    behindTheApp();
    const res = await env.call('GET', '/api/v1/orgs', { cookie });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('SESSION_EXPIRED');
  });

  it('logout ends the session on the server: replaying the old cookie gets 401; the browser is told to clear its data', async () => {
    const c = cookieOf(await login('nzs_readonly', DEMO_PASSWORD));
    const cookie = `fazhi_sid=${c.value}`;
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(200);
    const out = await env.call('POST', '/api/v1/auth/logout', { cookie });
    expect(out.statusCode).toBe(200);
    expect(out.headers['clear-site-data']).toContain('storage');
    const cleared = out.cookies.find((x) => x.name === 'fazhi_sid');
    expect(cleared?.value).toBe('');
    const replay = await env.call('GET', '/api/v1/orgs', { cookie });
    expect(replay.statusCode).toBe(401);
    expect((await env.call('POST', '/api/v1/auth/logout', { cookie })).statusCode).toBe(401);
    const ev = await db().selectFrom('audit_events').selectAll().where('action', '=', 'logout').where('actor_name', '=', 'nzs_readonly').execute();
    expect(ev).toHaveLength(1);
  });

  it('a session ended in the database by another program (not through the app) is refused within the 5 s the session cache keeps it', async () => {
    const c = cookieOf(await login('nzs_leader', DEMO_PASSWORD));
    const cookie = `fazhi_sid=${c.value}`;
    expect((await env.call('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(200);
    await db().updateTable('sessions').set({ ended_at: new Date().toISOString() }).where('id', '=', sm3(c.value)).execute();
    const t0 = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - t0 < 8_000) {
      status = (await env.call('GET', '/api/v1/auth/me', { cookie })).statusCode;
      if (status === 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(401);
    expect(Date.now() - t0).toBeLessThan(5_500);
  });

  it('the context list (S1): the person’s name, their village, township and county, and the county’s other townships, also in pinyin', async () => {
    const words = await passwordContext(systemCtx(env.deps), { orgId: env.ids.nzsVillages[2], displayName: '娘子神乡 王建国' });
    for (const w of ['wangjianguo', 'wjg', 'niangzishenxiang', 'niangzishen', 'nzsx', 'nzs', 'baiyang', 'baiyangzhen', '娘子神乡', '王建国']) expect(words, w).toContain(w);
    // another township only by its full pinyin, never by three initials
    expect(words).not.toContain('byz');
    for (const bad of ['Wangjianguo#1', 'Nzsx@2026ab', 'Niangzishen@2026', 'Baiyangzhen#26', 'xx王建国#2026A']) expect(isStrongPassword(bad, 'someone', words), bad).toBe(false);
    for (const good of ['Kx9#mTq2pLw', 'Huanghe#1987river', 'Qiushui#2026ok']) expect(isStrongPassword(good, 'someone', words), good).toBe(true);
    expect(await toPinyin(['长安村', '重阳镇', '乐平村'])).toEqual([
      ['changancun', 'cac'],
      ['chongyangzhen', 'cyz'],
      ['lepingcun', 'lpc'],
    ]);
    // the demo password is public (README): refused for a real account
    expect(isStrongPassword(DEMO_PASSWORD, 'someone')).toBe(false);
  });

  it('session rows are deleted 180 days after they began (S11); newer ones, and the logins in the audit trail, stay', async () => {
    const c = cookieOf(await login('nzs_readonly', DEMO_PASSWORD));
    const id = sm3(c.value);
    const old = { id: sm3(`old-${Date.now()}`), user_id: env.ids.users.nzs_readonly, created_at: minutesAgo(181 * 24 * 60), last_seen_at: minutesAgo(181 * 24 * 60), ip: '198.51.100.7', user_agent: 'old browser', restricted: 0, ended_at: minutesAgo(181 * 24 * 60 - 30) };
    const kept = { ...old, id: sm3(`kept-${Date.now()}`), created_at: minutesAgo(179 * 24 * 60), last_seen_at: minutesAgo(179 * 24 * 60), ended_at: minutesAgo(179 * 24 * 60 - 30) };
    await db().insertInto('sessions').values([old, kept]).execute();
    const logins = async () => Number((await db().selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'login').executeTakeFirstOrThrow()).n);
    const before = await logins();
    await runSweeps(env.deps, new Date());
    const left = (await db().selectFrom('sessions').select('id').where('id', 'in', [old.id, kept.id, id]).execute()).map((r) => r.id);
    expect(left.sort()).toEqual([kept.id, id].sort());
    expect(await logins()).toBe(before);
  });

  it('a forged or unknown cookie is simply not logged in', async () => {
    for (const cookie of ['fazhi_sid=', 'fazhi_sid=xxxxxxxx', `fazhi_sid=${'A'.repeat(43)}`]) {
      const res = await env.call('GET', '/api/v1/orgs', { cookie });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
  });

  it('changing the password ends the user’s other sessions, keeps this one, and audits it without the password', async () => {
    const a = `fazhi_sid=${cookieOf(await login('nb_sfs', DEMO_PASSWORD)).value}`;
    const b = `fazhi_sid=${cookieOf(await login('nb_sfs', DEMO_PASSWORD)).value}`;
    const weak = await env.call('POST', '/api/v1/auth/password', { cookie: a, body: { currentPassword: DEMO_PASSWORD, newPassword: 'abcdefgh' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().fields[0].field).toBe('newPassword');
    const wrongCurrent = await env.call('POST', '/api/v1/auth/password', { cookie: a, body: { currentPassword: 'nope', newPassword: 'Baiyang#2026ok' } });
    expect(wrongCurrent.json().fields[0].field).toBe('currentPassword');
    // the user's own township in pinyin is on the context list (S1): 白杨镇 → baiyang
    const township = await env.call('POST', '/api/v1/auth/password', { cookie: a, body: { currentPassword: DEMO_PASSWORD, newPassword: 'Baiyang#2026ok' } });
    expect(township.statusCode).toBe(400);
    expect(township.json().fields[0].field).toBe('newPassword');
    const ok = await env.call('POST', '/api/v1/auth/password', { cookie: a, body: { currentPassword: DEMO_PASSWORD, newPassword: 'Qiushui#2026ok' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await env.call('GET', '/api/v1/auth/me', { cookie: a })).statusCode).toBe(200);
    expect((await env.call('GET', '/api/v1/auth/me', { cookie: b })).statusCode).toBe(401);
    expect((await login('nb_sfs', DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await login('nb_sfs', 'Qiushui#2026ok')).statusCode).toBe(200);
    const ev = await db().selectFrom('audit_events').selectAll().where('action', '=', 'password.change').executeTakeFirstOrThrow();
    expect(JSON.stringify(ev)).not.toContain('Qiushui#2026ok');
  });

  it('demo users are exempt from the forced change and the second factor', async () => {
    for (const user of ['admin', 'secadmin', 'auditor', 'nzs_reviewer']) {
      const res = await login(user, DEMO_PASSWORD);
      expect(res.json().restriction, user).toBeNull();
    }
    // even an aged password does not block a demo user
    await db().updateTable('users').set({ password_changed_at: '2020-01-01T00:00:00.000Z' }).where('username', '=', 'admin').execute();
    expect((await login('admin', DEMO_PASSWORD)).json().restriction).toBeNull();
  });
});

describe('forced password change and the second factor (non-demo users)', () => {
  let env: TestEnv;
  const db = () => env.deps.database.db;
  const loginRes = (username: string, password: string, code?: string) => env.call('POST', LOGIN, { body: { username, password, ...(code ? { totp: code } : {}) } });
  const cookieOf = (res: Awaited<ReturnType<typeof loginRes>>) => `fazhi_sid=${res.cookies.find((x) => x.name === 'fazhi_sid')!.value}`;

  beforeAll(async () => {
    env = await createTestEnv({ demo: false });
  });
  afterAll(async () => env?.close());

  it('an initial password logs in restricted: 403 PASSWORD_CHANGE_REQUIRED everywhere but me, password, logout', async () => {
    const res = await loginRes('nzs_sfs', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().restriction).toBe('password');
    const cookie = cookieOf(res);
    for (const url of ['/api/v1/orgs', '/api/v1/mediation/committees', '/api/v1/calendar/status']) {
      const r = await env.call('GET', url, { cookie });
      expect(r.statusCode, url).toBe(403);
      expect(r.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    expect((await env.call('POST', '/api/v1/people/00000000-0000-7000-8000-000000000000/unmask', { cookie, body: { reason: 'x' } })).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await env.call('GET', '/api/v1/auth/me', { cookie })).json().restriction).toBe('password');
    const weak = await env.call('POST', '/api/v1/auth/password', { cookie, body: { currentPassword: DEMO_PASSWORD, newPassword: 'Nzs_sfs#2026' } });
    expect(weak.statusCode).toBe(400);
    // 司法所, the user's own department, in pinyin: on the context list (S1)
    expect((await env.call('POST', '/api/v1/auth/password', { cookie, body: { currentPassword: DEMO_PASSWORD, newPassword: 'Sifasuo#2026ok' } })).statusCode).toBe(400);
    expect((await env.call('POST', '/api/v1/auth/password', { cookie, body: { currentPassword: DEMO_PASSWORD, newPassword: 'Hongye#2026ok' } })).statusCode).toBe(200);
    // not a privileged role: done
    expect((await env.call('GET', '/api/v1/auth/me', { cookie })).json().restriction).toBeNull();
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(200);
  });

  it('a password older than 90 days must be changed again; 89 days is fine', async () => {
    const cookie = cookieOf(await loginRes('nzs_sfs', 'Hongye#2026ok'));
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    await db().updateTable('users').set({ password_changed_at: daysAgo(89) }).where('username', '=', 'nzs_sfs').execute();
    behindTheApp();
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(200);
    await db().updateTable('users').set({ password_changed_at: daysAgo(91) }).where('username', '=', 'nzs_sfs').execute();
    behindTheApp();
    const r = await env.call('GET', '/api/v1/orgs', { cookie });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    await db().updateTable('users').set({ password_changed_at: daysAgo(0) }).where('username', '=', 'nzs_sfs').execute();
    behindTheApp();
  });

  it('an administrator must set up TOTP after the password; then every login needs the code', async () => {
    let cookie = cookieOf(await loginRes('admin', DEMO_PASSWORD));
    expect((await env.call('POST', '/api/v1/auth/password', { cookie, body: { currentPassword: DEMO_PASSWORD, newPassword: 'Guanliyuan#2026' } })).statusCode).toBe(200);
    const me = (await env.call('GET', '/api/v1/auth/me', { cookie })).json();
    expect(me.restriction).toBe('mfa');
    const blocked = await env.call('GET', '/api/v1/orgs', { cookie });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('MFA_SETUP_REQUIRED');

    const setup = await env.call('POST', '/api/v1/auth/totp/setup', { cookie });
    expect(setup.statusCode).toBe(200);
    const { secret, uri } = setup.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toContain(`secret=${secret}`);
    // kept encrypted, not active until confirmed
    const row = await db().selectFrom('users').select(['totp_secret_enc', 'totp_enabled']).where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(row.totp_enabled).toBe(0);
    expect(row.totp_secret_enc).not.toContain(secret);
    const wrong = await env.call('POST', '/api/v1/auth/totp/confirm', { cookie, body: { code: totp(secret, Date.now() - 5 * 60_000) } });
    expect(wrong.statusCode).toBe(400);
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).json().code).toBe('MFA_SETUP_REQUIRED');
    expect((await env.call('POST', '/api/v1/auth/totp/confirm', { cookie, body: { code: totp(secret) } })).statusCode).toBe(200);
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(200);

    // a new login: password alone is not enough
    const noCode = await loginRes('admin', 'Guanliyuan#2026');
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('MFA_REQUIRED');
    expect(noCode.cookies.find((c) => c.name === 'fazhi_sid')).toBeUndefined();
    const badCode = await loginRes('admin', 'Guanliyuan#2026', totp(secret, Date.now() + 10 * 60_000));
    expect(badCode.statusCode).toBe(401);
    expect(badCode.json().code).toBe('MFA_INVALID');
    // a wrong password with a right code is still the generic failure
    expect((await loginRes('admin', 'Wrong#Pass2026', totp(secret))).json().code).toBe('LOGIN_FAILED');
    const good = await loginRes('admin', 'Guanliyuan#2026', totp(secret));
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().restriction).toBeNull();
    cookie = cookieOf(good);
    expect((await env.call('GET', '/api/v1/orgs', { cookie })).statusCode).toBe(200);
    const actions = (await db().selectFrom('audit_events').select(['action', 'result', 'after_json']).where('actor_name', '=', 'admin').orderBy('seq').execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['password.change', 'totp.begin', 'totp.enable']));
    const mfaFails = await db().selectFrom('audit_events').select('after_json').where('actor_name', '=', 'admin').where('result', '=', 'failure').execute();
    expect(mfaFails.map((e) => JSON.parse(e.after_json!).reason)).toEqual(expect.arrayContaining(['mfa_missing', 'mfa_invalid']));
    // the secret never enters the audit trail
    expect(JSON.stringify(await db().selectFrom('audit_events').selectAll().execute())).not.toContain(secret);
  });

  it('the security admin, the audit admin and the legal reviewer are privileged too; a mediator is not', async () => {
    for (const [user, expected] of [
      ['secadmin', 'mfa'],
      ['auditor', 'mfa'],
      ['nzs_reviewer', 'mfa'],
      ['nzs_mediator', null],
    ] as const) {
      const cookie = cookieOf(await loginRes(user, DEMO_PASSWORD));
      const r = await env.call('POST', '/api/v1/auth/password', { cookie, body: { currentPassword: DEMO_PASSWORD, newPassword: 'Xinmima#2026Q' } });
      expect(r.statusCode, `${user} ${r.body}`).toBe(200);
      expect((await env.call('GET', '/api/v1/auth/me', { cookie })).json().restriction, user).toBe(expected);
    }
  });
});
