import type { DueKind, TaskState } from './planning-enums.ts';

/**
 * The planning module's pure rules: periods of a recurring task, their deadlines, and the ONE
 * function that derives a task's state from its dates and progress updates (issue 3: states are
 * "derived from dates and updates, not typed by hand"). Shared by the server (lists, overview,
 * findings, reminders, report) and the web (what a form would show after posting).
 *
 * Deadlines are kept as written: a deadline falling on a rest day is not moved (a plan's 完成时限 is
 * an administrative target, not a statutory period under 民法典 art. 203). A task is overdue from
 * the day after its deadline, in Asia/Shanghai (callers pass `today` as a Shanghai date).
 */

export interface TaskDue {
  dueKind: DueKind;
  /** For 'date' tasks. */
  dueDate: string | null;
  /** For recurring tasks: the day of the period's (last) month the update is due, 1–31, clamped to the month's end. */
  dueDay: number | null;
  /** The plan's year: a recurring task's periods are that year's months or quarters. */
  year: number;
  /** Periods ending before this date do not count (a task added in June owes nothing for January). */
  startDate: string | null;
  cancelled: boolean;
}

/** Progress of one task summarised per period (period null for 'date' tasks). */
export interface ProgressSummary {
  period: string | null;
  /** First and last day an update was posted (Shanghai dates). */
  firstOn: string;
  lastOn: string;
  maxPercent: number;
  /** First day an update reached 100 %, if any. */
  completedOn: string | null;
}

export interface PeriodState {
  period: string;
  dueOn: string;
  doneOn: string | null;
  state: 'done' | 'overdue' | 'open';
  onTime: boolean | null;
}

export interface DerivedTaskState {
  state: TaskState;
  /** Completed tasks: whether the completing update came on or before the deadline; null otherwise. */
  onTime: boolean | null;
  /** The deadline that matters now: the date, or the earliest unfulfilled period's (else the last period's). */
  nextDueOn: string | null;
  percent: number;
  lastProgressOn: string | null;
  /** Recurring tasks: periods counted this year, fulfilled, fulfilled on time. Date tasks: 1 / 0|1 / 0|1. */
  periodsTotal: number;
  periodsDone: number;
  periodsOnTime: number;
  periods: PeriodState[];
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function ymd(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The periods of a recurring task's year: 'YYYY-MM' × 12 or 'YYYY-Qn' × 4. */
export function periodsOfYear(kind: 'monthly' | 'quarterly', year: number): string[] {
  if (kind === 'monthly') return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
}

export const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2]|Q[1-4])$/;

/** First and last day of a period ('YYYY-MM' or 'YYYY-Qn'). */
export function periodRange(period: string): { from: string; to: string } {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new Error(`bad period ${period}`);
  const year = Number(m[1]);
  if (m[2].startsWith('Q')) {
    const q = Number(m[2].slice(1));
    const first = (q - 1) * 3 + 1;
    return { from: ymd(year, first, 1), to: ymd(year, first + 2, lastDayOfMonth(year, first + 2)) };
  }
  const month = Number(m[2]);
  return { from: ymd(year, month, 1), to: ymd(year, month, lastDayOfMonth(year, month)) };
}

/** Deadline of a period: day `dueDay` of the period's last month, clamped to that month's end (31 → month end). */
export function periodDueOn(period: string, dueDay: number | null): string {
  const { to } = periodRange(period);
  const year = Number(to.slice(0, 4));
  const month = Number(to.slice(5, 7));
  const day = Math.min(Math.max(dueDay ?? 31, 1), lastDayOfMonth(year, month));
  return ymd(year, month, day);
}

