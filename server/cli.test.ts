import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCardCheckChar } from '../common/identity.ts';
import { buildApp } from './app.ts';
import { backupSqlite, defaultBackupFile, runCli } from './cli.ts';
import { loadConfig } from './config.ts';
import type { DB } from './db/schema.ts';
import { createDeps } from './deps.ts';
import { seedMediationDemo } from './modules/mediation/mediation.seed.ts';
import { verifyAuditChain } from './platform/audit.ts';
import { inTx, systemCtx } from './platform/context.ts';
import { sm3 } from './platform/crypto.ts';
import { createPerson } from './platform/people/people.service.ts';
import { DEMO_PASSWORD } from './seed/base.ts';
import { createTestEnv, ENGINE, type TestEnv } from './testing/harness.ts';

/**
 * Operations commands (server/cli.ts) and the backup → restore → verify drill that 等保 8.1.4.9 a)
 * asks a record of (security-requirements §5.4 R7): a backup taken while the server writes, restored
 * into a new instance, checked for integrity, content and the audit chain.
 */
function cli(argv: string[], env: Record<string, string | undefined>) {
  const lines: string[] = [];
  const push = (l: string) => lines.push(l);
  return runCli(argv, { LOG_LEVEL: 'silent', ...env }, push, push).then((code) => ({ code, out: lines.join('\n') }));
}
const dbEnv = (env: TestEnv) => ({ FAZHI_DATA_DIR: env.config.dataDir, DATABASE_URL: env.config.databaseUrl });

/** Per table: row count and an SM3 over its rows in a stable order — equal digests mean equal content. */
async function fingerprint(db: Kysely<DB>): Promise<Record<string, { rows: number; sm3: string }>> {
  const out: Record<string, { rows: number; sm3: string }> = {};
  for (const t of await db.introspection.getTables()) {
    const rows = (await db.selectFrom(t.name as 'orgs').selectAll().execute()).map((r) => JSON.stringify(r)).sort();
    out[t.name] = { rows: rows.length, sm3: sm3(rows.join('\n')) };
  }
  return out;
}
function openCopy(file: string) {
  const raw = new Database(file, { fileMustExist: true });
  return { raw, db: new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) }) };
}

