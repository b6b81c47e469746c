import { z } from 'zod';
import { DUE_KINDS, DUTY_KINDS, GROUP_KINDS, MEETING_KINDS, MEMBER_ROLES, PLAN_STATES, TASK_STATES } from '../planning-enums.ts';
import { zDate, zId, zMonth, zPage, zRequiredText, zText, zBool } from '../validation.ts';

/**
 * The planning module's API shapes (强化组织领导): leading groups and work teams, the annual work plan
 * (年度法治建设工作要点) with sections and tasks, progress updates, meetings and decisions,
 * first-responsible-person duty records, the leader's overview, views (board, timeline, my tasks,
 * calendar) and the module contract (stats, findings, report paragraph).
 *
 * Route list and API overview: server/modules/planning/README.md. Inputs are `Z…Create`/`Z…Update`/
 * `Z…Query`, outputs `Z…View`/`Z…Detail`. People are 工作人员名册 rows (staff ids, see ZStaffOption);
 * departments (责任单位/配合单位) are orgs of kind 'department' under the township.
 */
export const zYear = z.coerce.number().int().min(2000).max(2100);
/** 'YYYY-MM' (monthly) or 'YYYY-Qn' (quarterly): the period a recurring task's update is for. */
export const zPeriod = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, { error: 'i18n:period_invalid' })
  .describe('YYYY-MM 或 YYYY-Qn');
const zPercent = z.number().int().min(0).max(100);
/** Query-string list of ids: `a,b,c` or repeated. */
const zIdList = z.array(zId).max(50);

// ——— shared small views ———

export const ZStaffOption = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string(),
  post: z.string(),
  category: z.string(),
  hasUser: z.boolean(),
  active: z.boolean(),
});
export type TStaffOption = z.infer<typeof ZStaffOption>;
export const ZStaffQuery = z.object({ orgId: zId.describe('乡镇（或县）；含其下属站办所'), activeOnly: zBool.optional() });
export const ZDeptOption = z.object({ id: z.string(), name: z.string() });
export const ZStaffOptions = z.object({ staff: z.array(ZStaffOption), departments: z.array(ZDeptOption) });

export const ZAttachment = z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number(), sm3: z.string(), createdAt: z.string() });
export type TAttachment = z.infer<typeof ZAttachment>;

export const ZOrgYearQuery = z.object({ orgId: zId.optional().describe('该组织及其下级；不填为本人管辖范围'), year: zYear.optional() });
export type TOrgYearQuery = z.infer<typeof ZOrgYearQuery>;

// ——— leading groups and work teams ———

export const ZGroupCreate = z.object({
  orgId: zId.describe('乡镇或县'),
  year: zYear,
  kind: z.enum(GROUP_KINDS),
  name: zRequiredText(100).describe('如：法治政府建设工作领导小组'),
  /** A work team (工作专班) may sit under a leading group of the same org. */
  parentGroupId: zId.nullable().optional(),
  duties: zText(2000).optional().describe('职责'),
});
export type TGroupCreate = z.infer<typeof ZGroupCreate>;

export const ZGroupUpdate = z.object({
  name: zRequiredText(100).optional(),
  parentGroupId: zId.nullable().optional(),
  duties: zText(2000).optional(),
});
export type TGroupUpdate = z.infer<typeof ZGroupUpdate>;

export const ZGroupQuery = ZOrgYearQuery.extend({ kind: z.enum(GROUP_KINDS).optional() });
export type TGroupQuery = z.infer<typeof ZGroupQuery>;

export const ZMemberCreate = z.object({
  staffId: zId,
  role: z.enum(MEMBER_ROLES),
  fromDate: zDate,
  toDate: zDate.nullable().optional(),
});
export type TMemberCreate = z.infer<typeof ZMemberCreate>;

