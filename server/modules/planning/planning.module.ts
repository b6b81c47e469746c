import type { FazhiModule } from '../module.ts';
import { planningFindings, planningReportSection, planningStats } from './planning.report.ts';
// registers the 'planning.reminders' sweep with the job runner (import side effect)
import './planning.reminders.ts';
import { planningRoutes } from './planning.routes.ts';

/** 强化组织领导: leading groups, annual work plan and tasks, progress, meetings, first-responsible-person duties. */
export const planningModule: FazhiModule = {
  name: 'planning',
  routes(app, deps) {
    planningRoutes(app, deps);
  },
  stats: (ctx, period, orgId) => planningStats(ctx, period, orgId),
  findings: (ctx, period, orgId) => planningFindings(ctx, period, orgId),
  reportSection: (ctx, year, orgId) => planningReportSection(ctx, year, orgId),
};
