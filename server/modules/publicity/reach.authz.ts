import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import { insertContent } from '../portal/portal.fixtures.ts';

/**
 * Authorization rows for reach (传播效果). publicity.read: the county; 娘子神乡's 司法所, leader, officer,
 * reviewer and read-only users over the township; the grid worker (网格员) only on their own village
 * (东沟村, scope 'org'); nb_sfs on 白杨镇. Targets: 'own' is the township with one of its items,
 * 'subtree' its village 东沟村 (org and village filters), 'neighbour' 白杨镇 with its item. The mediator
 * and the three administrators hold no publicity.read.
 */
interface Fixtures {
  org: Record<Target, string>;
  content: Record<Target, string | null>;
}

const TOWNSHIP: DemoUsername[] = ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly'];
const READ: Record<Target, DemoUsername[]> = {
  own: TOWNSHIP,
  subtree: [...TOWNSHIP, 'nzs_grid'],
  neighbour: ['county', 'nb_sfs'],
};

export const reachAuthz: AuthzSuite<Fixtures> = {
  name: 'publicity reach 传播效果',
  async setup(env) {
    const db = env.deps.database.db;
    return {
      org: { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb },
      content: {
        own: (await insertContent(db, { orgId: env.ids.nzs, title: '矩阵文章' })).id,
        subtree: null,
        neighbour: (await insertContent(db, { orgId: env.ids.nb, title: '矩阵文章' })).id,
      },
    };
  },
  cases: [
    {
      route: 'GET /api/v1/publicity/reach',
      request: (f, t) => ({
        url: `/api/v1/publicity/reach?orgId=${f.org[t]}${f.content[t] ? `&contentId=${f.content[t]}` : `&villageId=${f.org[t]}`}&year=2026`,
      }),
      allow: READ,
    },
  ],
};
