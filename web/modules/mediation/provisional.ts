// PROVISIONAL: stands in for common/schemas/mediation.ts and common/mediation-enums.ts until they land. Delete then.
import { z } from 'zod';
import { ZPersonInput } from '../../../common/schemas/people.ts';
import { zDate, zId, zPage, zRequiredText, zText } from '../../../common/validation.ts';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;
export const DISPUTE_TYPES = ['marriage_family', 'neighbour', 'land_contract', 'homestead', 'forest', 'damages', 'contract', 'labour', 'other'] as const;
export const DISPUTE_TYPE_LABELS: Labels<(typeof DISPUTE_TYPES)[number]> = {
  marriage_family: { zh: '婚姻家庭', en: 'Marriage and family' },
  neighbour: { zh: '邻里', en: 'Neighbours' },
  land_contract: { zh: '土地承包', en: 'Land contract' },
  homestead: { zh: '宅基地', en: 'Homestead' },
  forest: { zh: '山林', en: 'Forest' },
  damages: { zh: '损害赔偿', en: 'Damages' },
  contract: { zh: '合同', en: 'Contract' },
  labour: { zh: '劳动', en: 'Labour' },
  other: { zh: '其他', en: 'Other' },
};
export const DISPUTE_SOURCES = ['party_application', 'screening', 'department_referral', 'grid_report'] as const;
export const DISPUTE_SOURCE_LABELS: Labels<(typeof DISPUTE_SOURCES)[number]> = {
  party_application: { zh: '当事人申请', en: 'Party application' },
  screening: { zh: '排查发现', en: 'Screening' },
  department_referral: { zh: '部门移送', en: 'Department referral' },
  grid_report: { zh: '网格员上报', en: 'Grid worker report' },
};
export const DISPUTE_STATUSES = ['registered', 'mediating', 'closed'] as const;
export const DISPUTE_STATUS_LABELS: Labels<(typeof DISPUTE_STATUSES)[number]> = {
  registered: { zh: '已登记', en: 'Registered' },
  mediating: { zh: '调解中', en: 'Mediating' },
  closed: { zh: '已结案', en: 'Closed' },
};
export const OUTCOMES = ['success', 'failure', 'terminated'] as const;
export const OUTCOME_LABELS: Labels<(typeof OUTCOMES)[number]> = {
  success: { zh: '调解成功', en: 'Settled' },
  failure: { zh: '调解不成功', en: 'Failed' },
  terminated: { zh: '终止调解', en: 'Terminated' },
};
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const RISK_LABELS: Labels<(typeof RISK_LEVELS)[number]> = {
  low: { zh: '低', en: 'Low' },
  medium: { zh: '中', en: 'Medium' },
  high: { zh: '高', en: 'High' },
};
export const PARTY_ROLES = ['applicant', 'respondent', 'other'] as const;
export const PARTY_ROLE_LABELS: Labels<(typeof PARTY_ROLES)[number]> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  respondent: { zh: '被申请人', en: 'Respondent' },
  other: { zh: '其他当事人', en: 'Other party' },
};
export const REFERRAL_TARGETS = ['litigation', 'petition', 'police'] as const;
export const REFERRAL_TARGET_LABELS: Labels<(typeof REFERRAL_TARGETS)[number]> = {
  litigation: { zh: '诉讼', en: 'Litigation' },
  petition: { zh: '信访', en: 'Petition' },
  police: { zh: '公安调解', en: 'Police mediation' },
};
export const PERFORMANCES = ['performed', 'partial', 'not_performed'] as const;
export const PERFORMANCE_LABELS: Labels<(typeof PERFORMANCES)[number]> = {
  performed: { zh: '已履行', en: 'Performed' },
  partial: { zh: '部分履行', en: 'Partly performed' },
  not_performed: { zh: '未履行', en: 'Not performed' },
};
export const DISPUTE_ACTIONS = ['edit', 'assign', 'add_session', 'record_agreement', 'judicial_confirmation', 'schedule_follow_up', 'record_follow_up', 'refer', 'close'] as const;

