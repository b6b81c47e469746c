/**
 * `npm run bench`: load on the real server with a county-sized database.
 *
 *   npm run bench [-- --duration 12] [--connections 50] [--stats-connections 10] [--only list,detail]
 *                 [--planning-connections 20] [--warmup 20] [--timeout 30]
 *                 [--regen] [--seed N --disputes N --townships N --villages N] [--pg]
 *                 [--workers 1] [--tsx] [--node-options=…] [--node-args=…] [--keep-data]
 *
 * 1. Generates bench/data/bench.sqlite (bench/generate.ts) unless it is there with the same options
 *    and migrations; with DATABASE_URL=postgres://… it uses that database instead (generating into
 *    it when empty); --pg starts a throw-away PostgreSQL cluster on 127.0.0.1 (scripts/pg-cluster.mjs,
 *    tuned for tests: fsync off) and generates into it.
 * 2. Starts the app (bench/server.ts: createDeps → buildApp, as server/main.ts) in a child process on
 *    127.0.0.1 with LOG_LEVEL=warn — bundled as production bundles the server (bench/dist/server.mjs,
 *    plain node; --tsx: through tsx) as one process (--workers 2: a cluster primary and two workers,
 *    as FAZHI_WORKERS=2; their RSS and PSS summed) — logs in as the county supervisor (`county`, whole county) and as
 *    one township's 司法所 user (`nzs_sfs`).
 * 3. Runs autocannon against the dispute list, a filtered list, a Chinese text search, the detail
 *    route (rotating over sampled ids) and the statistics route; samples the server's RSS from
 *    /proc/<pid>/status; times single requests of the statistics, findings and report-section routes.
 *    Planning (`--only planning`): the leader's page (`/planning/overview`) for the county and for
 *    娘子神乡's 乡长 (`nzs_leader`), the county plan's and a township plan's board, the county's task
 *    timeline (this year, and all three years), at 20 connections; single requests of planning's
 *    stats, findings and report section. Study (`--only study`): county-wide study hours and sessions,
 *    single requests of study's stats, findings, report section and a township's hours.
 *    `--only` takes scenario names or the groups `planning`, `study`, `single`.
 *    Portal (`--only portal`, bench/portal.ts): the public article page, anonymous, at 50 connections for
 *    20 s on its own database (bench/generate-publicity.ts), then every view checked as counted.
 * 4. Prints a table and writes bench/results/latest.json. Loopback only; every run is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runPortal } from './portal.ts';
import { BENCH_SECRET, type BenchMeta, DEFAULT_FILE, DEFAULTS, GENERATOR_VERSION, RESULTS_DIR, ROOT, Rng, intArg, parseArgs, readMeta, schemaFingerprint } from './common.ts';

// ——— autocannon (no bundled types): the slice of its API used here ———

interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  max: number;
  total: number;
}
interface AcResult {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AcRequest {
  path?: string;
  setupRequest?: (req: { path: string }) => { path: string };
}
interface AcOptions {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests?: AcRequest[];
  timeout?: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (o: AcOptions) => Promise<AcResult>;

// ——— options ———

const args = parseArgs(process.argv.slice(2));
const known = new Set(['pg', 'duration', 'connections', 'stats-connections', 'planning-connections', 'only', 'regen', 'seed', 'disputes', 'townships', 'villages', 'file', 'warmup', 'timeout', 'keep-data', 'workers', 'tsx', 'node-options', 'node-args']);
for (const k of args.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
const DURATION = intArg(args, 'duration', 12);
/** Sequential warm-up requests before each load (JIT, caches) — sequential, so they leave no backlog. */
const WARMUP = intArg(args, 'warmup', 20, 0);
/** Per-request timeout: long, so a slow route shows its latency instead of a wall of timeouts. */
const TIMEOUT = intArg(args, 'timeout', 30);
const CONNECTIONS = intArg(args, 'connections', 50);
const STATS_CONNECTIONS = intArg(args, 'stats-connections', 10);
/** Issue 3: the plan board and the leader's page under 200 ms p99 at 20 connections. */
const PLANNING_CONNECTIONS = intArg(args, 'planning-connections', 20);
const ONLY = args.get('only')?.split(',') ?? null;
/**
 * Server processes: 1 (the default, as `npm start` runs: one process meets the targets since
 * performance.md §5.5), or a node:cluster primary and this many workers, as FAZHI_WORKERS does;
 * --tsx runs the TypeScript through tsx as before instead of the production bundle.
 */
