import { z } from 'zod';
import {
  AGREEMENT_FORMS,
  ASSIGNMENT_ROLES,
  CONFIRMATION_RESULTS,
  DISPUTE_ACTIONS,
  DISPUTE_SORTS,
  DISPUTE_SOURCES,
  DISPUTE_STATUSES,
  DISPUTE_TYPES,
  DUE_STATES,
  FOLLOW_UP_FILTERS,
  OUTCOMES,
  PARTY_KINDS,
  PARTY_ROLES,
  PERFORMANCES,
  REFERRAL_TARGETS,
  RISK_LEVELS,
} from '../mediation-enums.ts';
import { zDate, zId, zPage, zRequiredText, zText, zBool } from '../validation.ts';
import { ZPersonInput } from './people.ts';

/**
 * The dispute core of the mediation module (人民调解): intake, sessions, agreement, judicial
 * confirmation, follow-up visits, referral and outcome. The same schemas validate the server's input
 * and the web's forms; messages with `i18n:` keys are resolved per language (common/errors.ts).
 */
const issue = (key: string) => `i18n:${key}`;

// ——— 统一社会信用代码 (GB 32100-2015) ———
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 18 characters from the 31-character set (no I, O, S, V, Z) and the MOD 31 check character. */
export function isValidUscc(value: string): boolean {
  const v = value.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(v[i]) * USCC_WEIGHTS[i];
  const c = 31 - (sum % 31);
  return USCC_CHARS[c === 31 ? 0 : c] === v[17];
}

export const zUscc = z
  .string()
  .trim()
  .refine(isValidUscc, { error: issue('uscc_invalid') })
  .transform((v) => v.toUpperCase())
  .describe('统一社会信用代码 (GB 32100-2015)');

/** Money is entered in yuan (at most two decimals) and stored in fen. */
export const zYuan = z
  .number()
  .min(0)
  .max(10_000_000_000)
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { error: issue('amount_invalid') })
  .describe('金额（元，最多两位小数）');

export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}
export function fenToYuan(fen: number): number {
  return Math.round(fen) / 100;
}

// ——— intake ———

const ZPersonParty = z.object({
  kind: z.literal('person'),
  role: z.enum(PARTY_ROLES),
  /** Name, gender, ID-card (GB 11643 check), phone, address: encrypted at rest by the people service. */
  person: ZPersonInput,
});
const ZOrganisationParty = z.object({
  kind: z.literal('organisation'),
  role: z.enum(PARTY_ROLES),
  name: zRequiredText(100).describe('单位名称'),
  creditCode: zUscc.optional(),
});
export const ZPartyInput = z.discriminatedUnion('kind', [ZPersonParty, ZOrganisationParty]);
export type TPartyInput = z.infer<typeof ZPartyInput>;

/**
 * Adding or correcting one party of an open case: the intake's party fields plus the `version` the
 * caller read (a stale one answers 409). On a correction, an ID card, phone or address left out keeps
 * the value on record (the form only ever shows them masked); the kind of a party cannot change.
 */
const zVersion = z.number().int().min(1);
export const ZPartyWrite = z.discriminatedUnion('kind', [ZPersonParty.extend({ version: zVersion }), ZOrganisationParty.extend({ version: zVersion })]);
export type TPartyWrite = z.infer<typeof ZPartyWrite>;

export const ZAssignmentInput = z.object({ mediatorId: zId, role: z.enum(ASSIGNMENT_ROLES) });
export type TAssignmentInput = z.infer<typeof ZAssignmentInput>;

/** 人民调解法 art. 19: one or more mediators; one of them leads (主调). */
const zAssignments = z
  .array(ZAssignmentInput)
  .max(9)
  .refine((a) => a.length === 0 || a.filter((x) => x.role === 'lead').length === 1, { error: issue('lead_count') })
  .refine((a) => new Set(a.map((x) => x.mediatorId)).size === a.length, { error: issue('duplicate') });

