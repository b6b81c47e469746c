import { z } from 'zod';
import { zDate, zId, zMonth, zPage, zRequiredText, zText, zBool } from '../validation.ts';
import { FOLLOW_UP_DAYS_DEFAULT } from '../mediation-enums.ts';
import { ZPersonInput } from './people.ts';

/**
 * The mediation module's organisation side: committees and mediators (人民调解法 art. 8–9),
 * monthly screenings (矛盾纠纷排查), the 法律明白人 registry, and the module's statistics, findings
 * and report figures. Codes are stored; labels are shown.
 */
type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const COMMITTEE_KINDS = ['village', 'township'] as const;
export type CommitteeKind = (typeof COMMITTEE_KINDS)[number];
export const COMMITTEE_KIND_LABELS: Labels<CommitteeKind> = {
  village: { zh: '村（居）人民调解委员会', en: 'Village mediation committee' },
  township: { zh: '乡镇人民调解委员会', en: 'Township mediation committee' },
};

export const MEDIATOR_TITLES = ['chair', 'vice_chair', 'member', 'mediator'] as const;
export type MediatorTitle = (typeof MEDIATOR_TITLES)[number];
export const MEDIATOR_TITLE_LABELS: Labels<MediatorTitle> = {
  chair: { zh: '主任', en: 'Chair' },
  vice_chair: { zh: '副主任', en: 'Vice chair' },
  member: { zh: '委员', en: 'Member' },
  mediator: { zh: '调解员', en: 'Mediator' },
};

/** 人民调解法 art. 9: a committee has 3 to 9 members and includes a woman. Shown as findings, not enforced. */
export const COMMITTEE_MIN_MEMBERS = 3;
export const COMMITTEE_MAX_MEMBERS = 9;

/** The pools 《乡村"法律明白人"培养工作规范（试行）》 names (ten categories). */
export const UNDERSTANDER_CATEGORIES = [
  'village_cadre',
  'women_federation',
  'child_director',
  'mediator',
  'auxiliary_police',
  'grid_worker',
  'group_leader',
  'party_member',
  'five_elders',
  'other',
] as const;
export type UnderstanderCategory = (typeof UNDERSTANDER_CATEGORIES)[number];
export const UNDERSTANDER_CATEGORY_LABELS: Labels<UnderstanderCategory> = {
  village_cadre: { zh: '村干部', en: 'Village cadre' },
  women_federation: { zh: '妇联执委', en: "Women's federation executive" },
  child_director: { zh: '儿童主任', en: "Children's director" },
  mediator: { zh: '人民调解员', en: 'People’s mediator' },
  auxiliary_police: { zh: '驻村辅警', en: 'Village auxiliary police' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  group_leader: { zh: '村民小组长', en: 'Villager group leader' },
  party_member: { zh: '党员', en: 'Party member' },
  five_elders: { zh: '五老', en: '"Five elders"' },
  other: { zh: '其他', en: 'Other' },
};

export const ACTIVITY_KINDS = ['publicity', 'guidance', 'mediation', 'governance', 'training'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_KIND_LABELS: Labels<ActivityKind> = {
  publicity: { zh: '宣传政策法规', en: 'Legal publicity' },
  guidance: { zh: '引导法律服务', en: 'Guidance to legal services' },
  mediation: { zh: '化解矛盾纠纷', en: 'Dispute resolution' },
  governance: { zh: '参与基层治理', en: 'Local governance' },
  training: { zh: '培训', en: 'Training' },
};

/** Settings key (per township or county org) for the 法律明白人 target per 行政村. */
export const UNDERSTANDER_TARGET_KEY = 'mediation.understanders_per_village';
/** 《乡村"法律明白人"培养工作规范（试行）》 (2021): at least 3 per 行政村 by 2025. */
export const UNDERSTANDER_TARGET_DEFAULT = 3;

const zCount = z.coerce.number().int().min(0).max(100_000);
const zYear = z.coerce.number().int().min(2000).max(2100);

// ——— committees and mediators ———

export const ZCommitteeCreate = z.object({
  orgId: zId.describe('村（社区）或乡镇'),
  name: zText(100).optional().describe('默认：组织名称 + 人民调解委员会'),
  casePrefix: zText(20).optional().describe('案号前缀，默认：组织名称 + 调'),
});
export type TCommitteeCreate = z.infer<typeof ZCommitteeCreate>;

export const ZCommitteeUpdate = z.object({
  name: zRequiredText(100).optional(),
  casePrefix: zRequiredText(20).optional(),
  active: z.boolean().optional(),
});
export type TCommitteeUpdate = z.infer<typeof ZCommitteeUpdate>;

export const ZCommitteeQuery = zPage.extend({
  orgId: zId.optional().describe('该组织及其下级'),
  active: zBool.optional(),
});
export type TCommitteeQuery = z.infer<typeof ZCommitteeQuery>;

export const ZMediatorPerson = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.string().nullable(),
  phoneMasked: z.string(),
});

