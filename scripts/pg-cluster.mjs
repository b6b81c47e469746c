// Starts a throw-away PostgreSQL cluster on 127.0.0.1 for tests and benchmarks, and stops it again.
// initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function findBin(name) {
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const v of readdirSync(root).sort().reverse()) {
      const p = path.join(root, v, 'bin', name);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

export function pgAvailable() {
  return !!findBin('initdb') && !!findBin('pg_ctl');
}

export async function startPg({ port = 54329 + Math.floor(Math.random() * 500) } = {}) {
  const initdb = findBin('initdb');
  const pgctl = findBin('pg_ctl');
  if (!initdb || !pgctl) throw new Error('PostgreSQL (initdb, pg_ctl) not found: install the Debian package "postgresql"');
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'fazhi-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const asPg = (bin, args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]);
  const run = (bin, args) => {
    const [cmd, a] = asPg(bin, args);
    execFileSync(cmd, a, { stdio: ['ignore', 'ignore', 'inherit'], cwd: dir });
  };
  run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB`;
  run(pgctl, ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    stop() {
      try {
        run(pgctl, ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
