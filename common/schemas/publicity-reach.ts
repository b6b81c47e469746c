import { z } from 'zod';
import { VIEW_CHANNELS } from '../publicity-enums.ts';
import { isRealDate, zDate, zId } from '../validation.ts';

/**
 * Reach (传播效果): first-party portal page loads, per item, arrival channel and village tag. The query
 * is the reach page's list-filter contract (/publicity/reach: year, from, to, contentId, channel,
 * villageId), so a figure elsewhere can link to exactly the views it counts.
 */
export const REACH_GRANULARITIES = ['day', 'month'] as const;

/**
 * A period's first or last day for figures (reach, statistics, findings): the years the year params
 * allow too (2000–2100). A real date of year 1 or 9999 would otherwise make a series of 100,000 months
 * and labels like '1-01'.
 */
export const zPeriodDate = zDate.refine((d) => !isRealDate(d) || (d >= '2000-01-01' && d <= '2100-12-31'), { error: 'i18n:publicity_period_range' });

export const ZReachQuery = z.object({
  orgId: zId.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  from: zPeriodDate.optional(),
  to: zPeriodDate.optional(),
  contentId: zId.optional(),
  channel: z.enum(VIEW_CHANNELS).optional(),
  villageId: zId.optional(),
  granularity: z.enum(REACH_GRANULARITIES).optional(),
});
export type TReachQuery = z.infer<typeof ZReachQuery>;

export const ZReach = z.object({
  from: z.string(),
  to: z.string(),
  granularity: z.enum(REACH_GRANULARITIES),
  total: z.number().int(),
  /** Every day (or month) of the period, zeros included, oldest first. */
  series: z.array(z.object({ period: z.string(), count: z.number().int() })),
  byContent: z.array(z.object({ contentId: z.string(), title: z.string(), slug: z.string(), state: z.string(), orgName: z.string(), count: z.number().int() })),
  byChannel: z.array(z.object({ channel: z.enum(VIEW_CHANNELS), count: z.number().int() })),
  /** villageId '' is views whose link carried no (valid) village tag. */
  byVillage: z.array(z.object({ villageId: z.string(), name: z.string(), count: z.number().int() })),
});
export type TReach = z.infer<typeof ZReach>;
