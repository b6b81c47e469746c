import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ZFindings, ZReportSection } from '../../../common/schemas/mediation-admin.ts';
import {
  ZAttendanceInput,
  ZHostSuggestion,
  ZHostSuggestionQuery,
  ZHours,
  ZHoursQuery,
  ZNextSession,
  ZPlanCreate,
  ZPlanQuery,
  ZPlanUpdate,
  ZPlanView,
  ZRequirements,
  ZRequirementsInput,
  ZRequirementsQuery,
  ZScoresInput,
  ZSessionCreate,
  ZSessionDetail,
  ZSessionList,
  ZSessionQuery,
  ZSessionUpdate,
  ZStaffOption,
  ZStaffQuery,
  ZStudyAttachment,
  ZStudyStats,
  ZStudyStatsQuery,
  ZStudyYearQuery,
  ZTestInput,
  ZUnderstanderCredit,
} from '../../../common/schemas/study.ts';
import { listOf, zId } from '../../../common/validation.ts';
import type { Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import { todayShanghai } from '../../platform/time.ts';
import { exportHoursXlsx, studyFindings, studyReportSection, studyStats } from './study.report.ts';
import {
  addSessionAttachment,
  createPlan,
  createSession,
  creditUnderstanders,
  downloadStudyFile,
  getPlan,
  getRequirements,
  getSession,
  hoursTable,
  listPlans,
  listSessions,
  listStudyStaff,
  nextStudySession,
  setAttendance,
  setRequirements,
  setScores,
  setTest,
  suggestHost,
  updatePlan,
  updateSession,
} from './study.service.ts';
import { contentDisposition, sendAttachment, uploadedFile } from '../../platform/files/upload.ts';

const tags = ['study'];
const BASE = '/api/v1/study';
const ZIdParam = z.object({ id: zId });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';



const thisYear = () => Number(todayShanghai().slice(0, 4));

/** 学法培训: plans, sessions, attendance, tests, hours and requirements, host rotation, statistics. */
export function studyRoutes(app: FastifyInstance, deps: Deps): void {
  // ——— plans ———
  route(app, deps, { method: 'GET', url: `${BASE}/plans`, summary: '学习计划列表（中心组、会前学法、干部普法）', tags, query: ZPlanQuery, response: listOf(ZPlanView) }, async ({ ctx, query }) =>
    listPlans(ctx, query),
  );
  route(app, deps, { method: 'POST', url: `${BASE}/plans`, summary: '制定学习计划（含学习内容条目）', tags, body: ZPlanCreate, response: ZPlanView }, async ({ ctx, body }) => createPlan(ctx, body));
  route(app, deps, { method: 'GET', url: `${BASE}/plans/:id`, summary: '学习计划详情（条目及已开展的学习）', tags, params: ZIdParam, response: ZPlanView }, async ({ ctx, params }) =>
    getPlan(ctx, params.id),
  );
  route(
    app,
    deps,
    { method: 'PUT', url: `${BASE}/plans/:id`, summary: '修改学习计划及条目（已有学习记录的条目不能删除）', tags, params: ZIdParam, body: ZPlanUpdate, response: ZPlanView },
    async ({ ctx, params, body }) => updatePlan(ctx, params.id, body),
  );

  // ——— sessions ———
  route(
    app,
    deps,
    { method: 'GET', url: `${BASE}/sessions`, summary: '学法活动列表（按年度、类型、组织、学习内容、主持人、参学人员筛选）', tags, query: ZSessionQuery, response: ZSessionList },
    async ({ ctx, query }) => listSessions(ctx, query),
  );
  route(app, deps, { method: 'POST', url: `${BASE}/sessions`, summary: '登记学法活动（可为计划中的学习）', tags, body: ZSessionCreate, response: z.object({ id: z.string() }) }, async ({ ctx, body }) =>
    createSession(ctx, body),
  );
  route(app, deps, { method: 'GET', url: `${BASE}/sessions/:id`, summary: '学法活动详情（出勤、学时、考试成绩、材料）', tags, params: ZIdParam, response: ZSessionDetail }, async ({ ctx, params }) =>
    getSession(ctx, params.id),
  );
  route(
    app,
    deps,
    { method: 'PATCH', url: `${BASE}/sessions/:id`, summary: '修改学法活动', tags, params: ZIdParam, body: ZSessionUpdate, response: ZSessionDetail },
    async ({ ctx, params, body }) => updateSession(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'PUT', url: `${BASE}/sessions/:id/attendance`, summary: '登记出勤（出席、请假、缺席；只有出席计学时）', tags, params: ZIdParam, body: ZAttendanceInput, response: ZSessionDetail },
    async ({ ctx, params, body }) => setAttendance(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'PUT', url: `${BASE}/sessions/:id/test`, summary: '登记学法考试试卷（名称、及格分、总分）', tags, params: ZIdParam, body: ZTestInput, response: ZSessionDetail },
    async ({ ctx, params, body }) => setTest(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'PUT', url: `${BASE}/sessions/:id/scores`, summary: '登记考试成绩（仅限出席人员）', tags, params: ZIdParam, body: ZScoresInput, response: ZSessionDetail },
    async ({ ctx, params, body }) => setScores(ctx, params.id, body),
  );
  route(
    app,
    deps,
    {
      method: 'POST',
      url: `${BASE}/sessions/:id/understanders`,
      summary: '法律明白人培训：计入所选法律明白人的培训学时（写入法律明白人名册）',
      tags,
      params: ZIdParam,
      body: ZUnderstanderCredit,
      response: ZSessionDetail,
    },
    async ({ ctx, params, body }) => creditUnderstanders(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: `${BASE}/sessions/:id/attachments`, summary: '上传学习材料或照片（multipart，字段 file；非必需）', tags, params: ZIdParam, multipart: true, response: ZStudyAttachment },
    async ({ ctx, params, req }) => addSessionAttachment(ctx, params.id, uploadedFile(req)),
  );
  route(
    app,
    deps,
    { method: 'GET', url: `${BASE}/files/:fileId`, summary: '下载学习材料（须有权查看该学习记录）', tags, params: z.object({ fileId: zId }), binary: 'application/octet-stream' },
    async ({ ctx, params, reply }) => {
      const f = await downloadStudyFile(ctx, params.fileId);
      return sendAttachment(reply, f);
    },
  );

  // ——— people, hours, requirements, hosts ———
  route(app, deps, { method: 'GET', url: `${BASE}/staff`, summary: '本乡镇工作人员名册（选择参学人员、主持人）', tags, query: ZStaffQuery, response: z.array(ZStaffOption) }, async ({ ctx, query }) =>
    listStudyStaff(ctx, query.orgId),
  );
  route(app, deps, { method: 'GET', url: `${BASE}/hours`, summary: '每人年度学法学时（对照年度要求，标出未达标）', tags, query: ZHoursQuery, response: ZHours }, async ({ ctx, query }) => {
    const { org: _org, ...out } = await hoursTable(ctx, query);
    return out;
  });
  route(app, deps, { method: 'GET', url: `${BASE}/hours.xlsx`, summary: '导出学法学时统计表（Excel）', tags, query: ZHoursQuery, binary: XLSX }, async ({ ctx, query, reply }) => {
    const { buffer, filename } = await exportHoursXlsx(ctx, query);
    return reply.header('Content-Type', XLSX).header('Content-Disposition', contentDisposition('attachment', filename)).send(buffer);
  });
  route(app, deps, { method: 'GET', url: `${BASE}/requirements`, summary: '年度学时要求（按人员类别）', tags, query: ZRequirementsQuery, response: ZRequirements }, async ({ ctx, query }) =>
    getRequirements(ctx, query.orgId, query.year ?? thisYear()),
  );
  route(app, deps, { method: 'PUT', url: `${BASE}/requirements`, summary: '设置本乡镇年度学时要求（按人员类别）', tags, body: ZRequirementsInput, response: ZRequirements }, async ({ ctx, body }) =>
    setRequirements(ctx, body),
  );
  route(
    app,
    deps,
    { method: 'GET', url: `${BASE}/host-suggestion`, summary: '建议下一位主持人（领导班子成员轮流主持，最久未主持者优先）', tags, query: ZHostSuggestionQuery, response: ZHostSuggestion },
    async ({ ctx, query }) => suggestHost(ctx, query.orgId),
  );
  route(app, deps, { method: 'GET', url: `${BASE}/next-session`, summary: '下一次学法活动及主持人', tags, query: ZHostSuggestionQuery, response: ZNextSession }, async ({ ctx, query }) =>
    nextStudySession(ctx, query.orgId),
  );

  // ——— statistics, findings, report ———
  route(app, deps, { method: 'GET', url: `${BASE}/stats`, summary: '学法培训统计（按类型、月份、学时、考试合格率及分母）', tags, query: ZStudyStatsQuery, response: ZStudyStats }, async ({ ctx, query }) => {
    const today = todayShanghai();
    return studyStats(ctx, { from: query.from ?? `${today.slice(0, 4)}-01-01`, to: query.to ?? today }, query.orgId);
  });
  route(app, deps, { method: 'GET', url: `${BASE}/findings`, summary: '学法培训问题提示（学时不足、未轮流主持）', tags, query: ZStudyStatsQuery, response: ZFindings }, async ({ ctx, query }) => {
    const today = todayShanghai();
    return { items: await studyFindings(ctx, { from: query.from ?? `${today.slice(0, 4)}-01-01`, to: query.to ?? today }, query.orgId) };
  });
  route(app, deps, { method: 'GET', url: `${BASE}/report-section`, summary: '年度法治政府建设报告：学法用法段落（每个数字可追溯）', tags, query: ZStudyYearQuery, response: ZReportSection }, async ({ ctx, query }) =>
    studyReportSection(ctx, query.year ?? thisYear(), query.orgId),
  );
}
