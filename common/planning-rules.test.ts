import { describe, expect, it } from 'vitest';
import { deriveTaskState, dueText, isTaskPeriod, type ProgressSummary, parseDueText, periodDueOn, periodOf, periodRange, shiftYears, type TaskDue, taskPeriods } from './planning-rules.ts';

const dateTask = (dueDate: string, extra: Partial<TaskDue> = {}): TaskDue => ({ dueKind: 'date', dueDate, dueDay: null, year: Number(dueDate.slice(0, 4)), startDate: null, cancelled: false, ...extra });
const upd = (on: string, percent: number, period: string | null = null): ProgressSummary => ({ period, firstOn: on, lastOn: on, maxPercent: percent, completedOn: percent >= 100 ? on : null });

describe('deriveTaskState — a task due on a date', () => {
  it('is 未开始 with no update before the deadline, and 逾期 from the day after it (Asia/Shanghai date), not on the day', () => {
    expect(deriveTaskState(dateTask('2024-09-30'), [], '2024-09-29').state).toBe('not_started');
    expect(deriveTaskState(dateTask('2024-09-30'), [], '2024-09-30').state).toBe('not_started');
    expect(deriveTaskState(dateTask('2024-09-30'), [], '2024-10-01').state).toBe('overdue');
  });

  it('keeps a deadline that falls in the 国庆 holiday as written: due 2024-10-03 is overdue on 10-04, not after the holiday', () => {
    expect(deriveTaskState(dateTask('2024-10-03'), [upd('2024-09-20', 50)], '2024-10-04').state).toBe('overdue');
  });

  it('is 进行中 with an update below 100 %, and 已完成 with a 100 % update, on time when dated on the deadline', () => {
    expect(deriveTaskState(dateTask('2024-06-30'), [upd('2024-05-01', 60)], '2024-06-01')).toMatchObject({ state: 'in_progress', percent: 60, onTime: null });
    const justOnTime = deriveTaskState(dateTask('2024-06-30'), [upd('2024-05-01', 60), upd('2024-06-30', 100)], '2024-08-01');
    expect(justOnTime).toMatchObject({ state: 'completed', onTime: true, percent: 100, periodsDone: 1, periodsOnTime: 1 });
  });

  it('a 100 % update the day after the deadline is completed, but late', () => {
    const justLate = deriveTaskState(dateTask('2024-06-30'), [upd('2024-07-01', 100)], '2024-08-01');
    expect(justLate).toMatchObject({ state: 'completed', onTime: false, periodsOnTime: 0 });
  });

  it('a deadline across 春节: due 2024-02-09 (除夕), completed 2024-02-18 (first working day after) is late', () => {
    expect(deriveTaskState(dateTask('2024-02-09'), [upd('2024-02-18', 100)], '2024-03-01').onTime).toBe(false);
  });

  it('cancelled wins over everything', () => {
    expect(deriveTaskState(dateTask('2024-01-31', { cancelled: true }), [upd('2024-01-02', 100)], '2024-03-01').state).toBe('cancelled');
    expect(deriveTaskState(dateTask('2024-01-31', { cancelled: true }), [], '2024-03-01').state).toBe('cancelled');
  });

  it('the first 100 % update decides completion even if later notes follow', () => {
    const s = deriveTaskState(dateTask('2024-06-30'), [{ period: null, firstOn: '2024-06-10', lastOn: '2024-07-15', maxPercent: 100, completedOn: '2024-06-10' }], '2024-08-01');
    expect(s).toMatchObject({ state: 'completed', onTime: true, lastProgressOn: '2024-07-15' });
  });
});

