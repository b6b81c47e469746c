import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../testing/harness.ts';
import { recordAudit } from './audit.ts';
import { inTx, systemCtx } from './context.ts';
import { ReadCache } from './read-cache.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

function counter() {
  let n = 0;
  return { compute: async () => ++n, get calls() { return n; } };
}

describe('read caches emptied by audited writes', () => {
  it('answers from the cache within its TTL, and anew after it', async () => {
    const cache = new ReadCache<number>({ ttlMs: 40, entities: ['planning_'] });
    const c = counter();
    expect(await cache.get('k', c.compute)).toBe(1);
    expect(await cache.get('k', c.compute)).toBe(1);
    expect(await cache.get('other', c.compute)).toBe(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get('k', c.compute)).toBe(3);
  });

  it('an audited write to a watched entity empties it; other entities do not', async () => {
    const cache = new ReadCache<number>({ ttlMs: 60_000, entities: ['planning_', 'staff'] });
    const c = counter();
    await cache.get('k', c.compute);
    await inTx(systemCtx(env.deps), (tx) => recordAudit(tx, { entity: 'dispute', action: 'test.write' }));
    await inTx(systemCtx(env.deps), (tx) => recordAudit(tx, { entity: 'staffing', action: 'test.write' }));
    expect(await cache.get('k', c.compute)).toBe(1);
    await inTx(systemCtx(env.deps), (tx) => recordAudit(tx, { entity: 'planning_task', action: 'test.write' }));
    expect(await cache.get('k', c.compute)).toBe(2);
    await recordAudit(systemCtx(env.deps), { entity: 'staff', action: 'test.write' }); // its own transaction
    expect(await cache.get('k', c.compute)).toBe(3);
  });

  it('a denied request or a failed login (audited, nothing written) leaves it as it was', async () => {
    const cache = new ReadCache<number>({ ttlMs: 60_000, entities: ['session', 'dispute'] });
    const c = counter();
    await cache.get('k', c.compute);
    await recordAudit(systemCtx(env.deps), { entity: 'session', action: 'login', result: 'failure' });
    await inTx(systemCtx(env.deps), (tx) => recordAudit(tx, { entity: 'dispute', action: 'mediation.read', result: 'denied' }));
    expect(await cache.get('k', c.compute)).toBe(1);
    await recordAudit(systemCtx(env.deps), { entity: 'session', action: 'logout' });
    expect(await cache.get('k', c.compute)).toBe(2);
  });

  it('an answer filled inside the writing transaction, before its commit, is dropped at the commit', async () => {
    const cache = new ReadCache<number>({ ttlMs: 60_000, entities: ['planning_'] });
    const c = counter();
    await inTx(systemCtx(env.deps), async (tx) => {
      await recordAudit(tx, { entity: 'planning_plan', action: 'test.write' });
      // a reader between the write and the commit (on PostgreSQL: another connection's old snapshot)
      expect(await cache.get('k', c.compute)).toBe(1);
      expect(await cache.get('k', c.compute)).toBe(1);
    });
    expect(await cache.get('k', c.compute)).toBe(2);
  });

  it('an answer computed while a write happened is not kept', async () => {
    const cache = new ReadCache<number>({ ttlMs: 60_000, entities: ['planning_'] });
    let n = 0;
    const slow = async () => {
      n++;
      await inTx(systemCtx(env.deps), (tx) => recordAudit(tx, { entity: 'planning_progress', action: 'test.write' }));
      return n;
    };
    expect(await cache.get('k', slow)).toBe(1);
    expect(await cache.get('k', async () => ++n)).toBe(2);
    expect(await cache.get('k', async () => ++n)).toBe(2);
  });

  it('a rolled-back write still empties it (harmless: one more computation)', async () => {
    const cache = new ReadCache<number>({ ttlMs: 60_000, entities: ['planning_'] });
    const c = counter();
    await cache.get('k', c.compute);
    await expect(
      inTx(systemCtx(env.deps), async (tx) => {
        await recordAudit(tx, { entity: 'planning_task', action: 'test.write' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await cache.get('k', c.compute)).toBe(2);
  });
});
