import type { FastifyInstance } from 'fastify';
import { ZAuditList, ZAuditQuery, ZAuditVerify } from '../../common/schemas/audit.ts';
import { listAuditEvents, verifyAuditForViewer } from './audit.service.ts';
import type { Deps } from './context.ts';
import { route } from './http.ts';

const tags = ['audit'];

/** 审计日志查看与链校验：仅审计管理员（三员分立）；每次查看本身也留痕。 */
export function auditRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/audit/events', summary: '审计日志（审计管理员；按用户、对象、操作、结果、时间筛选，最新在前）', tags, query: ZAuditQuery, response: ZAuditList },
    async ({ ctx, query }) => listAuditEvents(ctx, query),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/audit/verify', summary: '校验审计日志 SM3 哈希链（报告第一条被篡改、插入或删除的记录）', tags, response: ZAuditVerify },
    async ({ ctx }) => verifyAuditForViewer(ctx),
  );
}
