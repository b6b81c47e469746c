/** Tables of the planning module. Every one carries org_id for scoping. Dates 'YYYY-MM-DD', times ISO UTC, flags 0/1. */
export interface PlanningGroupTable {
  id: string;
  org_id: string;
  year: number;
  /** GROUP_KINDS: leading_group 领导小组 | work_team 工作专班 */
  kind: string;
  name: string;
  parent_group_id: string | null;
  duties: string;
  created_at: string;
  updated_at: string;
}

/** Membership with dates, so history survives post changes (a member who leaves gets a to_date). */
export interface PlanningGroupMemberTable {
  id: string;
  group_id: string;
  org_id: string;
  staff_id: string;
  /** MEMBER_ROLES: head 组长 | deputy_head 副组长 | member 成员 | office_director 办公室主任 */
  role: string;
  from_date: string;
  to_date: string | null;
  created_at: string;
  updated_at: string;
}

/** 年度法治建设工作要点: one per org and year. */
export interface PlanningPlanTable {
  id: string;
  org_id: string;
  year: number;
  title: string;
  body: string;
  /** PLAN_STATES: draft | published */
  state: string;
  published_at: string | null;
  copied_from_plan_id: string | null;
  /** The county plan this township plan was handed down from. */
  parent_plan_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PlanningSectionTable {
  id: string;
  plan_id: string;
  org_id: string;
  title: string;
  sort: number;
  created_at: string;
  updated_at: string;
}

export interface PlanningTaskTable {
  id: string;
  plan_id: string;
  org_id: string;
  section_id: string | null;
  sort: number;
  seq_no: string;
  title: string;
  /** 分管领导 (staff.id) */
  lead_staff_id: string | null;
  /** 责任单位 (a department org under the township) */
  dept_org_id: string | null;
  /** 配合单位: JSON array of department org ids */
  coop_org_ids: string;
  /** DUE_KINDS: date | monthly | quarterly */
  due_kind: string;
  due_date: string | null;
  due_day: number | null;
  start_date: string | null;
  expected_output: string;
  /** The county item this task derives from (handing down). */
  parent_task_id: string | null;
  /** The meeting decision that created it. */
  decision_id: string | null;
  cancelled: number;
  cancel_reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PlanningProgressTable {
  id: string;
  task_id: string;
  org_id: string;
  /** 'YYYY-MM' or 'YYYY-Qn' for recurring tasks; null for date tasks. */
  period: string | null;
  /** The Shanghai date the update was posted (on-time checks compare this with the deadline). */
  reported_on: string;
  text: string;
  percent: number;
  created_by: string | null;
  created_at: string;
}

export interface PlanningMeetingTable {
  id: string;
  org_id: string;
  /** MEETING_KINDS */
  kind: string;
  group_id: string | null;
  title: string;
  held_on: string;
  place: string;
  host_staff_id: string | null;
  /** JSON array of staff ids */
  attendee_ids: string;
  agenda: string;
  minutes: string;
  /** 党委会议 学法 item (empty when none) */
  law_study: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PlanningDecisionTable {
  id: string;
  meeting_id: string;
  org_id: string;
  sort: number;
  content: string;
  created_at: string;
}

/** 第一责任人职责 records. */
export interface PlanningDutyTable {
  id: string;
  org_id: string;
  staff_id: string;
  /** DUTY_KINDS */
  kind: string;
  done_on: string;
  content: string;
  meeting_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PlanningTables {
  planning_groups: PlanningGroupTable;
  planning_group_members: PlanningGroupMemberTable;
  planning_plans: PlanningPlanTable;
  planning_sections: PlanningSectionTable;
  planning_tasks: PlanningTaskTable;
  planning_progress: PlanningProgressTable;
  planning_meetings: PlanningMeetingTable;
  planning_decisions: PlanningDecisionTable;
  planning_duties: PlanningDutyTable;
}
