import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';

/**
 * Authorization rows for the module settings (回访期限). Read: mediation.read on the org (county,
 * 娘子神乡's readers; 白杨镇's 司法所 for its own). Write: mediation.manage on a township — the two
 * 司法所 users; a village takes its township's value, so there is no village row to write.
 */
interface Fixtures {
  org: Record<Target, string>;
}

const READ: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly'],
  neighbour: ['county', 'nb_sfs'],
};

export const mediationSettingsAuthz: AuthzSuite<Fixtures> = {
  name: 'mediation settings',
  async setup(env) {
    return { org: { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb } };
  },
  cases: [
    { route: 'GET /api/v1/mediation/settings', request: (f, t) => ({ url: `/api/v1/mediation/settings?orgId=${f.org[t]}` }), allow: READ },
    {
      route: 'PUT /api/v1/mediation/settings',
      // the default value again: allowed users change nothing other suites' follow-up dates rely on
      request: (f, t) => (t === 'subtree' ? null : { url: '/api/v1/mediation/settings', body: { orgId: f.org[t], followUpDays: 30 } }),
      allow: { own: ['nzs_sfs'], subtree: [], neighbour: ['nb_sfs'] },
    },
  ],
};