export const ZDisputeCreate = z.object({
  committeeId: zId.describe('受理的人民调解委员会'),
  title: zRequiredText(100),
  source: z.enum(DISPUTE_SOURCES),
  type: z.enum(DISPUTE_TYPES),
  summary: zRequiredText(4000).describe('纠纷简要情况'),
  villageId: zId.optional().describe('纠纷发生地（村）'),
  amount: zYuan.default(0).describe('涉及金额（元）'),
  peopleCount: z.number().int().min(1).max(100_000).default(2).describe('涉及人数'),
  riskLevel: z.enum(RISK_LEVELS).default('low'),
  receivedOn: zDate.describe('受理日期'),
  /** A dispute has at least two sides. */
  parties: z.array(ZPartyInput).min(2).max(50),
  assignments: zAssignments.default([]),
});
export type TDisputeCreate = z.infer<typeof ZDisputeCreate>;

/** Editable fields; `version` is the one the caller read (optimistic concurrency: a stale one answers 409). */
export const ZDisputeUpdate = z.object({
  version: z.number().int().min(1),
  title: zRequiredText(100).optional(),
  source: z.enum(DISPUTE_SOURCES).optional(),
  type: z.enum(DISPUTE_TYPES).optional(),
  summary: zRequiredText(4000).optional(),
  villageId: zId.nullable().optional(),
  amount: zYuan.optional(),
  peopleCount: z.number().int().min(1).max(100_000).optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  receivedOn: zDate.optional(),
});
export type TDisputeUpdate = z.infer<typeof ZDisputeUpdate>;

// ——— list ———


