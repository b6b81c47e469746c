import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ZLinkableUser, ZStaffCreate, ZStaffQuery, ZStaffUpdate, ZStaffView } from '../../../common/schemas/staff.ts';
import { listOf, zId } from '../../../common/validation.ts';
import type { Deps } from '../context.ts';
import { route } from '../http.ts';
import { createStaff, linkableUsers, listStaffPage, updateStaff } from './staff.service.ts';

const tags = ['staff'];
const ZIdParam = z.object({ id: zId });

/** 工作人员名册. No DELETE: someone who leaves is marked inactive (PATCH active=false). */
export function staffRoutes(app: FastifyInstance, deps: Deps): void {
  route(app, deps, { method: 'GET', url: '/api/v1/staff', summary: '工作人员名册', tags, query: ZStaffQuery, response: listOf(ZStaffView) }, async ({ ctx, query }) => listStaffPage(ctx, query));
  route(app, deps, { method: 'POST', url: '/api/v1/staff', summary: '增加工作人员', tags, body: ZStaffCreate, response: ZStaffView }, async ({ ctx, body }) => createStaff(ctx, body));
  route(app, deps, { method: 'PATCH', url: '/api/v1/staff/:id', summary: '修改职务、类别、所在部门、账号关联；离任（active=false）', tags, params: ZIdParam, body: ZStaffUpdate, response: ZStaffView }, async ({ ctx, params, body }) =>
    updateStaff(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/staff/linkable-users', summary: '可关联的登录账号', tags, query: z.object({ orgId: zId.optional() }), response: listOf(ZLinkableUser) },
    async ({ ctx, query }) => linkableUsers(ctx, query),
  );
}