/** The period containing a date, for a recurring kind. */
export function periodOf(kind: 'monthly' | 'quarterly', date: string): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  return kind === 'monthly' ? `${year}-${date.slice(5, 7)}` : `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** Whether `period` is well-formed and one of the task's counted periods. */
export function isTaskPeriod(t: Pick<TaskDue, 'dueKind' | 'year' | 'startDate'>, period: string): boolean {
  if (t.dueKind === 'date' || !PERIOD_RE.test(period)) return false;
  if (!periodsOfYear(t.dueKind, t.year).includes(period)) return false;
  return !t.startDate || periodRange(period).to >= t.startDate;
}

/** The counted periods of a recurring task (those not ending before its start date). */
export function taskPeriods(t: Pick<TaskDue, 'dueKind' | 'year' | 'startDate'>): string[] {
  if (t.dueKind === 'date') return [];
  return periodsOfYear(t.dueKind, t.year).filter((p) => !t.startDate || periodRange(p).to >= t.startDate);
}

/**
 * A task's state (issue 3, design notes):
 * - cancelled → 已取消;
 * - date task: an update at 100 % → 已完成 (on time when that update's date ≤ the deadline); else the
 *   deadline passed (today > due date) → 逾期; else any update → 进行中; else 未开始;
 * - recurring task: each counted period is fulfilled by any update posted for it (on time when the
 *   first one is dated ≤ the period's deadline). A period whose deadline has passed without an
 *   update makes the task 逾期 until an update for it is posted (late); all periods fulfilled →
 *   已完成; else any update → 进行中; else 未开始.
 */
export function deriveTaskState(t: TaskDue, progress: readonly ProgressSummary[], today: string): DerivedTaskState {
  const lastProgressOn = progress.reduce<string | null>((m, p) => (m === null || p.lastOn > m ? p.lastOn : m), null);
  const any = progress.length > 0;
  if (t.dueKind === 'date') {
    const completedOn = progress.reduce<string | null>((m, p) => (p.completedOn && (m === null || p.completedOn < m) ? p.completedOn : m), null);
    const percent = progress.reduce((m, p) => Math.max(m, p.maxPercent), 0);
    const due = t.dueDate;
    const onTime = completedOn ? (due ? completedOn <= due : true) : null;
    let state: TaskState;
    if (t.cancelled) state = 'cancelled';
    else if (completedOn) state = 'completed';
    else if (due && today > due) state = 'overdue';
    else if (any) state = 'in_progress';
    else state = 'not_started';
    return {
      state,
      onTime: state === 'completed' ? onTime : null,
      nextDueOn: due,
      percent,
      lastProgressOn,
      periodsTotal: 1,
      periodsDone: completedOn ? 1 : 0,
      periodsOnTime: onTime ? 1 : 0,
      periods: [],
    };
  }
  const byPeriod = new Map<string, string>();
  for (const p of progress) {
    if (!p.period) continue;
    const prev = byPeriod.get(p.period);
    if (prev === undefined || p.firstOn < prev) byPeriod.set(p.period, p.firstOn);
  }
  const periods: PeriodState[] = taskPeriods(t).map((period) => {
    const dueOn = periodDueOn(period, t.dueDay);
    const doneOn = byPeriod.get(period) ?? null;
    const state = doneOn ? 'done' : today > dueOn ? 'overdue' : 'open';
    return { period, dueOn, doneOn, state, onTime: doneOn ? doneOn <= dueOn : null };
  });
  const done = periods.filter((p) => p.state === 'done').length;
  const onTimeCount = periods.filter((p) => p.onTime === true).length;
  const firstOpen = periods.find((p) => p.state !== 'done');
  let state: TaskState;
  if (t.cancelled) state = 'cancelled';
  else if (periods.some((p) => p.state === 'overdue')) state = 'overdue';
  else if (periods.length > 0 && done === periods.length) state = 'completed';
  else if (any) state = 'in_progress';
  else state = 'not_started';
  return {
    state,
    onTime: state === 'completed' ? onTimeCount === periods.length : null,
    nextDueOn: firstOpen?.dueOn ?? periods.at(-1)?.dueOn ?? null,
    percent: periods.length ? Math.round((done / periods.length) * 100) : 0,
    lastProgressOn,
    periodsTotal: periods.length,
    periodsDone: done,
    periodsOnTime: onTimeCount,
    periods,
  };
}

/** The same calendar date `years` later (29 Feb → 28 Feb): copying last year's plan. */
export function shiftYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const m = Number(date.slice(5, 7));
  const d = Math.min(Number(date.slice(8, 10)), lastDayOfMonth(y, m));
  return ymd(y, m, d);
}

/**
 * A 完成时限 cell as people write it: a date (2023-06-30, 2023/6/30, 2023年6月30日, 2023.6.30), a
 * month's end (2023年6月底, 6月底 in the plan's year), 每月 / 每月N日 / 每季度 / 每季度末, or 长期坚持 /
 * 全年 (the plan year's last day). Null when it cannot be read.
 */
export function parseDueText(text: string, year: number): { dueKind: DueKind; dueDate: string | null; dueDay: number | null } | null {
  const s = text.replace(/\s+/g, '').replace(/[前止]$/, '');
  if (!s) return null;
  const monthly = /^每月(?:(\d{1,2})日)?$/.exec(s) ?? (/^每月(底|末)$/.test(s) ? [s, undefined] : null);
  if (monthly) return { dueKind: 'monthly', dueDate: null, dueDay: monthly[1] ? Math.min(Math.max(Number(monthly[1]), 1), 31) : 31 };
  const quarterly = /^每季度?(?:末|底)?(?:(\d{1,2})日)?$/.exec(s);
  if (quarterly) return { dueKind: 'quarterly', dueDate: null, dueDay: quarterly[1] ? Math.min(Math.max(Number(quarterly[1]), 1), 31) : 31 };
  if (/^(长期坚持|全年|持续推进|常态化)$/.test(s)) return { dueKind: 'date', dueDate: `${year}-12-31`, dueDay: null };
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (full) {
    const [y, m, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
    if (m < 1 || m > 12 || d < 1 || d > lastDayOfMonth(y, m)) return null;
    return { dueKind: 'date', dueDate: ymd(y, m, d), dueDay: null };
  }
  const monthEnd = /^(?:(\d{4})年)?(\d{1,2})月(?:底|末|份)?$/.exec(s);
  if (monthEnd) {
    const y = monthEnd[1] ? Number(monthEnd[1]) : year;
    const m = Number(monthEnd[2]);
    if (m < 1 || m > 12) return null;
    return { dueKind: 'date', dueDate: ymd(y, m, lastDayOfMonth(y, m)), dueDay: null };
  }
  return null;
}

/** How a deadline is written back into the task table (Excel export), readable by parseDueText. */
export function dueText(t: { dueKind: DueKind; dueDate: string | null; dueDay: number | null }): string {
  if (t.dueKind === 'date') return t.dueDate ?? '';
  const day = t.dueDay ?? 31;
  if (t.dueKind === 'monthly') return day >= 31 ? '每月底' : `每月${day}日`;
  return day >= 31 ? '每季度末' : `每季度${day}日`;
}
