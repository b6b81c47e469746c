import { z } from 'zod';
import { STAFF_CATEGORIES } from '../roles.ts';
import { ATTENDANCE_STATUSES, PLAN_KINDS, SESSION_KINDS } from '../study-enums.ts';
import { zDate, zId, zMonth, zPage, zRequiredText, zText, zBool } from '../validation.ts';

/**
 * The study module (学法培训): plans and their items, sessions with host, laws covered, attendance,
 * hours and a test paper; hours per person against per-category requirements. Shared by the
 * server's routes and the web's forms.
 */
const msg = (key: string) => ({ error: `i18n:${key}` });

export const zYear = z.coerce.number().int().min(2000).max(2100);
/** Tenths of an hour at most (学时 are reported to one decimal). */
const tenths = (v: number) => Math.abs(Math.round(v * 10) - v * 10) < 1e-9;
export const zHours = z.number().min(0.5).max(24).refine(tenths, msg('hours_precision')).describe('学时（0.5—24，最多一位小数）');
const zScore = z.number().min(0).max(1000).refine(tenths, msg('score_precision'));
/** Laws, regulations or documents covered: free text tags (a pick from COMMON_LAWS or anything else). */
export const zLaws = z
  .array(zRequiredText(100))
  .max(20)
  .transform((xs) => [...new Set(xs)]);

// ——— plans ———

export const ZPlanItemInput = z.object({
  id: zId.optional().describe('已有条目；不填为新增'),
  title: zRequiredText(200).describe('学习内容：法律法规或文件名称'),
  month: zMonth.optional(),
  notes: zText(500).optional(),
});
export const ZPlanCreate = z.object({
  orgId: zId.describe('乡镇（或县）'),
  year: zYear,
  kind: z.enum(PLAN_KINDS),
  title: zRequiredText(200),
  notes: zText(2000).optional(),
  items: z.array(ZPlanItemInput).max(100).default([]),
});
export type TPlanCreate = z.infer<typeof ZPlanCreate>;
export const ZPlanUpdate = z.object({
  title: zRequiredText(200).optional(),
  notes: zText(2000).optional(),
  /** The whole list: items with an id are updated, new ones added, missing ones removed (unless a session names them). */
  items: z.array(ZPlanItemInput).max(100).optional(),
});
export type TPlanUpdate = z.infer<typeof ZPlanUpdate>;
export const ZPlanQuery = z.object({ year: zYear.optional(), orgId: zId.optional(), kind: z.enum(PLAN_KINDS).optional() });
export type TPlanQuery = z.infer<typeof ZPlanQuery>;

export const ZPlanItemView = z.object({
  id: z.string(),
  title: z.string(),
  month: z.string().nullable(),
  notes: z.string().nullable(),
  sessions: z.array(z.object({ id: z.string(), heldOn: z.string(), topic: z.string() })),
});
export const ZPlanView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  year: z.number().int(),
  kind: z.enum(PLAN_KINDS),
  title: z.string(),
  notes: z.string().nullable(),
  items: z.array(ZPlanItemView),
  itemsDone: z.number().int(),
});
export type TPlanView = z.infer<typeof ZPlanView>;

// ——— sessions ———

const sessionFields = {
  kind: z.enum(SESSION_KINDS),
  heldOn: zDate,
  hours: zHours,
  topic: zRequiredText(200),
  laws: zLaws.default([]),
  hostStaffId: zId.nullable().optional().describe('主持人（工作人员名册）'),
  speaker: zText(100).optional().describe('主讲人'),
  place: zText(100).optional(),
  notes: zText(2000).optional(),
  planItemId: zId.nullable().optional().describe('对应的学习计划条目'),
  headcount: z.number().int().min(0).max(100_000).optional().describe('名册外参加人数（如法律明白人、群众）'),
};
export const ZSessionCreate = z.object({ orgId: zId.describe('乡镇（或县）'), ...sessionFields });
export type TSessionCreate = z.infer<typeof ZSessionCreate>;
export const ZSessionUpdate = z.object({
  kind: sessionFields.kind.optional(),
  heldOn: zDate.optional(),
  hours: zHours.optional(),
  topic: zRequiredText(200).optional(),
  laws: zLaws.optional(),
  hostStaffId: sessionFields.hostStaffId,
  speaker: sessionFields.speaker,
  place: sessionFields.place,
  notes: sessionFields.notes,
  planItemId: sessionFields.planItemId,
  headcount: sessionFields.headcount,
});
export type TSessionUpdate = z.infer<typeof ZSessionUpdate>;

