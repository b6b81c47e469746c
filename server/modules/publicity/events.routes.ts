import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ZCampaignCreate,
  ZCampaignList,
  ZCampaignQuery,
  ZCampaignUpdate,
  ZCampaignView,
  ZEventCreate,
  ZEventDetail,
  ZEventFile,
  ZEventList,
  ZEventOptions,
  ZEventOptionsQuery,
  ZEventQuery,
  ZEventUpdate,
} from '../../../common/schemas/publicity-events.ts';
import { zId } from '../../../common/validation.ts';
import type { Deps } from '../../platform/context.ts';
import { contentDisposition, sendAttachment, uploadedFile } from '../../platform/files/upload.ts';
import { route } from '../../platform/http.ts';
import { createCampaign, getCampaign, listCampaigns, updateCampaign } from './campaigns.service.ts';
import {
  addEventFile,
  createEvent,
  deleteEvent,
  deleteEventFile,
  downloadEventFile,
  eventOptions,
  exportEventsXlsx,
  getEvent,
  listEvents,
  updateEvent,
} from './events.service.ts';

const tags = ['publicity'];
const BASE = '/api/v1/publicity';
const ZIdParam = z.object({ id: zId });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Events and campaigns (普法宣传活动、专项活动). */
export function eventsRoutes(app: FastifyInstance, deps: Deps): void {
  // ——— events ———
  route(
    app,
    deps,
    { method: 'GET', url: `${BASE}/events`, summary: '普法宣传活动列表（年度、日期、状态、形式、新媒体、主题、村、部门、专项活动、节点、法律、关键词）', tags, query: ZEventQuery, response: ZEventList },
    async ({ ctx, query }) => listEvents(ctx, query),
  );
  // Registered before '/events/:id' so that 'options' is never taken for an id.
  route(
    app,
    deps,
    { method: 'GET', url: `${BASE}/events/options`, summary: '登记活动可选的村、部门、专项活动、主题、时间节点、内容（一次请求）', tags, query: ZEventOptionsQuery, response: ZEventOptions },
    async ({ ctx, query }) => eventOptions(ctx, query.orgId),
  );
  route(app, deps, { method: 'GET', url: `${BASE}/events.xlsx`, summary: '导出普法宣传活动（Excel，筛选同列表）', tags, query: ZEventQuery.omit({ page: true, pageSize: true }), binary: XLSX }, async ({ ctx, query, reply }) => {
    const { buffer, filename } = await exportEventsXlsx(ctx, query);
    return reply.header('Content-Type', XLSX).header('Content-Disposition', contentDisposition('attachment', filename)).send(buffer);
  });
  route(
    app,
    deps,
    { method: 'POST', url: `${BASE}/events`, summary: '登记普法宣传活动（名称可不填，自动生成）', tags, body: ZEventCreate, response: z.object({ id: z.string() }) },
    async ({ ctx, body }) => createEvent(ctx, body),
  );
  route(app, deps, { method: 'GET', url: `${BASE}/events/:id`, summary: '普法宣传活动详情', tags, params: ZIdParam, response: ZEventDetail }, async ({ ctx, params }) => getEvent(ctx, params.id));
  route(
    app,
    deps,
    { method: 'PATCH', url: `${BASE}/events/:id`, summary: '修改普法宣传活动（含标记为已开展）', tags, params: ZIdParam, body: ZEventUpdate, response: ZEventDetail },
    async ({ ctx, params, body }) => updateEvent(ctx, params.id, body),
  );
  route(app, deps, { method: 'DELETE', url: `${BASE}/events/:id`, summary: '删除普法宣传活动', tags, params: ZIdParam }, async ({ ctx, params }) => deleteEvent(ctx, params.id));
  route(
    app,
    deps,
    { method: 'POST', url: `${BASE}/events/:id/files`, summary: '上传活动照片或材料（multipart，字段 file；非必需）', tags, params: ZIdParam, multipart: true, response: ZEventFile },
    async ({ ctx, params, req }) => addEventFile(ctx, params.id, uploadedFile(req)),
  );
  route(
    app,
    deps,
    { method: 'GET', url: `${BASE}/events/:id/files/:fileId`, summary: '下载活动照片或材料', tags, params: z.object({ id: zId, fileId: zId }), binary: 'application/octet-stream' },
    async ({ ctx, params, reply }) => {
      const f = await downloadEventFile(ctx, params.id, params.fileId);
      return sendAttachment(reply, f);
    },
  );
  route(
    app,
    deps,
    { method: 'DELETE', url: `${BASE}/events/:id/files/:fileId`, summary: '删除活动照片或材料', tags, params: z.object({ id: zId, fileId: zId }) },
    async ({ ctx, params }) => deleteEventFile(ctx, params.id, params.fileId),
  );

  // ——— campaigns ———
  route(
    app,
    deps,
    { method: 'GET', url: `${BASE}/campaigns`, summary: '专项活动列表（含进度：已开展活动、受众、新媒体占比及分母）', tags, query: ZCampaignQuery, response: ZCampaignList },
    async ({ ctx, query }) => listCampaigns(ctx, query),
  );
  route(app, deps, { method: 'POST', url: `${BASE}/campaigns`, summary: '新建专项活动（目标：活动次数、受众人数、新媒体占比）', tags, body: ZCampaignCreate, response: ZCampaignView }, async ({ ctx, body }) =>
    createCampaign(ctx, body),
  );
  route(app, deps, { method: 'GET', url: `${BASE}/campaigns/:id`, summary: '专项活动详情及进度', tags, params: ZIdParam, response: ZCampaignView }, async ({ ctx, params }) => getCampaign(ctx, params.id));
  route(
    app,
    deps,
    { method: 'PATCH', url: `${BASE}/campaigns/:id`, summary: '修改专项活动（已关联的活动须仍在起止日期内）', tags, params: ZIdParam, body: ZCampaignUpdate, response: ZCampaignView },
    async ({ ctx, params, body }) => updateCampaign(ctx, params.id, body),
  );
}
