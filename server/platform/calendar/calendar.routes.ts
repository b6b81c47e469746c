import type { FastifyInstance } from 'fastify';
import { ZCalendarStatus, ZCalendarYear, ZCalendarYearView, ZDeadline, ZDeadlineQuery, ZWorkday, ZWorkdayQuery, ZYearParam } from '../../../common/schemas/calendar.ts';
import type { Deps } from '../context.ts';
import { AppError } from '../errors.ts';
import { route } from '../http.ts';

export function calendarRoutes(app: FastifyInstance, deps: Deps): void {
  const svc = deps.calendar;
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/calendar/deadline', summary: '计算期限届满日（工作日或自然日）', tags: ['calendar'], auth: 'public', query: ZDeadlineQuery, response: ZDeadline },
    async ({ query }) => {
      const cal = await svc.calendar();
      return { due: query.unit === 'workday' ? cal.addWorkdays(query.start, query.days) : cal.addCalendarDays(query.start, query.days) };
    },
  );
  route(
    app,
    deps,
    { method: 'GET', url: '/api/v1/calendar/workday', summary: '某日是否为工作日', tags: ['calendar'], auth: 'public', query: ZWorkdayQuery, response: ZWorkday },
    async ({ query }) => ({ workday: (await svc.calendar()).isWorkday(query.date) }),
  );
  route(app, deps, { method: 'GET', url: '/api/v1/calendar/status', summary: '节假日安排数据状态（缺少下一年度时提示）', tags: ['calendar'], response: ZCalendarStatus }, async () => svc.status());
  route(app, deps, { method: 'GET', url: '/api/v1/calendar/years/:year', summary: '某年的节假日与调休', tags: ['calendar'], params: ZYearParam, response: ZCalendarYearView }, async ({ params }) => ({
    items: await svc.listYear(params.year),
  }));
  route(
    app,
    deps,
    { method: 'PUT', url: '/api/v1/calendar/years/:year', summary: '录入某年节假日安排（国务院办公厅通知）', tags: ['calendar'], params: ZYearParam, body: ZCalendarYear },
    async ({ ctx, params, body }) => {
      const seen = new Set<string>();
      for (const [i, d] of body.days.entries()) {
        if (!d.date.startsWith(`${params.year}-`)) throw new AppError('VALIDATION', [{ field: `days.${i}.date`, key: 'date_invalid' }]);
        // a day is either rest or work: the same date twice is a mistake, not a primary-key 500
        if (seen.has(d.date)) throw new AppError('VALIDATION', [{ field: `days.${i}.date`, key: 'duplicate' }]);
        seen.add(d.date);
      }
      await svc.setYear(ctx, params.year, body.days);
      return { ok: true };
    },
  );
}
