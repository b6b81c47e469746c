import { randomUUID } from 'node:crypto';
import { uuidv7 } from '../../../common/ids.ts';
import { type Ctx, type Deps, systemCtx } from '../context.ts';

/**
 * A job queue in the database (architecture guide: reminders, overdue sweeps and webhook
 * deliveries run from a jobs table that works on SQLite and PostgreSQL alike, retried and visible,
 * never lost).
 *
 * Delivery is at least once: a job is claimed with a lease (locked_until); a runner that dies
 * mid-job leaves the lease to expire and the job is claimed again. Handlers must therefore be
 * safe to run twice (a webhook may, rarely, post the same message twice; it is never dropped).
 */
export interface JobView {
  id: string;
  kind: string;
  orgId: string | null;
  payload: unknown;
  attempts: number;
}

export type JobHandler = (ctx: Ctx, job: JobView) => Promise<void>;
export type Sweep = (ctx: Ctx, now: Date) => Promise<void>;

const handlers = new Map<string, JobHandler>();
const sweeps = new Map<string, { everyMs: number; fn: Sweep }>();

/** Thrown by a handler when retrying cannot help (robot deleted): the job fails at once, visibly. */
export class PermanentJobError extends Error {}

export const JOB_STATES = ['pending', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const DEFAULT_MAX_ATTEMPTS = 8;
/** How long a claimed job (or sweep) is ours; handlers finish well inside it (webhooks time out at 10 s). */
export const LEASE_MS = 5 * 60_000;
/** Wait before attempt n+1 after n failed attempts: 1 min, 5 min, 30 min, 2 h, then 6 h. */
const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000];
export function backoffMs(failedAttempts: number): number {
  return BACKOFF_MS[Math.min(Math.max(failedAttempts, 1), BACKOFF_MS.length) - 1];
}

/** A handler per job kind, registered at import time by the module that owns the kind. */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

/** A periodic scan (e.g. planning's due-soon/overdue reminders), run by the runner every `everyMs`. */
export function registerSweep(name: string, everyMs: number, fn: Sweep): void {
  sweeps.set(name, { everyMs, fn });
}

/**
 * Enqueues in the caller's transaction (ctx.db), so the job exists exactly when the write that
 * caused it commits. With a dedupeKey, a second enqueue of the same key is a no-op returning null.
 */
export async function enqueueJob(ctx: Ctx, job: { kind: string; orgId: string | null; payload: unknown; runAt?: string; dedupeKey?: string }): Promise<string | null> {
  const at = new Date().toISOString();
  const id = uuidv7();
  const row = {
    id,
    kind: job.kind,
    org_id: job.orgId,
    payload: JSON.stringify(job.payload ?? null),
    state: 'pending',
    attempts: 0,
    max_attempts: DEFAULT_MAX_ATTEMPTS,
    run_at: job.runAt ?? at,
    locked_until: null,
    locked_by: null,
    last_error: null,
    dedupe_key: job.dedupeKey ?? null,
    created_at: at,
    updated_at: at,
    done_at: null,
  };
  // ON CONFLICT DO NOTHING: neither engine aborts the caller's transaction on a duplicate key.
  const inserted = await ctx.db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? id : null;
}

function clip(s: string, n = 1000): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const c = cause instanceof Error ? `: ${cause.message}` : '';
    return clip(`${err.message}${c}`);
  }
  return clip(String(err));
}

interface ClaimedJob extends JobView {
  maxAttempts: number;
  token: string;
}

/**
 * Claims up to `limit` due jobs: pending ones whose time has come, and running ones whose lease
 * expired (their runner died). Each claim is a conditional UPDATE that re-checks the state it
 * read, so two processes never both win the same job (PostgreSQL re-evaluates the WHERE on the
 * row it waited for; SQLite serialises writers).
 */
