import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ZGrant, ZGrantCreate, ZGrantList, ZPasswordReset, ZUser, ZUserCreate, ZUserList, ZUserListQuery, ZUserUpdate } from '../../../common/schemas/users.ts';
import { zId } from '../../../common/validation.ts';
import type { Deps } from '../context.ts';
import { route } from '../http.ts';
import { addGrant, createUser, getUser, listGrants, listUsers, removeGrant, resetPassword, setDisabled, unlockUser, updateUser } from './users.service.ts';

const tags = ['users'];
const ZIdParam = z.object({ id: zId });

export function userRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/users', summary: '用户列表（按所属组织限管辖范围）', tags, query: ZUserListQuery, response: ZUserList },
    async ({ ctx, query }) => listUsers(ctx, query),
  );
  route(app, deps, { method: 'GET', url: '/api/v1/users/:id', summary: '用户详情', tags, params: ZIdParam, response: ZUser }, async ({ ctx, params }) => getUser(ctx, params.id));
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/users', summary: '新建用户（初始密码，首次登录须修改）', tags, body: ZUserCreate, response: ZUser },
    async ({ ctx, body }) => createUser(ctx, body),
  );
  route(
    app,
    deps,
    { method: 'PATCH', url: '/api/v1/users/:id', summary: '修改用户姓名或所属组织', tags, params: ZIdParam, body: ZUserUpdate, response: ZUser },
    async ({ ctx, params, body }) => updateUser(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/users/:id/disable', summary: '停用用户（立即结束其全部会话）', tags, params: ZIdParam, response: ZUser },
    async ({ ctx, params }) => setDisabled(ctx, params.id, true),
  );
  route(app, deps, { method: 'POST', url: '/api/v1/users/:id/enable', summary: '启用用户', tags, params: ZIdParam, response: ZUser }, async ({ ctx, params }) =>
    setDisabled(ctx, params.id, false),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/users/:id/reset-password', summary: '重置为新的初始密码（须在下次登录时修改）', tags, params: ZIdParam, body: ZPasswordReset, response: ZUser },
    async ({ ctx, params, body }) => resetPassword(ctx, params.id, body.password),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/users/:id/unlock', summary: '解除登录失败锁定（安全管理员）', tags, params: ZIdParam, response: ZUser },
    async ({ ctx, params }) => unlockUser(ctx, params.id),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/users/:id/grants', summary: '用户的角色授权', tags, params: ZIdParam, response: ZGrantList },
    async ({ ctx, params }) => listGrants(ctx, params.id),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/users/:id/grants', summary: '授予角色（安全管理员；不超出本人授权范围；三员分立）', tags, params: ZIdParam, body: ZGrantCreate, response: ZGrant },
    async ({ ctx, params, body }) => addGrant(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'DELETE', url: '/api/v1/users/:id/grants/:grantId', summary: '撤销角色授权', tags, params: z.object({ id: zId, grantId: zId }) },
    async ({ ctx, params }) => {
      await removeGrant(ctx, params.id, params.grantId);
      return { ok: true };
    },
  );
}
