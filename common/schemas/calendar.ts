import { z } from 'zod';
import { zDate } from '../validation.ts';

export const ZDeadlineQuery = z.object({
  start: zDate.describe('起算日（不计入期限）'),
  days: z.coerce.number().int().min(0).max(3650).describe('期限天数'),
  unit: z.enum(['workday', 'day']).default('day').describe('workday: 工作日; day: 自然日（末日遇节假日顺延）'),
});
export const ZDeadline = z.object({ due: zDate });
export const ZWorkdayQuery = z.object({ date: zDate });
export const ZWorkday = z.object({ workday: z.boolean() });

export const ZCalendarDayInput = z.object({
  date: zDate,
  kind: z.enum(['rest', 'work']).describe('rest: 放假; work: 调休上班'),
  name: z.string().trim().max(40).optional(),
});
export type CalendarDayInput = z.infer<typeof ZCalendarDayInput>;
export const ZCalendarYear = z.object({
  days: z.array(ZCalendarDayInput).max(366),
});
export const ZYearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/** `GET /api/v1/calendar/status`: is next year's official schedule known yet? */
export const ZCalendarStatus = z.object({
  year: z.number().int(),
  currentYearKnown: z.boolean(),
  nextYearMissing: z.boolean(),
  nextYear: z.number().int(),
});
export type TCalendarStatus = z.infer<typeof ZCalendarStatus>;

/** One day that differs from the plain Monday–Friday week (a holiday, or a make-up working day). */
export const ZCalendarDayInfo = z.object({
  date: zDate,
  workday: z.boolean(),
  name: z.string().nullable(),
  source: z.enum(['override', 'official', 'weekday']).describe('override: 管理员录入; official: chinese-days'),
});
export const ZCalendarYearView = z.object({ items: z.array(ZCalendarDayInfo) });
export type TCalendarDayInfo = z.infer<typeof ZCalendarDayInfo>;
