import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ZCommitteeCreate,
  ZCommitteeDetail,
  ZCommitteeQuery,
  ZCommitteeUpdate,
  ZCommitteeView,
  ZMediatorCreate,
  ZMediatorQuery,
  ZMediatorUpdate,
  ZMediatorView,
} from '../../../common/schemas/mediation-admin.ts';
import { listOf, zId } from '../../../common/validation.ts';
import type { Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import { createCommittee, createMediator, getCommittee, listCommittees, listMediators, updateCommittee, updateMediator } from './committees.service.ts';

const tags = ['mediation'];
const ZIdParam = z.object({ id: zId });

export function committeeRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/committees', summary: '人民调解委员会列表', tags, query: ZCommitteeQuery, response: listOf(ZCommitteeView) },
    async ({ ctx, query }) => listCommittees(ctx, query),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/mediation/committees', summary: '设立人民调解委员会（人民调解法第8条）', tags, body: ZCommitteeCreate, response: ZCommitteeView },
    async ({ ctx, body }) => createCommittee(ctx, body),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/committees/:id', summary: '人民调解委员会及其组成人员', tags, params: ZIdParam, response: ZCommitteeDetail },
    async ({ ctx, params }) => getCommittee(ctx, params.id),
  );
  route(
    app,
    deps,
    { method: 'PATCH', url: '/api/v1/mediation/committees/:id', summary: '修改人民调解委员会', tags, params: ZIdParam, body: ZCommitteeUpdate, response: ZCommitteeView },
    async ({ ctx, params, body }) => updateCommittee(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/mediation/committees/:id/deactivate', summary: '撤销人民调解委员会（保留历史案件）', tags, params: ZIdParam, response: ZCommitteeView },
    async ({ ctx, params }) => updateCommittee(ctx, params.id, { active: false }),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/mediators', summary: '人民调解员列表', tags, query: ZMediatorQuery, response: listOf(ZMediatorView) },
    async ({ ctx, query }) => listMediators(ctx, query),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/mediation/mediators', summary: '增加人民调解委员会组成人员 / 调解员', tags, body: ZMediatorCreate, response: ZMediatorView },
    async ({ ctx, body }) => createMediator(ctx, body),
  );
  route(
    app,
    deps,
    { method: 'PATCH', url: '/api/v1/mediation/mediators/:id', summary: '修改调解员职务、账号关联、法律明白人标记', tags, params: ZIdParam, body: ZMediatorUpdate, response: ZMediatorView },
    async ({ ctx, params, body }) => updateMediator(ctx, params.id, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/mediation/mediators/:id/deactivate', summary: '调解员离任', tags, params: ZIdParam, response: ZMediatorView },
    async ({ ctx, params }) => updateMediator(ctx, params.id, { active: false }),
  );
}