describe('operations commands', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => env?.close());

  it('audit:verify reads the configured database and prints the count in Chinese and English', async () => {
    await env.login('admin');
    const r = await cli(['audit:verify'], dbEnv(env));
    expect(r.code).toBe(0);
    const n = (await verifyAuditChain(env.deps.database.db)).checked;
    expect(r.out).toContain(`已校验 ${n} 条`);
    expect(r.out).toContain(`${n} events checked`);
  });

  it('migrate on a current database changes nothing; seed refuses a database that has data', async () => {
    const m = await cli(['migrate'], dbEnv(env));
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/up to date/);
    const s = await cli(['seed'], dbEnv(env));
    expect(s.code).toBe(1);
    expect(s.out).toMatch(/not empty/);
  });

  it('an unknown command prints the usage and exits 2; a data directory without a database is an error, not an empty chain', async () => {
    const u = await cli(['frobnicate'], dbEnv(env));
    expect(u.code).toBe(2);
    expect(u.out).toMatch(/backup \[file\]/);
    const missing = path.join(tmpdir(), `fazhi-missing-${Date.now()}`);
    const m = await cli(['audit:verify'], { FAZHI_DATA_DIR: missing, DATABASE_URL: undefined });
    expect(m.code).toBe(2);
    expect(m.out).toMatch(/database file not found/);
    // and it left nothing behind there (no database, no secret)
    expect(existsSync(missing)).toBe(false);
  });

  it('user:reset-password recovers an administrator account: printed once, must change, sessions ended, audited', async () => {
    const old = await env.login('auditor');
    const r = await cli(['user:reset-password', 'auditor', '--clear-totp'], dbEnv(env));
    expect(r.code, r.out).toBe(0);
    const password = r.out.split('\n')[1].trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect((await env.call('GET', '/api/v1/auth/me', { cookie: old })).statusCode).toBe(401);
    const login = await env.call('POST', '/api/v1/auth/login', { body: { username: 'auditor', password } });
    expect(login.statusCode).toBe(200);
    const row = await env.deps.database.db.selectFrom('users').select(['must_change_password', 'totp_enabled']).where('username', '=', 'auditor').executeTakeFirstOrThrow();
    expect(row).toEqual({ must_change_password: 1, totp_enabled: 0 });
    const ev = await env.deps.database.db.selectFrom('audit_events').select(['actor_name', 'result']).where('action', '=', 'user.password_reset').where('entity_id', '=', env.ids.users.auditor).execute();
    expect(ev).toEqual([{ actor_name: 'cli', result: 'success' }]);
    expect((await cli(['user:reset-password', 'nobody-here'], dbEnv(env))).code).toBe(1);
    expect((await verifyAuditChain(env.deps.database.db)).ok).toBe(true);
  });

  it.skipIf(ENGINE !== 'postgres')('backup on PostgreSQL explains pg_dump and exits non-zero (it made no backup)', async () => {
    const r = await cli(['backup'], dbEnv(env));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/pg_dump/);
    expect(r.out).toMatch(/pg_restore/);
  });

  it.skipIf(ENGINE !== 'sqlite')('seed fills an empty database with the demo county, then migrate and audit:verify pass (SQLite)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fazhi-seed-'));
    try {
      const e = { FAZHI_DATA_DIR: dir, DATABASE_URL: undefined, FAZHI_PBKDF2_ITERATIONS: '10000' };
      const s = await cli(['seed'], e);
      expect(s.code, s.out).toBe(0);
      expect(s.out).toContain('nzs_sfs');
      expect((await cli(['audit:verify'], e)).code).toBe(0);
      expect((await cli(['seed'], e)).code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(ENGINE !== 'sqlite')('backup → restore → verify drill (SQLite only; PostgreSQL uses pg_dump/pg_restore, docs/deployment.md §4)', () => {
  let env: TestEnv;
  const restoreDir = mkdtempSync(path.join(tmpdir(), 'fazhi-restore-'));
  const backupDir = mkdtempSync(path.join(tmpdir(), 'fazhi-backups-'));
  beforeAll(async () => {
    env = await createTestEnv();
    await inTx(systemCtx(env.deps), (tx) => seedMediationDemo(tx, env.ids));
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await env?.close();
    rmSync(restoreDir, { recursive: true, force: true });
    rmSync(backupDir, { recursive: true, force: true });
  });

  let liveCopy = '';
  let quietCopy = '';
  let sourcePrint: Awaited<ReturnType<typeof fingerprint>>;

  it('a backup taken while the server keeps writing is a consistent snapshot: integrity ok, audit chain whole', async () => {
    const admin = await env.login('admin');
    const before = await fingerprint(env.deps.database.db);
    let writes = 0;
    let afterBackup = -1;
    // the server at work: audited org creations through the API and people through the service,
    // before, around and after the copy (which takes one read snapshot between two of them)
    const writer = (async () => {
      for (let i = 0; afterBackup < 0 || writes < afterBackup + 3; i++) {
        const res = await env.call('POST', '/api/v1/orgs', { cookie: admin, body: { parentId: env.ids.nzs, code: `BK${i}${Date.now().toString(36)}`, name: `备份演练部门${i}`, kind: 'department' } });
        expect(res.statusCode).toBe(200);
        const first17 = `61010219770707${String(i % 1000).padStart(3, '0')}`;
        await inTx(systemCtx(env.deps), (tx) => createPerson(tx, env.ids.nzsVillages[i % 8], { name: `备份演练${i}`, idCard: first17 + idCardCheckChar(first17), phone: '13700001111' }));
        writes++;
        if (i > 200) break;
      }
    })();
    while (writes < 5) await new Promise((r) => setTimeout(r, 5));
    liveCopy = path.join(backupDir, 'live.sqlite');
    const r = await backupSqlite(env.config, liveCopy);
    afterBackup = writes;
    await writer;
    expect(writes).toBeGreaterThan(afterBackup);
    expect(r).toMatchObject({ file: liveCopy, integrity: 'ok', ok: true });
    expect(r.audit.ok).toBe(true);
    expect(r.bytes).toBe(statSync(liveCopy).size);
    // a single self-contained file: no WAL beside it, owner-only
    expect(existsSync(`${liveCopy}-wal`)).toBe(false);
    expect(statSync(liveCopy).mode & 0o077).toBe(0);
    // a snapshot between the state before and after the burst: every org created before it has its audit event
    const copy = openCopy(liveCopy);
    try {
      const p = await fingerprint(copy.db);
      expect(p.orgs.rows).toBeGreaterThan(before.orgs.rows);
      const after = await fingerprint(env.deps.database.db);
      expect(p.orgs.rows).toBeLessThan(after.orgs.rows);
      const created = await copy.db.selectFrom('orgs').select('id').where('name', 'like', '备份演练部门%').execute();
      const audited = await copy.db.selectFrom('audit_events').select('entity_id').where('action', '=', 'org.create').where('entity_id', 'in', created.map((o) => o.id)).execute();
      expect(audited.length).toBe(created.length);
      expect(copy.raw.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      await copy.db.destroy();
    }
  });

  it('a backup of a quiet server equals it table by table (rows and content checksums)', async () => {
    quietCopy = path.join(backupDir, 'quiet.sqlite');
    const r = await backupSqlite(env.config, quietCopy);
    expect(r.ok).toBe(true);
    sourcePrint = await fingerprint(env.deps.database.db);
    const copy = openCopy(quietCopy);
    try {
      expect(await fingerprint(copy.db)).toEqual(sourcePrint);
    } finally {
      await copy.db.destroy();
    }
    expect(Object.keys(sourcePrint)).toEqual(expect.arrayContaining(['orgs', 'users', 'audit_events', 'people', 'disputes']));
    // it refuses to overwrite an existing backup
    await expect(backupSqlite(env.config, quietCopy)).rejects.toThrow(/exists/);
  });

  it('npm run backup’s default name is data/backups/fazhi-YYYYMMDD-HHmmss.sqlite in Shanghai time', () => {
    const f = defaultBackupFile(env.config, new Date('2026-01-31T16:05:09Z'));
    expect(f).toBe(path.join(env.config.dataDir, 'backups', 'fazhi-20260201-000509.sqlite'));
  });

  it('restored into a new instance (the original gone): integrity ok, same rows, chain verifies, data readable, work continues', async () => {
    const secret = env.config.secret;
    await env.close();
    closed = true;
    expect(existsSync(env.config.dataDir)).toBe(false);
    copyFileSync(quietCopy, path.join(restoreDir, 'fazhi.sqlite'));
    const config = loadConfig({ FAZHI_DATA_DIR: restoreDir, LOG_LEVEL: 'silent' }, { secret, pbkdf2Iterations: 10_000 });
    const deps = await createDeps(config, { log: pino({ level: 'silent' }) });
    const app = await buildApp(deps);
    try {
      await app.ready();
      expect(deps.database.raw!.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(deps.database.raw!.pragma('foreign_key_check')).toEqual([]);
      expect(await fingerprint(deps.database.db)).toEqual(sourcePrint);
      const chain = await verifyAuditChain(deps.database.db);
      expect(chain).toEqual({ ok: true, checked: sourcePrint.audit_events.rows });

      // the restored instance serves: login, a list, and an unmasking that needs the same secret
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nzs_sfs', password: DEMO_PASSWORD } });
      expect(login.statusCode).toBe(200);
      const cookie = `fazhi_sid=${login.cookies.find((c) => c.name === 'fazhi_sid')!.value}`;
      const disputes = await app.inject({ method: 'GET', url: '/api/v1/mediation/disputes?pageSize=1', headers: { cookie } });
      expect(disputes.statusCode).toBe(200);
      expect(disputes.json().total).toBeGreaterThan(0);
      const person = await deps.database.db.selectFrom('people').select('id').where('name', '=', '备份演练3').executeTakeFirstOrThrow();
      const shown = await app.inject({ method: 'POST', url: `/api/v1/people/${person.id}/unmask`, payload: { reason: '恢复演练核对' }, headers: { cookie } });
      expect(shown.statusCode).toBe(200);
      expect(shown.json().phone).toBe('13700001111');
      // new audited work chains on from the restored head
      expect((await verifyAuditChain(deps.database.db)).ok).toBe(true);
      const r = await cli(['audit:verify'], { FAZHI_DATA_DIR: restoreDir, DATABASE_URL: undefined });
      expect(r.code, r.out).toBe(0);
    } finally {
      await app.close();
      await deps.database.close();
    }
  });
});
