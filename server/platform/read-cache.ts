/**
 * Short-lived caches of derived, read-mostly answers (the leader's page: a county's ~800 task states
 * derived from ~3,000 progress updates on every request, performance.md §6), emptied by any write to
 * the entities they derive from.
 *
 * Every write is audited in its own transaction (house rule), so the audit is the one place that
 * sees every write: `recordAudit` reports the entity here at once, and `inTx` again after the commit
 * (a reader that filled the cache between the two, from a snapshot before the commit — possible on
 * PostgreSQL — is dropped). An answer computed while a write happened is not kept. A write by
 * another process is seen within the TTL.
 */
interface Entry<V> {
  value: V;
  at: number;
}

const all = new Set<ReadCache<unknown>>();

export class ReadCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private generation = 0;

  constructor(private readonly opts: { ttlMs: number; entities: readonly string[]; max?: number }) {
    all.add(this as ReadCache<unknown>);
  }

  /** Does a write to `entity` make this cache's answers stale? (prefixes: 'planning_' covers every planning table) */
  watches(entity: string): boolean {
    return this.opts.entities.some((p) => entity === p || (p.endsWith('_') && entity.startsWith(p)));
  }

  clear(): void {
    this.entries.clear();
    this.generation++;
  }

  /** `keep(value)` false: the answer is returned but not kept (a session token that matched nothing). */
  async get(key: string, compute: () => Promise<V>, keep?: (value: V) => boolean): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.opts.ttlMs) return hit.value;
    const generation = this.generation;
    const value = await compute();
    if (generation === this.generation && (!keep || keep(value))) {
      if (this.entries.size >= (this.opts.max ?? 500)) this.entries.clear();
      this.entries.set(key, { value, at: Date.now() });
    }
    return value;
  }
}

const databaseKeys = new WeakMap<object, string>();
let databaseSeq = 0;

/** A key naming one open database, for module-level caches (tests open many databases in one process). */
export function databaseKey(database: object): string {
  let key = databaseKeys.get(database);
  if (!key) {
    key = `db${++databaseSeq}`;
    databaseKeys.set(database, key);
  }
  return key;
}

/** Called by the audit for every audited write, and by inTx after a commit. */
export function noteWrite(entity: string): void {
  for (const c of all) if (c.watches(entity)) c.clear();
  for (const fn of writeListeners) fn(entity);
}

const writeListeners = new Set<(entity: string) => void>();

/** Hears every write noted in this process: a cluster worker relays them to the others (server/main.ts). */
export function onWrite(fn: (entity: string) => void): void {
  writeListeners.add(fn);
}

/** A write noted by another worker of the cluster: empties this process's caches, is not relayed again. */
export function noteWriteElsewhere(entity: string): void {
  for (const c of all) if (c.watches(entity)) c.clear();
}

/** Entities written in an open transaction, reported again once it has committed. */
const pending = new WeakMap<object, Set<string>>();

export function trackTransaction(trx: object): void {
  pending.set(trx, new Set());
}

export function noteWriteIn(trx: object, entity: string): void {
  pending.get(trx)?.add(entity);
  noteWrite(entity);
}

export function committed(trx: object): void {
  const set = pending.get(trx);
  pending.delete(trx);
  if (set) for (const e of set) noteWrite(e);
}