const WORKERS = intArg(args, 'workers', 1);
const TSX = args.has('tsx');
/** --node-options '…': NODE_OPTIONS of the server processes only (V8 heap flags under test). */
const NODE_OPTIONS = args.get('node-options') ?? '';
/** --node-args '…': flags before the script, for those NODE_OPTIONS refuses (e.g. --cpu-prof --cpu-prof-dir=/tmp/p). */
const NODE_ARGS = (args.get('node-args') ?? '').split(/\s+/).filter(Boolean);
const FILE = path.resolve(args.get('file') ?? DEFAULT_FILE);
/** Set from the environment, or by --pg (a throw-away cluster from scripts/pg-cluster.mjs). */
let DATABASE_URL = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
const want = {
  seed: intArg(args, 'seed', DEFAULTS.seed, 0),
  disputes: intArg(args, 'disputes', DEFAULTS.disputes, 0),
  townships: intArg(args, 'townships', DEFAULTS.townships, 2),
  villages: intArg(args, 'villages', DEFAULTS.villages, 2),
};

const say = (s: string) => process.stdout.write(`${s}\n`);

// ——— data ———

function runGenerator(extra: string[]): Promise<void> {
  const genArgs = ['--seed', String(want.seed), '--disputes', String(want.disputes), '--townships', String(want.townships), '--villages', String(want.villages), ...extra];
  if (!DATABASE_URL) genArgs.push('--file', FILE);
  say(`生成测试数据 / generating: node --import tsx bench/generate.ts ${genArgs.join(' ')}`);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'generate.ts'), ...genArgs], { cwd: ROOT, stdio: 'inherit', env: process.env });
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generator exited with ${code}`)))));
}

interface Dataset {
  meta: BenchMeta | null;
  disputes: number;
  /** A sample of dispute ids for the detail route, spread over the whole table. */
  ids: string[];
  /** The sample township's ids, for its user's detail requests. */
  townshipIds: string[];
  years: number[];
  /** The planning routes' targets (null on a bench file without planning records). */
  planning: PlanningTargets | null;
}

interface PlanningTargets {
  countyId: string;
  year: number;
  countyPlanId: string;
  townshipPlanId: string;
  /** plans and tasks the county sees, all years */
  plans: number;
  tasks: number;
}

const PLANNING_SQL = {
  county: "SELECT id FROM orgs WHERE code = '610000000000'",
  year: 'SELECT max(year) AS y FROM planning_plans',
  plan: 'SELECT p.id FROM planning_plans p JOIN orgs o ON o.id = p.org_id WHERE o.code = $1 AND p.year = $2',
  counts: 'SELECT (SELECT count(*) FROM planning_plans) AS plans, (SELECT count(*) FROM planning_tasks) AS tasks',
};

async function ensureData(): Promise<Dataset> {
  if (!DATABASE_URL) {
    const meta = readMeta(FILE);
    const stale =
      !meta ||
      meta.generator !== GENERATOR_VERSION ||
      // --keep-data: measure on the file as it is while migrations are being edited (the server applies new ones at start)
      (meta.schema !== schemaFingerprint() && !args.has('keep-data')) ||
      meta.seed !== want.seed ||
      meta.disputes !== want.disputes ||
      meta.townships !== want.townships ||
      meta.villages < want.villages;
    if (args.has('regen') || stale) await runGenerator([]);
    const db = new Database(FILE, { readonly: true });
    try {
      const ids = (db.prepare('SELECT id FROM disputes').pluck().all() as string[]).sort();
      const nzs = db.prepare("SELECT id FROM orgs WHERE code = '610000101000'").pluck().get() as string;
      const townshipIds = db.prepare("SELECT d.id FROM disputes d JOIN orgs o ON o.id = d.org_id WHERE o.path LIKE '%' || ? || '/%'").pluck().all(nzs) as string[];
      const years = db.prepare('SELECT DISTINCT case_year FROM disputes ORDER BY 1').pluck().all() as number[];
      const q = async (sql: string, ...p: unknown[]) => db.prepare(sql.replace(/\$\d/g, '?')).get(...p) as Record<string, unknown> | undefined;
      return { meta: readMeta(FILE), disputes: ids.length, ids: sample(ids, 5000), townshipIds: sample(townshipIds.sort(), 2000), years, planning: await planningTargets(q) };
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  try {
    const has = await c.query("SELECT to_regclass('public.disputes') AS t");
    let n = has.rows[0].t ? Number((await c.query('SELECT count(*) AS n FROM disputes')).rows[0].n) : 0;
    if (args.has('regen') || n === 0) {
      await runGenerator(args.has('regen') ? ['--reset'] : []);
      n = Number((await c.query('SELECT count(*) AS n FROM disputes')).rows[0].n);
    }
    const ids = (await c.query('SELECT id FROM disputes ORDER BY id')).rows.map((r) => r.id as string);
    const townshipIds = (
      await c.query("SELECT d.id FROM disputes d JOIN orgs o ON o.id = d.org_id JOIN orgs t ON t.code = '610000101000' WHERE o.path LIKE t.path || '%' ORDER BY d.id")
    ).rows.map((r) => r.id as string);
    const years = (await c.query('SELECT DISTINCT case_year AS y FROM disputes ORDER BY 1')).rows.map((r) => Number(r.y));
    const q = async (sql: string, ...p: unknown[]) => (await c.query(sql, p)).rows[0] as Record<string, unknown> | undefined;
    return { meta: null, disputes: n, ids: sample(ids, 5000), townshipIds: sample(townshipIds, 2000), years, planning: await planningTargets(q) };
  } finally {
    await c.end();
  }
}

/** The county, the latest plan year, the county's plan and 娘子神乡's plan of that year (codes as in server/seed/base.ts). */
async function planningTargets(q: (sql: string, ...p: unknown[]) => Promise<Record<string, unknown> | undefined>): Promise<PlanningTargets | null> {
  const year = Number((await q(PLANNING_SQL.year))?.y ?? 0);
  if (!year) return null;
  const countyPlan = (await q(PLANNING_SQL.plan, '610000000000', year))?.id as string | undefined;
  const townshipPlan = (await q(PLANNING_SQL.plan, '610000101000', year))?.id as string | undefined;
  if (!countyPlan || !townshipPlan) return null;
  const counts = await q(PLANNING_SQL.counts);
  return { countyId: String((await q(PLANNING_SQL.county))?.id), year, countyPlanId: countyPlan, townshipPlanId: townshipPlan, plans: Number(counts?.plans ?? 0), tasks: Number(counts?.tasks ?? 0) };
}

function sample<T>(xs: T[], n: number): T[] {
  const rng = new Rng(7);
  if (xs.length <= n) return xs;
  return Array.from({ length: n }, () => xs[Math.floor(rng.float() * xs.length)]);
}

// ——— the server ———

interface Server {
  child: ChildProcess;
  pid: number;
  base: string;
  engine: string;
}

/** bench/server.ts bundled as production bundles server/main.ts (scripts/build-server.mjs), into the ignored bench/dist. */
async function benchBundle(): Promise<string> {
  const build = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-server.mjs')).href)) as {
    serverBuildStale(outdir: string, o: { entry: string; also: string[] }): boolean;
    buildServer(outdir: string, o: { entries: string[]; outbase: string }): Promise<{ ms: number }>;
  };
  const outdir = path.join(ROOT, 'bench', 'dist');
  if (build.serverBuildStale(outdir, { entry: 'server.mjs', also: ['bench'] })) {
    const r = await build.buildServer(outdir, { entries: ['bench/server.ts'], outbase: 'bench' });
    say(`构建 / bundled bench/server.ts → bench/dist/server.mjs (${r.ms} ms)`);
  }
  return path.join(outdir, 'server.mjs');
}

async function startServer(): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', FAZHI_SECRET: BENCH_SECRET, BENCH_SQLITE: FILE, BENCH_WORKERS: String(WORKERS), NODE_ENV: 'production' };
  if (!DATABASE_URL) env.DATABASE_URL = '';
  if (NODE_OPTIONS) env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${NODE_OPTIONS}`.trim();
  const argv = [...NODE_ARGS, ...(TSX ? ['--import', 'tsx', path.join('bench', 'server.ts')] : [await benchBundle()])];
  const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const msg = await new Promise<{ port: number; engine: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 120 s')), 120_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as { port: number; engine: string });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, pid: child.pid!, base: `http://127.0.0.1:${msg.port}`, engine: msg.engine };
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => s.child.once('exit', () => resolve()));
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * VmRSS (now) and VmHWM (peak since start) of the server, in MB: of the process and its children (a
 * cluster's workers) summed — the RSS target is the whole server's. Shared pages (Node's own code)
 * count once per process, as RSS does.
 */
function memoryOf(pid: number, withPss = false): { rss: number; hwm: number; pss: number } {
  let rss = 0;
  let hwm = 0;
  let pss = 0;
  for (const p of [pid, ...childrenOf(pid)]) {
    let s: string;
    try {
      s = readFileSync(`/proc/${p}/status`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0);
    rss += kb('VmRSS');
    hwm += kb('VmHWM');
    if (withPss) {
      try {
        pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      } catch {
        // exited meanwhile
      }
    }
  }
  return { rss: Math.round(rss / 1024), hwm: Math.round(hwm / 1024), pss: Math.round(pss / 1024) };
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis
      const st = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(e));
    } catch {
      // gone
    }
  }
  return out;
}

