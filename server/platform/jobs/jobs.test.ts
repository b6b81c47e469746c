import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTx, systemCtx } from '../context.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { backoffMs, enqueueJob, registerJobHandler, registerSweep, runDueJobs, runSweeps, startJobRunner } from './jobs.service.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ config: { jobsIntervalMs: 30 } });
});
afterAll(async () => env?.close());

const MIN = 60_000;
const db = () => env.deps.database.db;
const job = (id: string) => db().selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** Outcomes per kind, so each test drives only its own kind of job. */
const seen: Record<string, unknown[]> = {};
const failing: Record<string, number> = {};
registerJobHandler('test.record', async (_ctx, j) => {
  seen[j.kind] ??= [];
  seen[j.kind].push(j.payload);
});
registerJobHandler('test.flaky', async (_ctx, j) => {
  const left = failing[(j.payload as { key: string }).key] ?? 0;
  if (left > 0) {
    failing[(j.payload as { key: string }).key] = left - 1;
    throw new Error('接收方暂时不可用 / receiver unavailable');
  }
});

/** Runs every job due at `now` (other tests' leftovers included) and returns this job's row. */
async function runAt(id: string, now: Date) {
  await runDueJobs(env.deps, { now });
  return job(id);
}

describe('job queue (jobs table, SQLite and PostgreSQL alike)', () => {
  it('a job enqueued in a transaction exists only if the transaction commits', async () => {
    const ctx = systemCtx(env.deps);
    const kept = await inTx(ctx, (tx) => enqueueJob(tx, { kind: 'test.record', orgId: env.ids.nzs, payload: { n: 1 } }));
    let rolledBack: string | null = null;
    await inTx(ctx, async (tx) => {
      rolledBack = await enqueueJob(tx, { kind: 'test.record', orgId: env.ids.nzs, payload: { n: 2 } });
      throw new Error('the caller’s write fails');
    }).catch(() => undefined);
    expect(kept).toBeTruthy();
    expect(rolledBack).toBeTruthy();
    expect(await db().selectFrom('jobs').select('id').where('id', '=', rolledBack!).executeTakeFirst()).toBeUndefined();
    const row = await runAt(kept!, new Date());
    expect(row).toMatchObject({ state: 'done', attempts: 1, last_error: null, locked_until: null });
    expect(row.done_at).toBeTruthy();
    expect(seen['test.record']).toContainEqual({ n: 1 });
    expect(seen['test.record']).not.toContainEqual({ n: 2 });
  });

  it('a dedupe key already used enqueues nothing and returns null, inside a transaction too (no abort)', async () => {
    const ctx = systemCtx(env.deps);
    const first = await enqueueJob(ctx, { kind: 'test.record', orgId: null, payload: {}, dedupeKey: 'task:1:overdue:2026-10-08' });
    const again = await inTx(ctx, async (tx) => {
      const second = await enqueueJob(tx, { kind: 'test.record', orgId: null, payload: {}, dedupeKey: 'task:1:overdue:2026-10-08' });
      // the transaction is still usable after the conflict (PostgreSQL would abort it on a plain unique violation)
      const other = await enqueueJob(tx, { kind: 'test.record', orgId: null, payload: {}, dedupeKey: 'task:1:overdue:2026-10-09' });
      return { second, other };
    });
    expect(first).toBeTruthy();
    expect(again.second).toBeNull();
    expect(again.other).toBeTruthy();
    const n = await db().selectFrom('jobs').select('id').where('dedupe_key', '=', 'task:1:overdue:2026-10-08').execute();
    expect(n).toHaveLength(1);
    // a job without a key is never deduplicated
    expect(await enqueueJob(ctx, { kind: 'test.record', orgId: null, payload: {} })).toBeTruthy();
    expect(await enqueueJob(ctx, { kind: 'test.record', orgId: null, payload: {} })).toBeTruthy();
    await runDueJobs(env.deps);
  });

  it('a job scheduled later is not run before its time: one millisecond early stays pending, on time runs', async () => {
    const t0 = new Date('2026-09-30T16:00:00.000Z');
    const id = (await enqueueJob(systemCtx(env.deps), { kind: 'test.record', orgId: null, payload: { later: true }, runAt: t0.toISOString() }))!;
    expect((await runAt(id, at(t0, -1))).state).toBe('pending');
    expect((await runAt(id, t0)).state).toBe('done');
  });

  it('a failing job is retried with backoff 1 min, 5 min, 30 min, 2 h, 6 h and then delivered', async () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(backoffMs)).toEqual([MIN, 5 * MIN, 30 * MIN, 120 * MIN, 360 * MIN, 360 * MIN, 360 * MIN]);
    failing.b = 3;
    const id = (await enqueueJob(systemCtx(env.deps), { kind: 'test.flaky', orgId: null, payload: { key: 'b' } }))!;
    // after the enqueue: a clock tick in between would make the job not yet due at t0
    const t0 = new Date();
    let row = await runAt(id, t0);
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row.last_error).toContain('receiver unavailable');
    expect(row.run_at).toBe(at(t0, MIN).toISOString());
    // just before the next attempt is due: nothing happens
    row = await runAt(id, at(t0, MIN - 1));
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    row = await runAt(id, at(t0, MIN));
    expect(row).toMatchObject({ state: 'pending', attempts: 2, run_at: at(t0, 6 * MIN).toISOString() });
    row = await runAt(id, at(t0, 6 * MIN));
    expect(row).toMatchObject({ state: 'pending', attempts: 3, run_at: at(t0, 36 * MIN).toISOString() });
    row = await runAt(id, at(t0, 36 * MIN));
    expect(row).toMatchObject({ state: 'done', attempts: 4 });
  });

  it('after max attempts (8) the job is failed, visibly, and runs no more', async () => {
    failing.f = 100;
    const id = (await enqueueJob(systemCtx(env.deps), { kind: 'test.flaky', orgId: null, payload: { key: 'f' } }))!;
    let now = new Date();
    for (let i = 1; i <= 8; i++) {
      const row = await runAt(id, now);
      expect(row.attempts).toBe(i);
      expect(row.state).toBe(i < 8 ? 'pending' : 'failed');
      now = new Date(row.run_at);
    }
    const row = await runAt(id, at(now, 100 * 24 * 60 * MIN));
    expect(row).toMatchObject({ state: 'failed', attempts: 8 });
    expect(row.last_error).toContain('receiver unavailable');
    expect(failing.f).toBe(92);
  });

  it('a job of an unknown kind fails at once with a visible error; the runner carries on', async () => {
    const ctx = systemCtx(env.deps);
    const bad = (await enqueueJob(ctx, { kind: 'test.nobody-handles-this', orgId: null, payload: {} }))!;
    const good = (await enqueueJob(ctx, { kind: 'test.record', orgId: null, payload: { after: 'unknown' } }))!;
    const r = await runDueJobs(env.deps);
    expect(r.failed).toBeGreaterThanOrEqual(1);
    expect(await job(bad)).toMatchObject({ state: 'failed', attempts: 1 });
    expect((await job(bad)).last_error).toContain('test.nobody-handles-this');
    expect((await job(good)).state).toBe('done');
  });

  it('a job claimed by a runner that died is claimed again when its lease expires; the dead runner’s late answer changes nothing', async () => {
    let release: () => void = () => {};
    const hang = new Promise<void>((r) => {
      release = r;
    });
    let calls = 0;
    registerJobHandler('test.hang-once', async () => {
      calls++;
      if (calls === 1) await hang;
    });
    const id = (await enqueueJob(systemCtx(env.deps), { kind: 'test.hang-once', orgId: null, payload: {} }))!;
    const t0 = new Date();
    const dead = runDueJobs(env.deps, { now: t0 });
    while ((await job(id)).state !== 'running' || calls === 0) await new Promise((r) => setTimeout(r, 5));
    // within the lease (5 min) nobody else takes it
    expect((await runAt(id, at(t0, 4 * MIN))).state).toBe('running');
    expect(calls).toBe(1);
    // the lease has expired: another runner picks it up and finishes it
    const row = await runAt(id, at(t0, 5 * MIN));
    expect(row).toMatchObject({ state: 'done', attempts: 2 });
    expect(calls).toBe(2);
    // the first runner wakes up late: its lease is gone, so its bookkeeping is a no-op
    release();
    await dead;
    expect(await job(id)).toMatchObject({ state: 'done', attempts: 2, locked_by: null });
  });

  it('a job whose runner died on its last allowed attempt fails instead of running a ninth time', async () => {
    const t0 = new Date();
    const id = (await enqueueJob(systemCtx(env.deps), { kind: 'test.record', orgId: null, payload: { crash: 'last' } }))!;
    // as a claim of attempt 8 leaves it, the runner then vanishing
    await db()
      .updateTable('jobs')
      .set({ state: 'running', attempts: 8, locked_until: at(t0, -1).toISOString(), locked_by: 'a-runner-that-died' })
      .where('id', '=', id)
      .execute();
    const row = await runAt(id, t0);
    expect(row).toMatchObject({ state: 'failed', attempts: 9 });
    expect(row.last_error).toContain('runner stopped');
    expect(seen['test.record']).not.toContainEqual({ crash: 'last' });
  });

  it('two runners at once never run the same job twice', async () => {
    const ctx = systemCtx(env.deps);
    let count = 0;
    registerJobHandler('test.count', async () => {
      count++;
      await new Promise((r) => setTimeout(r, 5));
    });
    for (let i = 0; i < 12; i++) await enqueueJob(ctx, { kind: 'test.count', orgId: null, payload: { i } });
    await Promise.all([runDueJobs(env.deps), runDueJobs(env.deps), runDueJobs(env.deps)]);
    expect(count).toBe(12);
  });
});