/** Ending a membership (post change) sets toDate; history is never deleted. */
export const ZMemberUpdate = z.object({
  role: z.enum(MEMBER_ROLES).optional(),
  fromDate: zDate.optional(),
  toDate: zDate.nullable().optional(),
});
export type TMemberUpdate = z.infer<typeof ZMemberUpdate>;

export const ZMemberView = z.object({
  id: z.string(),
  groupId: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  staffPost: z.string(),
  role: z.enum(MEMBER_ROLES),
  fromDate: z.string(),
  toDate: z.string().nullable(),
  /** Member on the day asked (today by default). */
  current: z.boolean(),
});
export type TMemberView = z.infer<typeof ZMemberView>;

export const ZGroupView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  year: z.number().int(),
  kind: z.enum(GROUP_KINDS),
  name: z.string(),
  parentGroupId: z.string().nullable(),
  duties: z.string(),
  /** Current heads' names (组长), e.g. ['高建军', '王志宏']. */
  heads: z.array(z.string()),
  memberCount: z.number().int(),
  meetingCount: z.number().int(),
  lastMeetingOn: z.string().nullable(),
});
export type TGroupView = z.infer<typeof ZGroupView>;
export const ZGroupDetail = ZGroupView.extend({ members: z.array(ZMemberView).describe('含历史成员（toDate 已过）') });
export type TGroupDetail = z.infer<typeof ZGroupDetail>;

// ——— plans, sections, tasks ———

export const ZPlanCreate = z.object({
  orgId: zId.describe('乡镇或县'),
  year: zYear,
  title: zRequiredText(200).describe('如：娘子神乡2023年度法治建设工作要点'),
  body: zText(100_000).optional().describe('正文（在线编写）'),
});
export type TPlanCreate = z.infer<typeof ZPlanCreate>;

export const ZPlanUpdate = z.object({ title: zRequiredText(200).optional(), body: zText(100_000).optional() });
export type TPlanUpdate = z.infer<typeof ZPlanUpdate>;

export const ZPlanQuery = ZOrgYearQuery.extend({ state: z.enum(PLAN_STATES).optional() });
export type TPlanQuery = z.infer<typeof ZPlanQuery>;

/** Copy last year's plan: same sections and tasks, deadlines shifted by the difference in years, no progress. */
export const ZPlanCopy = z.object({ year: zYear, title: zRequiredText(200).optional().describe('默认：把原标题中的年份换成新年份') });
export type TPlanCopy = z.infer<typeof ZPlanCopy>;

/** Hand a published county plan down: each township gets (or keeps) its plan of the year with tasks derived from the county items. */
export const ZHandDown = z.object({ orgIds: zIdList.optional().describe('默认：本级下属的全部乡镇') });
export type THandDown = z.infer<typeof ZHandDown>;
export const ZHandDownResult = z.object({
  townships: z.array(z.object({ orgId: z.string(), orgName: z.string(), planId: z.string(), created: z.number().int(), planCreated: z.boolean() })),
});
export type THandDownResult = z.infer<typeof ZHandDownResult>;

export const ZStateCounts = z.object({
  total: z.number().int(),
  not_started: z.number().int(),
  in_progress: z.number().int(),
  completed: z.number().int(),
  overdue: z.number().int(),
  cancelled: z.number().int(),
  completedOnTime: z.number().int(),
});
export type TStateCounts = z.infer<typeof ZStateCounts>;

export const ZPlanView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  year: z.number().int(),
  title: z.string(),
  state: z.enum(PLAN_STATES),
  publishedAt: z.string().nullable(),
  copiedFromPlanId: z.string().nullable(),
  parentPlanId: z.string().nullable(),
  counts: ZStateCounts,
  updatedAt: z.string(),
});
export type TPlanView = z.infer<typeof ZPlanView>;

