/**
 * The `portal` scenario (`npm run bench -- --only portal`): the public article page under load, and
 * the proof that counting loses nothing under that load.
 *
 * 1. bench/data/portal.sqlite (bench/generate-publicity.ts) unless it is there for these migrations.
 * 2. The server as bench/server.ts starts it (one process, or BENCH_WORKERS workers).
 * 3. autocannon, 50 connections, ~20 s, rotating over a few slugs: /portal/a/<slug>?c=qr&v=<village
 *    code>, with a phone browser's User-Agent (an empty one is a bot and not counted).
 * 4. Counting: sum(count) of publicity_views before; the server flushes every second; after the
 *    load, wait for the sum to settle, stop the server gracefully (its last flush), and compare the
 *    increase with the 2xx responses autocannon saw: "views counted: N of N (lost 0)".
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import Database from 'better-sqlite3';
import { BENCH_SECRET, metaPathFor, ROOT, schemaFingerprint } from './common.ts';
import { generatePublicity, PORTAL_FILE, PORTAL_GENERATOR_VERSION, type PortalMeta } from './generate-publicity.ts';

interface AcResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}
type Autocannon = (o: {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  headers: Record<string, string>;
  requests: { setupRequest: (r: { path: string }) => { path: string } }[];
}) => Promise<AcResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export const PHONE_UA = 'Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47';

export interface PortalResult {
  name: 'portal';
  title: string;
  path: string;
  connections: number;
  seconds: number;
  workers: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  ok2xx: number;
  rssPeakMb: number;
  viewsBefore: number;
  viewsAfterFlush: number;
  viewsAfterStop: number;
  counted: number;
  lost: number;
  loadAverage: { start: number[]; end: number[] };
  rpsTarget: number;
  p99Target: number;
  met: boolean;
  dataset: PortalMeta;
}

function ensureData(say: (s: string) => void, regen: boolean): Promise<PortalMeta> | PortalMeta {
  let meta: PortalMeta | null = null;
  try {
    meta = JSON.parse(readFileSync(metaPathFor(PORTAL_FILE), 'utf8')) as PortalMeta;
  } catch {
    meta = null;
  }
  if (!regen && meta && meta.generator === PORTAL_GENERATOR_VERSION && meta.schema === schemaFingerprint()) return meta;
  say('生成门户测试数据 / generating bench/data/portal.sqlite…');
  return generatePublicity();
}

function sumViews(): number {
  const db = new Database(PORTAL_FILE, { readonly: true });
  try {
    return Number((db.prepare('SELECT coalesce(sum(count), 0) AS n FROM publicity_views').get() as { n: number }).n);
  } finally {
    db.close();
  }
}

function targets(): { slugs: string[]; codes: string[] } {
  const db = new Database(PORTAL_FILE, { readonly: true });
  try {
    // articles of 娘子神乡 (server/seed/base.ts codes), tagged with its villages' codes
    const slugs = db
      .prepare("SELECT c.slug FROM publicity_contents c JOIN orgs o ON o.id = c.org_id WHERE o.code = '610000101000' AND c.kind = 'article' AND c.state = 'published' ORDER BY c.slug LIMIT 8")
      .pluck()
      .all() as string[];
    const codes = db.prepare("SELECT v.code FROM orgs v JOIN orgs t ON v.parent_id = t.id WHERE t.code = '610000101000' AND v.kind = 'village' ORDER BY v.code").pluck().all() as string[];
    return { slugs, codes };
  } finally {
    db.close();
  }
}

function rssOf(pid: number): number {
  let kb = 0;
  const pids = [pid];
  for (const e of readdirSafe('/proc')) {
    try {
      const st = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]) === pid) pids.push(Number(e));
    } catch {
      // gone
    }
  }
  for (const p of pids) {
    try {
      kb += Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kb / 1024);
}
function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir).filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
}

/** serverArgv: the production bundle (bench/run.ts builds it), or tsx with --tsx. */
async function start(workers: number, serverArgv: string[]): Promise<{ child: ChildProcess; base: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', FAZHI_SECRET: BENCH_SECRET, BENCH_SQLITE: PORTAL_FILE, BENCH_WORKERS: String(workers), NODE_ENV: 'production', DATABASE_URL: '' };
  const child = spawn(process.execPath, serverArgv, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('portal server did not start within 120 s')), 120_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve((m as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`portal server exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

export async function runPortal(o: { duration: number; connections: number; workers: number; regen: boolean; say: (s: string) => void; serverArgv: string[] }): Promise<PortalResult> {
  const loadStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const dataset = await ensureData(o.say, o.regen);
  const { slugs, codes } = targets();
  if (slugs.length === 0 || codes.length === 0) throw new Error('portal data: no 娘子神乡 articles or villages');
  const server = await start(o.workers, o.serverArgv);
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(server.child.pid ?? 0));
  }, 200);
  try {
    const pathOf = (i: number) => `/portal/a/${slugs[i % slugs.length]}?c=qr&v=${codes[i % codes.length]}`;
    // warm-up: every page once (rendered and cached), not part of the counted load
    for (let i = 0; i < slugs.length; i++) {
      const r = await fetch(server.base + pathOf(i), { headers: { 'user-agent': 'bench-warmup-bot/1.0' } });
      if (r.status !== 200) throw new Error(`GET ${pathOf(i)}: HTTP ${r.status}`);
      await r.arrayBuffer();
    }
    // Calibration, 3 s with a crawler's User-Agent (not counted): how many requests make ~`duration` seconds.
    // The measured run then sends exactly that many and waits for every answer, so no request is still in
    // flight when autocannon stops — its 2xx count is exactly what the server answered, and counted.
    let i = 0;
    const calib = await autocannon({
      url: server.base + pathOf(0),
      connections: o.connections,
      duration: 3,
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; Baiduspider/2.0)', 'accept-encoding': 'gzip' },
      requests: [{ setupRequest: (req) => ({ ...req, path: pathOf(i++) }) }],
    });
    const amount = Math.max(o.connections * 10, Math.round(calib.requests.average * o.duration));
    await new Promise((res) => setTimeout(res, 1500));
    const before = sumViews();
    o.say(`  portal: ${o.connections} connections, ${amount} requests (~${o.duration} s), ${slugs.length} articles, ${o.workers > 1 ? `${o.workers} workers` : 'one process'}…`);
    const r = await autocannon({
      url: server.base + pathOf(0),
      connections: o.connections,
      amount,
      headers: { 'user-agent': PHONE_UA, 'accept-encoding': 'gzip', 'accept-language': 'zh-CN' },
      requests: [
        {
          setupRequest: (req) => {
            req.path = pathOf(i++);
            return req;
          },
        },
      ],
    });
    peak = Math.max(peak, rssOf(server.child.pid ?? 0));
    const ok2xx = Number(r['2xx'] ?? 0);
    // the server writes every ~1 s: wait until the sum stops moving (at most 15 s)
    let afterFlush = sumViews();
    for (let k = 0, stable = 0; k < 60 && stable < 3; k++) {
      await new Promise((res) => setTimeout(res, 250));
      const n = sumViews();
      stable = n === afterFlush ? stable + 1 : 0;
      afterFlush = n;
      if (afterFlush - before >= ok2xx) break;
    }
    clearInterval(timer);
    await stop(server.child);
    const afterStop = sumViews();
    const counted = afterStop - before;
    const rps = Math.round(r.requests.average * 10) / 10;
    const out: PortalResult = {
      name: 'portal',
      title: '门户文章页 portal article page (anonymous, cached, counted)',
      path: '/portal/a/<slug>?c=qr&v=<village code>',
      connections: o.connections,
      seconds: r.duration,
      workers: o.workers,
      requests: r.requests.total,
      rps,
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      errors: r.errors,
      non2xx: r.non2xx,
      ok2xx,
      rssPeakMb: peak,
      viewsBefore: before,
      viewsAfterFlush: afterFlush,
      viewsAfterStop: afterStop,
      counted,
      lost: ok2xx - counted,
      loadAverage: { start: loadStart, end: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      rpsTarget: 2000,
      p99Target: 50,
      met: rps >= 2000 && r.latency.p99 < 50 && r.errors === 0 && r.non2xx === 0 && counted === ok2xx,
      dataset,
    };
    o.say(`  portal: ${rps} req/s, p50 ${out.p50} ms, p99 ${out.p99} ms, max ${out.max} ms, errors ${out.errors}, non-2xx ${out.non2xx}, RSS peak ${peak} MB`);
    o.say(`  views counted: ${counted} of ${ok2xx} (lost ${ok2xx - counted})${afterFlush !== afterStop ? ` — ${afterStop - afterFlush} written by the shutdown flush` : ''}`);
    o.say(`  target ≥ 2000 req/s, p99 < 50 ms, nothing lost: ${out.met ? 'met' : 'MISSED'} (load average ${out.loadAverage.start.join(' ')} → ${out.loadAverage.end.join(' ')})`);
    return out;
  } finally {
    clearInterval(timer);
    await stop(server.child);
  }
}
