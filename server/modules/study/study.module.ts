import type { FazhiModule } from '../module.ts';
import { studyFindings, studyReportSection, studyStats } from './study.report.ts';
import { studyRoutes } from './study.routes.ts';

export { nextStudySession } from './study.service.ts';

export const studyModule: FazhiModule = {
  name: 'study',
  routes(app, deps) {
    studyRoutes(app, deps);
  },
  stats: (ctx, period, orgId) => studyStats(ctx, period, orgId),
  findings: (ctx, period, orgId) => studyFindings(ctx, period, orgId),
  reportSection: (ctx, year, orgId) => studyReportSection(ctx, year, orgId),
};
