import type { FazhiModule } from '../module.ts';
import { calendarRoutes } from './calendar.routes.ts';
// registers the 'publicity.reminders' sweep (key dates with nothing planned) with the job runner
import './publicity.reminders.ts';
import { contentRoutes } from './content.routes.ts';
import { eventsRoutes } from './events.routes.ts';
import { publicityFindings, publicityReportSection, publicityStats } from './publicity.report.ts';
import { reachRoutes } from './reach.routes.ts';
import { reportRoutes } from './report.routes.ts';

export const publicityModule: FazhiModule = {
  name: 'publicity',
  routes(app, deps) {
    eventsRoutes(app, deps);
    calendarRoutes(app, deps);
    contentRoutes(app, deps);
    reachRoutes(app, deps);
    reportRoutes(app, deps);
  },
  stats: (ctx, period, orgId) => publicityStats(ctx, period, orgId),
  findings: (ctx, period, orgId) => publicityFindings(ctx, period, orgId),
  reportSection: (ctx, year, orgId) => publicityReportSection(ctx, year, orgId),
};