export const ZSectionCreate = z.object({ title: zRequiredText(200), sort: z.number().int().min(0).max(10_000).optional() });
export type TSectionCreate = z.infer<typeof ZSectionCreate>;
export const ZSectionUpdate = z.object({ title: zRequiredText(200).optional(), sort: z.number().int().min(0).max(10_000).optional() });
export type TSectionUpdate = z.infer<typeof ZSectionUpdate>;
export const ZSectionView = z.object({ id: z.string(), planId: z.string(), title: z.string(), sort: z.number().int() });
export type TSectionView = z.infer<typeof ZSectionView>;

const taskFields = {
  sectionId: zId.nullable().optional().describe('所属章节（同一工作要点）'),
  seqNo: zText(20).optional().describe('序号，如 1、（一）、1.2'),
  title: zRequiredText(500).describe('工作任务'),
  leadStaffId: zId.nullable().optional().describe('分管领导（工作人员名册）'),
  deptOrgId: zId.nullable().optional().describe('责任单位（站办所）'),
  coopOrgIds: zIdList.optional().describe('配合单位'),
  dueKind: z.enum(DUE_KINDS),
  dueDate: zDate.nullable().optional().describe('dueKind=date 时必填'),
  dueDay: z.number().int().min(1).max(31).nullable().optional().describe('每月/每季度最后一月的第几日前报送，默认月底'),
  startDate: zDate.nullable().optional().describe('周期任务从哪天起计（此前结束的月份/季度不计）'),
  expectedOutput: zText(1000).optional().describe('预期成果'),
};

export const ZTaskCreate = z.object({
  planId: zId,
  ...taskFields,
  /** The meeting decision this task carries out (会议议定事项). */
  decisionId: zId.nullable().optional(),
});
export type TTaskCreate = z.infer<typeof ZTaskCreate>;

export const ZTaskUpdate = z.object({
  sectionId: taskFields.sectionId,
  seqNo: taskFields.seqNo,
  title: zRequiredText(500).optional(),
  leadStaffId: taskFields.leadStaffId,
  deptOrgId: taskFields.deptOrgId,
  coopOrgIds: taskFields.coopOrgIds,
  dueKind: z.enum(DUE_KINDS).optional(),
  dueDate: taskFields.dueDate,
  dueDay: taskFields.dueDay,
  startDate: taskFields.startDate,
  expectedOutput: taskFields.expectedOutput,
  decisionId: zId.nullable().optional(),
});
export type TTaskUpdate = z.infer<typeof ZTaskUpdate>;

export const ZTaskCancel = z.object({ reason: zRequiredText(500) });
export type TTaskCancel = z.infer<typeof ZTaskCancel>;