describe('deriveTaskState — recurring tasks', () => {
  const monthly: TaskDue = { dueKind: 'monthly', dueDate: null, dueDay: 25, year: 2024, startDate: null, cancelled: false };
  it('a monthly task is 逾期 when last month has no update by its due day, and stays so until that month is reported', () => {
    const jan = upd('2024-01-20', 100, '2024-01');
    expect(deriveTaskState(monthly, [jan], '2024-02-25').state).toBe('in_progress');
    expect(deriveTaskState(monthly, [jan], '2024-02-26').state).toBe('overdue');
    const lateFeb = upd('2024-03-02', 100, '2024-02');
    const s = deriveTaskState(monthly, [jan, lateFeb], '2024-03-05');
    expect(s.state).toBe('in_progress');
    expect(s.periods.find((p) => p.period === '2024-02')).toMatchObject({ state: 'done', onTime: false, dueOn: '2024-02-25' });
    expect(s).toMatchObject({ periodsTotal: 12, periodsDone: 2, periodsOnTime: 1, nextDueOn: '2024-03-25' });
  });

  it('all twelve months reported → 已完成, on time only if every month was', () => {
    const all = taskPeriods(monthly).map((p) => upd(periodDueOn(p, 25), 100, p));
    expect(deriveTaskState(monthly, all, '2025-01-10')).toMatchObject({ state: 'completed', onTime: true, percent: 100 });
    all[5] = upd('2024-06-26', 100, '2024-06');
    expect(deriveTaskState(monthly, all, '2025-01-10')).toMatchObject({ state: 'completed', onTime: false, periodsOnTime: 11 });
  });

  it('a quarterly task: quarters end on the last day of their last month; a start date drops earlier quarters', () => {
    const q: TaskDue = { dueKind: 'quarterly', dueDate: null, dueDay: null, year: 2023, startDate: '2023-05-10', cancelled: false };
    expect(taskPeriods(q)).toEqual(['2023-Q2', '2023-Q3', '2023-Q4']);
    expect(deriveTaskState(q, [], '2023-07-01').state).toBe('overdue');
    expect(deriveTaskState(q, [], '2023-06-30').state).toBe('not_started');
    expect(isTaskPeriod(q, '2023-Q1')).toBe(false);
    expect(isTaskPeriod(q, '2024-Q2')).toBe(false);
    expect(isTaskPeriod(q, '2023-06')).toBe(false);
  });
});

describe('periods and deadlines', () => {
  it('clamps the due day to the month: February in a leap year, 31 → month end', () => {
    expect(periodDueOn('2024-02', 31)).toBe('2024-02-29');
    expect(periodDueOn('2023-02', 30)).toBe('2023-02-28');
    expect(periodDueOn('2024-Q1', null)).toBe('2024-03-31');
    expect(periodDueOn('2024-Q3', 15)).toBe('2024-09-15');
    expect(periodRange('2024-Q4')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(periodOf('quarterly', '2024-07-01')).toBe('2024-Q3');
    expect(periodOf('monthly', '2024-07-01')).toBe('2024-07');
  });

  it('shifts a year, 29 Feb becoming 28 Feb', () => {
    expect(shiftYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(shiftYears('2023-06-30', 1)).toBe('2024-06-30');
  });

  it('reads deadlines as townships write them, and writes them back readably', () => {
    expect(parseDueText('2023-06-30', 2023)).toEqual({ dueKind: 'date', dueDate: '2023-06-30', dueDay: null });
    expect(parseDueText('2023年6月30日前', 2023)?.dueDate).toBe('2023-06-30');
    expect(parseDueText('2023/6/3', 2023)?.dueDate).toBe('2023-06-03');
    expect(parseDueText('6月底', 2023)?.dueDate).toBe('2023-06-30');
    expect(parseDueText('2024年2月底', 2023)?.dueDate).toBe('2024-02-29');
    expect(parseDueText('每月', 2023)).toEqual({ dueKind: 'monthly', dueDate: null, dueDay: 31 });
    expect(parseDueText('每月25日', 2023)).toEqual({ dueKind: 'monthly', dueDate: null, dueDay: 25 });
    expect(parseDueText('每季度末', 2023)).toEqual({ dueKind: 'quarterly', dueDate: null, dueDay: 31 });
    expect(parseDueText('长期坚持', 2023)?.dueDate).toBe('2023-12-31');
    expect(parseDueText('2023-02-30', 2023)).toBeNull();
    expect(parseDueText('尽快', 2023)).toBeNull();
    for (const t of [
      { dueKind: 'date' as const, dueDate: '2023-06-30', dueDay: null },
      { dueKind: 'monthly' as const, dueDate: null, dueDay: 25 },
      { dueKind: 'quarterly' as const, dueDate: null, dueDay: 31 },
    ])
      expect(parseDueText(dueText(t), 2023)).toEqual(t);
  });
});