async function login(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Fazhi@2026' }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: HTTP ${r.status} ${await r.text()}`);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('fazhi_sid='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return cookie.split(';')[0];
}

// ——— scenarios ———

type BenchUser = 'county' | 'township' | 'leader';

interface Scenario {
  name: string;
  /** `--only` also accepts the group's name */
  group?: 'planning' | 'study';
  title: string;
  user: BenchUser;
  path: string;
  connections: number;
  /** Rotate over these ids on `path` ending in `:id`. */
  ids?: string[];
  /** What the target is, if any: p99 latency in ms. */
  p99Target?: number;
}

interface ScenarioResult {
  name: string;
  title: string;
  user: string;
  path: string;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  rssPeakMb: number;
  /** Proportional set size summed: shared pages (Node's code) split between the processes, counted once in all. */
  pssPeakMb?: number;
  p99Target?: number;
  met?: boolean;
  total?: number | null;
}

async function preflight(base: string, cookie: string, p: string): Promise<{ ms: number; total: number | null }> {
  const t = performance.now();
  const r = await fetch(base + p, { headers: { cookie } });
  const body = await r.text();
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`GET ${p}: HTTP ${r.status} ${body.slice(0, 300)}`);
  let total: number | null = null;
  try {
    const j = JSON.parse(body) as { total?: number };
    total = typeof j.total === 'number' ? j.total : null;
  } catch {
    // not JSON (an export): no total
  }
  return { ms, total };
}

