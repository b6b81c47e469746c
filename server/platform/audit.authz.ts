import type { AuthzSuite, DemoUsername, Target } from '../testing/authz.ts';

/**
 * The audit log is the audit admin's alone (等保 8.1.5; 三员分立): `audit.read` is only in
 * audit_admin (common/roles.ts), held by `auditor` on the county subtree. The system admin and the
 * security admin are refused like everyone else. Targets filter the log by an org of each target;
 * the answer is allowed or denied the same way whatever the filter.
 */
interface Fixtures {
  org: Record<Target, string>;
}

const AUDITOR: Record<Target, readonly DemoUsername[]> = { own: ['auditor'], subtree: ['auditor'], neighbour: ['auditor'] };

export const auditAuthz: AuthzSuite<Fixtures> = {
  name: 'platform audit viewer',
  async setup(env) {
    return { org: { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb } };
  },
  cases: [
    { route: 'GET /api/v1/audit/events', request: (f, t) => ({ url: `/api/v1/audit/events?entity=org&entityId=${f.org[t]}` }), allow: AUDITOR },
    { route: 'GET /api/v1/audit/verify', request: () => ({ url: '/api/v1/audit/verify' }), allow: AUDITOR },
  ],
};
