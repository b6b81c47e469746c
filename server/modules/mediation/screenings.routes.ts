import type { FastifyInstance } from 'fastify';
import { ZScreeningGrid, ZScreeningGridQuery, ZScreeningInput, ZScreeningListQuery, ZScreeningView, ZZeroReportInput } from '../../../common/schemas/mediation-admin.ts';
import { listOf } from '../../../common/validation.ts';
import type { Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import { listScreenings, screeningGrid, submitScreening, zeroReport } from './screenings.service.ts';

const tags = ['mediation'];

export function screeningRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    {
      method: 'GET',
      url: '/api/v1/mediation/screenings',
      summary: '矛盾纠纷排查：村×月填报情况（标出漏报月份）',
      tags,
      query: ZScreeningGridQuery,
      response: ZScreeningGrid,
    },
    async ({ ctx, query }) => screeningGrid(ctx, query),
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/screenings/records', summary: '矛盾纠纷排查记录列表', tags, query: ZScreeningListQuery, response: listOf(ZScreeningView) },
    async ({ ctx, query }) => listScreenings(ctx, query),
  );
  route(
    app,
    deps,
    {
      method: 'POST',
      url: '/api/v1/mediation/screenings',
      summary: '填报本村某月矛盾纠纷排查情况（重复填报即修改）',
      tags,
      body: ZScreeningInput,
      response: ZScreeningView,
    },
    async ({ ctx, body }) => submitScreening(ctx, body),
  );
  route(
    app,
    deps,
    { method: 'POST', url: '/api/v1/mediation/screenings/zero', summary: '零上报：本月未排查到矛盾纠纷（一键）', tags, body: ZZeroReportInput, response: ZScreeningView },
    async ({ ctx, body }) => zeroReport(ctx, body),
  );
}
