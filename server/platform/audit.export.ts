import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { chainHash } from './audit.ts';
import { registerSweep } from './jobs/jobs.service.ts';

/**
 * The audit trail copied off the machine (security S7: "exported or backed up off-host at least
 * daily"). Every hour the events not yet exported are appended to `audit-YYYY-MM-DD.jsonl` (the UTC
 * day of the export, so the files follow each other in seq order whatever the clock did; one event
 * per line with its chain hashes) in FAZHI_AUDIT_EXPORT_DIR — a directory on another host (NFS) or
 * one a sync tool carries away.
 *
 * The copy is what makes the SM3 chain trustworthy against someone who can write to the database:
 * the chain is unkeyed, so such a person could rewrite an event and recompute every hash after it,
 * and the database would verify. The copy keeps the hashes as they were; `npm run audit:verify`
 * compares the database with it (`compareWithExport`) and names the first event that differs.
 *
 * Appending is idempotent: the directory's last line says how far the export got, so a crash between
 * writing and the next run duplicates nothing.
 */

const FILE_RE = /^audit-(\d{4}-\d{2}-\d{2})\.jsonl$/;
const BATCH = 5000;

export interface ExportedEvent {
  seq: number;
  at: string;
  hash: string;
  prev_hash: string;
  [column: string]: unknown;
}

function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => FILE_RE.test(f))
    .sort();
}

/** The last complete line of a file (a line cut short by a crash is ignored: it is written again). */
function lastLine(file: string): ExportedEvent | null {
  if (!existsSync(file)) return null;
  const size = statSync(file).size;
  if (size === 0) return null;
  const fd = openSync(file, 'r');
  try {
    const len = Math.min(size, 1 << 20);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const l = lines[i].trim();
      if (!l) continue;
      try {
        return JSON.parse(l) as ExportedEvent;
      } catch {}
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

function endsWithNewline(file: string): boolean {
  if (!existsSync(file)) return true;
  const size = statSync(file).size;
  if (size === 0) return true;
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** The highest seq already in the directory: the last line of its last file. */
export function exportedUpTo(dir: string): number {
  const files = filesIn(dir);
  for (let i = files.length - 1; i >= 0; i--) {
    const last = lastLine(path.join(dir, files[i]));
    if (last) return Number(last.seq);
  }
  return 0;
}

/** Appends the events after what the directory holds; returns how many were written. */
export async function exportAudit(db: Kysely<DB>, dir: string, now = new Date()): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `audit-${now.toISOString().slice(0, 10)}.jsonl`);
  let from = exportedUpTo(dir);
  let written = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', from).orderBy('seq').limit(BATCH).execute();
    if (rows.length === 0) break;
    const text = rows.map((r) => `${JSON.stringify({ ...r, seq: Number(r.seq), public: Number(r.public) })}\n`).join('');
    // a file may end in a line cut short by a crash: start on a line of its own
    const needsNewline = !endsWithNewline(file);
    const fd = openSync(file, 'a');
    try {
      if (needsNewline) writeSync(fd, '\n');
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    written += rows.length;
    from = Number(rows[rows.length - 1].seq);
    if (rows.length < BATCH) break;
  }
  return written;
}

export interface ExportComparison {
  ok: boolean;
  compared: number;
  /** The first event whose copy differs from the database, or a copy that does not hold together. */
  firstBad?: { seq: number; problem: 'altered' | 'deleted' | 'copy_broken' };
}

/**
 * Every exported event against the database: same seq, same hash, and the copy's own chain intact
 * (each line's hash recomputed from its columns, each prev_hash the line before's hash).
 */
export async function compareWithExport(db: Kysely<DB>, dir: string): Promise<ExportComparison> {
  let compared = 0;
  let prev: string | null = null;
  for (const f of filesIn(dir)) {
    const lines = readFileSync(path.join(dir, f), 'utf8').split('\n');
    const events: ExportedEvent[] = [];
    for (const l of lines) {
      if (!l.trim()) continue;
      try {
        events.push(JSON.parse(l) as ExportedEvent);
      } catch {
        // a line cut short by a crash mid-append: written again in full after it
      }
    }
    for (let i = 0; i < events.length; i += BATCH) {
      const chunk = events.slice(i, i + BATCH);
      const seqs = chunk.map((e) => Number(e.seq));
      const inDb = new Map<number, string>();
      for (const r of await db.selectFrom('audit_events').select(['seq', 'hash']).where('seq', 'in', seqs).execute()) inDb.set(Number(r.seq), r.hash);
      for (const e of chunk) {
        const seq = Number(e.seq);
        const { hash, ...rest } = e;
        if (prev !== null && e.prev_hash !== prev) return { ok: false, compared, firstBad: { seq, problem: 'copy_broken' } };
        if (chainHash(rest as unknown as Parameters<typeof chainHash>[0]) !== hash) return { ok: false, compared, firstBad: { seq, problem: 'copy_broken' } };
        const h = inDb.get(seq);
        if (h === undefined) return { ok: false, compared, firstBad: { seq, problem: 'deleted' } };
        if (h !== hash) return { ok: false, compared, firstBad: { seq, problem: 'altered' } };
        prev = hash;
        compared++;
      }
    }
  }
  return { ok: true, compared };
}

registerSweep('audit.export', 3_600_000, async (ctx, now) => {
  const dir = ctx.deps.config.auditExportDir;
  if (dir) await exportAudit(ctx.deps.database.db, dir, now);
});
