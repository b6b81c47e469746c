/**
 * The benchmark's server process: the app exactly as server/main.ts builds it (createDeps →
 * buildApp → listen), except that it opens the bench database file, never seeds demo data, listens
 * on 127.0.0.1 on a free port and tells its parent (bench/run.ts) the port over IPC.
 *
 * bench/run.ts runs it bundled like production (scripts/build-server.mjs → bench/dist/server.mjs,
 * plain node), and with BENCH_WORKERS > 1 as a cluster (server/cluster.ts, as FAZHI_WORKERS does
 * for server/main.ts): the primary reports the port once every worker listens.
 */
import cluster from 'node:cluster';
import path from 'node:path';
import { clusterSize, type ReadyMessage, runPrimary, WORKER_SLOT_ENV } from '../server/cluster.ts';
import { BENCH_SECRET, DEFAULT_FILE } from './common.ts';

const FILE = process.env.BENCH_SQLITE || DEFAULT_FILE;

async function serve() {
  // imported here, so a cluster primary never loads the app (its memory counts in the bench's RSS)
  const [{ buildApp }, { loadConfig }, { createDeps }] = await Promise.all([import('../server/app.ts'), import('../server/config.ts'), import('../server/deps.ts')]);
  const config = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    FAZHI_DATA_DIR: path.dirname(FILE),
    FAZHI_SECRET: BENCH_SECRET,
    FAZHI_DEMO: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const deps = await createDeps(config, { sqliteFile: FILE });
  const app = await buildApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  if (cluster.isWorker) process.send?.({ fazhi: 'ready', port, engine: deps.database.engine } satisfies ReadyMessage & { engine: string });
  else process.send?.({ port, engine: deps.database.engine });
  const stop = async () => {
    await app.close();
    await deps.database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
}

const workers = clusterSize({ FAZHI_WORKERS: process.env.BENCH_WORKERS });
if (cluster.isPrimary && workers > 1) {
  // the jobs never run in the bench (FAZHI_JOBS is not read here); the slot only names the worker
  runPrimary(workers, { onReady: (port) => process.send?.({ port, engine: process.env.DATABASE_URL ? 'postgres' : 'sqlite', workers }) });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
} else {
  serve().catch((err) => {
    process.stderr.write(`bench server failed (worker ${process.env[WORKER_SLOT_ENV] ?? '-'}): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
