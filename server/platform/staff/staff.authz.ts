import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';

/**
 * Authorization rows for the 工作人员名册. Hand-written from common/roles.ts and the demo users:
 * staff.read — county (county subtree); nzs_sfs, nzs_leader, nzs_readonly, nzs_officer,
 * nzs_reviewer (娘子神乡 subtree); nb_sfs (白杨镇). staff.manage — the township leader and the
 * 司法所 (nzs_sfs, nzs_leader; nb_sfs next door). The county office reads but does not edit.
 */
export interface StaffFixtures {
  org: Record<Target, string>;
  staff: Record<Target, string>;
  post: Record<Target, string>;
}

const read = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly', 'nzs_officer', 'nzs_reviewer'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly', 'nzs_officer', 'nzs_reviewer'],
  neighbour: ['county', 'nb_sfs'],
} satisfies Record<Target, DemoUsername[]>;
const manage = { own: ['nzs_sfs', 'nzs_leader'], subtree: ['nzs_sfs', 'nzs_leader'], neighbour: ['nb_sfs'] } satisfies Record<Target, DemoUsername[]>;

export const staffAuthz: AuthzSuite<StaffFixtures> = {
  name: 'staff roster (工作人员名册)',
  async setup(env) {
    return {
      org: { own: env.ids.nzs, subtree: env.ids.nzsDepartments.党政办, neighbour: env.ids.nb },
      staff: { own: env.ids.staff.高建军, subtree: env.ids.staff.周文, neighbour: env.ids.staff.韩国栋 },
      post: { own: '党委书记', subtree: '党政办主任', neighbour: '党委书记' },
    };
  },
  cases: [
    { route: 'GET /api/v1/staff', request: (f, t) => ({ url: `/api/v1/staff?orgId=${f.org[t]}` }), allow: read },
    { route: 'POST /api/v1/staff', request: (f, t) => ({ url: '/api/v1/staff', body: { orgId: f.org[t], name: '矩阵测试', post: '干事', category: 'cadre' } }), allow: manage },
    // the same post again: allowed users change nothing other suites rely on
    { route: 'PATCH /api/v1/staff/:id', request: (f, t) => ({ url: `/api/v1/staff/${f.staff[t]}`, body: { post: f.post[t] } }), allow: manage },
    { route: 'GET /api/v1/staff/linkable-users', request: (f, t) => ({ url: `/api/v1/staff/linkable-users?orgId=${f.org[t]}` }), allow: manage },
  ],
};
