import type { Executor } from '../db/index.ts';

/**
 * What every module's demo seed needs: a seeded random stream (the demo county is the same on every
 * fresh install, ids aside) and a batch writer for many rows at once.
 */

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inserts rows `size` at a time (one statement each; SQLite and PostgreSQL both cap parameters). */
export async function insertBatched<T extends object>(db: Executor, table: string, rows: T[], size = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    // biome-ignore lint/suspicious/noExplicitAny: one generic batch writer for the seeds' tables
    await (db as any).insertInto(table).values(rows.slice(i, i + size)).execute();
  }
}
