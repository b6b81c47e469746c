import { z } from 'zod';
import { CHANNELS, VIEW_CHANNELS } from '../publicity-enums.ts';
import { zId } from '../validation.ts';
import { zPeriodDate } from './publicity-reach.ts';

/**
 * The publicity module's contract on the wire: statistics, the new-media target setting and the
 * overview's queries (findings and the report section use the shared ZFindings / ZReportSection).
 */

/** 新媒体普法占比目标 (percent), per org, inherited down the tree; default 30 %. */
export const NEW_MEDIA_TARGET_SETTING = 'publicity.new_media_target_pct';
export const NEW_MEDIA_TARGET_DEFAULT = 30;
export const NEW_MEDIA_TARGET_MIN = 0;
export const NEW_MEDIA_TARGET_MAX = 100;

export const ZPublicityStatsQuery = z.object({
  from: zPeriodDate.optional().describe('默认：今年1月1日'),
  to: zPeriodDate.optional().describe('默认：今年12月31日'),
  orgId: zId.optional().describe('只统计该单位及其下级（须在本人范围内）'),
});
export const ZPublicityYearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional(), orgId: zId.optional() });

const ZCount = z.number().int();
export const ZPublicityStats = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  /** Done events in the period (the denominator of the share). */
  events: ZCount,
  /** Planned events dated in the period (not counted anywhere else). */
  planned: ZCount,
  /** Done events with at least one online channel (the numerator). */
  online: ZCount,
  /** online / events × 100, one decimal; null when there is no done event. */
  share: z.number().nullable(),
  /** The new-media target (percent) of the org the figures are for. */
  target: ZCount,
  audience: ZCount,
  materials: ZCount,
  onlineReach: ZCount,
  byChannel: z.array(z.object({ key: z.enum(CHANNELS), label: z.string(), online: z.boolean(), events: ZCount, audience: ZCount, materials: ZCount, onlineReach: ZCount })),
  byTheme: z.array(z.object({ key: z.string(), label: z.string(), events: ZCount })),
  /** Villages of the scope (with none too) and a null row for events not tied to a village. */
  byVillage: z.array(z.object({ villageId: z.string().nullable(), name: z.string(), events: ZCount, online: ZCount })),
  byMonth: z.array(z.object({ month: z.string(), events: ZCount, online: ZCount })),
  views: z.object({
    total: ZCount,
    byChannel: z.array(z.object({ key: z.enum(VIEW_CHANNELS), label: z.string(), count: ZCount })),
  }),
  keyDates: z.object({
    /** Key dates of the period already past (or under way). */
    total: ZCount,
    served: ZCount,
    items: z.array(z.object({ key: z.string(), name: z.string(), from: z.string(), to: z.string(), events: ZCount })),
  }),
  /** Content items published in the period (articles, posters, videos), by published_at in Shanghai. */
  published: ZCount,
  /** The share per year up to the period's year (weakness 二 getting better). */
  trend: z.array(z.object({ year: ZCount, events: ZCount, online: ZCount, share: z.number().nullable() })),
});
export type TPublicityStats = z.infer<typeof ZPublicityStats>;

export const ZPublicitySettingsQuery = z.object({ orgId: zId.describe('乡镇、县，或其下级（显示生效值）') });
export const ZPublicitySettingsInput = z.object({
  orgId: zId.describe('乡镇（或县）'),
  newMediaTargetPct: z.coerce
    .number()
    .int()
    .min(NEW_MEDIA_TARGET_MIN)
    .max(NEW_MEDIA_TARGET_MAX)
    .describe(`新媒体普法占比目标（%，0–100），默认${NEW_MEDIA_TARGET_DEFAULT}%`),
});
export type TPublicitySettingsInput = z.infer<typeof ZPublicitySettingsInput>;
export const ZPublicitySettings = z.object({
  orgId: z.string(),
  newMediaTargetPct: ZCount,
  /** own: set on this org · inherited: set on an ancestor · default: nobody set it */
  source: z.enum(['own', 'inherited', 'default']),
  fromOrgId: z.string().nullable(),
  fromOrgName: z.string().nullable(),
  defaultNewMediaTargetPct: ZCount,
  /** Whether the caller may change it here (publicity.manage on a township or the county). */
  canEdit: z.boolean(),
});
export type TPublicitySettings = z.infer<typeof ZPublicitySettings>;