export const ZMediatorView = z.object({
  id: z.string(),
  committeeId: z.string(),
  committeeName: z.string(),
  orgId: z.string(),
  person: ZMediatorPerson,
  title: z.enum(MEDIATOR_TITLES),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  isLegalUnderstander: z.boolean(),
  active: z.boolean(),
});
export type TMediatorView = z.infer<typeof ZMediatorView>;

export const ZCommitteeView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  kind: z.enum(COMMITTEE_KINDS),
  name: z.string(),
  casePrefix: z.string(),
  active: z.boolean(),
  memberCount: z.number().int(),
  womenCount: z.number().int(),
  /** 人民调解法 art. 9 checks, shown as warnings. */
  sizeOk: z.boolean(),
  hasWoman: z.boolean(),
});
export type TCommitteeView = z.infer<typeof ZCommitteeView>;

export const ZCommitteeDetail = ZCommitteeView.extend({ members: z.array(ZMediatorView) });

export const ZMediatorCreate = z.object({
  committeeId: zId,
  person: ZPersonInput,
  title: z.enum(MEDIATOR_TITLES),
  userId: zId.nullable().optional().describe('同时为平台用户时关联（分派案件即可查看）'),
  isLegalUnderstander: z.boolean().default(false),
});
export type TMediatorCreate = z.infer<typeof ZMediatorCreate>;

export const ZMediatorUpdate = z.object({
  title: z.enum(MEDIATOR_TITLES).optional(),
  userId: zId.nullable().optional(),
  isLegalUnderstander: z.boolean().optional(),
  active: z.boolean().optional(),
});
export type TMediatorUpdate = z.infer<typeof ZMediatorUpdate>;

export const ZMediatorQuery = zPage.extend({
  committeeId: zId.optional(),
  orgId: zId.optional(),
  active: zBool.optional(),
  q: zText(50).optional().describe('姓名'),
});
export type TMediatorQuery = z.infer<typeof ZMediatorQuery>;

// ——— screenings (矛盾纠纷排查) ———

export const ZScreeningInput = z.object({
  orgId: zId.describe('村（社区）'),
  period: zMonth,
  found: zCount.describe('排查发现'),
  resolved: zCount.describe('化解'),
  escalated: zCount.describe('上报'),
  zeroReport: z.boolean().optional().describe('零上报：各项为0'),
  notes: zText(1000).optional(),
});
export type TScreeningInput = z.infer<typeof ZScreeningInput>;

export const ZZeroReportInput = z.object({
  orgId: zId.optional().describe('默认：本人所在村'),
  period: zMonth.optional().describe('默认：本月'),
  notes: zText(1000).optional(),
});
export type TZeroReportInput = z.infer<typeof ZZeroReportInput>;

export const ZScreeningView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  period: z.string(),
  found: z.number().int(),
  resolved: z.number().int(),
  escalated: z.number().int(),
  zeroReport: z.boolean(),
  notes: z.string().nullable(),
  reportedBy: z.string().nullable(),
  updatedAt: z.string(),
});
export type TScreeningView = z.infer<typeof ZScreeningView>;

export const ZScreeningGridQuery = z.object({
  year: zYear.optional().describe('默认：今年'),
  orgId: zId.optional(),
});