async function claimDue(deps: Deps, now: Date, limit: number): Promise<ClaimedJob[]> {
  const db = deps.database.db;
  const nowS = now.toISOString();
  const candidates = await db
    .selectFrom('jobs')
    .select(['id'])
    .where((eb) => eb.or([eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', nowS)]), eb.and([eb('state', '=', 'running'), eb('locked_until', '<=', nowS)])]))
    .orderBy('run_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  const out: ClaimedJob[] = [];
  const lease = new Date(now.getTime() + LEASE_MS).toISOString();
  for (const c of candidates) {
    const token = randomUUID();
    const claimed = await db
      .updateTable('jobs')
      .set((eb) => ({ state: 'running', locked_until: lease, locked_by: token, attempts: eb('attempts', '+', 1), updated_at: nowS }))
      .where('id', '=', c.id)
      .where((eb) => eb.or([eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', nowS)]), eb.and([eb('state', '=', 'running'), eb('locked_until', '<=', nowS)])]))
      .returning(['id', 'kind', 'org_id', 'payload', 'attempts', 'max_attempts'])
      .executeTakeFirst();
    if (!claimed) continue;
    let payload: unknown = null;
    try {
      payload = JSON.parse(claimed.payload);
    } catch {
      payload = null;
    }
    out.push({ id: claimed.id, kind: claimed.kind, orgId: claimed.org_id, payload, attempts: Number(claimed.attempts), maxAttempts: Number(claimed.max_attempts), token });
  }
  return out;
}

/** Records the outcome, only while the lease is still ours (a slow runner never overwrites a newer claim). */
async function finish(deps: Deps, job: ClaimedJob, now: Date, err: unknown | null): Promise<'done' | 'failed' | 'retry'> {
  const db = deps.database.db;
  const nowS = now.toISOString();
  const set = async (values: { state: JobState; done_at?: string; run_at?: string; last_error?: string }) => {
    await db
      .updateTable('jobs')
      .set({ ...values, locked_until: null, locked_by: null, updated_at: nowS })
      .where('id', '=', job.id)
      .where('locked_by', '=', job.token)
      .where('state', '=', 'running')
      .execute();
  };
  if (err === null) {
    await set({ state: 'done', done_at: nowS });
    return 'done';
  }
  const last = errorText(err);
  if (err instanceof PermanentJobError || job.attempts >= job.maxAttempts) {
    await set({ state: 'failed', last_error: last });
    return 'failed';
  }
  await set({ state: 'pending', run_at: new Date(now.getTime() + backoffMs(job.attempts)).toISOString(), last_error: last });
  return 'retry';
}

async function runOne(deps: Deps, job: ClaimedJob, now: Date): Promise<'done' | 'failed' | 'retry'> {
  // A job reclaimed after its runner died on the last allowed attempt is not run an extra time.
  if (job.attempts > job.maxAttempts) return finish(deps, job, now, new PermanentJobError('处理进程中断，已达最大尝试次数 / runner stopped during the last attempt'));
  const handler = handlers.get(job.kind);
  if (!handler) return finish(deps, job, now, new PermanentJobError(`未知的任务类型 / no handler for job kind "${job.kind}"`));
  try {
    await handler(systemCtx(deps), { id: job.id, kind: job.kind, orgId: job.orgId, payload: job.payload, attempts: job.attempts });
  } catch (err) {
    deps.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, err: errorText(err) }, 'job attempt failed');
    return finish(deps, job, now, err ?? new Error('failed'));
  }
  return finish(deps, job, now, null);
}

/** Runs the jobs due at `now` (tests call this directly; the runner calls it on a timer). */
export async function runDueJobs(deps: Deps, opts: { now?: Date; limit?: number } = {}): Promise<{ done: number; failed: number }> {
  const now = opts.now ?? new Date();
  const jobs = await claimDue(deps, now, opts.limit ?? 50);
  let done = 0;
  let failed = 0;
  // A few at a time: one robot that times out (10 s) does not hold up every other delivery.
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const r = await runOne(deps, job, now).catch((err) => {
        deps.log.error({ jobId: job?.id, err: errorText(err) }, 'job bookkeeping failed; the lease will expire and the job run again');
        return 'retry' as const;
      });
      if (r === 'done') done++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, jobs.length) }, worker));
  return { done, failed };
}

/**
 * Runs every registered sweep once (tests call this directly with a fixed `now`). With
 * `dueOnly` (the runner), only sweeps whose last run is `everyMs` old. Either way a sweep another
 * process is running (its lease not expired) is skipped, and the run is recorded in job_sweeps.
 */
export async function runSweeps(deps: Deps, now: Date = new Date(), opts: { dueOnly?: boolean } = {}): Promise<void> {
  const db = deps.database.db;
  const nowS = now.toISOString();
  for (const [name, s] of sweeps) {
    await db
      .insertInto('job_sweeps')
      .values({ name, last_run_at: null, locked_until: null, locked_by: null, last_error: null, updated_at: nowS })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const token = randomUUID();
    const dueBefore = new Date(now.getTime() - s.everyMs).toISOString();
    let q = db
      .updateTable('job_sweeps')
      .set({ locked_until: new Date(now.getTime() + LEASE_MS).toISOString(), locked_by: token, updated_at: nowS })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowS)]));
    if (opts.dueOnly) {
      // a last run "in the future" (the clock was set back) counts as due, or the sweep would stall
      q = q.where((eb) => eb.or([eb('last_run_at', 'is', null), eb('last_run_at', '<=', dueBefore), eb('last_run_at', '>', nowS)]));
    }
    const claimed = await q.returning('name').executeTakeFirst();
    if (!claimed) continue;
    let error: string | null = null;
    try {
      await s.fn(systemCtx(deps), now);
    } catch (err) {
      error = errorText(err);
      deps.log.error({ sweep: name, err: error }, 'sweep failed; it runs again at its next interval');
    }
    // A failed sweep also waits its interval: a broken scan must not run every tick.
    await db
      .updateTable('job_sweeps')
      .set({ last_run_at: nowS, last_error: error, locked_until: null, locked_by: null, updated_at: nowS })
      .where('name', '=', name)
      .where('locked_by', '=', token)
      .execute();
  }
}

