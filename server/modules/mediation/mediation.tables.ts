import type { Generated } from 'kysely';

/** Tables of the mediation module (人民调解). Every one carries org_id for scoping. */

export interface MediationCommitteeTable {
  id: string;
  /** The village or township the committee belongs to (人民调解法 art. 8). */
  org_id: string;
  name: string;
  /** village 村（居）调委会 | township 乡镇调委会 */
  kind: string;
  /** Short prefix used in case numbers, e.g. "娘调". */
  case_prefix: string;
  /** 0 once dissolved or replaced; kept for the cases it registered. Defaults to 1. */
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface MediatorTable {
  id: string;
  org_id: string;
  committee_id: string;
  /** Set when the mediator also logs in: assignment then grants the user read access to the case. */
  user_id: string | null;
  person_id: string;
  /** 主任 | 副主任 | 委员 | 调解员 */
  title: string;
  /** Is also a village 法律明白人. */
  is_legal_understander: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface DisputeTable {
  id: string;
  org_id: string;
  committee_id: string;
  /** e.g. "娘调〔2024〕17号": per committee per year. */
  case_no: string;
  case_year: number;
  case_seq: number;
  title: string;
  /** DisputeSource: party_application | screening | department_referral | grid_report */
  source: string;
  /** DisputeType catalog (婚姻家庭, 邻里, 土地承包 …). */
  type: string;
  summary: string;
  /** The village where it arose (may differ from the committee's org). */
  village_id: string | null;
  amount_fen: number;
  people_count: number;
  /** low | medium | high */
  risk_level: string;
  /** registered | mediating | closed */
  status: string;
  received_on: string;
  closed_on: string | null;
  /** success 调解成功 | failure 调解不成功 | terminated 终止 */
  outcome: string | null;
  outcome_reason: string | null;
  /** The parties' names in party order, joined by U+001F (party-names.ts): what the list shows. */
  party_names: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DisputePartyTable {
  id: string;
  dispute_id: string;
  org_id: string;
  /** person | organisation */
  kind: string;
  person_id: string | null;
  organisation_name: string | null;
  organisation_code: string | null;
  /** applicant 申请人 | respondent 被申请人 | other */
  role: string;
  sort: number;
}

export interface DisputeAssignmentTable {
  id: string;
  dispute_id: string;
  org_id: string;
  mediator_id: string;
  user_id: string | null;
  /** lead 主调 | assist 协调 */
  role: string;
  created_at: string;
}

export interface DisputeSessionTable {
  id: string;
  dispute_id: string;
  org_id: string;
  held_on: string;
  place: string | null;
  notes: string;
  created_by: string | null;
  created_at: string;
}

export interface DisputeAgreementTable {
  id: string;
  dispute_id: string;
  org_id: string;
  /** written 书面协议 (art. 28–29) | oral 口头协议 (art. 28, 30) */
  form: string;
  facts: string;
  issues: string;
  responsibilities: string;
  terms: string;
  performance_method: string;
  performance_deadline: string | null;
  /** The day the agreement took effect: signed/sealed by the parties, signed by the mediator, sealed by the committee. */
  effective_on: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface JudicialConfirmationTable {
  id: string;
  dispute_id: string;
  org_id: string;
  applied_on: string;
  court: string;
  /** pending | confirmed | rejected */
  result: string;
  decided_on: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface FollowUpTable {
  id: string;
  dispute_id: string;
  org_id: string;
  due_on: string;
  done_on: string | null;
  method: string | null;
  /** performed 已履行 | partial 部分履行 | not_performed 未履行 */
  performance: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReferralTable {
  id: string;
  dispute_id: string;
  org_id: string;
  /** litigation 诉讼 | petition 信访 | police 公安调解 */
  target: string;
  referred_on: string;
  receiver: string;
  notes: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ScreeningTable {
  id: string;
  /** The village that screened (矛盾纠纷排查). */
  org_id: string;
  /** YYYY-MM */
  period: string;
  found: number;
  resolved: number;
  escalated: number;
  /** 1: "nothing found this month" (零上报). */
  zero_report: number;
  notes: string | null;
  reported_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LegalUnderstanderTable {
  id: string;
  /** The village (法律明白人 are trained per 行政村). */
  org_id: string;
  person_id: string;
  /** Which pool they come from: 村干部, 网格员, 人民调解员, 党员, 五老 … */
  category: string;
  appointed_on: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface UnderstanderActivityTable {
  id: string;
  understander_id: string;
  org_id: string;
  /** publicity 宣传政策法规 | guidance 引导法律服务 | mediation 化解矛盾纠纷 | governance 参与基层治理 | training 培训 */
  kind: string;
  held_on: string;
  hours: number;
  summary: string;
  created_by: string | null;
  created_at: string;
}

export interface MediationTables {
  mediation_committees: MediationCommitteeTable;
  mediators: MediatorTable;
  disputes: DisputeTable;
  dispute_parties: DisputePartyTable;
  dispute_assignments: DisputeAssignmentTable;
  dispute_sessions: DisputeSessionTable;
  dispute_agreements: DisputeAgreementTable;
  judicial_confirmations: JudicialConfirmationTable;
  follow_ups: FollowUpTable;
  referrals: ReferralTable;
  screenings: ScreeningTable;
  legal_understanders: LegalUnderstanderTable;
  understander_activities: UnderstanderActivityTable;
}