/**
 * Waits until the server answers /healthz quickly twice in a row: requests still queued when the
 * previous load ended (the server keeps working on them) must not slow the next scenario.
 */
async function drain(server: Server): Promise<number> {
  const t0 = Date.now();
  let quick = 0;
  while (quick < 2 && Date.now() - t0 < 180_000) {
    const t = performance.now();
    try {
      await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(60_000) });
    } catch {
      // still busy
    }
    quick = performance.now() - t < 100 ? quick + 1 : 0;
    if (quick < 2) await new Promise((r) => setTimeout(r, 200));
  }
  return Date.now() - t0;
}

async function warmup(server: Server, cookie: string, sc: Scenario): Promise<void> {
  const t0 = Date.now();
  for (let k = 0; k < WARMUP && Date.now() - t0 < 5000; k++) {
    const p = sc.ids ? sc.path.replace(':id', sc.ids[(k * 7919) % sc.ids.length]) : sc.path;
    await fetch(server.base + p, { headers: { cookie } }).then((r) => r.arrayBuffer());
  }
}

async function load(server: Server, cookie: string, sc: Scenario): Promise<ScenarioResult> {
  await warmup(server, cookie, sc);
  let peak = 0;
  let peakPss = 0;
  const timer = setInterval(() => {
    const m = memoryOf(server.pid, true);
    peak = Math.max(peak, m.rss);
    peakPss = Math.max(peakPss, m.pss);
  }, 100);
  const ids = sc.ids;
  let i = 0;
  try {
    const r = await autocannon({
      url: server.base + (ids ? sc.path.replace(':id', ids[0]) : sc.path),
      connections: sc.connections,
      duration: DURATION,
      timeout: TIMEOUT,
      headers: { cookie, 'accept-language': 'zh-CN' },
      requests: ids
        ? [
            {
              setupRequest: (req) => {
                req.path = sc.path.replace(':id', ids[i++ % ids.length]);
                return req;
              },
            },
          ]
        : undefined,
    });
    peak = Math.max(peak, memoryOf(server.pid).rss);
    peakPss = Math.max(peakPss, memoryOf(server.pid, true).pss);
    const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
    const out: ScenarioResult = {
      name: sc.name,
      title: sc.title,
      user: sc.user,
      path: sc.path,
      connections: sc.connections,
      seconds: r.duration,
      requests: r.requests.total,
      rps: Math.round(r.requests.average * 10) / 10,
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      errors: r.errors,
      non2xx: r.non2xx,
      statusCodes,
      rssPeakMb: peak,
      pssPeakMb: peakPss,
    };
    if (sc.p99Target !== undefined) {
      out.p99Target = sc.p99Target;
      out.met = out.p99 < sc.p99Target && out.errors === 0 && out.non2xx === 0;
    }
    return out;
  } finally {
    clearInterval(timer);
  }
}

