// `npm start`: build the web app and the server when their sources are newer than their builds, then
// run the bundled server (dist/server/main.mjs) with plain node. FAZHI_WORKERS (server/cluster.ts)
// chooses one process or several. `npm run dev` runs the TypeScript through tsx instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildServer, serverBuildStale } from './build-server.mjs';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = 'dist/web/index.html';
const sources = Math.max(newest('web'), newest('common'));
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  process.stdout.write('构建前端 / building the web app…\n');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (serverBuildStale()) {
  process.stdout.write('构建服务端 / building the server…\n');
  try {
    await buildServer();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  }
}
const child = spawn(process.execPath, ['dist/server/main.mjs'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
