import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';

/**
 * Authorization rows for screenings. Readers: mediation.read (county, nzs_sfs, nzs_leader,
 * nzs_readonly; nb_sfs) or mediation.screening.write (nzs_sfs, nb_sfs, and nzs_grid on 东沟村 only —
 * the 'subtree' target here). Writers: the 司法所 users and the grid worker in their village.
 * Screenings are per village: township targets do not apply to writes.
 */
interface Fixtures {
  org: Record<Target, string>;
}

const READ: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly', 'nzs_grid'],
  neighbour: ['county', 'nb_sfs'],
};
const WRITE: Record<Target, DemoUsername[]> = { own: [], subtree: ['nzs_sfs', 'nzs_grid'], neighbour: ['nb_sfs'] };

export const screeningsAuthz: AuthzSuite<Fixtures> = {
  name: 'mediation screenings',
  async setup(env) {
    // nzs_grid's grant is on nzsVillages[1] (东沟村)
    return { org: { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nbVillages[0] } };
  },
  cases: [
    { route: 'GET /api/v1/mediation/screenings', request: (f, t) => ({ url: `/api/v1/mediation/screenings?year=2024&orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/mediation/screenings/records', request: (f, t) => ({ url: `/api/v1/mediation/screenings/records?year=2024&orgId=${f.org[t]}` }), allow: READ },
    {
      route: 'POST /api/v1/mediation/screenings',
      request: (f, t) => (t === 'own' ? null : { url: '/api/v1/mediation/screenings', body: { orgId: f.org[t], period: '2024-05', found: 2, resolved: 1, escalated: 1 } }),
      allow: WRITE,
    },
    {
      route: 'POST /api/v1/mediation/screenings/zero',
      request: (f, t) => (t === 'own' ? null : { url: '/api/v1/mediation/screenings/zero', body: { orgId: f.org[t], period: '2024-06' } }),
      allow: WRITE,
    },
  ],
};
