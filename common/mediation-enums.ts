/**
 * Codes of the dispute core (人民调解): stored in the database, shown through their labels. Shared by
 * the server (validation, statistics, Excel) and the web (forms, tags). Codes never change once
 * released; labels may.
 */
export type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/** 人民调解法 art. 17 (a party applies, or the committee acts on its own), art. 18 (referred by a court or the police). */
export const DISPUTE_SOURCES = ['party_application', 'screening', 'department_referral', 'grid_report'] as const;
export type DisputeSource = (typeof DISPUTE_SOURCES)[number];
export const DISPUTE_SOURCE_LABELS: Labels<DisputeSource> = {
  party_application: { zh: '当事人申请', en: 'Application by a party' },
  screening: { zh: '排查发现', en: 'Found in screening' },
  department_referral: { zh: '部门移送', en: 'Referred by a department' },
  grid_report: { zh: '网格员上报', en: 'Reported by a grid worker' },
};

/**
 * The dispute-type catalog of the judicial-administration monthly statistics (domain-facts §1.4):
 * 婚姻家庭, 邻里, 房屋宅基地, 合同, 生产经营, 损害赔偿, 山林土地, 征地拆迁, 环境污染, 劳动争议, 消费, 医疗,
 * 道路交通事故, 物业, 其他 — with 土地承包 and 山林 kept apart as townships report them.
 */
export const DISPUTE_TYPES = [
  'marriage_family',
  'neighbour',
  'land_contract',
  'homestead',
  'forest',
  'damages',
  'contract',
  'labour',
  'production',
  'land_acquisition',
  'environment',
  'traffic',
  'consumer',
  'medical',
  'property_management',
  'village_affairs',
  'other',
] as const;
export type DisputeType = (typeof DISPUTE_TYPES)[number];
export const DISPUTE_TYPE_LABELS: Labels<DisputeType> = {
  marriage_family: { zh: '婚姻家庭', en: 'Marriage and family' },
  neighbour: { zh: '邻里', en: 'Neighbours' },
  land_contract: { zh: '土地承包', en: 'Land contracting' },
  homestead: { zh: '宅基地', en: 'Homestead' },
  forest: { zh: '山林', en: 'Forest land' },
  damages: { zh: '损害赔偿', en: 'Damages' },
  contract: { zh: '合同', en: 'Contract' },
  labour: { zh: '劳动', en: 'Labour' },
  production: { zh: '生产经营', en: 'Production and business' },
  land_acquisition: { zh: '征地拆迁', en: 'Land acquisition and demolition' },
  environment: { zh: '环境污染', en: 'Environmental pollution' },
  traffic: { zh: '道路交通事故', en: 'Road traffic accident' },
  consumer: { zh: '消费', en: 'Consumer' },
  medical: { zh: '医疗', en: 'Medical' },
  property_management: { zh: '物业', en: 'Property management' },
  village_affairs: { zh: '村务管理', en: 'Village affairs' },
  other: { zh: '其他', en: 'Other' },
};

/** How likely the dispute is to escalate (人民调解法 art. 25: prevent escalation, report what may become a criminal case). */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LEVEL_LABELS: Labels<RiskLevel> = {
  low: { zh: '低', en: 'Low' },
  medium: { zh: '中', en: 'Medium' },
  high: { zh: '高', en: 'High' },
};

