/**
 * The benchmark's server process: the app exactly as server/main.ts builds it (createDeps →
 * buildApp → listen), except that it opens the bench database file, never seeds demo data, listens
 * on 127.0.0.1 on a free port and tells its parent (bench/run.ts) the port over IPC.
 */
import { loadConfig } from '../server/config.ts';
import { buildApp } from '../server/app.ts';
import { createDeps } from '../server/deps.ts';
import { BENCH_SECRET, DATA_DIR, DEFAULT_FILE } from './common.ts';

async function main() {
  const config = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    FAZHI_DATA_DIR: DATA_DIR,
    FAZHI_SECRET: BENCH_SECRET,
    FAZHI_DEMO: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const deps = await createDeps(config, { sqliteFile: process.env.BENCH_SQLITE ?? DEFAULT_FILE });
  const app = await buildApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  process.send?.({ port, engine: deps.database.engine });
  const stop = async () => {
    await app.close();
    await deps.database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
}

main().catch((err) => {
  process.stderr.write(`bench server failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