export const SCREENING_CELL_STATES = ['reported', 'zero', 'missing', 'pending', 'future'] as const;
export const ZScreeningCell = z.object({
  period: z.string(),
  /** missing: a past month with no record · pending: the current month, not yet in · future */
  state: z.enum(SCREENING_CELL_STATES),
  id: z.string().nullable(),
  found: z.number().int(),
  resolved: z.number().int(),
  escalated: z.number().int(),
});
export const ZScreeningGrid = z.object({
  year: z.number().int(),
  currentPeriod: z.string(),
  months: z.array(z.string()),
  villages: z.array(
    z.object({
      orgId: z.string(),
      name: z.string(),
      townshipId: z.string().nullable(),
      townshipName: z.string().nullable(),
      cells: z.array(ZScreeningCell),
      missing: z.number().int(),
    }),
  ),
  totals: z.object({
    reported: z.number().int(),
    zero: z.number().int(),
    missing: z.number().int(),
    found: z.number().int(),
    resolved: z.number().int(),
    escalated: z.number().int(),
  }),
});
export type TScreeningGrid = z.infer<typeof ZScreeningGrid>;

export const ZScreeningListQuery = zPage.extend({
  year: zYear.optional(),
  period: zMonth.optional(),
  orgId: zId.optional(),
  zero: zBool.optional().describe('只看零上报'),
});
export type TScreeningListQuery = z.infer<typeof ZScreeningListQuery>;

// ——— 法律明白人 ———

export const ZUnderstanderCreate = z.object({
  orgId: zId.describe('村（社区）'),
  person: ZPersonInput,
  category: z.enum(UNDERSTANDER_CATEGORIES),
  appointedOn: zDate,
});
export type TUnderstanderCreate = z.infer<typeof ZUnderstanderCreate>;

export const ZUnderstanderUpdate = z.object({
  category: z.enum(UNDERSTANDER_CATEGORIES).optional(),
  appointedOn: zDate.optional(),
  active: z.boolean().optional(),
});
export type TUnderstanderUpdate = z.infer<typeof ZUnderstanderUpdate>;

export const ZUnderstanderQuery = zPage.extend({
  orgId: zId.optional(),
  year: zYear.optional().describe('统计培训学时和活动的年度，默认今年'),
  active: zBool.optional(),
  category: z.enum(UNDERSTANDER_CATEGORIES).optional(),
  appointedTo: zDate.optional().describe('选任日期不晚于'),
  q: zText(50).optional().describe('姓名'),
});
export type TUnderstanderQuery = z.infer<typeof ZUnderstanderQuery>;

export const ZUnderstanderView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  person: ZMediatorPerson,
  category: z.enum(UNDERSTANDER_CATEGORIES),
  appointedOn: z.string(),
  active: z.boolean(),
  year: z.number().int(),
  /** Sum of training hours in `year`. */
  trainingHours: z.number(),
  /** Activities in `year` by kind (training included). */
  activities: z.record(z.string(), z.number().int()),
});
export type TUnderstanderView = z.infer<typeof ZUnderstanderView>;

export const ZActivityInput = z.object({
  kind: z.enum(ACTIVITY_KINDS),
  heldOn: zDate,
  // Hours in half-hour steps at most as fine as 0.1 h: what a sign-in sheet records (and no float noise).
  hours: z.coerce
    .number()
    .min(0)
    .max(24)
    .refine((h) => Math.abs(Math.round(h * 10) - h * 10) < 1e-6, { error: 'i18n:hours_precision' })
    .transform((h) => Math.round(h * 10) / 10)
    .default(0),
  summary: zRequiredText(500),
});
export type TActivityInput = z.infer<typeof ZActivityInput>;

export const ZActivityView = z.object({
  id: z.string(),
  understanderId: z.string(),
  orgId: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  heldOn: z.string(),
  hours: z.number(),
  summary: z.string(),
});
export type TActivityView = z.infer<typeof ZActivityView>;

export const ZCoverageQuery = z.object({
  orgId: zId.optional(),
  asOf: zDate.optional().describe('只计聘任日期不晚于该日的在册人员（年度报告按年末统计）'),
});
export const ZCoverage = z.object({
  villages: z.array(
    z.object({
      orgId: z.string(),
      name: z.string(),
      townshipId: z.string().nullable(),
      townshipName: z.string().nullable(),
      count: z.number().int(),
      target: z.number().int(),
      met: z.boolean(),
    }),
  ),
  totals: z.object({ villages: z.number().int(), met: z.number().int(), understanders: z.number().int() }),
});
export type TCoverage = z.infer<typeof ZCoverage>;

