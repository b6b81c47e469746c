import type { FastifyInstance } from 'fastify';
import { ZFindings, ZReportSection } from '../../../common/schemas/mediation-admin.ts';
import { ZPublicitySettings, ZPublicitySettingsInput, ZPublicitySettingsQuery, ZPublicityStats, ZPublicityStatsQuery, ZPublicityYearQuery } from '../../../common/schemas/publicity-report.ts';
import type { Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import { todayShanghai } from '../../platform/time.ts';
import { publicityFindings, publicityReportSection, publicityStats } from './publicity.report.ts';
import { getPublicitySettings, setPublicitySettings } from './publicity.settings.ts';

const BASE = '/api/v1/publicity';
const tags = ['publicity'];

/** The period of a query: the given dates, else this whole year (Asia/Shanghai). */
function periodOf(q: { from?: string; to?: string }) {
  const y = todayShanghai().slice(0, 4);
  return { from: q.from ?? `${y}-01-01`, to: q.to ?? `${y}-12-31` };
}

/** Overview and report: statistics, findings, the annual-report paragraph, the new-media target. */
export function reportRoutes(app: FastifyInstance, deps: Deps): void {
  route(app, deps, { method: 'GET', url: `${BASE}/stats`, summary: '普法宣传统计（按形式、主题、村、月份；新媒体占比及分母；门户阅读）', tags, query: ZPublicityStatsQuery, response: ZPublicityStats }, async ({ ctx, query }) =>
    publicityStats(ctx, periodOf(query), query.orgId),
  );
  route(app, deps, { method: 'GET', url: `${BASE}/findings`, summary: '普法宣传问题提示（新媒体占比低于目标、无宣传的村、重要节点未开展、谁执法谁普法未落实）', tags, query: ZPublicityStatsQuery, response: ZFindings }, async ({ ctx, query }) => ({
    items: await publicityFindings(ctx, periodOf(query), query.orgId),
  }));
  route(app, deps, { method: 'GET', url: `${BASE}/report-section`, summary: '年度法治政府建设报告：普法宣传段落（每个数字可追溯）', tags, query: ZPublicityYearQuery, response: ZReportSection }, async ({ ctx, query }) =>
    publicityReportSection(ctx, query.year ?? Number(todayShanghai().slice(0, 4)), query.orgId),
  );
  route(app, deps, { method: 'GET', url: `${BASE}/settings`, summary: '普法宣传设置（新媒体普法占比目标；本级未设置则沿用上级）', tags, query: ZPublicitySettingsQuery, response: ZPublicitySettings }, async ({ ctx, query }) =>
    getPublicitySettings(ctx, query.orgId),
  );
  route(app, deps, { method: 'PUT', url: `${BASE}/settings`, summary: '设置本乡镇（或县）新媒体普法占比目标（0–100%，默认30%）', tags, body: ZPublicitySettingsInput, response: ZPublicitySettings }, async ({ ctx, body }) =>
    setPublicitySettings(ctx, body),
  );
}
