import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { ROLE_LABELS } from '../../../common/roles.ts';
import { ZLoginRequest, ZMe, ZPasswordChange, ZTotpConfirm, ZTotpSetup } from '../../../common/schemas/auth.ts';
import type { Deps } from '../context.ts';
import { route } from '../http.ts';
import { beginTotpSetup, changePassword, confirmTotp, login, logout } from './auth.service.ts';

/**
 * Behind TLS the cookie carries the `__Host-` prefix (security-requirements S3): the browser then
 * insists on Secure, Path=/ and no Domain, so no sibling host can plant or read it.
 */
export function sessionCookieName(deps: Pick<Deps, 'config'>): string {
  return deps.config.cookieSecure ? '__Host-fazhi_sid' : 'fazhi_sid';
}

export function sessionCookieOptions(deps: Deps) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.cookieSecure,
    path: '/',
    maxAge: Math.floor(deps.config.sessionAbsoluteMs / 1000),
  };
}

function clearCookie(deps: Deps, reply: FastifyReply) {
  reply.clearCookie(sessionCookieName(deps), { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.cookieSecure });
}

export function authRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/auth/login', summary: '登录（设置会话 Cookie）', tags: ['auth'], auth: 'public', body: ZLoginRequest, response: ZMe },
    async ({ ctx, body, req, reply }) => {
      const { token, restriction, actor } = await login(ctx, { ...body, userAgent: req.headers['user-agent'] ?? null });
      reply.setCookie(sessionCookieName(deps), token, sessionCookieOptions(deps));
      return me(deps, actor, restriction);
    },
  );
  route(app, deps, { method: 'POST', url: '/api/v1/auth/logout', summary: '退出登录', tags: ['auth'], auth: 'restricted' }, async ({ ctx, reply }) => {
    await logout(ctx);
    clearCookie(deps, reply);
    // 等保 8.1.4.10 剩余信息保护: the browser drops what it cached for us.
    reply.header('Clear-Site-Data', '"cache", "storage"');
    return { ok: true };
  });
  route(app, deps, { method: 'GET', url: '/api/v1/auth/me', summary: '当前用户、角色与权限', tags: ['auth'], auth: 'restricted', response: ZMe }, async ({ req }) => {
    return me(deps, req.actor!, req.restriction);
  });
  route(app, deps, { method: 'POST', url: '/api/v1/auth/password', summary: '修改密码', tags: ['auth'], auth: 'restricted', body: ZPasswordChange }, async ({ ctx, body }) => {
    await changePassword(ctx, body.currentPassword, body.newPassword);
    return { ok: true };
  });
  route(app, deps, { method: 'POST', url: '/api/v1/auth/totp/setup', summary: '开始绑定动态验证码（TOTP）', tags: ['auth'], auth: 'restricted', response: ZTotpSetup }, async ({ ctx }) => {
    return beginTotpSetup(ctx);
  });
  route(app, deps, { method: 'POST', url: '/api/v1/auth/totp/confirm', summary: '确认动态验证码并启用', tags: ['auth'], auth: 'restricted', body: ZTotpConfirm }, async ({ ctx, body }) => {
    await confirmTotp(ctx, body.code);
    return { ok: true };
  });
}

async function me(deps: Deps, actor: NonNullable<import('fastify').FastifyRequest['actor']>, restriction: z.infer<typeof ZMe>['restriction']) {
  const orgIds = [...new Set([actor.orgId, ...actor.grants.map((g) => g.orgId)])];
  const orgs = await deps.database.db.selectFrom('orgs').select(['id', 'name', 'kind', 'path']).where('id', 'in', orgIds).execute();
  const name = new Map(orgs.map((o) => [o.id, o]));
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    org: { id: actor.orgId, name: name.get(actor.orgId)?.name ?? '' },
    grants: actor.grants.map((g) => ({ role: g.role, roleLabel: ROLE_LABELS[g.role].zh, orgId: g.orgId, orgName: name.get(g.orgId)?.name ?? '', scope: g.scope })),
    permissions: [...actor.permissions].sort(),
    restriction,
  };
}
