import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';

/**
 * Authorization rows for the 法律明白人 registry. Readers: mediation.read or
 * mediation.understander.write (nzs_grid on 东沟村, the 'subtree' target). Writers: the 司法所 users
 * and the grid worker in their village. The target per village is set by mediation.manage on a
 * township (the two 司法所 users).
 */
interface Fixtures {
  org: Record<Target, string>;
  understander: Record<Target, string | null>;
}

const READ: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly', 'nzs_grid'],
  neighbour: ['county', 'nb_sfs'],
};
const WRITE: Record<Target, DemoUsername[]> = { own: [], subtree: ['nzs_sfs', 'nzs_grid'], neighbour: ['nb_sfs'] };

async function create(env: TestEnv, user: string, orgId: string): Promise<string> {
  const res = await env.call('POST', '/api/v1/mediation/understanders', {
    cookie: await env.login(user),
    body: { orgId, person: { name: '矩阵明白人', gender: '女' }, category: 'grid_worker', appointedOn: '2024-01-01' },
  });
  if (res.statusCode !== 200) throw new Error(`understander: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export const understandersAuthz: AuthzSuite<Fixtures> = {
  name: 'mediation 法律明白人',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nbVillages[0] };
    return { org, understander: { own: null, subtree: await create(env, 'nzs_sfs', org.subtree), neighbour: await create(env, 'nb_sfs', org.neighbour) } };
  },
  cases: [
    { route: 'GET /api/v1/mediation/understanders', request: (f, t) => ({ url: `/api/v1/mediation/understanders?orgId=${f.org[t]}` }), allow: READ },
    {
      route: 'POST /api/v1/mediation/understanders',
      request: (f, t) =>
        t === 'own' ? null : { url: '/api/v1/mediation/understanders', body: { orgId: f.org[t], person: { name: '矩阵新明白人' }, category: 'party_member', appointedOn: '2024-02-01' } },
      allow: WRITE,
    },
    {
      route: 'PATCH /api/v1/mediation/understanders/:id',
      request: (f, t) => (f.understander[t] ? { url: `/api/v1/mediation/understanders/${f.understander[t]}`, body: { category: 'other' } } : null),
      allow: WRITE,
    },
    {
      route: 'GET /api/v1/mediation/understanders/:id/activities',
      request: (f, t) => (f.understander[t] ? { url: `/api/v1/mediation/understanders/${f.understander[t]}/activities` } : null),
      allow: { own: [], subtree: READ.subtree, neighbour: READ.neighbour },
    },
    {
      route: 'POST /api/v1/mediation/understanders/:id/activities',
      request: (f, t) =>
        f.understander[t] ? { url: `/api/v1/mediation/understanders/${f.understander[t]}/activities`, body: { kind: 'training', heldOn: '2024-05-01', hours: 2, summary: '矩阵培训' } } : null,
      allow: WRITE,
    },
    { route: 'GET /api/v1/mediation/understanders/coverage', request: (f, t) => ({ url: `/api/v1/mediation/understanders/coverage?orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/mediation/understanders/target', request: (f, t) => ({ url: `/api/v1/mediation/understanders/target?orgId=${f.org[t]}` }), allow: READ },
    {
      route: 'PUT /api/v1/mediation/understanders/target',
      // set on a township (or the county); a village target does not apply
      request: (f, t) => (t === 'subtree' ? null : { url: '/api/v1/mediation/understanders/target', body: { orgId: f.org[t], target: 3 } }),
      allow: { own: ['nzs_sfs'], subtree: [], neighbour: ['nb_sfs'] },
    },
  ],
};
