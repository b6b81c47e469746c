import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';

/**
 * Several server processes on one port (node:cluster), for the throughput one Node thread cannot
 * give (docs/performance.md §5.4: the dispute list at 50 connections needs ≈ 2,000 req/s).
 *
 * The primary stays small — it loads none of the app (no Fastify, no database) and only forks,
 * watches and stops workers. Worker 1 starts first and alone: it applies the migrations and seeds the
 * demo county if the database is empty, and runs the job runner; the other workers are forked once
 * it listens, so migrations and the seed run once. Sessions, jobs and all data live in the database,
 * so any worker serves any request. Read caches and the working-day calendar are per process; the
 * primary relays each worker's writes (the audited entity's name) to the others, so a write empties
 * the caches of every worker at once, as it does in one process (a process outside this cluster sees
 * it within the cache's 10 s, docs/deployment.md §7).
 *
 * A worker that dies is forked again after 1 s, doubling to at most 60 s while it keeps dying within
 * a minute of its start. SIGTERM / SIGINT reach every worker, which stop accepting, finish their
 * requests and close the database; then the primary exits.
 */

/** Environment of a worker: which one it is (1 = the first: seeds, runs jobs). */
export const WORKER_SLOT_ENV = 'FAZHI_WORKER_SLOT';

/**
 * FAZHI_WORKERS: a number (1 = no cluster, one process as before) or `auto` (the CPU count, at most 2).
 * Unset: 1 — the embedded trial on a small machine keeps one process (≈ 130 MB); production sets it.
 */
export function clusterSize(env: NodeJS.ProcessEnv, cpus = os.availableParallelism()): number {
  const v = (env.FAZHI_WORKERS ?? '').trim();
  if (v === '' || v === '1') return 1;
  if (v === 'auto') return Math.max(1, Math.min(cpus, 2));
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`配置错误 / invalid configuration: FAZHI_WORKERS must be 1–64 or auto, got "${v}"`);
  return n;
}

/** What a worker tells the primary once it listens. */
export interface ReadyMessage {
  fazhi: 'ready';
  port: number;
}

export function isReady(m: unknown): m is ReadyMessage {
  return typeof m === 'object' && m !== null && (m as { fazhi?: unknown }).fazhi === 'ready';
}

/** A worker noted a write to `entity` (read-cache.ts): the primary passes it on to the other workers. */
export interface WroteMessage {
  fazhi: 'wrote';
  entity: string;
}

export function isWrote(m: unknown): m is WroteMessage {
  return typeof m === 'object' && m !== null && (m as { fazhi?: unknown }).fazhi === 'wrote' && typeof (m as { entity?: unknown }).entity === 'string';
}

/**
 * V8 flags of the workers. A 2 MB semi-space (V8's default grows to 16 MB) keeps each worker's young
 * generation ≈ 28 MB smaller under load at no measured cost to throughput (performance.md §5.4:
 * 2,196 against 2,238 list requests/s, within the noise) — the difference between ≈ 300 and ≈ 360 MB
 * for the primary and two workers. A flag given to node or in NODE_OPTIONS wins.
 */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--max[-_]semi[-_]space[-_]size\b/.test(a));
  return given ? [...execArgv] : [...execArgv, '--max-semi-space-size=2'];
}

const say = (s: string) => process.stderr.write(`[fazhi primary ${process.pid}] ${s}\n`);

/** `onReady`: called once, when every worker listens (the benchmark's launcher waits for it). */
export function runPrimary(size: number, opts: { onReady?: (port: number) => void } = {}): void {
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS) });
  const slots = new Map<number, { worker: Worker; startedAt: number; ready: boolean }>();
  const failures = new Map<number, number>();
  let stopping = false;
  let started = false;
  let exitCode = 0;
  let allReady = false;

  const fork = (slot: number) => {
    // Only worker 1 seeds and runs the jobs (they are lease-safe, but one runner is enough).
    const env: NodeJS.ProcessEnv = { [WORKER_SLOT_ENV]: String(slot) };
    if (slot > 1) {
      env.FAZHI_JOBS = '0';
      env.FAZHI_DEMO = '0';
    }
    const worker = cluster.fork(env);
    slots.set(slot, { worker, startedAt: Date.now(), ready: false });
    worker.on('message', (m: unknown) => {
      if (isWrote(m)) {
        for (const other of slots.values()) if (other.worker !== worker && other.worker.isConnected()) other.worker.send(m);
        return;
      }
      if (!isReady(m)) return;
      const s = slots.get(slot);
      if (s) s.ready = true;
      if (!allReady && slots.size === size && [...slots.values()].every((x) => x.ready)) {
        allReady = true;
        say(`${size} workers listening on port ${m.port}`);
        opts.onReady?.(m.port);
      }
      if (slot === 1 && !started) {
        started = true;
        for (let k = 2; k <= size; k++) fork(k);
      }
    });
    worker.on('exit', (code, signal) => {
      const s = slots.get(slot);
      if (s?.worker !== worker) return;
      slots.delete(slot);
      if (stopping) {
        if (slots.size === 0) process.exit(exitCode);
        return;
      }
      if (!s.ready && !started) {
        // worker 1 failed before listening (configuration, database, migration): no use forking more
        say(`worker ${slot} failed to start (${signal ?? `exit ${code}`})`);
        stop('startup failure', 1);
        return;
      }
      const lived = Date.now() - s.startedAt;
      const n = lived > 60_000 ? 1 : (failures.get(slot) ?? 0) + 1;
      failures.set(slot, n);
      const delay = Math.min(60_000, 1000 * 2 ** (n - 1));
      say(`worker ${slot} (pid ${worker.process.pid}) exited (${signal ?? `exit ${code}`}); restarting in ${delay / 1000} s`);
      setTimeout(() => {
        if (!stopping) fork(slot);
      }, delay);
    });
  };

  const stop = (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    if (why !== 'startup failure') say(`${why}: stopping ${slots.size} worker(s)`);
    if (slots.size === 0) process.exit(exitCode);
    for (const { worker } of slots.values()) worker.process.kill('SIGTERM');
    // a worker gives itself 15 s (server/main.ts); then it is killed
    setTimeout(() => {
      for (const { worker } of slots.values()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, 20_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  fork(1);
}