export const DISPUTE_STATUSES = ['registered', 'mediating', 'closed'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
export const DISPUTE_STATUS_LABELS: Labels<DisputeStatus> = {
  registered: { zh: '已登记', en: 'Registered' },
  mediating: { zh: '调解中', en: 'Mediating' },
  closed: { zh: '已结案', en: 'Closed' },
};

/** success: an agreement (art. 28); failure: mediation did not succeed (art. 26); terminated: ended early (art. 17, 23). */
export const OUTCOMES = ['success', 'failure', 'terminated'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Labels<Outcome> = {
  success: { zh: '调解成功', en: 'Settled' },
  failure: { zh: '调解不成功', en: 'Not settled' },
  terminated: { zh: '终止调解', en: 'Terminated' },
};

/** Where a dispute goes when mediation does not settle it (人民调解法 art. 26; art. 25 for the police). */
export const REFERRAL_TARGETS = ['litigation', 'petition', 'police'] as const;
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];
export const REFERRAL_TARGET_LABELS: Labels<ReferralTarget> = {
  litigation: { zh: '诉讼', en: 'Litigation' },
  petition: { zh: '信访', en: 'Petition (xinfang)' },
  police: { zh: '公安调解', en: 'Police mediation' },
};

export const PARTY_KINDS = ['person', 'organisation'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export const PARTY_KIND_LABELS: Labels<PartyKind> = {
  person: { zh: '自然人', en: 'Natural person' },
  organisation: { zh: '单位', en: 'Organisation' },
};

export const PARTY_ROLES = ['applicant', 'respondent', 'other'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
export const PARTY_ROLE_LABELS: Labels<PartyRole> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  respondent: { zh: '被申请人', en: 'Respondent' },
  other: { zh: '其他当事人', en: 'Other party' },
};

/** 人民调解法 art. 19: the committee designates one or more mediators, or the parties choose them. */
export const ASSIGNMENT_ROLES = ['lead', 'assist'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];
export const ASSIGNMENT_ROLE_LABELS: Labels<AssignmentRole> = {
  lead: { zh: '主调', en: 'Lead mediator' },
  assist: { zh: '协调', en: 'Assisting mediator' },
};

/** 人民调解法 art. 28: a written agreement (art. 29) or an oral one the mediator records (art. 30). */
export const AGREEMENT_FORMS = ['written', 'oral'] as const;
export type AgreementForm = (typeof AGREEMENT_FORMS)[number];
export const AGREEMENT_FORM_LABELS: Labels<AgreementForm> = {
  written: { zh: '书面协议', en: 'Written agreement' },
  oral: { zh: '口头协议', en: 'Oral agreement' },
};

/** 人民调解法 art. 33: the court confirms the agreement, or finds it invalid. */
export const CONFIRMATION_RESULTS = ['pending', 'confirmed', 'rejected'] as const;
export type ConfirmationResult = (typeof CONFIRMATION_RESULTS)[number];
export const CONFIRMATION_RESULT_LABELS: Labels<ConfirmationResult> = {
  pending: { zh: '审查中', en: 'Pending' },
  confirmed: { zh: '确认有效', en: 'Confirmed valid' },
  rejected: { zh: '确认无效或驳回', en: 'Found invalid or dismissed' },
};

/** 人民调解法 art. 31: the committee supervises performance; a follow-up visit (回访) records it. */
export const PERFORMANCES = ['performed', 'partial', 'not_performed'] as const;
export type Performance = (typeof PERFORMANCES)[number];
export const PERFORMANCE_LABELS: Labels<Performance> = {
  performed: { zh: '已履行', en: 'Performed' },
  partial: { zh: '部分履行', en: 'Partly performed' },
  not_performed: { zh: '未履行', en: 'Not performed' },
};

/** Suggested ways of a follow-up visit (free text is allowed). */
export const FOLLOW_UP_METHODS = ['电话回访', '上门回访', '微信回访', '约谈回访'] as const;

/** due_soon / overdue as the working-day calendar computes them; done when recorded. */
export const DUE_STATES = ['open', 'due_soon', 'overdue', 'done'] as const;
export type DueState = (typeof DUE_STATES)[number];
export const DUE_STATE_LABELS: Labels<DueState> = {
  open: { zh: '未到期', en: 'Open' },
  due_soon: { zh: '即将到期', en: 'Due soon' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  done: { zh: '已完成', en: 'Done' },
};

/**
 * What the caller may do on a dispute now: the detail's `actions`, computed by the server from the
 * state machine (server/modules/mediation/dispute-flow.ts) and the caller's permissions.
 */
export const DISPUTE_ACTIONS = [
  'edit',
  'assign',
  'add_session',
  'upload_attachment',
  'record_agreement',
  'withdraw_agreement',
  'export_agreement',
  'judicial_confirmation',
  'schedule_follow_up',
  'record_follow_up',
  'refer',
  'close',
  'edit_parties',
] as const;
export type DisputeAction = (typeof DISPUTE_ACTIONS)[number];
export const DISPUTE_ACTION_LABELS: Labels<DisputeAction> = {
  edit: { zh: '修改', en: 'Edit' },
  assign: { zh: '指派调解员', en: 'Assign mediators' },
  add_session: { zh: '记录调解', en: 'Record a session' },
  upload_attachment: { zh: '上传附件', en: 'Upload a file' },
  record_agreement: { zh: '记录调解协议', en: 'Record the agreement' },
  withdraw_agreement: { zh: '撤销调解协议记录', en: 'Withdraw the agreement record' },
  export_agreement: { zh: '下载调解协议书', en: 'Download the agreement' },
  judicial_confirmation: { zh: '司法确认', en: 'Judicial confirmation' },
  schedule_follow_up: { zh: '安排回访', en: 'Schedule a follow-up' },
  record_follow_up: { zh: '记录回访', en: 'Record a follow-up' },
  refer: { zh: '移交（诉讼、信访、公安）', en: 'Refer (court, petition, police)' },
  close: { zh: '结案', en: 'Close' },
  edit_parties: { zh: '更正当事人', en: 'Correct the parties' },
};

export const DISPUTE_SORTS = ['receivedOn', 'caseNo', 'amount', 'updatedAt'] as const;
export type DisputeSort = (typeof DISPUTE_SORTS)[number];

/** Follow-up filter of the list: cases with a visit overdue, due within 3 working days, or not yet done. */
export const FOLLOW_UP_FILTERS = ['overdue', 'due_soon', 'pending'] as const;
export type FollowUpFilter = (typeof FOLLOW_UP_FILTERS)[number];

/** 人民调解法 art. 33: thirty days from the day the agreement takes effect. */
export const JUDICIAL_CONFIRMATION_DAYS = 30;
/** Default days from the performance deadline (or the effective day) to the follow-up visit; per org in `settings`. */
export const FOLLOW_UP_DAYS_DEFAULT = 30;
export const FOLLOW_UP_DAYS_SETTING = 'mediation.follow_up_days';
