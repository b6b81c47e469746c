import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';

/**
 * Authorization rows for users and grants. Hand-written from common/roles.ts and the demo grants
 * (server/seed/base.ts), all of which for these permissions sit on the county subtree:
 * - user.read: admin (sys_admin), secadmin (sec_admin), county (county_supervisor);
 * - user.manage: admin only; user.grant and user.unlock: secadmin only;
 * - reading a user's grants: user.read or user.grant, so admin, secadmin and county.
 * No township role holds any user permission, so nzs_* and nb_sfs are refused everywhere.
 * The users acted on are made here, never the demo users (whose sessions the matrix reuses):
 * own = a user of 娘子神乡 党政办, subtree = a user of 东沟村, neighbour = a user of 白杨镇 党政办.
 */
interface Fixtures {
  org: Record<Target, string>;
  user: Record<Target, string>;
}

const all = (users: DemoUsername[]): Record<Target, DemoUsername[]> => ({ own: users, subtree: users, neighbour: users });
const READ = all(['admin', 'secadmin', 'county']);
const MANAGE = all(['admin']);
const GRANT = all(['secadmin']);
const UNLOCK = all(['secadmin']);

const PASSWORD = 'Juzhen#2026pass';
let seq = 0;
const username = (t: string) => `az_${t}_${Date.now().toString(36)}${seq++}`;

async function as(env: TestEnv, user: string, method: string, url: string, body?: unknown) {
  const res = await env.call(method, url, { cookie: await env.login(user), body });
  if (res.statusCode !== 200) throw new Error(`${method} ${url} as ${user}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The target user's readonly grant on its own org, created if an earlier attempt removed it. */
async function grantToRevoke(env: TestEnv, f: Fixtures, t: Target): Promise<string> {
  const { items } = await as(env, 'secadmin', 'GET', `/api/v1/users/${f.user[t]}/grants`);
  const g = items.find((x: { role: string; orgId: string }) => x.role === 'readonly' && x.orgId === f.org[t]);
  if (g) return g.id;
  return (await as(env, 'secadmin', 'POST', `/api/v1/users/${f.user[t]}/grants`, { role: 'readonly', orgId: f.org[t], scope: 'org' })).id;
}

export const usersAuthz: AuthzSuite<Fixtures> = {
  name: 'platform users and grants',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb };
    const home = { own: env.ids.nzsDepartments.党政办, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nbDepartments.党政办 };
    const make = async (t: Target) => (await as(env, 'admin', 'POST', '/api/v1/users', { username: username(t), displayName: '矩阵用户', orgId: home[t], password: PASSWORD })).id as string;
    return { org, user: { own: await make('own'), subtree: await make('subtree'), neighbour: await make('neighbour') } };
  },
  cases: [
    { route: 'GET /api/v1/users', request: (f, t) => ({ url: `/api/v1/users?orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/users/:id', request: (f, t) => ({ url: `/api/v1/users/${f.user[t]}` }), allow: READ },
    {
      route: 'POST /api/v1/users',
      request: (f, t) => ({ url: '/api/v1/users', body: { username: username(t), displayName: '矩阵新用户', orgId: f.org[t], password: PASSWORD } }),
      allow: MANAGE,
    },
    { route: 'PATCH /api/v1/users/:id', request: (f, t) => ({ url: `/api/v1/users/${f.user[t]}`, body: { displayName: '矩阵用户' } }), allow: MANAGE },
    { route: 'POST /api/v1/users/:id/disable', request: (f, t) => ({ url: `/api/v1/users/${f.user[t]}/disable` }), allow: MANAGE },
    { route: 'POST /api/v1/users/:id/enable', request: (f, t) => ({ url: `/api/v1/users/${f.user[t]}/enable` }), allow: MANAGE },
    { route: 'POST /api/v1/users/:id/reset-password', request: (f, t) => ({ url: `/api/v1/users/${f.user[t]}/reset-password`, body: { password: PASSWORD } }), allow: MANAGE },
    { route: 'POST /api/v1/users/:id/unlock', request: (f, t) => ({ url: `/api/v1/users/${f.user[t]}/unlock` }), allow: UNLOCK },
    { route: 'GET /api/v1/users/:id/grants', request: (f, t) => ({ url: `/api/v1/users/${f.user[t]}/grants` }), allow: READ },
    // after the first success the same grant answers 409, still "allowed"
    {
      route: 'POST /api/v1/users/:id/grants',
      request: (f, t) => ({ url: `/api/v1/users/${f.user[t]}/grants`, body: { role: 'mediator', orgId: f.org[t], scope: 'self' } }),
      allow: GRANT,
    },
    {
      route: 'DELETE /api/v1/users/:id/grants/:grantId',
      request: async (f, t, env) => ({ url: `/api/v1/users/${f.user[t]}/grants/${await grantToRevoke(env, f, t)}` }),
      allow: GRANT,
    },
  ],
};
