import type { FastifyInstance } from 'fastify';
import { ZMediationSettings, ZMediationSettingsInput, ZMediationSettingsQuery } from '../../../common/schemas/mediation-admin.ts';
import type { Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import { getMediationSettings, setMediationSettings } from './settings.service.ts';

const tags = ['mediation'];

export function settingsRoutes(app: FastifyInstance, deps: Deps): void {
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/mediation/settings', summary: '人民调解设置（回访期限；本级未设置则沿用上级）', tags, query: ZMediationSettingsQuery, response: ZMediationSettings },
    async ({ ctx, query }) => getMediationSettings(ctx, query.orgId),
  );
  route(
    app,
    deps,
    { method: 'PUT', url: '/api/v1/mediation/settings', summary: '设置本乡镇（或县）回访期限（1–365天，默认30天）', tags, body: ZMediationSettingsInput, response: ZMediationSettings },
    async ({ ctx, body }) => setMediationSettings(ctx, body),
  );
}
