import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.ts';
import { buildApp } from './app.ts';
import { createDeps } from './deps.ts';
import { startJobRunner } from './platform/jobs/jobs.service.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/base.ts';
import { isEmpty, seedDemo } from './seed/demo.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const config = loadConfig();
  const deps = await createDeps(config);
  const empty = await isEmpty(deps);
  const demo = config.demo === 'auto' ? empty && deps.database.engine === 'sqlite' : config.demo;
  if (demo && empty) {
    deps.log.info('seeding demo data (示范县 / 娘子神乡)…');
    await seedDemo(deps);
  }
  // FAZHI_WEB_ROOT: another build of the web app (a developer's own build while someone else runs the browser tests).
  const app = await buildApp(deps, { webRoot: process.env.FAZHI_WEB_ROOT || path.join(here, '..', 'dist', 'web') });
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  // Reminders, sweeps and webhook deliveries (FAZHI_JOBS=0: another process runs them).
  const runner = config.jobs ? startJobRunner(deps) : null;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/`;
  const lines = [
    '',
    `  法治 Fazhi 已启动 / is running:  ${url}`,
    `  数据库 / database: ${deps.database.engine}${deps.database.file ? ` (${deps.database.file})` : ''}`,
    `  API 文档 / API docs: ${url}api/docs`,
  ];
  if (demo || (await hasDemoUsers(deps))) {
    lines.push(`  演示账号 / demo logins (密码 password: ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.username.padEnd(14)} ${u.name}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  // Graceful shutdown: stop accepting, finish in-flight requests, close the database.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    await app.close();
    // the runner's current pass finishes (or its lease lets another process take over) before the database closes
    await runner?.stop();
    await deps.database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function hasDemoUsers(deps: Awaited<ReturnType<typeof createDeps>>) {
  const r = await deps.database.db.selectFrom('users').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst();
  return !!r;
}

main().catch((err) => {
  process.stderr.write(`启动失败 / failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
