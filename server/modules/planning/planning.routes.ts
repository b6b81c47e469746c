/**
 * Routes of the planning module (强化组织领导). API overview with every route, its input and output:
 * ./README.md. Shapes: common/schemas/planning.ts. Each handler is one service call.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ZAttachment,
  ZBoard,
  ZBoardQuery,
  ZCalendar,
  ZCalendarQuery,
  ZDecisionCreate,
  ZDutyCreate,
  ZDutyQuery,
  ZDutyUpdate,
  ZDutyView,
  ZGroupCreate,
  ZGroupDetail,
  ZGroupQuery,
  ZGroupUpdate,
  ZGroupView,
  ZHandDown,
  ZHandDownResult,
  ZMeetingCreate,
  ZMeetingDetail,
  ZMeetingQuery,
  ZMeetingUpdate,
  ZMeetingView,
  ZMemberCreate,
  ZMemberUpdate,
  ZOverview,
  ZOverviewQuery,
  ZPlanCopy,
  ZPlanCreate,
  ZPlanDetail,
  ZPlanningStats,
  ZPlanningStatsQuery,
  ZPlanQuery,
  ZPlanUpdate,
  ZPlanView,
  ZProgressCreate,
  ZReportQuery,
  ZSectionCreate,
  ZSectionUpdate,
  ZSectionView,
  ZStaffOptions,
  ZStaffQuery,
  ZTaskCancel,
  ZTaskCreate,
  ZTaskDetail,
  ZTaskImportResult,
  ZTaskQuery,
  ZTaskUpdate,
  ZTaskView,
} from '../../../common/schemas/planning.ts';
import { listOf, zId } from '../../../common/validation.ts';
import type { Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import { createDuty, listDuties, updateDuty } from './duties.service.ts';
import { addMember, createGroup, getGroup, listGroups, updateGroup, updateMember } from './groups.service.ts';
import { addDecision, addMeetingAttachment, createMeeting, getMeeting, listMeetings, updateMeeting } from './meetings.service.ts';
import { exportPlanXlsx, importTasks, taskTemplateXlsx, XLSX_MIME } from './planning.excel.ts';
import { downloadPlanningFile, listStaffOptions } from './planning.access.ts';
import { planningFindings, planningReportSection, planningStats } from './planning.report.ts';
import { board, calendarView, overview } from './planning.views.ts';
import { addPlanDocument, copyPlan, createPlan, getPlan, handDown, listPlans, publishPlan, updatePlan } from './plans.service.ts';
import { createSection, deleteSection, updateSection } from './sections.service.ts';
import { addProgress, addProgressAttachment, cancelTask, createTask, getTask, listTasks, updateTask } from './tasks.service.ts';
import { contentDisposition, sendAttachment, uploadedFile } from '../../platform/files/upload.ts';

const tags = ['planning'];
const B = '/api/v1/planning';
const ZIdParam = z.object({ id: zId });



export function planningRoutes(app: FastifyInstance, deps: Deps): void {
  // ——— pickers ———
  route(app, deps, { method: 'GET', url: `${B}/staff`, summary: '工作人员名册与站办所（选人、选责任单位用）', tags, query: ZStaffQuery, response: ZStaffOptions }, async ({ ctx, query }) =>
    listStaffOptions(ctx, query),
  );

  // ——— groups ———
  route(app, deps, { method: 'GET', url: `${B}/groups`, summary: '领导小组与工作专班', tags, query: ZGroupQuery, response: z.object({ items: z.array(ZGroupView) }) }, async ({ ctx, query }) =>
    listGroups(ctx, query),
  );
  route(app, deps, { method: 'POST', url: `${B}/groups`, summary: '成立领导小组或工作专班', tags, body: ZGroupCreate, response: ZGroupDetail }, async ({ ctx, body }) => createGroup(ctx, body));
  route(app, deps, { method: 'GET', url: `${B}/groups/:id`, summary: '领导小组及成员（含历史成员）', tags, params: ZIdParam, response: ZGroupDetail }, async ({ ctx, params }) =>
    getGroup(ctx, params.id),
  );
  route(app, deps, { method: 'PATCH', url: `${B}/groups/:id`, summary: '修改领导小组或工作专班', tags, params: ZIdParam, body: ZGroupUpdate, response: ZGroupDetail }, async ({ ctx, params, body }) =>
    updateGroup(ctx, params.id, body),
  );
  route(app, deps, { method: 'POST', url: `${B}/groups/:id/members`, summary: '增加成员（组长、副组长、成员、办公室主任）', tags, params: ZIdParam, body: ZMemberCreate, response: ZGroupDetail }, async ({ ctx, params, body }) =>
    addMember(ctx, params.id, body),
  );
  route(app, deps, { method: 'PATCH', url: `${B}/members/:id`, summary: '调整成员职务或任职期间（岗位变动时填写离任日期）', tags, params: ZIdParam, body: ZMemberUpdate, response: ZGroupDetail }, async ({ ctx, params, body }) =>
    updateMember(ctx, params.id, body),
  );

  // ——— plans ———
  route(app, deps, { method: 'GET', url: `${B}/plans`, summary: '年度法治建设工作要点列表', tags, query: ZPlanQuery, response: z.object({ items: z.array(ZPlanView) }) }, async ({ ctx, query }) =>
    listPlans(ctx, query),
  );
  route(app, deps, { method: 'POST', url: `${B}/plans`, summary: '新建年度工作要点（草稿）', tags, body: ZPlanCreate, response: ZPlanDetail }, async ({ ctx, body }) => createPlan(ctx, body));
  // Registered before '/plans/:id' so that 'import' is never taken for an id.
  route(app, deps, { method: 'GET', url: `${B}/plans/import/template`, summary: '下载工作任务表导入模板（Excel）', tags, binary: XLSX_MIME }, async ({ ctx, reply }) => {
    const buffer = await taskTemplateXlsx(ctx);
    return reply.header('Content-Type', XLSX_MIME).header('Content-Disposition', contentDisposition('attachment', '工作任务导入模板.xlsx')).send(buffer);
  });
  route(app, deps, { method: 'GET', url: `${B}/plans/:id`, summary: '工作要点：正文、章节、任务及状态、附件', tags, params: ZIdParam, response: ZPlanDetail }, async ({ ctx, params }) =>
    getPlan(ctx, params.id),
  );
  route(app, deps, { method: 'PATCH', url: `${B}/plans/:id`, summary: '修改工作要点标题、正文', tags, params: ZIdParam, body: ZPlanUpdate, response: ZPlanDetail }, async ({ ctx, params, body }) =>
    updatePlan(ctx, params.id, body),
  );
  route(app, deps, { method: 'POST', url: `${B}/plans/:id/publish`, summary: '印发工作要点', tags, params: ZIdParam, response: ZPlanDetail }, async ({ ctx, params }) => publishPlan(ctx, params.id));
  route(app, deps, { method: 'POST', url: `${B}/plans/:id/copy`, summary: '以上年度工作要点为基础新建（任务时限顺延，不含进展）', tags, params: ZIdParam, body: ZPlanCopy, response: ZPlanDetail }, async ({ ctx, params, body }) =>
    copyPlan(ctx, params.id, body),
  );
  route(app, deps, { method: 'POST', url: `${B}/plans/:id/hand-down`, summary: '县级工作要点下发各乡镇（生成乡镇任务，可重复下发新增事项）', tags, params: ZIdParam, body: ZHandDown, response: ZHandDownResult }, async ({ ctx, params, body }) =>
    handDown(ctx, params.id, body),
  );
  route(app, deps, { method: 'POST', url: `${B}/plans/:id/document`, summary: '上传工作要点文件（multipart，字段 file）', tags, params: ZIdParam, multipart: true, response: ZAttachment }, async ({ ctx, params, req }) =>
    addPlanDocument(ctx, params.id, uploadedFile(req)),
  );
  route(
    app,
    deps,
    { method: 'POST', url: `${B}/plans/:id/import`, summary: '从 Excel 导入工作任务表（任一行有误则整表不导入，返回逐行错误）', tags, params: ZIdParam, multipart: true, response: ZTaskImportResult },
    async ({ ctx, params, req, reply }) => {
      const result = await importTasks(ctx, params.id, uploadedFile(req));
      if (!result.ok) reply.code(400);
      return result;
    },
  );
  route(app, deps, { method: 'GET', url: `${B}/plans/:id/export.xlsx`, summary: '导出工作要点及任务进展（Excel）', tags, params: ZIdParam, binary: XLSX_MIME }, async ({ ctx, params, reply }) => {
    const { filename, buffer } = await exportPlanXlsx(ctx, params.id);
    return reply.header('Content-Type', XLSX_MIME).header('Content-Disposition', contentDisposition('attachment', filename)).header('Cache-Control', 'no-store').send(buffer);
  });
  route(app, deps, { method: 'POST', url: `${B}/plans/:id/sections`, summary: '增加章节', tags, params: ZIdParam, body: ZSectionCreate, response: ZSectionView }, async ({ ctx, params, body }) =>
    createSection(ctx, params.id, body),
  );
  route(app, deps, { method: 'PATCH', url: `${B}/sections/:id`, summary: '修改章节', tags, params: ZIdParam, body: ZSectionUpdate, response: ZSectionView }, async ({ ctx, params, body }) =>
    updateSection(ctx, params.id, body),
  );
  route(app, deps, { method: 'DELETE', url: `${B}/sections/:id`, summary: '删除空章节', tags, params: ZIdParam }, async ({ ctx, params }) => {
    await deleteSection(ctx, params.id);
  });

  // ——— tasks and progress ———
  route(app, deps, { method: 'GET', url: `${B}/tasks`, summary: '工作任务（时间轴、我的任务、按状态筛选）', tags, query: ZTaskQuery, response: listOf(ZTaskView) }, async ({ ctx, query }) => listTasks(ctx, query));
  route(app, deps, { method: 'POST', url: `${B}/tasks`, summary: '增加工作任务（可关联会议议定事项）', tags, body: ZTaskCreate, response: ZTaskDetail }, async ({ ctx, body }) => createTask(ctx, body));
  route(app, deps, { method: 'GET', url: `${B}/tasks/:id`, summary: '工作任务详情：进展、周期、上级事项、各乡镇落实情况', tags, params: ZIdParam, response: ZTaskDetail }, async ({ ctx, params }) =>
    getTask(ctx, params.id),
  );
  route(app, deps, { method: 'PATCH', url: `${B}/tasks/:id`, summary: '修改工作任务', tags, params: ZIdParam, body: ZTaskUpdate, response: ZTaskDetail }, async ({ ctx, params, body }) =>
    updateTask(ctx, params.id, body),
  );
  route(app, deps, { method: 'POST', url: `${B}/tasks/:id/cancel`, summary: '取消工作任务（须说明理由）', tags, params: ZIdParam, body: ZTaskCancel, response: ZTaskDetail }, async ({ ctx, params, body }) =>
    cancelTask(ctx, params.id, body),
  );
  route(app, deps, { method: 'POST', url: `${B}/tasks/:id/progress`, summary: '报送任务进展（文字、完成百分比；按月/季度任务须选期间）', tags, params: ZIdParam, body: ZProgressCreate, response: ZTaskDetail }, async ({ ctx, params, body }) =>
    addProgress(ctx, params.id, body),
  );
  route(app, deps, { method: 'POST', url: `${B}/progress/:id/attachments`, summary: '上传进展佐证材料（multipart，字段 file）', tags, params: ZIdParam, multipart: true, response: ZAttachment }, async ({ ctx, params, req }) =>
    addProgressAttachment(ctx, params.id, uploadedFile(req)),
  );
  route(app, deps, { method: 'GET', url: `${B}/files/:fileId`, summary: '下载组织领导附件（须有权查看所属记录）', tags, params: z.object({ fileId: zId }), binary: 'application/octet-stream' }, async ({ ctx, params, reply }) => {
    const f = await downloadPlanningFile(ctx, params.fileId);
    return sendAttachment(reply, f);
  });

  // ——— meetings and decisions ———
  route(app, deps, { method: 'GET', url: `${B}/meetings`, summary: '会议（专题会议、领导小组会议、党委会议学法、常务会议）', tags, query: ZMeetingQuery, response: listOf(ZMeetingView) }, async ({ ctx, query }) =>
    listMeetings(ctx, query),
  );
  route(app, deps, { method: 'POST', url: `${B}/meetings`, summary: '记录会议（主持人、参会人员、议题、纪要、议定事项）', tags, body: ZMeetingCreate, response: ZMeetingDetail }, async ({ ctx, body }) =>
    createMeeting(ctx, body),
  );
  route(app, deps, { method: 'GET', url: `${B}/meetings/:id`, summary: '会议详情', tags, params: ZIdParam, response: ZMeetingDetail }, async ({ ctx, params }) => getMeeting(ctx, params.id));
  route(app, deps, { method: 'PATCH', url: `${B}/meetings/:id`, summary: '修改会议记录', tags, params: ZIdParam, body: ZMeetingUpdate, response: ZMeetingDetail }, async ({ ctx, params, body }) =>
    updateMeeting(ctx, params.id, body),
  );
  route(app, deps, { method: 'POST', url: `${B}/meetings/:id/decisions`, summary: '增加会议议定事项', tags, params: ZIdParam, body: ZDecisionCreate, response: ZMeetingDetail }, async ({ ctx, params, body }) =>
    addDecision(ctx, params.id, body),
  );
  route(app, deps, { method: 'POST', url: `${B}/meetings/:id/attachments`, summary: '上传会议材料（multipart，字段 file）', tags, params: ZIdParam, multipart: true, response: ZAttachment }, async ({ ctx, params, req }) =>
    addMeetingAttachment(ctx, params.id, uploadedFile(req)),
  );

  // ——— first-responsible-person duties ———
  route(app, deps, { method: 'GET', url: `${B}/duties`, summary: '党政主要负责人履行第一责任人职责记录', tags, query: ZDutyQuery, response: listOf(ZDutyView) }, async ({ ctx, query }) => listDuties(ctx, query));
  route(app, deps, { method: 'POST', url: `${B}/duties`, summary: '记录第一责任人履职（研究部署、专题会议、述法、督办、批示）', tags, body: ZDutyCreate, response: ZDutyView }, async ({ ctx, body }) =>
    createDuty(ctx, body),
  );
  route(app, deps, { method: 'PATCH', url: `${B}/duties/:id`, summary: '修改履职记录', tags, params: ZIdParam, body: ZDutyUpdate, response: ZDutyView }, async ({ ctx, params, body }) =>
    updateDuty(ctx, params.id, body),
  );

  // ——— views ———
  route(app, deps, { method: 'GET', url: `${B}/overview`, summary: '法治建设总览：任务状态、逾期任务、临近时限、领导小组；县级并列各乡镇', tags, query: ZOverviewQuery, response: ZOverview }, async ({ ctx, query }) =>
    overview(ctx, query),
  );
  route(app, deps, { method: 'GET', url: `${B}/board`, summary: '任务看板（按章节、按责任单位）', tags, query: ZBoardQuery, response: ZBoard }, async ({ ctx, query }) => board(ctx, query.planId));
  route(app, deps, { method: 'GET', url: `${B}/calendar`, summary: '工作日历：任务时限与会议', tags, query: ZCalendarQuery, response: ZCalendar }, async ({ ctx, query }) => calendarView(ctx, query));

  // ——— module contract ———
  route(app, deps, { method: 'GET', url: `${B}/stats`, summary: '组织领导统计（任务状态、会议、第一责任人履职）', tags, query: ZPlanningStatsQuery, response: ZPlanningStats }, async ({ ctx, query }) =>
    planningStats(ctx, { from: query.from, to: query.to }, query.orgId),
  );
  route(
    app,
    deps,
    { method: 'GET', url: `${B}/findings`, summary: '组织领导问题提示（逾期、久未报送、无责任人、领导小组未开会、未主持会议）', tags, query: ZPlanningStatsQuery },
    async ({ ctx, query }) => ({ items: await planningFindings(ctx, { from: query.from, to: query.to }, query.orgId) }),
  );
  route(app, deps, { method: 'GET', url: `${B}/report-section`, summary: '年度法治政府建设报告：强化组织领导段落（每个数字可追溯）', tags, query: ZReportQuery }, async ({ ctx, query }) =>
    planningReportSection(ctx, query.year, query.orgId),
  );
}
