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
  close(): Promise<void>;
}

// COUNT(*) and BIGINT columns come back from pg as strings; every figure we keep fits a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function openDatabase(opts: { databaseUrl?: string; dataDir: string; file?: string; poolSize?: number }): Database_ {
  if (opts.databaseUrl?.startsWith('postgres')) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const file = opts.file ?? path.join(opts.dataDir, 'fazhi.sqlite');
  mkdirSync(path.dirname(file), { recursive: true });
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  // FULL: a commit we acknowledged survives power loss (security-requirements §5.4).
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  return { db, engine: 'sqlite', file, raw, close: () => db.destroy() };
}
