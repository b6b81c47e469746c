import { createRequire } from 'node:module';

/**
 * The official working-day calendar: State Council holiday schedules (from `chinese-days`) with
 * make-up working days (调休), overridden by schedules an administrator enters (calendar_days).
 * Pure functions over a day-kind lookup; the service feeds it the overrides.
 */
const require = createRequire(import.meta.url);
const PACKAGE_DAYS = require('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

export type DayKind = 'rest' | 'work';
export type Overrides = ReadonlyMap<string, { kind: DayKind; name: string | null }>;

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function packageYears(): number[] {
  const ys = new Set<number>();
  for (const d of Object.keys(PACKAGE_DAYS.holidays)) ys.add(Number(d.slice(0, 4)));
  return [...ys].sort((a, b) => a - b);
}

export class WorkCalendar {
  /** dueState's "soon" limit per (today, soonWorkdays): a list computes it for every row. The overrides never change in one instance. */
  private readonly soonLimits = new Map<string, string>();

  constructor(private readonly overrides: Overrides = new Map()) {}

  /** What the day is and why: an override, an official holiday, a make-up workday, or the weekday. */
  describe(date: string): { date: string; workday: boolean; name: string | null; source: 'override' | 'official' | 'weekday' } {
    const o = this.overrides.get(date);
    if (o) return { date, workday: o.kind === 'work', name: o.name, source: 'override' };
    const h = PACKAGE_DAYS.holidays[date];
    if (h) return { date, workday: false, name: h.split(',')[1] ?? h, source: 'official' };
    const w = PACKAGE_DAYS.workdays[date];
    if (w) return { date, workday: true, name: `${w.split(',')[1] ?? w}调休上班`, source: 'official' };
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return { date, workday: dow !== 0 && dow !== 6, name: null, source: 'weekday' };
  }

  isWorkday(date: string): boolean {
    // describe() without building its answer: this runs for every day of every deadline walk
    const o = this.overrides.get(date);
    if (o) return o.kind === 'work';
    if (PACKAGE_DAYS.holidays[date]) return false;
    if (PACKAGE_DAYS.workdays[date]) return true;
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  }

  /**
   * N working days: counting starts the day after `start` and only working days count
   * (行政处罚法 art. 85, 行政许可法 art. 82). A 调休 Saturday is a working day.
   */
  addWorkdays(start: string, n: number): string {
    let d = start;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkday(d)) left--;
    }
    return d;
  }

  /**
   * N calendar days: the start day is not counted (民法典 art. 201); a last day that falls on a
   * rest day or holiday moves to the next working day (民法典 art. 203; 民事诉讼法 art. 85).
   */
  addCalendarDays(start: string, n: number): string {
    let d = addDays(start, n);
    while (!this.isWorkday(d)) d = addDays(d, 1);
    return d;
  }

  /** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
  workdaysBetween(from: string, to: string): number {
    if (to === from) return 0;
    const sign = to > from ? 1 : -1;
    let d = from;
    let count = 0;
    while (d !== to) {
      d = addDays(d, sign);
      if (this.isWorkday(d)) count += sign;
    }
    return count;
  }

  /** overdue after the due day; due_soon within `soonWorkdays` working days; else open. */
  dueState(due: string, today: string, soonWorkdays = 3): 'overdue' | 'due_soon' | 'open' {
    if (today > due) return 'overdue';
    // Same as workdaysBetween(today, due) <= soonWorkdays, without walking to a far-off due date:
    // due is "soon" when it comes before the (soon+1)-th working day after today.
    const key = `${today}|${soonWorkdays}`;
    let limit = this.soonLimits.get(key);
    if (limit === undefined) {
      limit = this.addWorkdays(today, soonWorkdays + 1);
      if (this.soonLimits.size >= 64) this.soonLimits.clear();
      this.soonLimits.set(key, limit);
    }
    return due < limit ? 'due_soon' : 'open';
  }

  hasYear(year: number): boolean {
    if (packageYears().includes(year)) return true;
    for (const [d, o] of this.overrides) if (d.startsWith(`${year}-`) && o.kind === 'rest') return true;
    return false;
  }
}
