// TEMPORARY experiment (deleted after use): bench/server.ts with optional patches.
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createDeps } from '../server/deps.ts';
import { WorkCalendar } from '../server/platform/calendar/calendar.ts';
import { BENCH_SECRET, DATA_DIR, DEFAULT_FILE } from './common.ts';
const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0', FAZHI_DATA_DIR: DATA_DIR, FAZHI_SECRET: BENCH_SECRET, FAZHI_DEMO: '0', LOG_LEVEL: 'warn', DATABASE_URL: '' });
const deps = await createDeps(config, { sqliteFile: DEFAULT_FILE });
if (process.env.EXP_STMT) {
  const raw = deps.database.raw!;
  const prep = raw.prepare.bind(raw);
  const cache = new Map<string, ReturnType<typeof prep>>();
  raw.prepare = ((sql: string) => { let s = cache.get(sql); if (!s) { s = prep(sql); if (cache.size > 500) cache.clear(); cache.set(sql, s); } return s; }) as typeof raw.prepare;
}
if (process.env.EXP_CAL) {
  WorkCalendar.prototype.dueState = function (due: string, today: string, soon = 3) {
    if (today > due) return 'overdue';
    return this.addWorkdays(today, soon) >= due ? 'due_soon' : 'open';
  };
}
const app = await buildApp(deps);
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
process.send?.({ port: typeof addr === 'object' && addr ? addr.port : 0 });
process.on('SIGTERM', async () => { await app.close(); await deps.database.close(); process.exit(0); });
