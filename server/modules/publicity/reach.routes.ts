import type { FastifyInstance } from 'fastify';
import { ZReach, ZReachQuery } from '../../../common/schemas/publicity-reach.ts';
import type { Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import { reach } from './reach.service.ts';

/** Reach (传播效果): first-party view figures of the portal's items. */
export function reachRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/publicity/reach', summary: '传播效果：门户阅读次数（按日/月、内容、渠道、村）', tags: ['publicity'], query: ZReachQuery, response: ZReach },
    ({ ctx, query }) => reach(ctx, query),
  );
}
