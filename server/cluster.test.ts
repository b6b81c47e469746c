import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterSize, workerExecArgv } from './cluster.ts';
import { ENGINE } from './testing/harness.ts';

/**
 * The production build (scripts/build-server.mjs) run as `npm start` runs it, with FAZHI_WORKERS=2:
 * a primary and two workers on one port over a fresh SQLite data directory. It starts (the first
 * worker migrates and seeds, the second follows), serves sessions from either worker, restarts a
 * worker that dies, and on SIGTERM every worker closes its database before the primary exits 0.
 * SQLite only: the engine does not matter to the process model (skipped in the PostgreSQL run).
 */
const ROOT = path.resolve(import.meta.dirname, '..');
// inside the repository: the bundle resolves its packages from the repository's node_modules
const OUT = path.join(ROOT, 'node_modules', '.cache', `fazhi-cluster-test-${process.pid}`);

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const st = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(e));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

async function until<T>(what: string, f: () => T | Promise<T>, ms = 60_000): Promise<NonNullable<T>> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One request on a connection of its own (agent: false), so the cluster may hand it to either worker. */
function request(port: number, method: string, p: string, opts: { cookie?: string; body?: unknown } = {}): Promise<{ status: number; body: string; cookie?: string }> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: p,
        agent: false,
        headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, cookie: res.headers['set-cookie']?.find((c) => c.startsWith('fazhi_sid='))?.split(';')[0] }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe.skipIf(ENGINE === 'postgres')('production build, FAZHI_WORKERS=2', () => {
  let dataDir = '';
  let server: ChildProcess;
  let out = '';
  let err = '';
  let port = 0;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build-server.mjs', '--outdir', OUT], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    dataDir = mkdtempSync(path.join(tmpdir(), 'fazhi-cluster-'));
    server = spawn(process.execPath, [path.join(OUT, 'main.mjs')], {
      // cwd elsewhere: nothing may depend on being started from the repository
      cwd: dataDir,
      env: {
        PATH: process.env.PATH,
        FAZHI_WORKERS: '2',
        PORT: '0',
        HOST: '127.0.0.1',
        FAZHI_DATA_DIR: dataDir,
        FAZHI_DEMO: '1',
        DATABASE_URL: '',
        FAZHI_PBKDF2_ITERATIONS: '10000',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (c) => {
      out += c;
    });
    server.stderr?.on('data', (c) => {
      err += c;
    });
    exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
    await until('both workers listening', () => /2 workers listening/.test(err) || server.exitCode !== null, 90_000);
    expect(server.exitCode, `${out}\n${err}`).toBeNull();
    port = Number(/127\.0\.0\.1:(\d+)\//.exec(out)?.[1]);
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      for (const c of childrenOf(server.pid!)) process.kill(c, 'SIGKILL');
    }
    rmSync(OUT, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads FAZHI_WORKERS: unset is one process, auto is the cores up to 2, nonsense is refused', () => {
    expect(clusterSize({}, 8)).toBe(1);
    expect(clusterSize({ FAZHI_WORKERS: '1' }, 8)).toBe(1);
    expect(clusterSize({ FAZHI_WORKERS: 'auto' }, 8)).toBe(2);
    expect(clusterSize({ FAZHI_WORKERS: 'auto' }, 1)).toBe(1);
    expect(clusterSize({ FAZHI_WORKERS: '3' }, 2)).toBe(3);
    expect(() => clusterSize({ FAZHI_WORKERS: 'two' })).toThrow(/FAZHI_WORKERS/);
    expect(() => clusterSize({ FAZHI_WORKERS: '0' })).toThrow(/FAZHI_WORKERS/);
  });

  it('gives the workers a small young generation unless node was told otherwise', () => {
    expect(workerExecArgv([])).toEqual(['--max-semi-space-size=2']);
    expect(workerExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', '--max-semi-space-size=2']);
    expect(workerExecArgv(['--max-semi-space-size=8'])).toEqual(['--max-semi-space-size=8']);
    expect(workerExecArgv([], '--max_semi_space_size=16 --enable-source-maps')).toEqual([]);
  });

  it('starts a primary and two workers; the demo was seeded once; files read next to the sources are found', async () => {
    expect(port).toBeGreaterThan(0);
    expect(out).toContain('进程 / processes: 2 workers');
    expect(out.match(/法治 Fazhi 已启动/g)).toHaveLength(1);
    const workers = childrenOf(server.pid!);
    expect(workers).toHaveLength(2);
    for (const w of workers) expect(readFileSync(`/proc/${w}/cmdline`, 'utf8').split('\0')).toContain('--max-semi-space-size=2');
    const health = await request(port, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', engine: 'sqlite' });
    // server/platform/docs/viewer.js, read through import.meta.url by server/app.ts
    const viewer = await request(port, 'GET', '/api/docs/viewer.js');
    expect(viewer.status).toBe(200);
    expect(viewer.body).toBe(readFileSync(path.join(ROOT, 'server', 'platform', 'docs', 'viewer.js'), 'utf8'));
  });

  it('a session opened on one worker is valid on every connection (sessions live in the database)', async () => {
    const login = await request(port, 'POST', '/api/v1/auth/login', { body: { username: 'nzs_sfs', password: 'Fazhi@2026' } });
    expect(login.status, login.body).toBe(200);
    expect(login.cookie).toBeTruthy();
    const answers = await Promise.all(Array.from({ length: 12 }, () => request(port, 'GET', '/api/v1/auth/me', { cookie: login.cookie })));
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body).username).toBe('nzs_sfs');
    }
    expect((await request(port, 'GET', '/api/v1/auth/me')).status).toBe(401);
  });

  it('a write on one worker empties the caches of the other at once: the holiday schedule (deadlines)', async () => {
    const day = '2099-03-02'; // a Monday
    const workday = async () => Promise.all(Array.from({ length: 6 }, async () => JSON.parse((await request(port, 'GET', `/api/v1/calendar/workday?date=${day}`)).body).workday as boolean));
    // both workers load and keep the calendar (each connection may go to either)
    expect(await workday()).toEqual(Array(6).fill(true));
    const admin = await request(port, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'Fazhi@2026' } });
    expect(admin.status, admin.body).toBe(200);
    const put = await request(port, 'PUT', '/api/v1/calendar/years/2099', { cookie: admin.cookie, body: { days: [{ date: day, kind: 'rest', name: '测试假日' }] } });
    expect(put.status, put.body).toBe(200);
    expect(await workday()).toEqual(Array(6).fill(false));
  });

  it('a worker that dies is forked again, and the port keeps answering meanwhile', async () => {
    const [victim, other] = childrenOf(server.pid!);
    process.kill(victim, 'SIGKILL');
    // Once the primary has seen the death, every connection goes to the living worker. (A connection
    // handed over in the instant of a crash is lost with the worker: node:cluster's round robin.)
    await until('the primary to notice', () => /exited \(SIGKILL\); restarting in 1 s/.test(err), 10_000);
    expect((await request(port, 'GET', '/healthz')).status).toBe(200);
    const replacement = await until('a replacement worker', () => childrenOf(server.pid!).find((p) => p !== victim && p !== other), 15_000);
    expect(alive(other)).toBe(true);
    expect(alive(replacement)).toBe(true);
  });

  it('SIGTERM stops every worker, each closes its database (the WAL is checkpointed away), then the primary exits 0', async () => {
    await until('the replacement listening', async () => (await request(port, 'GET', '/healthz')).status === 200);
    const workers = childrenOf(server.pid!);
    expect(workers).toHaveLength(2);
    server.kill('SIGTERM');
    const r = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 25_000))]);
    expect(r, `${out}\n${err}`).toEqual({ code: 0, signal: null });
    for (const w of workers) expect(alive(w)).toBe(false);
    // SQLite deletes the -wal file when the last connection to the database closes cleanly
    expect(existsSync(path.join(dataDir, 'fazhi.sqlite'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'fazhi.sqlite-wal'))).toBe(false);
  });
});