export const ZDisputeQuery = zPage.extend({
  q: zText(50).optional().describe('案号、标题、简要情况或当事人姓名'),
  /** 'open' = not closed (registered or mediating). */
  status: z.enum([...DISPUTE_STATUSES, 'open']).optional(),
  type: z.enum(DISPUTE_TYPES).optional(),
  source: z.enum(DISPUTE_SOURCES).optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  committeeId: zId.optional(),
  /** Narrows to this org's subtree; it must lie within the caller's scope. */
  orgId: zId.optional(),
  villageId: zId.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  receivedFrom: zDate.optional(),
  receivedTo: zDate.optional(),
  followUp: z.enum(FOLLOW_UP_FILTERS).optional(),
  /** Only cases assigned to the caller. */
  mine: zBool.optional(),
  sort: z.enum(DISPUTE_SORTS).default('receivedOn'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type TDisputeQuery = z.infer<typeof ZDisputeQuery>;

const zDueState = z.enum(DUE_STATES);

export const ZDisputeListItem = z.object({
  id: z.string(),
  orgId: z.string(),
  committeeId: z.string(),
  committeeName: z.string(),
  caseNo: z.string(),
  title: z.string(),
  type: z.enum(DISPUTE_TYPES),
  source: z.enum(DISPUTE_SOURCES),
  status: z.enum(DISPUTE_STATUSES),
  outcome: z.enum(OUTCOMES).nullable(),
  riskLevel: z.enum(RISK_LEVELS),
  receivedOn: z.string(),
  closedOn: z.string().nullable(),
  villageId: z.string().nullable(),
  villageName: z.string().nullable(),
  partyNames: z.array(z.string()),
  amountFen: z.number().int(),
  amount: z.number(),
  peopleCount: z.number().int(),
  updatedAt: z.string(),
  /** The earliest follow-up visit not yet done, with its calendar state. */
  nextFollowUp: z.object({ dueOn: z.string(), state: zDueState }).nullable(),
});
export type TDisputeListItem = z.infer<typeof ZDisputeListItem>;
export const ZDisputeList = z.object({ items: z.array(ZDisputeListItem), total: z.number().int() });

// ——— detail ———

export const ZAttachment = z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number(), sm3: z.string(), createdAt: z.string() });
export type TAttachment = z.infer<typeof ZAttachment>;

export const ZDisputePartyView = z.object({
  id: z.string(),
  kind: z.enum(PARTY_KINDS),
  role: z.enum(PARTY_ROLES),
  /** Masked identifiers only (security-requirements S9); the clear values are the people service's audited unmasking. */
  person: z.object({ id: z.string(), name: z.string(), gender: z.string().nullable(), idCardMasked: z.string(), phoneMasked: z.string() }).nullable(),
  organisationName: z.string().nullable(),
  organisationCode: z.string().nullable(),
  name: z.string(),
});

export const ZAssignmentView = z.object({ id: z.string(), mediatorId: z.string(), name: z.string(), role: z.enum(ASSIGNMENT_ROLES), userId: z.string().nullable() });

export const ZSessionView = z.object({
  id: z.string(),
  heldOn: z.string(),
  place: z.string().nullable(),
  notes: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  attachments: z.array(ZAttachment),
});

export const ZAgreementView = z.object({
  id: z.string(),
  form: z.enum(AGREEMENT_FORMS),
  facts: z.string(),
  issues: z.string(),
  responsibilities: z.string(),
  terms: z.string(),
  performanceMethod: z.string(),
  performanceDeadline: z.string().nullable(),
  effectiveOn: z.string(),
  /** 人民调解法 art. 33: the last day to apply jointly for judicial confirmation (民法典 art. 201, 203). */
  confirmationDeadline: z.string(),
  /** open / due_soon / overdue until an application is recorded, then done. */
  confirmationState: zDueState,
});

export const ZConfirmationView = z.object({
  id: z.string(),
  appliedOn: z.string(),
  court: z.string(),
  result: z.enum(CONFIRMATION_RESULTS),
  decidedOn: z.string().nullable(),
  notes: z.string().nullable(),
  /** Applied after the art. 33 deadline. */
  late: z.boolean(),
});

export const ZFollowUpView = z.object({
  id: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  method: z.string().nullable(),
  performance: z.enum(PERFORMANCES).nullable(),
  notes: z.string().nullable(),
  state: zDueState,
});

export const ZReferralView = z.object({
  id: z.string(),
  target: z.enum(REFERRAL_TARGETS),
  referredOn: z.string(),
  receiver: z.string(),
  notes: z.string().nullable(),
  createdAt: z.string(),
});

export const TIMELINE_KINDS = [
  'registered',
  'assigned',
  'started',
  'session',
  'attachment',
  'agreement',
  'agreement_withdrawn',
  'confirmation',
  'follow_up_scheduled',
  'follow_up_done',
  'referral',
  'closed',
  'edited',
  'exported',
] as const;
export const ZTimelineEvent = z.object({
  /** Sort key: the business date (YYYY-MM-DD) when there is one, else the time recorded. */
  date: z.string(),
  at: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  title: z.string(),
  detail: z.string().nullable(),
  actor: z.string().nullable(),
  refId: z.string().nullable(),
  files: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});
export type TTimelineEvent = z.infer<typeof ZTimelineEvent>;

export const ZDisputeDetail = ZDisputeListItem.extend({
  orgName: z.string(),
  caseYear: z.number().int(),
  caseSeq: z.number().int(),
  summary: z.string(),
  outcomeReason: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  parties: z.array(ZDisputePartyView),
  mediators: z.array(ZAssignmentView),
  sessions: z.array(ZSessionView),
  attachments: z.array(ZAttachment),
  agreement: ZAgreementView.nullable(),
  judicialConfirmation: ZConfirmationView.nullable(),
  followUps: z.array(ZFollowUpView),
  referrals: z.array(ZReferralView),
  timeline: z.array(ZTimelineEvent),
  actions: z.array(z.enum(DISPUTE_ACTIONS)),
});
export type TDisputeDetail = z.infer<typeof ZDisputeDetail>;

// ——— actions ———

export const ZSessionInput = z.object({
  heldOn: zDate,
  place: zText(100).optional(),
  /** 人民调解法 art. 27: the mediator records the mediation. */
  notes: zRequiredText(4000),
});
export type TSessionInput = z.infer<typeof ZSessionInput>;

export const ZAssignmentsInput = z.object({ assignments: zAssignments, version: z.number().int().min(1).optional() });
export type TAssignmentsInput = z.infer<typeof ZAssignmentsInput>;

/**
 * 人民调解法 art. 28–30. A written agreement (协议书) states the parties' particulars (from the case),
 * the main facts, the issues and each party's responsibility, the agreed terms, and how and by when
 * they are performed (art. 29). An oral agreement is recorded by the mediator: its content (art. 28).
 */
export const ZAgreementInput = z
  .object({
    form: z.enum(AGREEMENT_FORMS),
    facts: zText(4000).default(''),
    issues: zText(4000).default(''),
    responsibilities: zText(4000).default(''),
    terms: zRequiredText(4000),
    performanceMethod: zText(1000).default(''),
    performanceDeadline: zDate.optional(),
    /** Written: the day the last of the parties signed and the committee sealed (art. 29); oral: the day it was reached (art. 30). */
    effectiveOn: zDate,
  })
  .superRefine((a, ctx) => {
    if (a.form === 'written') {
      for (const f of ['facts', 'issues', 'responsibilities', 'performanceMethod'] as const) {
        if (!a[f]) ctx.addIssue({ code: 'custom', path: [f], message: issue('required') });
      }
      if (!a.performanceDeadline) ctx.addIssue({ code: 'custom', path: ['performanceDeadline'], message: issue('required') });
    }
    if (a.performanceDeadline && a.performanceDeadline < a.effectiveOn) ctx.addIssue({ code: 'custom', path: ['performanceDeadline'], message: issue('date_order') });
  });
export type TAgreementInput = z.infer<typeof ZAgreementInput>;

/** 人民调解法 art. 33: the joint application to the court and, later, its decision. */
export const ZConfirmationInput = z
  .object({
    appliedOn: zDate,
    court: zRequiredText(100),
    result: z.enum(CONFIRMATION_RESULTS).default('pending'),
    decidedOn: zDate.optional(),
    notes: zText(1000).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.result !== 'pending' && !c.decidedOn) ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: issue('required') });
    if (c.decidedOn && c.decidedOn < c.appliedOn) ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: issue('date_order') });
  });
