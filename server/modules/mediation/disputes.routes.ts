import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ZAgreementInput,
  ZAssignmentsInput,
  ZAttachment,
  ZCloseInput,
  ZConfirmationInput,
  ZCreated,
  ZDisputeCreate,
  ZDisputeDetail,
  ZDisputeList,
  ZDisputeQuery,
  ZDisputeUpdate,
  ZFollowUpRecord,
  ZFollowUpSchedule,
  ZPartyWrite,
  ZReferralInput,
  ZSessionInput,
} from '../../../common/schemas/mediation.ts';
import { zId } from '../../../common/validation.ts';
import type { Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import {
  addAttachment,
  addParty,
  addReferral,
  addSession,
  closeDispute,
  createDispute,
  downloadFile,
  exportAgreementDocx,
  getDispute,
  listDisputes,
  recordAgreement,
  recordConfirmation,
  recordFollowUp,
  scheduleFollowUp,
  setAssignments,
  updateDispute,
  updateParty,
  withdrawAgreement,
} from './disputes.service.ts';
import { contentDisposition, sendAttachment, uploadedFile } from '../../platform/files/upload.ts';

const tags = ['mediation'];
const BASE = '/api/v1/mediation/disputes';
const ZIdParam = z.object({ id: zId });
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';



/** The dispute core of 人民调解: intake to outcome, agreement and follow-up (人民调解法 art. 17–33). */
export function disputeRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    { method: 'GET', url: BASE, summary: '纠纷列表（筛选、中文检索、排序、分页；限本人管辖范围）', tags, query: ZDisputeQuery, response: ZDisputeList },
    async ({ ctx, query }) => listDisputes(ctx, query),
  );
  route(
    app,
    deps,
    { method: 'POST', url: BASE, summary: '登记纠纷（按调委会按年编案号）', tags, body: ZDisputeCreate, response: ZDisputeDetail },
    async ({ ctx, body }) => createDispute(ctx, body),
  );
  route(
    app,
    deps,
    { method: 'GET', url: `${BASE}/:id`, summary: '纠纷详情（全过程时间线与当前可进行的操作）', tags, params: ZIdParam, response: ZDisputeDetail },
    async ({ ctx, params }) => getDispute(ctx, params.id),
  );
  route(
    app,
    deps,
    { method: 'PATCH', url: `${BASE}/:id`, summary: '修改纠纷信息（须带 version，过期返回 409）', tags, params: ZIdParam, body: ZDisputeUpdate, response: ZDisputeDetail },
    async ({ ctx, params, body }) => updateDispute(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'PUT', url: `${BASE}/:id/assignments`, summary: '指派调解员（人民调解法第十九条）', tags, params: ZIdParam, body: ZAssignmentsInput, response: ZDisputeDetail },
    async ({ ctx, params, body }) => setAssignments(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: `${BASE}/:id/parties`, summary: '新增当事人（结案前；须带 version，过期返回 409）', tags, params: ZIdParam, body: ZPartyWrite, response: ZDisputeDetail },
    async ({ ctx, params, body }) => addParty(ctx, params.id, body),
  );
  route(
    app,
    deps,
    {
      method: 'PUT',
      url: `${BASE}/:id/parties/:partyId`,
      summary: '更正当事人信息（结案前；未填的身份证号、电话、住址保持原值；须带 version）',
      tags,
      params: z.object({ id: zId, partyId: zId }),
      body: ZPartyWrite,
      response: ZDisputeDetail,
    },
    async ({ ctx, params, body }) => updateParty(ctx, params.id, params.partyId, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: `${BASE}/:id/sessions`, summary: '记录一次调解（人民调解法第二十七条）', tags, params: ZIdParam, body: ZSessionInput, response: ZCreated },
    async ({ ctx, params, body }) => addSession(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: `${BASE}/:id/attachments`, summary: '上传案件附件（multipart，字段 file）', tags, params: ZIdParam, multipart: true, response: ZAttachment },
    async ({ ctx, params, req }) => addAttachment(ctx, params.id, null, uploadedFile(req)),
  );
  route(
    app,
    deps,
    {
      method: 'POST',
      url: `${BASE}/:id/sessions/:sessionId/attachments`,
      summary: '上传调解记录附件（multipart，字段 file）',
      tags,
      params: z.object({ id: zId, sessionId: zId }),
      multipart: true,
      response: ZAttachment,
    },
    async ({ ctx, params, req }) => addAttachment(ctx, params.id, params.sessionId, uploadedFile(req)),
  );
  route(
    app,
    deps,
    { method: 'PUT', url: `${BASE}/:id/agreement`, summary: '记录调解协议（书面或口头，人民调解法第二十八至三十条）', tags, params: ZIdParam, body: ZAgreementInput, response: ZDisputeDetail },
    async ({ ctx, params, body }) => recordAgreement(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'DELETE', url: `${BASE}/:id/agreement`, summary: '撤销未生效的调解协议记录（结案前）', tags, params: ZIdParam, response: ZDisputeDetail },
    async ({ ctx, params }) => withdrawAgreement(ctx, params.id),
  );
  route(
    app,
    deps,
    { method: 'GET', url: `${BASE}/:id/agreement.docx`, summary: '生成人民调解协议书（DOCX，含当事人身份信息，按导出审计）', tags, params: ZIdParam, binary: DOCX_MIME },
    async ({ ctx, params, reply }) => {
      const { filename, buffer } = await exportAgreementDocx(ctx, params.id);
      return reply.header('Content-Type', DOCX_MIME).header('Content-Disposition', contentDisposition('attachment', filename)).header('Cache-Control', 'no-store').send(buffer);
    },
  );
  route(
    app,
    deps,
    {
      method: 'PUT',
      url: `${BASE}/:id/judicial-confirmation`,
      summary: '记录司法确认申请及结果（协议生效之日起三十日内，人民调解法第三十三条）',
      tags,
      params: ZIdParam,
      body: ZConfirmationInput,
      response: ZDisputeDetail,
    },
    async ({ ctx, params, body }) => recordConfirmation(ctx, params.id, body),
  );
  route(
    app,
    deps,
    {
      method: 'POST',
      url: `${BASE}/:id/follow-ups`,
      summary: '安排回访（不填日期则按履行期限或生效日推算）',
      tags,
      params: ZIdParam,
      body: ZFollowUpSchedule,
      response: z.object({ id: z.string(), dueOn: z.string() }),
    },
    async ({ ctx, params, body }) => scheduleFollowUp(ctx, params.id, body),
  );
  route(
    app,
    deps,
    {
      method: 'PATCH',
      url: `${BASE}/:id/follow-ups/:followUpId`,
      summary: '记录回访结果（履行情况，人民调解法第三十一条）',
      tags,
      params: z.object({ id: zId, followUpId: zId }),
      body: ZFollowUpRecord,
      response: ZDisputeDetail,
    },
    async ({ ctx, params, body }) => recordFollowUp(ctx, params.id, params.followUpId, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: `${BASE}/:id/referrals`, summary: '移交诉讼、信访或公安（可同时终止调解）', tags, params: ZIdParam, body: ZReferralInput, response: ZDisputeDetail },
    async ({ ctx, params, body }) => addReferral(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: `${BASE}/:id/close`, summary: '结案（调解成功须有协议；不成功或终止须写明原因）', tags, params: ZIdParam, body: ZCloseInput, response: ZDisputeDetail },
    async ({ ctx, params, body }) => closeDispute(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/files/:fileId', summary: '下载案件附件（须有权查看该案件）', tags, params: z.object({ fileId: zId }), binary: 'application/octet-stream' },
    async ({ ctx, params, reply }) => {
      const f = await downloadFile(ctx, params.fileId);
      return sendAttachment(reply, f);
    },
  );
}