export const ZSessionQuery = zPage.extend({
  year: zYear.optional(),
  kind: z.enum(SESSION_KINDS).optional(),
  orgId: zId.optional().describe('该组织及其下级'),
  law: zText(100).optional().describe('学习内容包含'),
  hostStaffId: zId.optional(),
  staffId: zId.optional().describe('该工作人员出席的'),
  held: zBool.optional().describe('1：已举行；0：计划中'),
  tested: zBool.optional().describe('1：组织了学法考试'),
});
export type TSessionQuery = z.infer<typeof ZSessionQuery>;

const ZTestSummary = z.object({ title: z.string(), passMark: z.number(), total: z.number(), sat: z.number().int(), passed: z.number().int(), passRate: z.number().nullable() });

export const ZSessionListItem = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  kind: z.enum(SESSION_KINDS),
  heldOn: z.string(),
  hours: z.number(),
  topic: z.string(),
  laws: z.array(z.string()),
  hostStaffId: z.string().nullable(),
  hostName: z.string().nullable(),
  speaker: z.string().nullable(),
  /** held_on is today or earlier */
  held: z.boolean(),
  present: z.number().int(),
  recorded: z.number().int(),
  headcount: z.number().int(),
});
export type TSessionListItem = z.infer<typeof ZSessionListItem>;
export const ZSessionList = z.object({ items: z.array(ZSessionListItem), total: z.number().int() });