describe('sweeps', () => {
  it('runs each sweep once per call, records the last run, and with dueOnly waits its interval', async () => {
    const runs: string[] = [];
    registerSweep('test.sweep', 60 * MIN, async (_ctx, now) => {
      runs.push(now.toISOString());
    });
    const t0 = new Date('2026-10-01T00:00:00.000Z');
    await runSweeps(env.deps, t0);
    expect(runs).toEqual([t0.toISOString()]);
    const row = await db().selectFrom('job_sweeps').selectAll().where('name', '=', 'test.sweep').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ last_run_at: t0.toISOString(), locked_until: null, last_error: null });
    // the runner (dueOnly): one minute short of the interval → not yet; on the interval → runs
    await runSweeps(env.deps, at(t0, 59 * MIN), { dueOnly: true });
    expect(runs).toHaveLength(1);
    await runSweeps(env.deps, at(t0, 60 * MIN), { dueOnly: true });
    expect(runs).toHaveLength(2);
    // a test calling runSweeps directly always runs it, even at an earlier time
    await runSweeps(env.deps, t0);
    expect(runs).toHaveLength(3);
  });

  it('a sweep another process is running is skipped; a failing sweep is logged and recorded, never thrown', async () => {
    let release: () => void = () => {};
    let n = 0;
    registerSweep('test.slow', MIN, async () => {
      n++;
      // only the first run hangs (later tests run every sweep again)
      if (n > 1) return;
      await new Promise<void>((r) => {
        release = r;
      });
    });
    registerSweep('test.broken', MIN, async () => {
      throw new Error('扫描出错 / sweep broke');
    });
    const t0 = new Date();
    const first = runSweeps(env.deps, t0);
    while (n === 0) await new Promise((r) => setTimeout(r, 5));
    // meanwhile a second process: test.slow is leased, so it is skipped, not run twice
    await Promise.race([runSweeps(env.deps, t0), new Promise((r) => setTimeout(r, 50))]);
    expect(n).toBe(1);
    release();
    await first;
    const broken = await db().selectFrom('job_sweeps').selectAll().where('name', '=', 'test.broken').executeTakeFirstOrThrow();
    expect(broken.last_error).toContain('sweep broke');
    expect(broken.locked_until).toBeNull();
  });
});

