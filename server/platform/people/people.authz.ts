import { idCardCheckChar } from '../../../common/identity.ts';
import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import { inTx, systemCtx } from '../context.ts';
import { createPerson } from './people.service.ts';

/**
 * Authorization rows for people (not users). Hand-written from common/roles.ts and the demo grants:
 * - person.read: county_supervisor, township_leader, judicial_staff, mediator, readonly. The search
 *   route checks the permission and then filters the hits by scope (an exact-ID search answers an
 *   empty list rather than confirming that someone exists elsewhere), so its row is the same for
 *   every target: county, nzs_sfs, nzs_leader, nzs_mediator, nzs_readonly, nb_sfs.
 * - person.unmask: judicial_staff only, on the person's org: nzs_sfs for 娘子神乡 and its villages,
 *   nb_sfs for 白杨镇. The county office reads but never unmasks.
 * People: own = a person of 娘子神乡 itself, subtree = of 东沟村, neighbour = of 白杨村 (白杨镇).
 */
interface Fixtures {
  person: Record<Target, string>;
  idCard: Record<Target, string>;
}

const SEARCH: DemoUsername[] = ['county', 'nzs_sfs', 'nzs_leader', 'nzs_mediator', 'nzs_readonly', 'nb_sfs'];
const UNMASK: Record<Target, DemoUsername[]> = { own: ['nzs_sfs'], subtree: ['nzs_sfs'], neighbour: ['nb_sfs'] };

/** A valid GB 11643 number per target (check character computed, not copied). */
function idCard(n: number): string {
  const first17 = `61010219850312${String(700 + n).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

export const peopleAuthz: AuthzSuite<Fixtures> = {
  name: 'platform people',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nbVillages[0] };
    const idCards = { own: idCard(1), subtree: idCard(2), neighbour: idCard(3) };
    const person = {} as Record<Target, string>;
    for (const t of ['own', 'subtree', 'neighbour'] as Target[]) {
      person[t] = await inTx(systemCtx(env.deps), (tx) => createPerson(tx, org[t], { name: `矩阵村民${t}`, idCard: idCards[t], phone: '13800138000' }));
    }
    return { person, idCard: idCards };
  },
  cases: [
    { route: 'GET /api/v1/people/search', request: (f, t) => ({ url: `/api/v1/people/search?idCard=${f.idCard[t]}` }), allow: { own: SEARCH, subtree: SEARCH, neighbour: SEARCH } },
    { route: 'POST /api/v1/people/:id/unmask', request: (f, t) => ({ url: `/api/v1/people/${f.person[t]}/unmask`, body: { reason: '权限矩阵测试' } }), allow: UNMASK },
  ],
};