export const ZTaskQuery = zPage.extend({
  orgId: zId.optional().describe('该组织及其下级'),
  year: zYear.optional(),
  planId: zId.optional(),
  sectionId: zId.optional(),
  state: z.enum(TASK_STATES).optional(),
  leadStaffId: zId.optional(),
  deptOrgId: zId.optional(),
  /** 我的任务: the caller is the lead leader, or belongs to the responsible department. */
  mine: zBool.optional(),
  /** Tasks whose current deadline lies in [dueFrom, dueTo] (timeline window). */
  dueFrom: zDate.optional(),
  dueTo: zDate.optional(),
  /** Derived from a county item. */
  parentTaskId: zId.optional(),
  decisionId: zId.optional(),
  /** Completed on time (with state=completed). */
  onTime: zBool.optional(),
  /** Not done, not cancelled, and nothing reported for STALE_DAYS (30) days (finding 久未报送进展). */
  stale: zBool.optional(),
  /** Neither a lead leader nor a responsible department (finding 无责任人). */
  noOwner: zBool.optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type TTaskQuery = z.infer<typeof ZTaskQuery>;

export const ZPeriodState = z.object({
  period: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  state: z.enum(['done', 'overdue', 'open']),
  onTime: z.boolean().nullable(),
});

export const ZTaskView = z.object({
  id: z.string(),
  planId: z.string(),
  year: z.number().int(),
  orgId: z.string(),
  orgName: z.string(),
  sectionId: z.string().nullable(),
  sectionTitle: z.string().nullable(),
  seqNo: z.string(),
  title: z.string(),
  leadStaffId: z.string().nullable(),
  leadStaffName: z.string().nullable(),
  deptOrgId: z.string().nullable(),
  deptName: z.string().nullable(),
  coopOrgIds: z.array(z.string()),
  coopNames: z.array(z.string()),
  dueKind: z.enum(DUE_KINDS),
  dueDate: z.string().nullable(),
  dueDay: z.number().int().nullable(),
  startDate: z.string().nullable(),
  expectedOutput: z.string(),
  parentTaskId: z.string().nullable(),
  decisionId: z.string().nullable(),
  cancelled: z.boolean(),
  cancelReason: z.string().nullable(),
  /** Derived (common/planning-rules.ts deriveTaskState). */
  state: z.enum(TASK_STATES),
  onTime: z.boolean().nullable(),
  nextDueOn: z.string().nullable(),
  percent: z.number().int(),
  lastProgressOn: z.string().nullable(),
  periodsTotal: z.number().int(),
  periodsDone: z.number().int(),
  periodsOnTime: z.number().int(),
  createdAt: z.string(),
});
export type TTaskView = z.infer<typeof ZTaskView>;

export const ZProgressView = z.object({
  id: z.string(),
  taskId: z.string(),
  period: z.string().nullable(),
  reportedOn: z.string(),
  text: z.string(),
  percent: z.number().int(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
  attachments: z.array(ZAttachment),
});
export type TProgressView = z.infer<typeof ZProgressView>;

export const ZDerivedTask = z.object({
  taskId: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  state: z.enum(TASK_STATES),
  percent: z.number().int(),
  lastProgressOn: z.string().nullable(),
});

export const ZTaskDetail = ZTaskView.extend({
  periods: z.array(ZPeriodState),
  progress: z.array(ZProgressView),
  /** The county item this task derives from (readable only when the caller may see the county plan). */
  parent: z.object({ id: z.string(), orgName: z.string(), title: z.string() }).nullable(),
  decision: z.object({ id: z.string(), meetingId: z.string(), meetingTitle: z.string(), heldOn: z.string(), content: z.string() }).nullable(),
  /** For a county item: each township's derived task, side by side (within the caller's scope). */
  derived: z.array(ZDerivedTask),
  /** Whether the caller may post progress here. */
  canPost: z.boolean(),
});
export type TTaskDetail = z.infer<typeof ZTaskDetail>;

export const ZPlanDetail = ZPlanView.extend({
  body: z.string(),
  sections: z.array(ZSectionView),
  tasks: z.array(ZTaskView),
  documents: z.array(ZAttachment),
});
export type TPlanDetail = z.infer<typeof ZPlanDetail>;

export const ZProgressCreate = z.object({
  text: zRequiredText(5000).describe('进展情况'),
  percent: zPercent.describe('完成百分比 0–100；100 即完成'),
  /** Required for monthly/quarterly tasks: the month or quarter reported on. */
  period: zPeriod.nullable().optional(),
});
export type TProgressCreate = z.infer<typeof ZProgressCreate>;

// ——— import ———

export const ZTaskImportError = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
export type TTaskImportError = z.infer<typeof ZTaskImportError>;
/** 400 with `ok:false` lists every bad row; nothing is imported then. */
export const ZTaskImportResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), created: z.number().int(), sectionsCreated: z.number().int() }),
  z.object({
    ok: z.literal(false),
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })),
    errors: z.array(ZTaskImportError),
  }),
]);
export type TTaskImportResult = z.infer<typeof ZTaskImportResult>;

// ——— meetings and decisions ———