interface Timing {
  name: string;
  user: string;
  path: string;
  firstMs: number;
  medianMs: number;
  maxMs: number;
  runs: number;
  targetMs?: number;
  met?: boolean;
}

async function timeSingle(base: string, cookie: string, name: string, user: string, p: string, runs = 7, targetMs?: number): Promise<Timing> {
  const ms: number[] = [];
  for (let k = 0; k < runs; k++) ms.push((await preflight(base, cookie, p)).ms);
  const warm = ms.slice(1).sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  const t: Timing = { name, user, path: p, firstMs: r(ms[0]), medianMs: r(warm[Math.floor(warm.length / 2)]), maxMs: r(Math.max(...warm)), runs };
  if (targetMs !== undefined) {
    t.targetMs = targetMs;
    t.met = t.medianMs < targetMs;
  }
  return t;
}

// ——— machine ———

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpu)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpuModel: model,
    nproc: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

// ——— main ———

async function main() {
  // portal (issue 4): its own small database (bench/generate-publicity.ts), SQLite, 20 s by default
  if (ONLY?.includes('portal')) {
    const r = await runPortal({ duration: args.has('duration') ? DURATION : 20, connections: CONNECTIONS, workers: args.has('workers') ? intArg(args, 'workers', 1) : 1, regen: args.has('regen'), say, serverArgv: TSX ? ['--import', 'tsx', path.join('bench', 'server.ts')] : [await benchBundle()] });
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'portal.json'), `${JSON.stringify({ when: new Date().toISOString(), machine: machine(), ...r }, null, 2)}\n`);
    say(`结果 / results: ${path.relative(ROOT, path.join(RESULTS_DIR, 'portal.json'))}`);
    if (ONLY.every((x) => x === 'portal')) return;
  }
  let cluster: { url: string; stop(): void } | null = null;
  if (args.has('pg')) {
    const mod = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'pg-cluster.mjs')).href)) as { pgAvailable(): boolean; startPg(): Promise<{ url: string; stop(): void }> };
    if (!mod.pgAvailable()) throw new Error('--pg: PostgreSQL (initdb, pg_ctl) not found; install the Debian package "postgresql"');
    cluster = await mod.startPg();
    DATABASE_URL = cluster.url;
    process.env.DATABASE_URL = cluster.url;
    say(`PostgreSQL: throw-away cluster at ${cluster.url}`);
  }
  try {
    await bench();
  } finally {
    cluster?.stop();
  }
}

