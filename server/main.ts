import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterSize, isWrote, type ReadyMessage, runPrimary, WORKER_SLOT_ENV, type WroteMessage } from './cluster.ts';

/**
 * The server: one process (FAZHI_WORKERS unset or 1), or a small cluster primary that forks that many
 * workers (server/cluster.ts). The app is imported dynamically so the primary never loads it.
 * Runs as TypeScript through tsx (`npm run dev`, the browser tests) or bundled (`npm start`:
 * dist/server/main.mjs, scripts/build-server.mjs).
 */
const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root: server/ under tsx, dist/server/ when bundled — the nearest package.json up. */
function rootDir(): string {
  for (let d = here; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return path.resolve(here, '..');
  }
}

async function serve() {
  const [{ loadConfig }, { buildApp }, { createDeps }, { startJobRunner }, { DEMO_PASSWORD, DEMO_USERS }, { isEmpty, seedDemo }, readCache] = await Promise.all([
    import('./config.ts'),
    import('./app.ts'),
    import('./deps.ts'),
    import('./platform/jobs/jobs.service.ts'),
    import('./seed/base.ts'),
    import('./seed/demo.ts'),
    import('./platform/read-cache.ts'),
  ]);
  const slot = Number(process.env[WORKER_SLOT_ENV] ?? 0);
  const config = loadConfig();
  const deps = await createDeps(config);
  const empty = await isEmpty(deps);
  const demo = config.demo === 'auto' ? empty && deps.database.engine === 'sqlite' : config.demo;
  if (demo && empty) {
    deps.log.info('seeding demo data (示范县 / 娘子神乡)…');
    await seedDemo(deps);
  }
  // FAZHI_WEB_ROOT: another build of the web app (a developer's own build while someone else runs the browser tests).
  const app = await buildApp(deps, { webRoot: process.env.FAZHI_WEB_ROOT || path.join(rootDir(), 'dist', 'web') });
  if (slot > 0) {
    // A cluster's workers keep their caches coherent: each write is relayed through the primary
    // (server/cluster.ts); the calendar's holiday schedule is cached per process too (deadlines).
    readCache.onWrite((entity) => {
      if (process.connected) process.send?.({ fazhi: 'wrote', entity } satisfies WroteMessage);
    });
    process.on('message', (m: unknown) => {
      if (!isWrote(m)) return;
      readCache.noteWriteElsewhere(m.entity);
      if (m.entity === 'calendar') deps.calendar.invalidate();
    });
  }
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  // Reminders, sweeps and webhook deliveries (FAZHI_JOBS=0: another process runs them; in a cluster, worker 1).
  const runner = config.jobs ? startJobRunner(deps) : null;
  if (slot <= 1) {
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/`;
    const lines = [
      '',
      `  法治 Fazhi 已启动 / is running:  ${url}`,
      `  数据库 / database: ${deps.database.engine}${deps.database.file ? ` (${deps.database.file})` : ''}`,
      `  API 文档 / API docs: ${url}api/docs`,
    ];
    const workers = clusterSize(process.env);
    if (slot === 1) lines.push(`  进程 / processes: ${workers} workers (FAZHI_WORKERS)`);
    const demoUsers = await deps.database.db.selectFrom('users').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst();
    if (demo || demoUsers) {
      lines.push(`  演示账号 / demo logins (密码 password: ${DEMO_PASSWORD}):`);
      for (const u of DEMO_USERS) lines.push(`    ${u.username.padEnd(14)} ${u.name}`);
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
  }
  if (slot > 0) process.send?.({ fazhi: 'ready', port } satisfies ReadyMessage);

  // Graceful shutdown: stop accepting, finish in-flight requests, close the database.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal, worker: slot || undefined }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    // also writes the portal's pending view counts (portal.routes.ts onClose → ViewCounter.close), while the database is open
    await app.close();
    // the runner's current pass finishes (or its lease lets another process take over) before the database closes
    await runner?.stop();
    await deps.database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // a worker whose primary is gone (killed with SIGKILL) stops too, instead of serving on alone
  if (slot > 0) process.on('disconnect', () => void stop('disconnect'));
}

function main() {
  const size = clusterSize(process.env);
  if (cluster.isPrimary && size > 1) runPrimary(size);
  else return serve();
}

Promise.resolve()
  .then(main)
  .catch((err) => {
    process.stderr.write(`启动失败 / failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