export const ZMeetingCreate = z.object({
  orgId: zId,
  kind: z.enum(MEETING_KINDS),
  /** The leading group / work team whose meeting this is (领导小组会议). */
  groupId: zId.nullable().optional(),
  title: zRequiredText(200),
  heldOn: zDate,
  place: zText(200).optional(),
  hostStaffId: zId.nullable().optional().describe('主持人'),
  attendeeStaffIds: zIdList.optional().describe('参会人员'),
  agenda: zText(5000).optional().describe('议题'),
  minutes: zText(50_000).optional().describe('会议纪要'),
  /** 党委会议 学法 item: what was studied (会前学法). */
  lawStudy: zText(2000).optional(),
  /** Decisions recorded with the meeting (more can be added later). */
  decisions: z.array(zRequiredText(2000)).max(50).optional(),
});
export type TMeetingCreate = z.infer<typeof ZMeetingCreate>;

export const ZMeetingUpdate = z.object({
  kind: z.enum(MEETING_KINDS).optional(),
  groupId: zId.nullable().optional(),
  title: zRequiredText(200).optional(),
  heldOn: zDate.optional(),
  place: zText(200).optional(),
  hostStaffId: zId.nullable().optional(),
  attendeeStaffIds: zIdList.optional(),
  agenda: zText(5000).optional(),
  minutes: zText(50_000).optional(),
  lawStudy: zText(2000).optional(),
});
export type TMeetingUpdate = z.infer<typeof ZMeetingUpdate>;

export const ZMeetingQuery = zPage.extend({
  orgId: zId.optional(),
  year: zYear.optional(),
  kind: z.enum(MEETING_KINDS).optional(),
  groupId: zId.optional(),
  hostStaffId: zId.optional(),
  /** Only 党委会议 with a 学法 item. */
  lawStudy: zBool.optional(),
  /** Only the org itself, not the townships below it (a county's own meetings). */
  orgOnly: zBool.optional(),
});
export type TMeetingQuery = z.infer<typeof ZMeetingQuery>;

export const ZDecisionCreate = z.object({ content: zRequiredText(2000) });
export type TDecisionCreate = z.infer<typeof ZDecisionCreate>;
export const ZDecisionView = z.object({
  id: z.string(),
  meetingId: z.string(),
  sort: z.number().int(),
  content: z.string(),
  /** Tasks created from this decision (link kept on the task). */
  taskIds: z.array(z.string()),
});
export type TDecisionView = z.infer<typeof ZDecisionView>;

export const ZMeetingView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  kind: z.enum(MEETING_KINDS),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  title: z.string(),
  heldOn: z.string(),
  place: z.string(),
  hostStaffId: z.string().nullable(),
  hostName: z.string().nullable(),
  attendeeCount: z.number().int(),
  lawStudy: z.string(),
  decisionCount: z.number().int(),
});
export type TMeetingView = z.infer<typeof ZMeetingView>;

export const ZMeetingDetail = ZMeetingView.extend({
  agenda: z.string(),
  minutes: z.string(),
  attendees: z.array(z.object({ staffId: z.string(), name: z.string(), post: z.string() })),
  decisions: z.array(ZDecisionView),
  attachments: z.array(ZAttachment),
});
export type TMeetingDetail = z.infer<typeof ZMeetingDetail>;

// ——— first-responsible-person duty records ———

export const ZDutyCreate = z.object({
  orgId: zId,
  staffId: zId.describe('党政主要负责人（党委书记、乡镇长）'),
  kind: z.enum(DUTY_KINDS),
  doneOn: zDate,
  content: zRequiredText(5000),
  meetingId: zId.nullable().optional().describe('相关会议'),
});
export type TDutyCreate = z.infer<typeof ZDutyCreate>;
export const ZDutyUpdate = z.object({
  staffId: zId.optional(),
  kind: z.enum(DUTY_KINDS).optional(),
  doneOn: zDate.optional(),
  content: zRequiredText(5000).optional(),
  meetingId: zId.nullable().optional(),
});
export type TDutyUpdate = z.infer<typeof ZDutyUpdate>;
export const ZDutyQuery = zPage.extend({
  orgId: zId.optional(),
  year: zYear.optional(),
  staffId: zId.optional(),
  kind: z.enum(DUTY_KINDS).optional(),
  /** Only the org itself, not the townships below it. */
  orgOnly: zBool.optional(),
});
export type TDutyQuery = z.infer<typeof ZDutyQuery>;
export const ZDutyView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  staffPost: z.string(),
  kind: z.enum(DUTY_KINDS),
  doneOn: z.string(),
  content: z.string(),
  meetingId: z.string().nullable(),
});
export type TDutyView = z.infer<typeof ZDutyView>;

