import { z } from 'zod';
import { zDate, zId } from '../validation.ts';

/**
 * API shapes of the publicity calendar (重要普法时间节点), configurable themes and the 谁执法谁普法
 * responsibility list. Routes: server/modules/publicity/calendar.routes.ts.
 */

/**
 * A law title as the 谁执法谁普法 list and the events list's `law` filter compare it: 《》 and
 * 中华人民共和国 dropped, trimmed — so 《中华人民共和国安全生产法》 = 安全生产法. The same rule as the events
 * list's filter (events.service.ts lawColumn), so a row's link lists exactly the events it counts.
 */
export function normalizeLawTitle(s: string): string {
  return s.replace(/[《》]/g, '').replace(/中华人民共和国/g, '').trim();
}

/**
 * Whether an event's law covers a list row's law: the row's title, normalised, is contained in the
 * event's (the events list's `law` filter is a contains match: 民法典 covers 民法典婚姻家庭编), letter
 * case ignored as the filter ignores it on both engines.
 */
export function lawCovers(eventLaw: string, rowLaw: string): boolean {
  const want = normalizeLawTitle(rowLaw).toLowerCase();
  return want.length > 0 && normalizeLawTitle(eventLaw).toLowerCase().includes(want);
}

const zYear = z.coerce.number().int().min(2000).max(2100);
const zDay = zDate;
const zOrgId = zId.describe('组织');
const zFlag = z.union([z.boolean(), z.literal(0), z.literal(1)]).transform((v) => v === true || v === 1);

// ——— key dates (重要普法时间节点) ———

export const KEY_DATE_SOURCES = ['builtin', 'inherited', 'own'] as const;
export type KeyDateSource = (typeof KEY_DATE_SOURCES)[number];

export const ZKeyDateYear = z.object({ year: z.number(), from: z.string(), to: z.string(), rowId: z.string(), orgName: z.string(), own: z.boolean() });

/** One key date as it applies to the org, with where it comes from and whether the caller may edit it. */
export const ZKeyDateItem = z.object({
  key: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.enum(['fixed', 'month', 'dated']),
  month: z.number().nullable(),
  day: z.number().nullable(),
  theme: z.string().nullable(),
  themeName: z.string().nullable(),
  remindDays: z.number(),
  active: z.boolean(),
  notes: z.string().nullable(),
  source: z.enum(KEY_DATE_SOURCES),
  /** The org that defined it (own or inherited). */
  sourceOrgName: z.string().nullable(),
  /** The org's own row (source own). */
  rowId: z.string().nullable(),
  /** This org's override row of a built-in or inherited date, if any. */
  overrideRowId: z.string().nullable(),
  /** Org whose override applies (this org or an ancestor). */
  overrideOrgName: z.string().nullable(),
  years: z.array(ZKeyDateYear),
  editable: z.boolean(),
});
export type TKeyDateItem = z.infer<typeof ZKeyDateItem>;

export const ZKeyDateList = z.object({ orgId: z.string(), orgName: z.string(), canEdit: z.boolean(), items: z.array(ZKeyDateItem) });
export type TKeyDateList = z.infer<typeof ZKeyDateList>;

export const ZOrgQuery = z.object({ orgId: zOrgId.optional().describe('不填为本人所在单位') });
export type TOrgQuery = z.infer<typeof ZOrgQuery>;

/**
 * POST /key-dates does one of three things, by what it is given:
 *   builtinCode + startsOn/endsOn — set a moving date's dates for that year (宪法宣传周 2026);
 *   builtinCode alone — switch a built-in or inherited date off/on, or change its remind days, for the org's subtree;
 *   no builtinCode — the org's own date (name, kind and its dates required).
 */
export const ZKeyDateCreate = z.object({
  orgId: zOrgId,
  builtinCode: z.string().trim().min(1).max(64).optional().describe('内置节点代码或上级节点的 id'),
  name: z.string().trim().min(1, { error: 'i18n:required' }).max(60).optional(),
  kind: z.enum(['fixed', 'month', 'dated']).optional(),
  month: z.number().int().min(1).max(12).nullable().optional(),
  day: z.number().int().min(1).max(31).nullable().optional(),
  startsOn: zDay.nullable().optional(),
  endsOn: zDay.nullable().optional(),
  theme: z.string().trim().max(64).nullable().optional(),
  remindDays: z.number().int().min(0).max(120).optional().describe('提前提醒天数（默认21）'),
  active: zFlag.optional(),
  notes: z.string().trim().max(500).nullable().optional(),
});
export type TKeyDateCreate = z.infer<typeof ZKeyDateCreate>;

export const ZKeyDateUpdate = ZKeyDateCreate.omit({ orgId: true, builtinCode: true, kind: true });
export type TKeyDateUpdate = z.infer<typeof ZKeyDateUpdate>;

export const ZIdParams = z.object({ id: zId });

// ——— the year calendar ———

export const ZCalendarQuery = z.object({ orgId: zOrgId.optional(), year: zYear.optional() });
export type TCalendarQuery = z.infer<typeof ZCalendarQuery>;