export const ZAttendanceRow = z.object({
  staffId: z.string(),
  name: z.string(),
  post: z.string(),
  category: z.enum(STAFF_CATEGORIES),
  status: z.enum(ATTENDANCE_STATUSES),
  hours: z.number(),
});
export const ZScoreRow = z.object({ staffId: z.string(), name: z.string(), score: z.number(), passed: z.boolean() });
export const ZStudyAttachment = z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number(), sm3: z.string(), createdAt: z.string() });
export const ZSessionDetail = ZSessionListItem.extend({
  place: z.string().nullable(),
  notes: z.string().nullable(),
  planItemId: z.string().nullable(),
  planItemTitle: z.string().nullable(),
  attendance: z.array(ZAttendanceRow),
  test: ZTestSummary.extend({ scores: z.array(ZScoreRow) }).nullable(),
  attachments: z.array(ZStudyAttachment),
  understanders: z.array(z.object({ understanderId: z.string(), name: z.string(), orgName: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TSessionDetail = z.infer<typeof ZSessionDetail>;

export const ZAttendanceInput = z.object({
  items: z.array(z.object({ staffId: zId, status: z.enum(ATTENDANCE_STATUSES) })).max(500),
});
export type TAttendanceInput = z.infer<typeof ZAttendanceInput>;

export const ZTestInput = z
  .object({
    title: zRequiredText(200),
    passMark: zScore,
    total: zScore.refine((v) => v > 0, msg('required')),
  })
  .refine((v) => v.passMark <= v.total, { path: ['passMark'], ...msg('pass_mark_exceeds_total') });
export type TTestInput = z.infer<typeof ZTestInput>;
export const ZScoresInput = z.object({ items: z.array(z.object({ staffId: zId, score: zScore })).max(500) });
export type TScoresInput = z.infer<typeof ZScoresInput>;

export const ZUnderstanderCredit = z.object({ understanderIds: z.array(zId).min(1).max(200) });
export type TUnderstanderCredit = z.infer<typeof ZUnderstanderCredit>;

// ——— people, hours, requirements ———

export const ZStaffOption = z.object({ id: z.string(), orgId: z.string(), orgName: z.string(), name: z.string(), post: z.string(), category: z.enum(STAFF_CATEGORIES), active: z.boolean() });
export const ZStaffQuery = z.object({ orgId: zId });

export const ZHoursQuery = z.object({
  year: zYear.optional(),
  orgId: zId.optional(),
  category: z.enum(STAFF_CATEGORIES).optional(),
  belowTarget: zBool.optional(),
  neverHosted: zBool.optional().describe('本年度未主持过中心组学习或专题学法的领导班子成员'),
});
export type THoursQuery = z.infer<typeof ZHoursQuery>;
export const ZHoursRow = z.object({
  staffId: z.string(),
  name: z.string(),
  post: z.string(),
  category: z.enum(STAFF_CATEGORIES),
  orgId: z.string(),
  orgName: z.string(),
  hours: z.number(),
  sessions: z.number().int(),
  target: z.number(),
  below: z.boolean(),
  hosted: z.number().int(),
});
export type THoursRow = z.infer<typeof ZHoursRow>;
export const ZHours = z.object({
  year: z.number().int(),
  items: z.array(ZHoursRow),
  totals: z.object({ people: z.number().int(), below: z.number().int(), hours: z.number(), avgHours: z.number() }),
});
export type THours = z.infer<typeof ZHours>;

export const ZRequirementsQuery = z.object({ orgId: zId, year: zYear.optional() });
const zMinHours = z.number().min(0).max(500).refine(tenths, msg('hours_precision'));
export const ZRequirementsInput = z.object({
  orgId: zId.describe('乡镇（或县）'),
  year: zYear,
  items: z
    .array(z.object({ category: z.enum(STAFF_CATEGORIES), minHours: zMinHours }))
    .min(1)
    .max(STAFF_CATEGORIES.length),
});
export type TRequirementsInput = z.infer<typeof ZRequirementsInput>;
export const ZRequirements = z.object({
  orgId: z.string(),
  year: z.number().int(),
  items: z.array(z.object({ category: z.enum(STAFF_CATEGORIES), minHours: z.number(), isDefault: z.boolean() })),
});
export type TRequirements = z.infer<typeof ZRequirements>;

export const ZHostSuggestionQuery = z.object({ orgId: zId });
const ZHostCandidate = z.object({ staffId: z.string(), name: z.string(), post: z.string(), lastHostedOn: z.string().nullable(), hosted: z.number().int() });
export const ZHostSuggestion = z.object({ suggested: ZHostCandidate.nullable(), leaders: z.array(ZHostCandidate) });
export type THostSuggestion = z.infer<typeof ZHostSuggestion>;

export const ZNextSession = z.object({ id: z.string(), date: z.string(), kind: z.enum(SESSION_KINDS), topic: z.string(), hostName: z.string().nullable() }).nullable();

// ——— statistics ———

export const ZStudyStatsQuery = z.object({ from: zDate.optional(), to: zDate.optional(), orgId: zId.optional() });
export const ZStudyYearQuery = z.object({ year: zYear.optional(), orgId: zId.optional() });
export const ZStudyStats = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  sessions: z.number().int(),
  hours: z.number(),
  personHours: z.number(),
  attendances: z.number().int(),
  byKind: z.array(z.object({ key: z.enum(SESSION_KINDS), label: z.string(), count: z.number().int(), hours: z.number() })),
  byMonth: z.array(z.object({ month: z.string(), count: z.number().int() })),
  tests: z.object({ papers: z.number().int(), sat: z.number().int(), passed: z.number().int(), passRate: z.number().nullable() }),
  people: z.object({ count: z.number().int(), below: z.number().int(), avgHours: z.number() }),
  leadersNeverHosted: z.number().int(),
});
export type TStudyStats = z.infer<typeof ZStudyStats>;