// ——— the leader's page and views ———

export const ZOverviewQuery = z.object({ orgId: zId.optional().describe('默认：本人所在乡镇（或县）'), year: zYear.optional() });
export type TOverviewQuery = z.infer<typeof ZOverviewQuery>;

export const ZOrgSummary = z.object({
  orgId: z.string(),
  orgName: z.string(),
  planId: z.string().nullable(),
  planTitle: z.string().nullable(),
  planState: z.enum(PLAN_STATES).nullable(),
  counts: ZStateCounts,
  meetings: z.number().int(),
  leadingGroupMeetings: z.number().int(),
});
export type TOrgSummary = z.infer<typeof ZOrgSummary>;

export const ZOverview = ZOrgSummary.extend({
  year: z.number().int(),
  today: z.string(),
  /** Overdue tasks, most overdue first (up to 50). */
  late: z.array(ZTaskView),
  /** Not yet done, deadline within the next 30 days (up to 50). */
  upcoming: z.array(ZTaskView),
  groups: z.array(ZGroupView),
  /** The next study session in the org's subtree and its host (study module), null when none is planned. */
  nextStudySession: z.object({ id: z.string(), title: z.string(), kind: z.string(), date: z.string(), hostName: z.string().nullable() }).nullable(),
  /** For a county: each township side by side (empty for a township). */
  townships: z.array(ZOrgSummary),
});
export type TOverview = z.infer<typeof ZOverview>;

export const ZBoardQuery = z.object({ planId: zId });
export const ZBoardColumn = z.object({ key: z.string().nullable(), title: z.string(), counts: ZStateCounts, tasks: z.array(ZTaskView) });
export const ZBoard = z.object({ planId: z.string(), bySection: z.array(ZBoardColumn), byDept: z.array(ZBoardColumn) });
export type TBoard = z.infer<typeof ZBoard>;

export const ZCalendarQuery = z.object({ orgId: zId.optional(), month: zMonth });
export type TCalendarQuery = z.infer<typeof ZCalendarQuery>;
export const ZCalendarEntry = z.object({
  date: z.string(),
  kind: z.enum(['task_due', 'meeting']),
  id: z.string(),
  title: z.string(),
  orgName: z.string(),
  /** Task entries: the task's state; for a recurring task, the period due that day. */
  state: z.enum(TASK_STATES).nullable(),
  period: z.string().nullable(),
  href: z.string(),
});
export const ZCalendar = z.object({ month: z.string(), entries: z.array(ZCalendarEntry) });
export type TCalendar = z.infer<typeof ZCalendar>;

// ——— module contract ———

export const ZPlanningStatsQuery = z.object({ from: zDate, to: zDate, orgId: zId.optional() });
export type TPlanningStatsQuery = z.infer<typeof ZPlanningStatsQuery>;
export const ZPlanningStats = z.object({
  from: z.string(),
  to: z.string(),
  /** Tasks whose (current) deadline falls in the period. */
  tasks: ZStateCounts,
  meetingsByKind: z.record(z.string(), z.number().int()),
  lawStudyItems: z.number().int(),
  dutiesByKind: z.record(z.string(), z.number().int()),
  groups: z.number().int(),
});
export type TPlanningStats = z.infer<typeof ZPlanningStats>;
export const ZReportQuery = z.object({ year: zYear, orgId: zId.optional() });