describe('housekeeping', () => {
  it('purges delivered jobs after 180 days and read notifications after a year; failed and unread ones stay', async () => {
    const ctx = systemCtx(env.deps);
    const now = new Date('2026-06-30T00:00:00.000Z');
    const old = new Date(now.getTime() - 180 * 24 * 60 * MIN - 1).toISOString();
    const recent = new Date(now.getTime() - 180 * 24 * 60 * MIN + 1).toISOString();
    const mk = async (state: string, doneAt: string | null) => {
      const id = (await enqueueJob(ctx, { kind: 'test.record', orgId: null, payload: { purge: state } }))!;
      await db().updateTable('jobs').set({ state, done_at: doneAt, run_at: '2099-01-01T00:00:00.000Z' }).where('id', '=', id).execute();
      return id;
    };
    const oldDone = await mk('done', old);
    const recentDone = await mk('done', recent);
    const oldFailed = await mk('failed', null);
    const at = '2025-01-01T00:00:00.000Z';
    const note = (id: string, readAt: string | null) => ({ id, org_id: env.ids.nzs, user_id: env.ids.users.nzs_sfs, kind: 'k', title: 't', body: '', href: '/', dedupe_key: null, created_at: at, read_at: readAt });
    await db()
      .insertInto('notifications')
      .values([note('00000000-0000-7000-8000-00000000a001', '2025-06-01T00:00:00.000Z'), note('00000000-0000-7000-8000-00000000a002', null)])
      .execute();
    await runSweeps(env.deps, now);
    const left = (await db().selectFrom('jobs').select('id').where('id', 'in', [oldDone, recentDone, oldFailed]).execute()).map((r) => r.id).sort();
    expect(left).toEqual([recentDone, oldFailed].sort());
    const notes = await db().selectFrom('notifications').select('id').where('id', 'in', ['00000000-0000-7000-8000-00000000a001', '00000000-0000-7000-8000-00000000a002']).execute();
    expect(notes.map((n) => n.id)).toEqual(['00000000-0000-7000-8000-00000000a002']);
  });
});

describe('the runner', () => {
  it('runs due jobs on its timer and stop() waits for the current pass', async () => {
    const id = (await enqueueJob(systemCtx(env.deps), { kind: 'test.record', orgId: null, payload: { runner: true } }))!;
    const runner = startJobRunner(env.deps);
    const deadline = Date.now() + 10_000;
    while ((await job(id)).state !== 'done' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await runner.stop();
    expect((await job(id)).state).toBe('done');
    // stopped: nothing more runs
    const later = (await enqueueJob(systemCtx(env.deps), { kind: 'test.record', orgId: null, payload: { afterStop: true } }))!;
    await new Promise((r) => setTimeout(r, 150));
    expect((await job(later)).state).toBe('pending');
  });
});
