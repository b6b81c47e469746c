import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';

/**
 * Authorization rows for the publicity overview: stats, findings, the report paragraph and the
 * new-media target. Read: publicity.read on the org asked for — 娘子神乡's work readers (司法所,
 * leader, officer, reviewer, read-only) and the county; the grid worker only on their own village
 * (grant scope 'org'); the mediator holds no publicity.read. Write (the target): publicity.manage on
 * a township or the county; a village takes its township's value, so there is no village row to write.
 */
interface Fixtures {
  org: Record<Target, string>;
}

const READ: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly', 'nzs_grid'],
  neighbour: ['county', 'nb_sfs'],
};

export const publicityReportAuthz: AuthzSuite<Fixtures> = {
  name: 'publicity overview and report',
  async setup(env) {
    // the grid worker's own village (东沟村) is the subtree target
    return { org: { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb } };
  },
  cases: [
    { route: 'GET /api/v1/publicity/stats', request: (f, t) => ({ url: `/api/v1/publicity/stats?from=2024-01-01&to=2024-12-31&orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/publicity/findings', request: (f, t) => ({ url: `/api/v1/publicity/findings?from=2024-01-01&to=2024-12-31&orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/publicity/report-section', request: (f, t) => ({ url: `/api/v1/publicity/report-section?year=2024&orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/publicity/settings', request: (f, t) => ({ url: `/api/v1/publicity/settings?orgId=${f.org[t]}` }), allow: READ },
    {
      route: 'PUT /api/v1/publicity/settings',
      // the default value again: allowed users change nothing other suites' findings rely on
      request: (f, t) => (t === 'subtree' ? null : { url: '/api/v1/publicity/settings', body: { orgId: f.org[t], newMediaTargetPct: 30 } }),
      allow: { own: ['county', 'nzs_sfs', 'nzs_leader'], subtree: [], neighbour: ['county', 'nb_sfs'] },
    },
  ],
};
