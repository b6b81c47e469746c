import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';

/**
 * Authorization rows for statistics, findings, the report paragraph (mediation.report: county,
 * nzs_sfs, nzs_leader, nzs_readonly; nb_sfs) and the Excel export (mediation.export: county,
 * nzs_sfs, nzs_leader; nb_sfs). The mediator, grid worker, officer, reviewer and the three
 * administrators hold neither.
 */
interface Fixtures {
  org: Record<Target, string>;
}

const REPORT: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly'],
  neighbour: ['county', 'nb_sfs'],
};
const EXPORT: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader'],
  neighbour: ['county', 'nb_sfs'],
};

export const mediationReportAuthz: AuthzSuite<Fixtures> = {
  name: 'mediation statistics, findings, report and export',
  async setup(env) {
    return { org: { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb } };
  },
  cases: [
    { route: 'GET /api/v1/mediation/stats', request: (f, t) => ({ url: `/api/v1/mediation/stats?from=2024-01-01&to=2024-12-31&orgId=${f.org[t]}` }), allow: REPORT },
    { route: 'GET /api/v1/mediation/findings', request: (f, t) => ({ url: `/api/v1/mediation/findings?from=2024-01-01&to=2024-12-31&orgId=${f.org[t]}` }), allow: REPORT },
    { route: 'GET /api/v1/mediation/report-section', request: (f, t) => ({ url: `/api/v1/mediation/report-section?year=2024&orgId=${f.org[t]}` }), allow: REPORT },
    { route: 'GET /api/v1/mediation/stats.xlsx', request: (f, t) => ({ url: `/api/v1/mediation/stats.xlsx?year=2024&orgId=${f.org[t]}` }), allow: EXPORT },
  ],
};
