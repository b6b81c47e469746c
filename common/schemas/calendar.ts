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
