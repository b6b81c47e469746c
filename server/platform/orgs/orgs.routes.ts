import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ZOrgCreate, ZOrgDetail, ZOrgImportResult, ZOrgList, ZOrgListQuery, ZOrgUpdate } from '../../../common/schemas/orgs.ts';
import { zId } from '../../../common/validation.ts';
import type { Deps } from '../context.ts';
import { route } from '../http.ts';
import { createOrg, deleteOrg, getOrg, importOrgs, listOrgs, orgImportTemplate, updateOrg, XLSX_MIME } from './orgs.service.ts';

const tags = ['orgs'];
const ZIdParam = z.object({ id: zId });

export function orgRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/orgs', summary: '组织机构（树形或列表，限本人管辖范围）', tags, query: ZOrgListQuery, response: ZOrgList },
    async ({ ctx, query }) => listOrgs(ctx, query),
  );
  // Registered before '/:id' so that 'import' is never taken for an id.
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/orgs/import/template', summary: '下载组织机构导入模板（Excel）', tags, binary: XLSX_MIME },
    async ({ ctx, reply }) => {
      const buffer = await orgImportTemplate(ctx);
      return reply
        .header('Content-Type', XLSX_MIME)
        .header('Content-Disposition', `attachment; filename="org-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('组织机构导入模板.xlsx')}`)
        .send(buffer);
    },
  );
  route(
    app,
    deps,
    {
      method: 'POST',
      url: '/api/v1/orgs/import',
      summary: '从 Excel 批量导入组织机构（任一行有误则整表不导入，返回逐行错误）',
      tags,
      multipart: true,
      response: ZOrgImportResult,
    },
    async ({ ctx, req, reply }) => {
      const result = await importOrgs(ctx, async () => {
        const file = req.isMultipart() ? await req.file() : undefined;
        return file ? { buffer: await file.toBuffer(), filename: file.filename } : null;
      });
      if (!result.ok) reply.code(400);
      return result;
    },
  );
  route(app, deps, { method: 'GET', url: '/api/v1/orgs/:id', summary: '组织机构详情', tags, params: ZIdParam, response: ZOrgDetail }, async ({ ctx, params }) => getOrg(ctx, params.id));
  route(app, deps, { method: 'POST', url: '/api/v1/orgs', summary: '新建组织机构', tags, body: ZOrgCreate, response: ZOrgDetail }, async ({ ctx, body }) => createOrg(ctx, body));
  route(
    app,
    deps,
    { method: 'PATCH', url: '/api/v1/orgs/:id', summary: '修改组织机构（改上级即整棵子树迁移）', tags, params: ZIdParam, body: ZOrgUpdate, response: ZOrgDetail },
    async ({ ctx, params, body }) => updateOrg(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'DELETE', url: '/api/v1/orgs/:id', summary: '删除组织机构（须无下级、无用户、无业务数据）', tags, params: ZIdParam },
    async ({ ctx, params }) => {
      await deleteOrg(ctx, params.id);
      return { ok: true };
    },
  );
}
