import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import type { Deps } from '../platform/context.ts';
import { DEMO_PASSWORD, seedBase } from '../seed/base.ts';
import { hashPassword } from '../platform/crypto.ts';
import { systemCtx } from '../platform/context.ts';
import { ENGINE } from '../testing/harness.ts';

/**
 * Security S7 on PostgreSQL: with FAZHI_DB_OWNER_URL the owner migrates, and the role the application
 * connects as may append to and read the audit trail, never change, delete or truncate it — refused by
 * the server's privileges (42501), before any trigger — nor create or alter tables.
 */
describe.skipIf(ENGINE !== 'postgres')('two database roles (PostgreSQL)', () => {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const owner = `fz_owner_${suffix}`;
  const app = `fz_app_${suffix}`;
  const dbName = `t_roles_${suffix}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'fazhi-roles-'));
  const base = process.env.FAZHI_TEST_PG_URL ?? '';
  const urlAs = (role: string) => {
    const u = new URL(base);
    u.username = role;
    u.password = '';
    u.pathname = `/${dbName}`;
    return u.toString();
  };
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  let deps: Deps;

  beforeAll(async () => {
    await admin(`CREATE ROLE ${owner} LOGIN`);
    await admin(`CREATE ROLE ${app} LOGIN`);
    await admin(`CREATE DATABASE ${dbName} OWNER ${owner}`);
    // PostgreSQL 15: only the database owner may create in schema public; make it the owner's schema
    const c = new pg.Client({ connectionString: urlAs('postgres') });
    await c.connect();
    await c.query(`ALTER SCHEMA public OWNER TO ${owner}`);
    await c.end();
    const config = loadConfig({ FAZHI_DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: urlAs(app), FAZHI_DB_OWNER_URL: urlAs(owner) }, { secret: 'test-secret-0123456789abcdef0123456789abcdef' });
    deps = await createDeps(config, { log: pino({ level: 'silent' }), poolSize: 2 });
    await seedBase(systemCtx(deps).db, { passwordHash: await hashPassword(DEMO_PASSWORD, config.pbkdf2Iterations), demo: true });
  });

  afterAll(async () => {
    await deps?.database.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin(`DROP ROLE IF EXISTS ${app}`);
    await admin(`DROP ROLE IF EXISTS ${owner}`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the application works as its own role: it logs in, writes and audits; the tables belong to the owner', async () => {
    const db = deps.database.db;
    expect((await sql<{ u: string }>`SELECT current_user AS u`.execute(db)).rows[0].u).toBe(app);
    const server = await buildApp(deps);
    try {
      const res = await server.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'nzs_sfs', password: DEMO_PASSWORD }) });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await server.close();
    }
    const events = await db.selectFrom('audit_events').select(['action']).where('action', '=', 'login').execute();
    expect(events.length).toBeGreaterThan(0);
    const owners = await sql<{ tableowner: string }>`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`.execute(db);
    expect(owners.rows.map((r) => r.tableowner)).toEqual([owner]);
  });

  it('as the application role, changing, deleting or truncating audit events is refused by privilege (42501), and so is DDL', async () => {
    const db = deps.database.db;
    const refused = async (q: ReturnType<typeof sql>) => {
      const err = (await q.execute(db).then(
        () => null,
        (e: unknown) => e,
      )) as { code?: string } | null;
      return err?.code;
    };
    expect(await refused(sql`UPDATE audit_events SET action = 'tampered'`)).toBe('42501');
    expect(await refused(sql`DELETE FROM audit_events`)).toBe('42501');
    expect(await refused(sql`TRUNCATE audit_events`)).toBe('42501');
    expect(await refused(sql`ALTER TABLE audit_events DISABLE TRIGGER ALL`)).toBe('42501');
    expect(await refused(sql`DROP TRIGGER audit_events_no_change ON audit_events`)).toBe('42501');
    expect(await refused(sql`CREATE TABLE scratch (x int)`)).toBe('42501');
    expect(await refused(sql`DELETE FROM kysely_migration`)).toBe('42501');
    // rows of work tables are the application's to change
    await sql`UPDATE orgs SET sort = sort WHERE false`.execute(db);
  });
});