export const ZCalendarEvent = z.object({ id: z.string(), title: z.string(), status: z.string(), heldOn: z.string(), orgName: z.string() });

export const CALENDAR_STATES = ['done', 'planned', 'nothing', 'missing'] as const;
export const CALENDAR_TIMINGS = ['past', 'current', 'upcoming'] as const;

export const ZCalendarItem = z.object({
  key: z.string(),
  name: z.string(),
  nameEn: z.string(),
  from: z.string(),
  to: z.string(),
  theme: z.string().nullable(),
  themeName: z.string().nullable(),
  builtin: z.boolean(),
  /** A moving date (宪法宣传周) whose dates are not set for the year. */
  datesMissing: z.boolean(),
  /** Events counted: key_date = key, in the org's subtree, held from 7 days before `from` to `to`. */
  linkFrom: z.string(),
  linkTo: z.string(),
  planned: z.number(),
  done: z.number(),
  events: z.array(ZCalendarEvent),
  /** Web path listing exactly the counted events. */
  eventsHref: z.string(),
  state: z.enum(CALENDAR_STATES),
  timing: z.enum(CALENDAR_TIMINGS),
});
export type TCalendarItem = z.infer<typeof ZCalendarItem>;

export const ZCalendar = z.object({ orgId: z.string(), orgName: z.string(), year: z.number(), today: z.string(), canEdit: z.boolean(), items: z.array(ZCalendarItem) });
export type TCalendar = z.infer<typeof ZCalendar>;

// ——— themes ———

export const ZThemeItem = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  builtin: z.boolean(),
  active: z.boolean(),
  source: z.enum(KEY_DATE_SOURCES),
  sourceOrgName: z.string().nullable(),
  /** This org's own row for the code (its custom theme, or its switch of an inherited one). */
  rowOwn: z.boolean(),
  /** Only the org that created a custom theme renames it. */
  renamable: z.boolean(),
});
export type TThemeItem = z.infer<typeof ZThemeItem>;

export const ZThemeQuery = z.object({ orgId: zOrgId.optional(), all: z.enum(['0', '1']).optional().describe('1: 含已停用（设置页）') });
export type TThemeQuery = z.infer<typeof ZThemeQuery>;
export const ZThemeList = z.object({ orgId: z.string(), canEdit: z.boolean(), items: z.array(ZThemeItem) });
export type TThemeList = z.infer<typeof ZThemeList>;

export const ZThemeCreate = z.object({
  orgId: zOrgId,
  name: z.string().trim().min(1, { error: 'i18n:required' }).max(30),
  nameEn: z.string().trim().max(60).nullable().optional(),
});
export type TThemeCreate = z.infer<typeof ZThemeCreate>;

export const ZThemeCodeParams = z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, { error: 'i18n:theme_unknown' }) });
export const ZThemeUpdate = z.object({
  orgId: zOrgId,
  name: z.string().trim().min(1, { error: 'i18n:required' }).max(30).optional(),
  nameEn: z.string().trim().max(60).nullable().optional(),
  active: zFlag.optional(),
});
export type TThemeUpdate = z.infer<typeof ZThemeUpdate>;

// ——— 谁执法谁普法 ———

export const ZRespQuery = z.object({ orgId: zOrgId.optional(), year: zYear.optional() });
export type TRespQuery = z.infer<typeof ZRespQuery>;

export const ZRespItem = z.object({
  id: z.string(),
  orgId: z.string(),
  year: z.number(),
  departmentOrgId: z.string().nullable(),
  departmentName: z.string(),
  law: z.string(),
  measures: z.string().nullable(),
  eventCount: z.number(),
  done: z.boolean(),
  href: z.string(),
  note: z.string().nullable(),
});
export const ZRespList = z.object({
  orgId: z.string(),
  orgName: z.string(),
  year: z.number(),
  canEdit: z.boolean(),
  departments: z.array(z.object({ id: z.string(), name: z.string() })),
  previousYearCount: z.number(),
  items: z.array(ZRespItem),
});
export type TRespList = z.infer<typeof ZRespList>;

export const ZRespCreate = z.object({
  orgId: zOrgId.describe('乡镇'),
  year: zYear,
  departmentOrgId: zId.nullable().optional().describe('本乡镇的站办所；系统外单位（如派出所）留空并填名称'),
  departmentName: z.string().trim().max(60).nullable().optional(),
  law: z.string().trim().min(1, { error: 'i18n:required' }).max(100),
  measures: z.string().trim().max(1000).nullable().optional(),
});
export type TRespCreate = z.infer<typeof ZRespCreate>;
export const ZRespUpdate = ZRespCreate.omit({ orgId: true, year: true }).partial();
export type TRespUpdate = z.infer<typeof ZRespUpdate>;
export const ZRespCopy = z.object({ orgId: zOrgId, year: zYear });
export type TRespCopy = z.infer<typeof ZRespCopy>;
