import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';

/**
 * Authorization rows for committees and mediators. Hand-written from common/roles.ts and the demo
 * users (server/seed/base.ts): mediation.read — county (county subtree), nzs_sfs, nzs_leader,
 * nzs_readonly (娘子神乡 subtree), nb_sfs (白杨镇); nzs_mediator holds it only for records of their
 * own ('self'), so an org filter is refused. mediation.manage — the two 司法所 users only.
 */
export interface CommitteeFixtures {
  committee: Record<Target, string>;
  name: Record<Target, string>;
  /** Committees the deactivate row may switch off: shared ones are switched back on before each call. */
  dissolvable: Record<Target, string>;
  mediator: Record<Target, string>;
  org: Record<Target, string>;
}

async function as(env: TestEnv, user: string, method: string, url: string, body?: unknown) {
  const res = await env.call(method, url, { cookie: await env.login(user), body });
  if (res.statusCode !== 200) throw new Error(`${method} ${url} as ${user}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The active committee of exactly this org, created if there is none (other suites may have made one). */
export async function ensureCommittee(env: TestEnv, user: string, orgId: string): Promise<string> {
  const list = await as(env, user, 'GET', `/api/v1/mediation/committees?orgId=${orgId}&active=true&pageSize=200`);
  const mine = list.items.find((c: { orgId: string }) => c.orgId === orgId);
  if (mine) return mine.id;
  return (await as(env, user, 'POST', '/api/v1/mediation/committees', { orgId })).id;
}

const READ_NZS: DemoUsername[] = ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly'];
const READ_NB: DemoUsername[] = ['county', 'nb_sfs'];
const read = { own: READ_NZS, subtree: READ_NZS, neighbour: READ_NB };
const manage = { own: ['nzs_sfs'], subtree: ['nzs_sfs'], neighbour: ['nb_sfs'] } satisfies Record<Target, DemoUsername[]>;

export const committeesAuthz: AuthzSuite<CommitteeFixtures> = {
  name: 'mediation committees and mediators',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nbVillages[0] };
    const committee = {
      own: await ensureCommittee(env, 'nzs_sfs', org.own),
      subtree: await ensureCommittee(env, 'nzs_sfs', org.subtree),
      neighbour: await ensureCommittee(env, 'nb_sfs', org.neighbour),
    };
    const nameOf = async (id: string) => (await as(env, 'county', 'GET', `/api/v1/mediation/committees/${id}`)).name as string;
    const name = { own: await nameOf(committee.own), subtree: await nameOf(committee.subtree), neighbour: await nameOf(committee.neighbour) };
    const dissolvable = { own: committee.own, subtree: await ensureCommittee(env, 'nzs_sfs', env.ids.nzsVillages[7]), neighbour: await ensureCommittee(env, 'nb_sfs', env.ids.nbVillages[7]) };
    const member = async (user: string, committeeId: string) =>
      (await as(env, user, 'POST', '/api/v1/mediation/mediators', { committeeId, title: 'member', person: { name: '矩阵测试委员', gender: '女' } })).id as string;
    const mediator = {
      own: await member('nzs_sfs', committee.own),
      subtree: await member('nzs_sfs', committee.subtree),
      neighbour: await member('nb_sfs', committee.neighbour),
    };
    return { committee, name, dissolvable, mediator, org };
  },
  cases: [
    { route: 'GET /api/v1/mediation/committees', request: (f, t) => ({ url: `/api/v1/mediation/committees?orgId=${f.org[t]}` }), allow: read },
    {
      route: 'POST /api/v1/mediation/committees',
      // a second committee for the same org answers 409, which still counts as allowed
      request: (f, t, env) => ({ url: '/api/v1/mediation/committees', body: { orgId: t === 'subtree' ? env.ids.nzsVillages[2] : f.org[t] } }),
      allow: manage,
    },
    { route: 'GET /api/v1/mediation/committees/:id', request: (f, t) => ({ url: `/api/v1/mediation/committees/${f.committee[t]}` }), allow: read },
    {
      route: 'PATCH /api/v1/mediation/committees/:id',
      // the same name again: allowed users change nothing other suites rely on
      request: (f, t) => ({ url: `/api/v1/mediation/committees/${f.committee[t]}`, body: { name: f.name[t] } }),
      allow: manage,
    },
    {
      route: 'POST /api/v1/mediation/committees/:id/deactivate',
      async request(f, t, env) {
        const id = f.dissolvable[t];
        // the township's committee may be another suite's fixture: revive it before each attempt
        if (t === 'own') await as(env, 'nzs_sfs', 'PATCH', `/api/v1/mediation/committees/${id}`, { active: true });
        return { url: `/api/v1/mediation/committees/${id}/deactivate` };
      },
      allow: manage,
    },
    { route: 'GET /api/v1/mediation/mediators', request: (f, t) => ({ url: `/api/v1/mediation/mediators?orgId=${f.org[t]}` }), allow: read },
    {
      route: 'POST /api/v1/mediation/mediators',
      request: (f, t) => ({ url: '/api/v1/mediation/mediators', body: { committeeId: f.committee[t], title: 'mediator', person: { name: '矩阵测试调解员', gender: '男' } } }),
      allow: manage,
    },
    { route: 'PATCH /api/v1/mediation/mediators/:id', request: (f, t) => ({ url: `/api/v1/mediation/mediators/${f.mediator[t]}`, body: { title: 'member' } }), allow: manage },
    { route: 'POST /api/v1/mediation/mediators/:id/deactivate', request: (f, t) => ({ url: `/api/v1/mediation/mediators/${f.mediator[t]}/deactivate` }), allow: manage },
  ],
};
