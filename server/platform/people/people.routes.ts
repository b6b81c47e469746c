import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ZPersonUnmasked, ZPersonView, ZUnmaskRequest } from '../../../common/schemas/people.ts';
import { zId, zIdCard } from '../../../common/validation.ts';
import type { Deps } from '../context.ts';
import { route } from '../http.ts';
import { findPeopleByIdCard, unmaskPerson } from './people.service.ts';

export function peopleRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/people/search', summary: '按身份证号精确查找人员（盲索引）', tags: ['people'], query: z.object({ idCard: zIdCard }), response: z.object({ items: z.array(ZPersonView) }) },
    async ({ ctx, query }) => ({ items: await findPeopleByIdCard(ctx, query.idCard) }),
  );
  route(
    app,
    deps,
    {
      method: 'POST',
      url: '/api/v1/people/:id/unmask',
      summary: '查看完整身份证号、电话和住址（需授权，留痕）',
      tags: ['people'],
      params: z.object({ id: zId }),
      body: ZUnmaskRequest,
      response: ZPersonUnmasked,
    },
    async ({ ctx, params, body }) => unmaskPerson(ctx, params.id, body.reason),
  );
}
