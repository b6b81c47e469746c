// `npm test`: lint, type check, unit and integration tests on SQLite and on PostgreSQL, then the
// browser tests. Each step's result is printed; the run fails if any step fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pgAvailable, startPg } from './pg-cluster.mjs';

const steps = [];
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

function run(name, cmd, args, env = {}) {
  if (!want(name)) return true;
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  steps.push({ name, ok, seconds: Math.round((Date.now() - t0) / 1000) });
  return ok;
}

const npx = 'npx';
run('lint', npx, ['biome', 'check', '.']);
run('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('sqlite', npx, ['vitest', 'run'], { FAZHI_TEST_DB: 'sqlite' });

if (want('postgres')) {
  let pg = null;
  let url = process.env.FAZHI_TEST_PG_URL;
  if (!url) {
    if (!pgAvailable()) {
      process.stdout.write('\nPostgreSQL is not installed (initdb/pg_ctl missing): install the Debian package "postgresql" (.ci/run does).\n');
      steps.push({ name: 'postgres', ok: false, seconds: 0 });
    } else {
      pg = await startPg();
      url = pg.url;
    }
  }
  if (url) {
    try {
      run('postgres', npx, ['vitest', 'run'], { FAZHI_TEST_DB: 'postgres', FAZHI_TEST_PG_URL: url });
    } finally {
      pg?.stop();
    }
  }
}

if (want('e2e')) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    process.stdout.write(`\nChromium not found at ${chromium}: install the Debian package "chromium" (.ci/run does).\n`);
    steps.push({ name: 'e2e', ok: false, seconds: 0 });
  } else if (run('build', npx, ['vite', 'build', '--logLevel', 'warn'])) {
    run('e2e', npx, ['vitest', 'run', '--config', 'e2e/vitest.config.ts']);
  }
}

process.stdout.write('\n=== summary\n');
for (const s of steps) process.stdout.write(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds}s)\n`);
const failed = steps.filter((s) => !s.ok).length;
process.stdout.write(`steps: ${steps.length - failed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
