import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';
/** A Kysely handle that may be the root connection or an open transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database_ {
  db: Kysely<DB>;
  engine: Engine;
  /** SQLite file path (undefined on PostgreSQL). */
  file?: string;
  raw?: Database.Database;
  /**
   * A read's rows as arrays of column values, in select order: no object per row, for the hottest
   * reads (the dispute list's page: building 16-property objects was a sixth of its time). Runs on
   * the root connection — not for use inside a transaction.
   */
  selectArrays(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

// COUNT(*) and BIGINT columns come back from pg as strings; every figure we keep fits a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function openDatabase(opts: { databaseUrl?: string; dataDir: string; file?: string; poolSize?: number; onPoolError?: (err: Error) => void }): Database_ {
  if (opts.databaseUrl?.startsWith('postgres')) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection that dies (server restart, pg_terminate_backend, DROP DATABASE … FORCE)
    // is reported on the pool, which has already dropped it; unhandled, the event would crash the process.
    pool.on('error', (err) => opts.onPoolError?.(err));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const selectArrays = async (text: string, values: readonly unknown[]) => (await pool.query({ text, values: [...values], rowMode: 'array' })).rows as unknown[][];
    return { db, engine: 'postgres', selectArrays, close: () => db.destroy() };
  }
  const file = opts.file ?? path.join(opts.dataDir, 'fazhi.sqlite');
  mkdirSync(path.dirname(file), { recursive: true });
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  // FULL: a commit we acknowledged survives power loss (security-requirements §5.4).
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // 等保 8.1.4.10 剩余信息保护: a deleted row (a session, a person) is zeroed in its page, not left behind.
  raw.pragma('secure_delete = ON');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  // statements of their own (raw mode is a setting of the statement), cached the same way
  const arrays = withStatementCache(raw, 100, true);
  const selectArrays = async (sql: string, params: readonly unknown[]) => arrays.prepare(sql).all(...params) as unknown[][];
  return { db, engine: 'sqlite', file, raw, selectArrays, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; on a busy list route that was an eighth of the CPU (bench).
 * better-sqlite3 is synchronous, so a prepared statement is never in use twice at once and can be
 * reused; SQLite re-prepares it by itself after a schema change. Bounded, least recently used out.
 */
function withStatementCache(raw: Database.Database, max = 500, arrays = false) {
  const cache = new Map<string, Database.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = raw.prepare(sql);
        if (arrays) stmt.raw(true);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      raw.close();
    },
  };
}

/**
 * A write refused by a UNIQUE constraint or primary key, on either engine (PostgreSQL 23505,
 * better-sqlite3's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY): the caller answers 409 or retries.
 */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
