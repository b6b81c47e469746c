/**
 * Where a request's time goes, statement by statement: builds the app in-process on the bench
 * SQLite file, sends each request (app.inject, no network), and prints every SQL statement the first
 * call ran with its time and SQLite's EXPLAIN QUERY PLAN, then the time of a second, warm call.
 *
 *   npx tsx bench/explain.ts [--user county|nzs_sfs|nzs_leader] [--file bench/data/bench.sqlite] [--planning] [path …]
 *
 * Without paths it explains the dispute routes `npm run bench` loads; with --planning, the planning
 * ones (the leader's page, the county plan's board, the task timeline, stats, findings, report). SQLite only.
 */
import path from 'node:path';
import type { Statement } from 'better-sqlite3';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createDeps } from '../server/deps.ts';
import { BENCH_SECRET, DATA_DIR, DEFAULT_FILE, parseArgs, readMeta } from './common.ts';

interface Captured {
  sql: string;
  params: unknown[];
  ms: number;
  rows: number;
}

async function main() {
  const argv = process.argv.slice(2);
  const paths = argv.filter((a, i) => a.startsWith('/') && !(i > 0 && argv[i - 1].startsWith('--')));
  const args = parseArgs(argv.filter((a) => !paths.includes(a)));
  const file = path.resolve(args.get('file') ?? DEFAULT_FILE);
  const user = args.get('user') ?? 'county';
  const meta = readMeta(file);
  if (!meta) throw new Error(`${file}: no bench database (run npm run bench or npx tsx bench/generate.ts first)`);
  const config = loadConfig({ ...process.env, FAZHI_DATA_DIR: DATA_DIR, FAZHI_SECRET: BENCH_SECRET, DATABASE_URL: '', LOG_LEVEL: 'warn' });
  const deps = await createDeps(config, { sqliteFile: file });
  const raw = deps.database.raw!;
  const prepare = raw.prepare.bind(raw);
  let log: Captured[] | null = null;
  // Wrap the driver's prepare: Kysely prepares each statement and calls all() or run() on it. The
  // app's statement cache (server/db/index.ts) prepares each SQL text once and reuses the statement,
  // so every statement is wrapped and logs into whichever request is being explained when it runs.
  raw.prepare = ((sql: string) => {
    const stmt = prepare(sql) as Statement<unknown[]>;
    const wrap = <K extends 'all' | 'run' | 'get'>(k: K) => {
      const orig = stmt[k].bind(stmt) as (...p: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[k] = (...p: unknown[]) => {
        if (!log) return orig(...p);
        const t = performance.now();
        const out = orig(...p);
        log.push({ sql, params: p.flat(), ms: performance.now() - t, rows: Array.isArray(out) ? out.length : 1 });
        return out;
      };
    };
    wrap('all');
    wrap('run');
    wrap('get');
    return stmt;
  }) as typeof raw.prepare;

  const app = await buildApp(deps);
  try {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user, password: 'Fazhi@2026' } });
    if (login.statusCode !== 200) throw new Error(`login ${user}: ${login.statusCode} ${login.body}`);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const year = Number(meta.to.slice(0, 4));
    const anyId = prepare('SELECT id FROM disputes ORDER BY received_on DESC LIMIT 1 OFFSET 5000').pluck().get() as string;
    const list = '/api/v1/mediation/disputes';
    const county = prepare("SELECT id FROM orgs WHERE code = '610000000000'").pluck().get() as string;
    const planYear = prepare('SELECT max(year) FROM planning_plans').pluck().get() as number | null;
    const planOf = (code: string) => prepare('SELECT p.id FROM planning_plans p JOIN orgs o ON o.id = p.org_id WHERE o.code = ? AND p.year = ?').pluck().get(code, planYear) as string | undefined;
    const pl = '/api/v1/planning';
    const planning = planYear
      ? [
          `${pl}/overview?orgId=${county}&year=${planYear}`,
          `${pl}/board?planId=${planOf(user === 'county' ? '610000000000' : '610000101000')}`,
          `${pl}/tasks?year=${planYear}&page=1&pageSize=20`,
          `${pl}/stats?from=${planYear}-01-01&to=${meta.to}`,
          `${pl}/findings?from=${planYear}-01-01&to=${meta.to}`,
          `${pl}/report-section?year=${planYear - 1}`,
        ]
      : [];
    if (args.has('planning') && !planning.length) throw new Error('--planning: no planning records in this bench file (regenerate it)');
    if (args.has('planning') && user !== 'county') planning[0] = `${pl}/overview?year=${planYear}`;
    const targets = paths.length
      ? paths
      : args.has('planning')
        ? planning
        : [
          `${list}?page=1&pageSize=20`,
          `${list}?page=1&pageSize=20&type=homestead&status=closed&year=${year - 1}`,
          `${list}?page=1&pageSize=20&q=${encodeURIComponent('宅基地')}`,
          `${list}/${anyId}`,
          `/api/v1/mediation/stats?from=${year}-01-01&to=${meta.to}`,
          `/api/v1/mediation/report-section?year=${year - 1}`,
        ];
    for (const url of targets) {
      // The first call is the one explained: it runs every statement, including those whose results
      // the services cache (the dispute list's total, for 10 s). The second call shows the warm time.
      log = [];
      const t = performance.now();
      const r = await app.inject({ method: 'GET', url, headers: { cookie } });
      const total = performance.now() - t;
      const captured = log;
      log = null;
      const t2 = performance.now();
      await app.inject({ method: 'GET', url, headers: { cookie } });
      const warm = performance.now() - t2;
      const sqlMs = captured.reduce((s, c) => s + c.ms, 0);
      process.stdout.write(
        `\n━━━ GET ${decodeURIComponent(url)} → ${r.statusCode}, first ${total.toFixed(1)} ms (SQL ${sqlMs.toFixed(1)} ms in ${captured.length} statements), again ${warm.toFixed(1)} ms\n`,
      );
      for (const c of captured) {
        process.stdout.write(`\n  ${c.ms.toFixed(2).padStart(8)} ms  ${String(c.rows).padStart(5)} rows  ${c.sql.replace(/\s+/g, ' ').slice(0, 600)}\n`);
        if (!/^\s*select/i.test(c.sql)) continue;
        const plan = prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.params) as { id: number; parent: number; detail: string }[];
        const depth = new Map<number, number>();
        for (const p of plan) {
          const d = (depth.get(p.parent) ?? 0) + 1;
          depth.set(p.id, d);
          process.stdout.write(`  ${' '.repeat(20)}${'  '.repeat(d)}${p.detail}\n`);
        }
      }
    }
  } finally {
    await app.close();
    await deps.database.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
