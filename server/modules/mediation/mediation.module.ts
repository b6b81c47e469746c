import type { FazhiModule } from '../module.ts';
import { committeeRoutes } from './committees.routes.ts';
import { disputeRoutes } from './disputes.routes.ts';
import { mediationFindings, mediationReportSection, mediationStats, reportRoutes } from './mediation.report.ts';
import { screeningRoutes } from './screenings.routes.ts';
import { settingsRoutes } from './settings.routes.ts';
import { understanderRoutes } from './understanders.routes.ts';

export const mediationModule: FazhiModule = {
  name: 'mediation',
  routes(app, deps) {
    disputeRoutes(app, deps);
    committeeRoutes(app, deps);
    screeningRoutes(app, deps);
    understanderRoutes(app, deps);
    reportRoutes(app, deps);
    settingsRoutes(app, deps);
  },
  stats: (ctx, period, orgId) => mediationStats(ctx, period, orgId),
  findings: (ctx, period, orgId) => mediationFindings(ctx, period, orgId),
  reportSection: (ctx, year, orgId) => mediationReportSection(ctx, year, orgId),
};
