import type { CalendarDayInput } from '../../../common/schemas/calendar.ts';
import { recordAudit } from '../audit.ts';
import type { Ctx, Deps } from '../context.ts';
import { inTx } from '../context.ts';
import { requirePermission } from '../permissions.ts';
import { nowIso, todayShanghai } from '../time.ts';
import { type DayKind, WorkCalendar } from './calendar.ts';

/** Loads administrator overrides once and keeps them until the next write (in this process). */
export class CalendarService {
  private cached: WorkCalendar | null = null;
  constructor(private readonly deps: Pick<Deps, 'database'>) {}

  async calendar(): Promise<WorkCalendar> {
    if (this.cached) return this.cached;
    const rows = await this.deps.database.db.selectFrom('calendar_days').selectAll().execute();
    this.cached = new WorkCalendar(new Map(rows.map((r) => [r.date, { kind: r.kind as DayKind, name: r.name }])));
    return this.cached;
  }

  invalidate(): void {
    this.cached = null;
  }

  /** A warning when next year has no official schedule yet (the State Council usually publishes in Nov). */
  async status(today = todayShanghai()) {
    const cal = await this.calendar();
    const year = Number(today.slice(0, 4));
    const nextYearMissing = !cal.hasYear(year + 1);
    return { year, currentYearKnown: cal.hasYear(year), nextYearMissing, nextYear: year + 1 };
  }

  async listYear(year: number) {
    const cal = await this.calendar();
    const out = [];
    for (let d = `${year}-01-01`; d.startsWith(String(year)); ) {
      const info = cal.describe(d);
      const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
      const weekend = dow === 0 || dow === 6;
      if (info.source !== 'weekday' || (weekend && info.workday) || (!weekend && !info.workday)) out.push(info);
      const n = new Date(`${d}T00:00:00Z`);
      n.setUTCDate(n.getUTCDate() + 1);
      d = n.toISOString().slice(0, 10);
    }
    return out;
  }

  /** Replace the administrator's schedule for one year (e.g. when the 国务院办公厅 notice comes out). */
  async setYear(ctx: Ctx, year: number, days: CalendarDayInput[]): Promise<void> {
    await requirePermission(ctx, 'calendar.manage');
    await inTx(ctx, async (tx) => {
      const before = await tx.db.selectFrom('calendar_days').selectAll().where('date', 'like', `${year}-%`).execute();
      await tx.db.deleteFrom('calendar_days').where('date', 'like', `${year}-%`).execute();
      if (days.length) {
        await tx.db
          .insertInto('calendar_days')
          .values(days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null, created_by: ctx.actor?.userId ?? null, created_at: nowIso() })))
          .execute();
      }
      await recordAudit(tx, { entity: 'calendar', entityId: String(year), action: 'calendar.set_year', before, after: days });
    });
    this.invalidate();
  }
}
