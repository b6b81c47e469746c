import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { DEMO_PASSWORD } from '../../seed/base.ts';
import { LoginThrottle } from './login-throttle.ts';

/** Security S2 in front of the per-account lock: failed logins per client address. */
describe('LoginThrottle', () => {
  it('refuses an address after `limit` failures within the window, until its oldest failure ages out', () => {
    const t = new LoginThrottle(3, 60_000);
    const t0 = 1_000_000;
    t.fail('a', t0);
    t.fail('a', t0 + 10_000);
    expect(t.waitMs('a', t0 + 10_001)).toBe(0);
    t.fail('a', t0 + 20_000);
    // the third failure: blocked until the first leaves the window (t0 + 60 s)
    expect(t.waitMs('a', t0 + 20_001)).toBe(39_999);
    expect(t.waitMs('a', t0 + 59_999)).toBe(1);
    expect(t.waitMs('a', t0 + 60_000)).toBe(0);
    expect(t.waitMs('b', t0 + 20_001)).toBe(0);
    // one more failure after the first aged out blocks again, now until the second ages out
    t.fail('a', t0 + 60_500);
    expect(t.waitMs('a', t0 + 60_500)).toBe(9_500);
  });

  it('forgets the longest-known address first when it knows too many (an attacker rotating addresses)', () => {
    const t = new LoginThrottle(1, 60_000, 2);
    t.fail('a', 1);
    t.fail('b', 2);
    t.fail('c', 3);
    expect(t.waitMs('a', 4)).toBe(0);
    expect(t.waitMs('b', 4)).toBeGreaterThan(0);
    expect(t.waitMs('c', 4)).toBeGreaterThan(0);
  });
});

describe('login from one address (3 failures within 15 minutes, for the test)', () => {
  let env: TestEnv;
  const from = (remoteAddress: string, username: string, password: string) =>
    env.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username, password }) });

  beforeAll(async () => {
    env = await createTestEnv({ config: { loginIpFailures: 3, loginIpWindowMs: 15 * 60_000 } });
  });
  afterAll(async () => env?.close());

  it('after 3 failures (over several accounts) the address gets 429 with Retry-After, even with the right password; the attempt is audited; other addresses are not held up', async () => {
    const attacker = '203.0.113.7';
    expect((await from(attacker, 'nzs_sfs', 'Wrong#Pass1')).statusCode).toBe(401);
    expect((await from(attacker, 'nzs_leader', 'Wrong#Pass2')).statusCode).toBe(401);
    expect((await from(attacker, 'no_such_user', 'Wrong#Pass3')).statusCode).toBe(401);
    const refused = await from(attacker, 'nzs_mediator', DEMO_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('RATE_LIMITED');
    const retry = Number(refused.headers['retry-after']);
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect(refused.cookies.find((c) => c.name === 'fazhi_sid')).toBeUndefined();
    const db = env.deps.database.db;
    const ev = await db.selectFrom('audit_events').select(['actor_name', 'result', 'after_json', 'ip']).where('action', '=', 'login').where('actor_name', '=', 'nzs_mediator').execute();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ result: 'failure', ip: attacker });
    expect(JSON.parse(ev[0].after_json!).reason).toBe('rate_limited');
    // the refused attempt never reached the account: nzs_mediator's failure count is untouched
    expect((await db.selectFrom('users').select('failed_logins').where('username', '=', 'nzs_mediator').executeTakeFirstOrThrow()).failed_logins).toBe(0);
    // the same user from the village office's own address logs in
    expect((await from('198.51.100.20', 'nzs_mediator', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('loopback is never counted: a reverse proxy without FAZHI_TRUST_PROXY makes every user 127.0.0.1, and one person must not lock out all', async () => {
    for (let i = 0; i < 5; i++) expect((await from('127.0.0.1', 'nzs_leader', `Wrong#Pass${i}`)).statusCode).toBe(401);
    expect((await from('::ffff:127.0.0.1', 'nzs_leader', 'Wrong#Pass9')).statusCode).toBe(401);
    // the account's own lock still applies (5 failures): another account from the same address is not held up
    expect((await from('127.0.0.1', 'nzs_officer', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('successes do not count: an office logging in many times, then mistyping twice, is not held up', async () => {
    const office = '198.51.100.30';
    for (let i = 0; i < 5; i++) expect((await from(office, 'nzs_grid', DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await from(office, 'nzs_grid', 'Typo#2026x')).statusCode).toBe(401);
    expect((await from(office, 'nzs_grid', 'Typo#2026y')).statusCode).toBe(401);
    expect((await from(office, 'nzs_grid', DEMO_PASSWORD)).statusCode).toBe(200);
  });
});