/** Started by main.ts; stopped on graceful shutdown. */
export function startJobRunner(deps: Deps): { stop(): Promise<void> } {
  const every = deps.config.jobsIntervalMs ?? 15_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> | null = null;
  const pass = async () => {
    try {
      await runSweeps(deps, new Date(), { dueOnly: true });
      // drain what is due, a batch at a time, until a batch comes back short or we are stopping
      for (let i = 0; i < 20 && !stopped; i++) {
        const r = await runDueJobs(deps, { limit: 50 });
        if (r.done + r.failed < 50) break;
      }
    } catch (err) {
      deps.log.error({ err: errorText(err) }, 'job runner pass failed');
    }
  };
  // setTimeout after each pass ends (not setInterval): passes never overlap.
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = pass().finally(() => {
        current = null;
        schedule();
      });
    }, every);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (current) await current;
    },
  };
}

/**
 * Housekeeping: delivered jobs go after 180 days, read notifications after a year. Failed and
 * pending jobs stay until someone acts on them. Reminder sweeps only look back 30 days, so a
 * purged dedupe key can never make an old reminder go out again.
 */
export const DONE_JOB_RETENTION_MS = 180 * 86_400_000;
export const READ_NOTIFICATION_RETENTION_MS = 365 * 86_400_000;
registerSweep('jobs.purge', 86_400_000, async (ctx, now) => {
  // never ahead of the real clock: a test (or a skewed caller) passing a future `now` purges nothing recent
  const t = Math.min(now.getTime(), Date.now());
  const jobsBefore = new Date(t - DONE_JOB_RETENTION_MS).toISOString();
  const notesBefore = new Date(t - READ_NOTIFICATION_RETENTION_MS).toISOString();
  await ctx.db.deleteFrom('jobs').where('state', '=', 'done').where('done_at', '<', jobsBefore).execute();
  await ctx.db.deleteFrom('notifications').where('read_at', 'is not', null).where('read_at', '<', notesBefore).execute();
});

export const _registry = { handlers, sweeps };
