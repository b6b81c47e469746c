import type { Generated } from 'kysely';

/** Tables of the study module (学法培训). Every one carries org_id for scoping. */

export interface StudyPlanTable {
  id: string;
  /** The township (or the county office) whose plan it is. */
  org_id: string;
  year: number;
  /** PLAN_KINDS: center_group 中心组学习计划 | pre_meeting 会前学法 | staff_pufa 干部职工普法 */
  kind: string;
  title: string;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface StudyPlanItemTable {
  id: string;
  plan_id: string;
  org_id: string;
  /** The law, regulation or document to study. */
  title: string;
  /** YYYY-MM, when planned. */
  month: string | null;
  notes: string | null;
  sort: number;
}

export interface StudySessionTable {
  id: string;
  org_id: string;
  /** SESSION_KINDS */
  kind: string;
  held_on: string;
  /** 学时 credited to each person present (one decimal). */
  hours: number;
  topic: string;
  /** staff.id of the host (主持人), if any. */
  host_staff_id: string | null;
  speaker: string | null;
  place: string | null;
  notes: string | null;
  plan_item_id: string | null;
  /** People outside the staff roster who attended (法律明白人, villagers at a lecture). */
  headcount: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface StudySessionLawTable {
  id: string;
  session_id: string;
  org_id: string;
  law: string;
  sort: number;
}

export interface StudyAttendanceTable {
  id: string;
  session_id: string;
  org_id: string;
  staff_id: string;
  /** ATTENDANCE_STATUSES: present 出席 | leave 请假 | absent 缺席 — hours are credited only for present. */
  status: string;
}

export interface StudyTestTable {
  id: string;
  session_id: string;
  org_id: string;
  title: string;
  pass_mark: number;
  total: number;
  created_at: string;
  updated_at: string;
}

export interface StudyScoreTable {
  id: string;
  test_id: string;
  session_id: string;
  org_id: string;
  staff_id: string;
  score: number;
}

export interface StudyRequirementTable {
  id: string;
  /** The township (or county) that sets it; applies to its subtree. */
  org_id: string;
  year: number;
  /** STAFF_CATEGORIES */
  category: string;
  min_hours: number;
  updated_by: string | null;
  updated_at: string;
}

/** 法律明白人 whose registry was credited with a 法律明白人培训 (the activity lives in mediation's tables). */
export interface StudyUnderstanderCreditTable {
  id: string;
  session_id: string;
  org_id: string;
  understander_id: string;
  activity_id: string;
  created_at: string;
}

export interface StudyTables {
  study_plans: StudyPlanTable;
  study_plan_items: StudyPlanItemTable;
  study_sessions: StudySessionTable;
  study_session_laws: StudySessionLawTable;
  study_attendance: StudyAttendanceTable;
  study_tests: StudyTestTable;
  study_scores: StudyScoreTable;
  study_requirements: StudyRequirementTable;
  study_understander_credits: StudyUnderstanderCreditTable;
}

export type { Generated };
