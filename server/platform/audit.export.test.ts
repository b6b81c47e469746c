import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINE, type TestEnv } from '../testing/harness.ts';
import { chainHash, recordAudit, verifyAuditChain } from './audit.ts';
import { compareWithExport, exportAudit, exportedUpTo } from './audit.export.ts';
import { systemCtx } from './context.ts';
import { runSweeps } from './jobs/jobs.service.ts';

/**
 * Security S7: the audit trail copied off the machine every hour, and the copy used to catch a
 * history rewritten with its hashes recomputed — which the chain alone cannot (it is unkeyed).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let env: TestEnv;
let dir: string;
const db = () => env.deps.database.db;
const write = (n: number, tag: string) => Promise.all(Array.from({ length: n }, (_, i) => recordAudit(systemCtx(env.deps), { entity: 'test', action: `test.${tag}.${i}`, after: { i } })));
const lines = () =>
  readdirSync(dir)
    .sort()
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => ({ file: f, l })));

function cliVerify(): { status: number | null; out: string } {
  const dbEnv = ENGINE === 'postgres' ? { DATABASE_URL: env.config.databaseUrl } : {};
  const r = spawnSync('npm', ['run', '--silent', 'audit:verify'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FAZHI_DATA_DIR: env.config.dataDir, DATABASE_URL: '', ...dbEnv, FAZHI_AUDIT_EXPORT_DIR: dir, LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fazhi-audit-export-'));
  env = await createTestEnv({ config: { auditExportDir: dir } });
});
afterAll(async () => {
  await env?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the off-host audit copy', () => {
  it('the hourly sweep copies every event once, in seq order, into a file per day of the export; a later run only what is new', async () => {
    await write(5, 'a');
    const total = async () => Number((await db().selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    await runSweeps(env.deps, new Date('2026-11-25T10:00:00Z'));
    const first = lines();
    expect(first.length).toBe(await total());
    expect(new Set(first.map((x) => x.file))).toEqual(new Set(['audit-2026-11-25.jsonl']));
    await write(3, 'b');
    expect(await exportAudit(db(), dir, new Date('2026-11-26T01:00:00Z'))).toBe(3);
    expect(await exportAudit(db(), dir, new Date('2026-11-26T02:00:00Z'))).toBe(0);
    const all = lines();
    const seqs = all.map((x) => JSON.parse(x.l).seq as number);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(all.slice(-3).every((x) => x.file === 'audit-2026-11-26.jsonl')).toBe(true);
    expect(await compareWithExport(db(), dir)).toEqual({ ok: true, compared: seqs.length });
    expect(cliVerify().status).toBe(0);
  });

  it('a line cut short by a crash is written again in full, nothing twice', async () => {
    const file = path.join(dir, 'audit-2026-11-26.jsonl');
    const last = exportedUpTo(dir);
    await write(2, 'c');
    const [next] = await db().selectFrom('audit_events').selectAll().where('seq', '=', last + 1).execute();
    appendFileSync(file, JSON.stringify({ ...next, seq: Number(next.seq) }).slice(0, 40)); // the crash
    expect(exportedUpTo(dir)).toBe(last);
    expect(await exportAudit(db(), dir, new Date('2026-11-26T03:00:00Z'))).toBe(2);
    const seqs = lines()
      .map((x) => {
        try {
          return JSON.parse(x.l).seq as number;
        } catch {
          return null;
        }
      })
      .filter((s) => s !== null);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect((await compareWithExport(db(), dir)).ok).toBe(true);
  });

  describe('what the copy catches that the chain cannot', () => {
    beforeAll(async () => {
      // as the schema owner or someone with the file could: the append-only triggers out of the way
      if (ENGINE === 'sqlite') {
        await sql`DROP TRIGGER audit_events_no_update`.execute(db());
        await sql`DROP TRIGGER audit_events_no_delete`.execute(db());
      } else {
        await sql`DROP TRIGGER audit_events_no_change ON audit_events`.execute(db());
      }
    });

    it('an event rewritten and every hash after it recomputed: the chain verifies, the copy names the event', async () => {
      const rows = await db().selectFrom('audit_events').selectAll().orderBy('seq').execute();
      const k = 3;
      let prev = rows[k - 2].hash;
      for (const r of rows.slice(k - 1)) {
        const seq = Number(r.seq);
        const changed = { ...r, seq, public: Number(r.public), prev_hash: prev, after_json: seq === k ? '{"forged":true}' : r.after_json };
        const { hash: _old, ...rest } = changed;
        const hash = chainHash(rest);
        await db().updateTable('audit_events').set({ after_json: changed.after_json, prev_hash: prev, hash }).where('seq', '=', seq).execute();
        prev = hash;
      }
      await db().updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
      expect((await verifyAuditChain(db())).ok).toBe(true);
      expect(await compareWithExport(db(), dir)).toEqual({ ok: false, compared: k - 1, firstBad: { seq: k, problem: 'altered' } });
      const cli = cliVerify();
      expect(cli.status, cli.out).toBe(1);
      expect(cli.out).toContain(`seq ${k}`);
      expect(cli.out).toMatch(/异地副本不一致/);
    });

    it('a copy edited by hand does not hold together', async () => {
      const file = path.join(dir, 'audit-2026-11-25.jsonl');
      const text = readFileSync(file, 'utf8').split('\n');
      const e = JSON.parse(text[0]);
      text[0] = JSON.stringify({ ...e, actor_name: 'someone-else' });
      writeFileSync(file, text.join('\n'));
      expect((await compareWithExport(db(), dir)).firstBad).toEqual({ seq: 1, problem: 'copy_broken' });
    });
  });
});