async function bench() {
  const m = machine();
  say(`机器 / machine: ${m.cpuModel}, ${m.nproc} CPU, ${m.memoryGb} GB, Node ${m.node}, load ${m.loadAverageAtStart.join(' ')}`);
  const data = await ensureData();
  say(`数据 / data: ${data.disputes} disputes (${DATABASE_URL ? 'PostgreSQL' : path.relative(ROOT, FILE)})`);

  const server = await startServer();
  const results: ScenarioResult[] = [];
  const timings: Timing[] = [];
  const memAfterStart = memoryOf(server.pid);
  try {
    // the township's 司法所 user for the mediation routes; its 乡长 (王志宏's account) for the leader's page
    const cookies: Record<BenchUser, string> = { county: await login(server.base, 'county'), township: await login(server.base, 'nzs_sfs'), leader: await login(server.base, 'nzs_leader') };
    const wanted = (name: string, group?: string) => !ONLY || ONLY.includes(name) || (group !== undefined && ONLY.includes(group));
    const lastYear = data.years.includes(new Date().getUTCFullYear() - 1) ? new Date().getUTCFullYear() - 1 : data.years[data.years.length - 1];
    const thisYear = data.years[data.years.length - 1];
    const to = data.meta?.to ?? new Date().toISOString().slice(0, 10);
    const list = '/api/v1/mediation/disputes';
    const scenarios: Scenario[] = [
      // The floor under every logged-in route: HTTP, routing, the session and a small answer (run with --only me).
      { name: 'me', title: '当前用户 /auth/me (HTTP + session floor)', user: 'county', path: '/api/v1/auth/me', connections: CONNECTIONS },
      { name: 'list', title: '纠纷列表 dispute list (county)', user: 'county', path: `${list}?page=1&pageSize=20`, connections: CONNECTIONS, p99Target: 50 },
      // The same list at a fifth of the load: where the p99 target holds on this machine.
      { name: 'list-10', title: '纠纷列表 dispute list (county), 10 connections', user: 'county', path: `${list}?page=1&pageSize=20`, connections: Math.max(1, Math.round(CONNECTIONS / 5)), p99Target: 50 },
      { name: 'list-township', title: '纠纷列表 dispute list (township)', user: 'township', path: `${list}?page=1&pageSize=20`, connections: CONNECTIONS, p99Target: 50 },
      { name: 'filter', title: '筛选 type+status+year (county)', user: 'county', path: `${list}?page=1&pageSize=20&type=homestead&status=closed&year=${lastYear}`, connections: CONNECTIONS, p99Target: 50 },
      { name: 'search', title: '中文检索 text search (county)', user: 'county', path: `${list}?page=1&pageSize=20&q=${encodeURIComponent('宅基地')}`, connections: CONNECTIONS },
      { name: 'detail', title: '纠纷详情 dispute detail (county)', user: 'county', path: `${list}/:id`, connections: CONNECTIONS, ids: data.ids },
      { name: 'detail-township', title: '纠纷详情 dispute detail (township)', user: 'township', path: `${list}/:id`, connections: CONNECTIONS, ids: data.townshipIds },
      { name: 'stats', title: '统计 stats, this year (county)', user: 'county', path: `/api/v1/mediation/stats?from=${thisYear}-01-01&to=${to}`, connections: STATS_CONNECTIONS },
      { name: 'stats-township', title: '统计 stats, this year (township)', user: 'township', path: `/api/v1/mediation/stats?from=${thisYear}-01-01&to=${to}`, connections: STATS_CONNECTIONS },
    ];
    const pl = data.planning;
    if (pl) {
      const api = '/api/v1/planning';
      const c = PLANNING_CONNECTIONS;
      scenarios.push(
        { name: 'overview-county', group: 'planning', title: '领导页 leader\'s page, county (20 townships)', user: 'county', path: `${api}/overview?orgId=${pl.countyId}&year=${pl.year}`, connections: c, p99Target: 200 },
        { name: 'overview-township', group: 'planning', title: '领导页 leader\'s page, 娘子神乡 (乡长)', user: 'leader', path: `${api}/overview?year=${pl.year}`, connections: c, p99Target: 200 },
        { name: 'board-county', group: 'planning', title: '任务看板 board, the county plan', user: 'county', path: `${api}/board?planId=${pl.countyPlanId}`, connections: c, p99Target: 200 },
        { name: 'board-township', group: 'planning', title: '任务看板 board, 娘子神乡 plan', user: 'leader', path: `${api}/board?planId=${pl.townshipPlanId}`, connections: c, p99Target: 200 },
        { name: 'tasks-county', group: 'planning', title: '任务时间线 timeline, county, this year', user: 'county', path: `${api}/tasks?year=${pl.year}&page=1&pageSize=20`, connections: c, p99Target: 200 },
        { name: 'tasks-county-all', group: 'planning', title: '任务时间线 timeline, county, all years', user: 'county', path: `${api}/tasks?page=1&pageSize=20`, connections: c, p99Target: 200 },
        // 学法培训: every roster member's hours of the year against the requirement, county-wide
        { name: 'hours-county', group: 'study', title: '学时 study hours, county, this year', user: 'county', path: `/api/v1/study/hours?year=${pl.year}&orgId=${pl.countyId}`, connections: c },
        { name: 'sessions-county', group: 'study', title: '学习记录 study sessions, county, this year', user: 'county', path: `/api/v1/study/sessions?year=${pl.year}&page=1&pageSize=20`, connections: c },
      );
    } else say('  (no planning records in this data set: planning scenarios skipped)');
    for (const sc of scenarios) {
      if (!wanted(sc.name, sc.group)) continue;
      const cookie = cookies[sc.user];
      let total: number | null = null;
      try {
        total = (await preflight(server.base, cookie, sc.ids ? sc.path.replace(':id', sc.ids[0]) : sc.path)).total;
      } catch (err) {
        say(`  跳过 / skipped ${sc.name}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      say(`  ${sc.name}: ${sc.connections} connections × ${DURATION} s${total !== null ? ` (total ${total})` : ''}…`);
      const r = await load(server, cookie, sc);
      r.total = total;
      results.push(r);
      const drained = await drain(server);
      if (drained > 1000) say(`    (server busy for ${Math.round(drained / 1000)} s after the load, finishing the requests still queued)`);
    }

    const singles: [string, BenchUser, string, number | undefined][] = [];
    if (wanted('single')) {
      singles.push(
        ['stats this year', 'county', `/api/v1/mediation/stats?from=${thisYear}-01-01&to=${to}`, 200],
        ['stats last year', 'county', `/api/v1/mediation/stats?from=${lastYear}-01-01&to=${lastYear}-12-31`, 200],
        ['stats all years', 'county', `/api/v1/mediation/stats?from=${data.years[0]}-01-01&to=${to}`, undefined],
        ['stats this year', 'township', `/api/v1/mediation/stats?from=${thisYear}-01-01&to=${to}`, 200],
        ['report-section last year', 'county', `/api/v1/mediation/report-section?year=${lastYear}`, 200],
        ['report-section last year', 'township', `/api/v1/mediation/report-section?year=${lastYear}`, 200],
        ['findings this year', 'county', `/api/v1/mediation/findings?from=${thisYear}-01-01&to=${to}`, undefined],
        ['stats.xlsx last year', 'county', `/api/v1/mediation/stats.xlsx?year=${lastYear}`, undefined],
      );
    }
    if (pl && wanted('planning-single', 'planning')) {
      const api = '/api/v1/planning';
      const y = pl.year;
      const py = y - 1;
      const end = `${y}-12-31` < to ? `${y}-12-31` : to;
      singles.push(
        ['planning stats this year', 'county', `${api}/stats?from=${y}-01-01&to=${end}`, 200],
        ['planning stats last year', 'county', `${api}/stats?from=${py}-01-01&to=${py}-12-31`, 200],
        ['planning stats 3 years', 'county', `${api}/stats?from=${y - 2}-01-01&to=${end}`, undefined],
        ['planning stats this year', 'leader', `${api}/stats?from=${y}-01-01&to=${end}`, 200],
        ['planning findings this yr', 'county', `${api}/findings?from=${y}-01-01&to=${end}`, 200],
        ['planning findings this yr', 'leader', `${api}/findings?from=${y}-01-01&to=${end}`, 200],
        ['planning report last year', 'county', `${api}/report-section?year=${py}&orgId=${pl.countyId}`, 200],
        ['planning report last year', 'leader', `${api}/report-section?year=${py}`, 200],
      );
    }
    if (pl && wanted('study-single', 'study')) {
      const api = '/api/v1/study';
      const y = pl.year;
      const end = `${y}-12-31` < to ? `${y}-12-31` : to;
      singles.push(
        ['study stats this year', 'county', `${api}/stats?from=${y}-01-01&to=${end}`, 200],
        ['study stats this year', 'leader', `${api}/stats?from=${y}-01-01&to=${end}`, 200],
        ['study findings this year', 'county', `${api}/findings?from=${y}-01-01&to=${end}`, 200],
        ['study report last year', 'county', `${api}/report-section?year=${y - 1}&orgId=${pl.countyId}`, 200],
        ['study report last year', 'leader', `${api}/report-section?year=${y - 1}`, 200],
        ['study hours this year', 'leader', `${api}/hours?year=${y}`, 200],
      );
    }
    if (singles.length) {
      say('  single requests…');
      await drain(server);
      for (const [name, user, p, target] of singles) {
        try {
          timings.push(await timeSingle(server.base, cookies[user], name, user, p, 7, target));
        } catch (err) {
          say(`  跳过 / skipped ${name}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
  } finally {
    const mem = existsSync(`/proc/${server.pid}/status`) ? memoryOf(server.pid) : { rss: 0, hwm: 0 };
    await stopServer(server);
    report(m, data, results, timings, { afterStartMb: memAfterStart.rss, endMb: mem.rss, peakMb: mem.hwm }, server.engine);
  }
}

function report(m: ReturnType<typeof machine>, data: Dataset, results: ScenarioResult[], timings: Timing[], rss: { afterStartMb: number; endMb: number; peakMb: number }, engine: string) {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  say('');
  say(`${'scenario'.padEnd(18)} ${pad('conn', 4)} ${pad('req/s', 8)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} ${pad('max ms', 7)} ${pad('errors', 6)} ${pad('non2xx', 6)} ${pad('RSS MB', 6)} ${pad('PSS MB', 6)}  target`);
  for (const r of results) {
    const target = r.p99Target === undefined ? '' : `p99<${r.p99Target} ${r.met ? 'met' : 'MISSED'}`;
    say(`${r.name.padEnd(18)} ${pad(r.connections, 4)} ${pad(r.rps, 8)} ${pad(r.p50, 7)} ${pad(r.p99, 7)} ${pad(r.max, 7)} ${pad(r.errors, 6)} ${pad(r.non2xx, 6)} ${pad(r.rssPeakMb, 6)} ${pad(r.pssPeakMb ?? '', 6)}  ${target}`);
  }
  if (timings.length) {
    say('');
    say(`${'single request'.padEnd(26)} ${'user'.padEnd(9)} ${pad('first', 7)} ${pad('median', 7)} ${pad('max', 7)}  target`);
    for (const t of timings) {
      const target = t.targetMs === undefined ? '' : `<${t.targetMs} ms ${t.met ? 'met' : 'MISSED'}`;
      say(`${t.name.padEnd(26)} ${t.user.padEnd(9)} ${pad(t.firstMs, 7)} ${pad(t.medianMs, 7)} ${pad(t.maxMs, 7)}  ${target}`);
    }
  }
  const rssMet = rss.peakMb < 300;
  say('');
  say(`server: ${TSX ? 'tsx' : 'bundle (bench/dist/server.mjs)'}, ${WORKERS > 1 ? `primary + ${WORKERS} workers (RSS summed)` : 'one process'}${NODE_OPTIONS ? `, NODE_OPTIONS ${NODE_OPTIONS}` : ''}`);
  say(`server RSS: ${rss.afterStartMb} MB after start, ${rss.endMb} MB at the end, peak (VmHWM) ${rss.peakMb} MB — target < 300 MB ${rssMet ? 'met' : 'MISSED'}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const out = {
    when: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: m,
    engine,
    dataset: data.meta ?? { disputes: data.disputes },
    settings: { durationSeconds: DURATION, warmupRequests: WARMUP, timeoutSeconds: TIMEOUT, connections: CONNECTIONS, statsConnections: STATS_CONNECTIONS, logLevel: 'warn', workers: WORKERS, runtime: TSX ? 'tsx' : 'bundle', nodeOptions: NODE_OPTIONS || undefined },
    scenarios: results,
    singleRequests: timings,
    rss: { ...rss, targetMb: 300, met: rssMet },
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  const file = path.join(RESULTS_DIR, 'latest.json');
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  // Keep the last run of each engine too, so SQLite and PostgreSQL can be compared. A partial run
  // (--only) replaces its own scenarios and single requests there and keeps the others' last results.
  const perEngine = path.join(RESULTS_DIR, `latest-${engine}.json`);
  writeFileSync(perEngine, `${JSON.stringify(ONLY ? mergeResults(perEngine, out) : out, null, 2)}\n`);
  say(`结果 / results: ${path.relative(ROOT, file)}`);
}

interface ResultsFile {
  when: string;
  scenarios: ScenarioResult[];
  singleRequests: Timing[];
  earlier?: Record<string, string>;
}

/** `out` over the previous file's results: scenarios by name, single requests by name and user; `earlier` dates the kept ones. */
function mergeResults<T extends ResultsFile>(file: string, out: T): T {
  if (!existsSync(file)) return out;
  let prev: ResultsFile;
  try {
    prev = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
  } catch {
    return out;
  }
  const earlier: Record<string, string> = { ...(prev.earlier ?? {}) };
  const keptScenarios = (prev.scenarios ?? []).filter((p) => !out.scenarios.some((r) => r.name === p.name));
  const keptSingles = (prev.singleRequests ?? []).filter((p) => !out.singleRequests.some((r) => r.name === p.name && r.user === p.user));
  for (const k of keptScenarios) earlier[k.name] ??= prev.when;
  for (const k of keptSingles) earlier[`single: ${k.name} (${k.user})`] ??= prev.when;
  for (const r of out.scenarios) delete earlier[r.name];
  for (const r of out.singleRequests) delete earlier[`single: ${r.name} (${r.user})`];
  return { ...out, scenarios: [...keptScenarios, ...out.scenarios], singleRequests: [...keptSingles, ...out.singleRequests], earlier };
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