export type TConfirmationInput = z.infer<typeof ZConfirmationInput>;

/** Without `dueOn` the server proposes one: the configured days after the performance deadline (or the effective day). */
export const ZFollowUpSchedule = z.object({ dueOn: zDate.optional(), notes: zText(1000).optional() });
export type TFollowUpSchedule = z.infer<typeof ZFollowUpSchedule>;

export const ZFollowUpRecord = z.object({
  doneOn: zDate,
  method: zRequiredText(50),
  performance: z.enum(PERFORMANCES),
  notes: zText(1000).optional(),
});
export type TFollowUpRecord = z.infer<typeof ZFollowUpRecord>;

/** 人民调解法 art. 26 (tell the parties of the other ways), art. 25 (report to the police). */
export const ZReferralInput = z
  .object({
    target: z.enum(REFERRAL_TARGETS),
    referredOn: zDate,
    receiver: zRequiredText(100).describe('接收单位'),
    notes: zText(1000).optional(),
    /** Also close the case as 终止调解, with the reason. */
    closeCase: z.boolean().default(false),
    reason: zText(1000).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.closeCase && !r.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: issue('reason_required') });
  });
export type TReferralInput = z.infer<typeof ZReferralInput>;

export const ZCloseInput = z
  .object({
    outcome: z.enum(OUTCOMES),
    /** 人民调解法 art. 26: why mediation failed or ended; required unless it succeeded. */
    reason: zText(1000).optional(),
    closedOn: zDate,
    version: z.number().int().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.outcome !== 'success' && !c.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: issue('reason_required') });
  });
export type TCloseInput = z.infer<typeof ZCloseInput>;

export const ZCreated = z.object({ id: z.string() });