export const ZTargetQuery = z.object({ orgId: zId });
export const ZTargetInput = z.object({
  orgId: zId.describe('乡镇（或县）'),
  target: z.coerce.number().int().min(1).max(50).describe('每个行政村法律明白人目标人数'),
});
export const ZTarget = z.object({ orgId: z.string(), target: z.number().int(), isDefault: z.boolean() });

// ——— module settings (per township or the county, inherited down the org tree) ———

/** 回访期限: days after the performance deadline (or the agreement's effective day) a follow-up falls due. */
export const FOLLOW_UP_DAYS_MIN = 1;
export const FOLLOW_UP_DAYS_MAX = 365;

export const ZMediationSettingsQuery = z.object({ orgId: zId.describe('乡镇、县，或其下级（显示生效值）') });
export const ZMediationSettingsInput = z.object({
  orgId: zId.describe('乡镇（或县）'),
  followUpDays: z.coerce
    .number()
    .int()
    .min(FOLLOW_UP_DAYS_MIN)
    .max(FOLLOW_UP_DAYS_MAX)
    .describe(`回访期限（天）：履行期限届满（或协议生效）后多少天回访，默认${FOLLOW_UP_DAYS_DEFAULT}天`),
});
export type TMediationSettingsInput = z.infer<typeof ZMediationSettingsInput>;
export const ZMediationSettings = z.object({
  orgId: z.string(),
  followUpDays: z.number().int(),
  /** own: set on this org · inherited: set on an ancestor (fromOrg) · default: nobody set it */
  followUpDaysSource: z.enum(['own', 'inherited', 'default']),
  fromOrgId: z.string().nullable(),
  fromOrgName: z.string().nullable(),
  defaultFollowUpDays: z.number().int(),
});
export type TMediationSettings = z.infer<typeof ZMediationSettings>;

// ——— statistics, findings, report section ———

export const ZStatsQuery = z.object({
  from: zDate.optional().describe('默认：今年1月1日'),
  to: zDate.optional().describe('默认：今天'),
  orgId: zId.optional(),
});
export const ZYearOrgQuery = z.object({ year: zYear.optional().describe('默认：今年'), orgId: zId.optional() });

const ZCountRow = z.object({ key: z.string(), label: z.string(), count: z.number().int() });
export const ZMediationStats = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  disputes: z.object({
    total: z.number().int(),
    open: z.number().int(),
    closed: z.number().int(),
    success: z.number().int(),
    failure: z.number().int(),
    terminated: z.number().int(),
    /** 调解成功率 in percent (one decimal) = success / closed, or null when nothing is closed. */
    successRate: z.number().nullable(),
    successRateDenominator: z.number().int(),
    amountFen: z.number(),
    successAmountFen: z.number(),
    people: z.number().int(),
    highRiskOpen: z.number().int(),
  }),
  byType: z.array(ZCountRow),
  byOutcome: z.array(ZCountRow),
  bySource: z.array(ZCountRow),
  byMonth: z.array(z.object({ month: z.string(), total: z.number().int(), success: z.number().int(), closed: z.number().int() })),
  screenings: z.object({
    villageMonths: z.number().int(),
    zeroReports: z.number().int(),
    missing: z.number().int(),
    found: z.number().int(),
    resolved: z.number().int(),
    escalated: z.number().int(),
  }),
  understanders: z.object({
    count: z.number().int(),
    villages: z.number().int(),
    villagesMet: z.number().int(),
    trainingHours: z.number(),
    activities: z.number().int(),
  }),
});
export type TMediationStats = z.infer<typeof ZMediationStats>;

export const ZFinding = z.object({
  code: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  orgId: z.string().nullable(),
  message: z.string(),
  href: z.string(),
  count: z.number().int().optional(),
});
export const ZFindings = z.object({ items: z.array(ZFinding) });

export const ZTracedFigure = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number(),
  href: z.string(),
  denominator: z.number().int().optional(),
});
export const ZReportSection = z.object({
  module: z.string(),
  title: z.string(),
  text: z.string(),
  figures: z.array(ZTracedFigure),
});
