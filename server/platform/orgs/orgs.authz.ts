import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';

/**
 * Authorization rows for the org tree. Hand-written from common/roles.ts and the demo grants
 * (server/seed/base.ts):
 * - org.read is in every role. Scope: admin, secadmin, auditor, county — the county subtree;
 *   nzs_sfs, nzs_leader, nzs_officer, nzs_reviewer, nzs_readonly — 娘子神乡 subtree; nzs_grid —
 *   东沟村 only (the 'subtree' target is 东沟村); nzs_mediator holds it as 'self', which for the
 *   tree means only the org they belong to (娘子神村, not a target); nb_sfs — 白杨镇 subtree.
 * - org.manage is the system admin's alone (admin, on the county subtree).
 * Targets: own = 娘子神乡 (or a new department of it), subtree = 东沟村 (or a new village of
 * 娘子神乡), neighbour = 白杨镇 (or a new department of it).
 */
interface Fixtures {
  org: Record<Target, string>;
}

const READ: Record<Target, DemoUsername[]> = {
  own: ['admin', 'secadmin', 'auditor', 'county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly'],
  subtree: ['admin', 'secadmin', 'auditor', 'county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly', 'nzs_grid'],
  neighbour: ['admin', 'secadmin', 'auditor', 'county', 'nb_sfs'],
};
const MANAGE: Record<Target, DemoUsername[]> = { own: ['admin'], subtree: ['admin'], neighbour: ['admin'] };

let seq = 0;
const code = () => `AZ${Date.now().toString(36)}${seq++}`;

/** A fresh empty org for a delete attempt, so each user's attempt meets a deletable org. */
async function emptyOrg(env: TestEnv, t: Target): Promise<string> {
  const [parentId, kind] = t === 'own' ? [env.ids.nzs, 'department'] : t === 'subtree' ? [env.ids.nzs, 'village'] : [env.ids.nb, 'department'];
  const res = await env.call('POST', '/api/v1/orgs', { cookie: await env.login('admin'), body: { parentId, code: code(), name: '矩阵待删组织', kind } });
  if (res.statusCode !== 200) throw new Error(`org: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export const orgsAuthz: AuthzSuite<Fixtures> = {
  name: 'platform orgs',
  async setup(env) {
    return { org: { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb } };
  },
  cases: [
    { route: 'GET /api/v1/orgs', request: (f, t) => ({ url: `/api/v1/orgs?rootId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/orgs/:id', request: (f, t) => ({ url: `/api/v1/orgs/${f.org[t]}` }), allow: READ },
    {
      route: 'POST /api/v1/orgs',
      // under the village: the scope check passes for admin, then the kind rule answers 400 (allowed, nothing written)
      request: (f, t) => ({ url: '/api/v1/orgs', body: { parentId: f.org[t], code: code(), name: '矩阵新组织', kind: 'department' } }),
      allow: MANAGE,
    },
    // the seeded sort order again (娘子神乡 1, 东沟村 1, 白杨镇 2): allowed users change nothing other suites rely on
    { route: 'PATCH /api/v1/orgs/:id', request: (f, t) => ({ url: `/api/v1/orgs/${f.org[t]}`, body: { sort: { own: 1, subtree: 1, neighbour: 2 }[t] } }), allow: MANAGE },
    { route: 'DELETE /api/v1/orgs/:id', request: async (_f, t, env) => ({ url: `/api/v1/orgs/${await emptyOrg(env, t)}` }), allow: MANAGE },
    // the template and the upload name no org: a permission check (the rows' scope is tested in orgs.test.ts)
    { route: 'GET /api/v1/orgs/import/template', request: () => ({ url: '/api/v1/orgs/import/template' }), allow: MANAGE },
    // no file (the matrix sends JSON): an allowed user gets 400 "upload a file", others 403
    { route: 'POST /api/v1/orgs/import', request: () => ({ url: '/api/v1/orgs/import' }), allow: MANAGE },
  ],
};
