import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ZActivityInput,
  ZActivityView,
  ZCoverage,
  ZCoverageQuery,
  ZTarget,
  ZTargetInput,
  ZTargetQuery,
  ZUnderstanderCreate,
  ZUnderstanderQuery,
  ZUnderstanderUpdate,
  ZUnderstanderView,
} from '../../../common/schemas/mediation-admin.ts';
import { listOf, zId } from '../../../common/validation.ts';
import type { Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import { addActivity, coverage, createUnderstander, getTarget, listActivities, listUnderstanders, setTarget, updateUnderstander } from './understanders.service.ts';

const tags = ['mediation'];
const ZIdParam = z.object({ id: zId });
const ZIdOnly = z.object({ id: z.string() });

export function understanderRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    {
      method: 'GET',
      url: '/api/v1/mediation/understanders',
      summary: '法律明白人名册（含年度培训学时、活动次数）',
      tags,
      query: ZUnderstanderQuery,
      response: listOf(ZUnderstanderView),
    },
    async ({ ctx, query }) => listUnderstanders(ctx, query),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/mediation/understanders', summary: '登记法律明白人', tags, body: ZUnderstanderCreate, response: ZIdOnly },
    async ({ ctx, body }) => createUnderstander(ctx, body),
  );
  route(
    app,
    deps,
    { method: 'PATCH', url: '/api/v1/mediation/understanders/:id', summary: '修改法律明白人（类别、选任日期、在册/退出）', tags, params: ZIdParam, body: ZUnderstanderUpdate, response: ZIdOnly },
    async ({ ctx, params, body }) => updateUnderstander(ctx, params.id, body),
  );
  route(
    app,
    deps,
    {
      method: 'GET',
      url: '/api/v1/mediation/understanders/:id/activities',
      summary: '法律明白人活动和培训记录',
      tags,
      params: ZIdParam,
      query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      response: listOf(ZActivityView),
    },
    async ({ ctx, params, query }) => listActivities(ctx, params.id, query),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/mediation/understanders/:id/activities', summary: '记录法律明白人活动或培训（培训须填学时）', tags, params: ZIdParam, body: ZActivityInput, response: ZActivityView },
    async ({ ctx, params, body }) => addActivity(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/understanders/coverage', summary: '各村法律明白人配备情况（对照目标人数）', tags, query: ZCoverageQuery, response: ZCoverage },
    async ({ ctx, query }) => coverage(ctx, query),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/understanders/target', summary: '每村法律明白人目标人数', tags, query: ZTargetQuery, response: ZTarget },
    async ({ ctx, query }) => getTarget(ctx, query.orgId),
  );
  route(
    app,
    deps,
    { method: 'PUT', url: '/api/v1/mediation/understanders/target', summary: '设置本乡镇每村法律明白人目标人数（默认3名）', tags, body: ZTargetInput, response: ZTarget },
    async ({ ctx, body }) => setTarget(ctx, body),
  );
}
