/**
 * Codes of the planning module (强化组织领导): stored in the database, shown through their labels.
 * Shared by the server (validation, statistics, Excel, report text) and the web (forms, tags).
 * Codes never change once released; labels may.
 */
export type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/** 领导小组 or 工作专班 (a work team, optionally under a leading group). */
export const GROUP_KINDS = ['leading_group', 'work_team'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
export const GROUP_KIND_LABELS: Labels<GroupKind> = {
  leading_group: { zh: '领导小组', en: 'Leading group' },
  work_team: { zh: '工作专班', en: 'Work team' },
};

/** A member's role in a group. The source report's leading group has two heads (党委书记 and 乡长). */
export const MEMBER_ROLES = ['head', 'deputy_head', 'member', 'office_director'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_ROLE_LABELS: Labels<MemberRole> = {
  head: { zh: '组长', en: 'Head' },
  deputy_head: { zh: '副组长', en: 'Deputy head' },
  member: { zh: '成员', en: 'Member' },
  office_director: { zh: '办公室主任', en: 'Office director' },
};

/** A plan is written as a draft, then published (only published plans are handed down and reminded). */
export const PLAN_STATES = ['draft', 'published'] as const;
export type PlanState = (typeof PLAN_STATES)[number];
export const PLAN_STATE_LABELS: Labels<PlanState> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已印发', en: 'Published' },
};

/** How a task's deadline is given: one date, or every month / every quarter of the plan year. */
export const DUE_KINDS = ['date', 'monthly', 'quarterly'] as const;
export type DueKind = (typeof DUE_KINDS)[number];
export const DUE_KIND_LABELS: Labels<DueKind> = {
  date: { zh: '指定日期', en: 'By a date' },
  monthly: { zh: '每月', en: 'Monthly' },
  quarterly: { zh: '每季度', en: 'Quarterly' },
};

/** Task states: derived from dates and progress updates (common/planning-rules.ts), never typed by hand. */
export const TASK_STATES = ['not_started', 'in_progress', 'completed', 'overdue', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_STATE_LABELS: Labels<TaskState> = {
  not_started: { zh: '未开始', en: 'Not started' },
  in_progress: { zh: '进行中', en: 'In progress' },
  completed: { zh: '已完成', en: 'Completed' },
  overdue: { zh: '逾期', en: 'Overdue' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** 专题会议, 领导小组会议, 党委会议 (with its 学法 item), 政府常务会议. */
export const MEETING_KINDS = ['topic', 'leading_group', 'party_committee', 'executive'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Labels<MeetingKind> = {
  topic: { zh: '专题会议', en: 'Topical meeting' },
  leading_group: { zh: '领导小组会议', en: 'Leading-group meeting' },
  party_committee: { zh: '党委会议', en: 'Party committee meeting' },
  executive: { zh: '常务会议', en: 'Executive meeting' },
};

/**
 * 党政主要负责人履行推进法治建设第一责任人职责 (中办 国办《党政主要负责人履行推进法治建设第一责任人职责规定》
 * 2016, art. 4–6): deploying the work, chairing topical meetings, reporting on the rule of law (述法),
 * supervising, and written instructions.
 */
export const DUTY_KINDS = ['deploy', 'meeting', 'report_law', 'supervise', 'instruction'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];
export const DUTY_KIND_LABELS: Labels<DutyKind> = {
  deploy: { zh: '研究部署', en: 'Deployment' },
  meeting: { zh: '专题会议', en: 'Topical meeting' },
  report_law: { zh: '述法', en: 'Rule-of-law report (述法)' },
  supervise: { zh: '督办', en: 'Supervision' },
  instruction: { zh: '批示', en: 'Written instruction' },
};

/** Reminder kinds sent by the planning sweep (notify kind `planning.task.<kind>`). */
export const REMINDER_KINDS = ['due_soon', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Default reminder lead time: 3 working days before a deadline (working-day calendar). */
export const REMINDER_SOON_WORKDAYS = 3;
/** A task counts as stale (finding) when nothing was reported for this many days. */
export const STALE_DAYS = 30;
/** Overdue reminders go out only for deadlines missed within this many days (a fresh install does not page people about 2021). */
export const OVERDUE_REMINDER_WINDOW_DAYS = 30;

/** The columns of the plan's task table (Excel import template and export), in order. */
export const TASK_TABLE_COLUMNS = {
  seqNo: { zh: '序号', en: 'No.' },
  section: { zh: '章节', en: 'Section' },
  title: { zh: '工作任务', en: 'Task' },
  leadStaff: { zh: '分管领导', en: 'Lead leader' },
  dept: { zh: '责任单位', en: 'Responsible department' },
  coopDepts: { zh: '配合单位', en: 'Co-operating departments' },
  due: { zh: '完成时限', en: 'Deadline' },
  expectedOutput: { zh: '预期成果', en: 'Expected output' },
} as const;
export type TaskTableColumn = keyof typeof TASK_TABLE_COLUMNS;