export const DISPUTE_SORTS = ['received_desc', 'received_asc', 'case_no', 'amount_desc'] as const;
export const ZDisputeQuery = zPage.extend({
  q: zText(50).optional(),
  orgId: zId.optional(),
  committeeId: zId.optional(),
  villageId: zId.optional(),
  type: z.enum(DISPUTE_TYPES).optional(),
  source: z.enum(DISPUTE_SOURCES).optional(),
  status: z.enum(['registered', 'mediating', 'closed', 'open']).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  risk: z.enum(RISK_LEVELS).optional(),
  year: z.coerce.number().int().optional(),
  receivedFrom: zDate.optional(),
  receivedTo: zDate.optional(),
  followUp: z.enum(['overdue', 'due']).optional(),
  sort: z.enum(DISPUTE_SORTS).optional(),
});
export const ZDisputeListItem = z.object({
  id: z.string(),
  orgId: z.string(),
  caseNo: z.string(),
  title: z.string(),
  type: z.enum(DISPUTE_TYPES),
  source: z.enum(DISPUTE_SOURCES),
  status: z.enum(DISPUTE_STATUSES),
  outcome: z.enum(OUTCOMES).nullable(),
  riskLevel: z.enum(RISK_LEVELS),
  receivedOn: z.string(),
  closedOn: z.string().nullable(),
  committeeName: z.string(),
  villageName: z.string().nullable(),
  partyNames: z.array(z.string()),
  amountFen: z.number(),
});
export const ZDisputeParty = z.object({
  id: z.string(),
  kind: z.enum(['person', 'organisation']),
  role: z.enum(PARTY_ROLES),
  person: z.object({ id: z.string(), name: z.string(), gender: z.string().nullable(), idCardMasked: z.string(), phoneMasked: z.string() }).nullable(),
  organisationName: z.string().nullable(),
});
export const ZTimelineEvent = z.object({ at: z.string(), kind: z.string(), title: z.string(), detail: z.string().nullable(), files: z.array(z.object({ id: z.string(), name: z.string() })).optional() });
export const ZDisputeDetail = ZDisputeListItem.extend({
  summary: z.string(),
  peopleCount: z.number(),
  committeeId: z.string(),
  villageId: z.string().nullable(),
  outcomeReason: z.string().nullable(),
  parties: z.array(ZDisputeParty),
  mediators: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(['lead', 'assist']) })),
  agreement: z.object({ id: z.string(), form: z.enum(['written', 'oral']), effectiveOn: z.string() }).nullable(),
  timeline: z.array(ZTimelineEvent),
  actions: z.array(z.enum(DISPUTE_ACTIONS)),
  version: z.number(),
});
export type TDisputeDetail = z.infer<typeof ZDisputeDetail>;
export const ZPartyInput = z.object({
  kind: z.enum(['person', 'organisation']).default('person'),
  role: z.enum(PARTY_ROLES),
  person: ZPersonInput.optional(),
  organisationName: zText(100).optional(),
  organisationCode: zText(30).optional(),
});
export const ZDisputeCreate = z.object({
  committeeId: zId,
  title: zRequiredText(100),
  type: z.enum(DISPUTE_TYPES),
  source: z.enum(DISPUTE_SOURCES),
  summary: zRequiredText(4000),
  villageId: zId.optional(),
  amountFen: z.number().int().min(0).default(0),
  peopleCount: z.number().int().min(1).default(2),
  riskLevel: z.enum(RISK_LEVELS).default('low'),
  receivedOn: zDate,
  parties: z.array(ZPartyInput).min(2),
  mediatorIds: z.array(zId).min(1),
});
export const ZSessionInput = z.object({ heldOn: zDate, place: zText(100).optional(), notes: zRequiredText(4000) });
export const ZAgreementInput = z.object({
  form: z.enum(['written', 'oral']),
  facts: zText(4000),
  issues: zText(4000),
  responsibilities: zText(4000),
  terms: zRequiredText(4000),
  performanceMethod: zText(1000),
  performanceDeadline: zDate.optional(),
  effectiveOn: zDate,
});
export const ZConfirmationInput = z.object({ appliedOn: zDate, court: zRequiredText(100), result: z.enum(['pending', 'confirmed', 'rejected']).default('pending'), decidedOn: zDate.optional(), notes: zText(1000).optional() });
export const ZFollowUpSchedule = z.object({ dueOn: zDate });
export const ZFollowUpRecord = z.object({ doneOn: zDate, method: zText(50).optional(), performance: z.enum(PERFORMANCES), notes: zText(1000).optional() });
export const ZReferralInput = z.object({ target: z.enum(REFERRAL_TARGETS), referredOn: zDate, receiver: zRequiredText(100), notes: zText(1000).optional() });
export const ZCloseInput = z.object({ outcome: z.enum(OUTCOMES), outcomeReason: zText(1000).optional(), closedOn: zDate });
