import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ZCalendar,
  ZCalendarQuery,
  ZIdParams,
  ZKeyDateCreate,
  ZKeyDateItem,
  ZKeyDateList,
  ZKeyDateUpdate,
  ZOrgQuery,
  ZRespCopy,
  ZRespCreate,
  ZRespItem,
  ZRespList,
  ZRespQuery,
  ZRespUpdate,
  ZThemeCodeParams,
  ZThemeCreate,
  ZThemeItem,
  ZThemeList,
  ZThemeQuery,
  ZThemeUpdate,
} from '../../../common/schemas/publicity-calendar.ts';
import type { Deps } from '../../platform/context.ts';
import { route } from '../../platform/http.ts';
import { createKeyDate, deleteKeyDate, listKeyDates, updateKeyDate, yearCalendar } from './keydates.service.ts';
import { copyResponsibilities, createResponsibility, deleteResponsibility, listResponsibilities, updateResponsibility } from './responsibilities.service.ts';
import { createTheme, listThemes, updateTheme } from './themes.service.ts';

const tags = ['publicity'];
const base = '/api/v1/publicity';

/** Key-date calendar, themes and the 谁执法谁普法 list. */
export function calendarRoutes(app: FastifyInstance, deps: Deps): void {
  // ——— key dates ———
  route(app, deps, { method: 'GET', url: `${base}/key-dates`, summary: '普法节点（内置、上级、本单位）', tags, query: ZOrgQuery, response: ZKeyDateList }, ({ ctx, query }) => listKeyDates(ctx, query.orgId));
  route(app, deps, { method: 'POST', url: `${base}/key-dates`, summary: '新增本单位节点；或停用/启用内置、上级节点；或设置宪法宣传周等当年日期', tags, body: ZKeyDateCreate, response: ZKeyDateItem }, ({ ctx, body }) =>
    createKeyDate(ctx, body),
  );
  route(app, deps, { method: 'PATCH', url: `${base}/key-dates/:id`, summary: '修改本单位的节点行', tags, params: ZIdParams, body: ZKeyDateUpdate, response: ZKeyDateItem }, ({ ctx, params, body }) =>
    updateKeyDate(ctx, params.id, body),
  );
  route(app, deps, { method: 'DELETE', url: `${base}/key-dates/:id`, summary: '删除本单位的节点行', tags, params: ZIdParams }, ({ ctx, params }) => deleteKeyDate(ctx, params.id));
  route(app, deps, { method: 'GET', url: `${base}/calendar`, summary: '年度普法日历：每个节点及关联活动', tags, query: ZCalendarQuery, response: ZCalendar }, ({ ctx, query }) => yearCalendar(ctx, query));

  // ——— themes ———
  route(app, deps, { method: 'GET', url: `${base}/themes`, summary: '宣传主题', tags, query: ZThemeQuery, response: ZThemeList }, ({ ctx, query }) => listThemes(ctx, query));
  route(app, deps, { method: 'POST', url: `${base}/themes`, summary: '新增自定义宣传主题', tags, body: ZThemeCreate, response: ZThemeItem }, ({ ctx, body }) => createTheme(ctx, body));
  route(app, deps, { method: 'PATCH', url: `${base}/themes/:code`, summary: '重命名自定义主题；停用/启用主题', tags, params: ZThemeCodeParams, body: ZThemeUpdate, response: ZThemeItem }, ({ ctx, params, body }) =>
    updateTheme(ctx, params.code, body),
  );

  // ——— 谁执法谁普法 ———
  route(app, deps, { method: 'GET', url: `${base}/responsibilities`, summary: '“谁执法谁普法”责任清单及落实情况', tags, query: ZRespQuery, response: ZRespList }, ({ ctx, query }) => listResponsibilities(ctx, query));
  route(app, deps, { method: 'POST', url: `${base}/responsibilities`, summary: '新增责任清单条目', tags, body: ZRespCreate, response: ZRespItem }, ({ ctx, body }) => createResponsibility(ctx, body));
  route(app, deps, { method: 'POST', url: `${base}/responsibilities/copy`, summary: '复制上一年度责任清单', tags, body: ZRespCopy, response: z.object({ copied: z.number() }) }, ({ ctx, body }) =>
    copyResponsibilities(ctx, body),
  );
  route(app, deps, { method: 'PATCH', url: `${base}/responsibilities/:id`, summary: '修改责任清单条目', tags, params: ZIdParams, body: ZRespUpdate, response: ZRespItem }, ({ ctx, params, body }) =>
    updateResponsibility(ctx, params.id, body),
  );
  route(app, deps, { method: 'DELETE', url: `${base}/responsibilities/:id`, summary: '删除责任清单条目', tags, params: ZIdParams }, ({ ctx, params }) => deleteResponsibility(ctx, params.id));
}
