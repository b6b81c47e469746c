import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import type { Deps } from '../platform/context.ts';
import { systemCtx } from '../platform/context.ts';
import { hashPassword } from '../platform/crypto.ts';
import { type BaseIds, DEMO_PASSWORD, seedBase } from '../seed/base.ts';

/**
 * A fresh platform per test file, on the engine the run was started for:
 * FAZHI_TEST_DB=sqlite (a temp file) or FAZHI_TEST_DB=postgres (a new database on the test cluster
 * named by FAZHI_TEST_PG_URL). Real engines, real migrations; nothing of our storage is mocked.
 */
export const ENGINE = (process.env.FAZHI_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';

export interface TestEnv {
  app: FastifyInstance;
  deps: Deps;
  ids: BaseIds;
  config: Config;
  /** Logs in through the real route and returns the Cookie header value. */
  login(username: string, password?: string): Promise<string>;
  /** app.inject with a cookie and JSON body. */
  call(method: string, url: string, opts?: { cookie?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  /** `call` as a demo user (logged in once, cookie kept). */
  as(username: string, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** `as`, expecting 200: the JSON answer, or an error naming the request and what came back. */
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever shape the route answers, as res.json() does
  ok(username: string, method: string, url: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

// One hash for the demo password per process: PBKDF2 at full strength, computed once.
let demoHash: Promise<string> | null = null;

export async function createTestEnv(opts: { config?: Partial<Config>; demo?: boolean } = {}): Promise<TestEnv> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fazhi-test-'));
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (ENGINE === 'postgres') {
    const base = process.env.FAZHI_TEST_PG_URL;
    if (!base) throw new Error('FAZHI_TEST_PG_URL is not set (scripts/test.mjs starts a PostgreSQL cluster and sets it)');
    const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const config = loadConfig({ FAZHI_DATA_DIR: dir, LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }, {
    secret: 'test-secret-0123456789abcdef0123456789abcdef',
    // every request here comes from 127.0.0.1: the per-address login limit is tested on its own (auth.test.ts)
    loginIpFailures: 100_000,
    ...opts.config,
  });
  const deps = await createDeps(config, { log: pino({ level: 'silent' }), poolSize: 4 });
  demoHash ??= hashPassword(DEMO_PASSWORD, config.pbkdf2Iterations);
  const ids = await seedBase(systemCtx(deps).db, { passwordHash: await demoHash, demo: opts.demo ?? true });
  const app = await buildApp(deps);
  await app.ready();

  const call: TestEnv['call'] = (method, url, o = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...(o.cookie ? { cookie: o.cookie } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers },
      payload: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
  const cookies = new Map<string, string>();
  const login = async (username: string, password = DEMO_PASSWORD) => {
    if (password === DEMO_PASSWORD && cookies.has(username)) return cookies.get(username)!;
    const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const sc = res.cookies.find((c) => c.name === 'fazhi_sid');
    if (!sc) throw new Error('no session cookie');
    const cookie = `fazhi_sid=${sc.value}`;
    if (password === DEMO_PASSWORD) cookies.set(username, cookie);
    return cookie;
  };
  const as: TestEnv['as'] = async (username, method, url, body) => call(method, url, { cookie: await login(username), body });
  const ok: TestEnv['ok'] = async (username, method, url, body) => {
    const res = await as(username, method, url, body);
    if (res.statusCode !== 200) throw new Error(`${method} ${url} as ${username}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  return {
    app,
    deps,
    ids,
    config,
    login,
    call,
    as,
    ok,
    async close() {
      await app.close();
      await deps.database.close();
      if (dropDb) await dropDb();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The fields a 4xx answer names, in order. */
export function fieldsOf(res: { json(): unknown }): string[] {
  return ((res.json() as { fields?: { field: string }[] }).fields ?? []).map((f) => f.field);
}
