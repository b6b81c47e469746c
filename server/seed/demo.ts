import { recordAudit } from '../platform/audit.ts';
import { type Deps, inTx, systemCtx } from '../platform/context.ts';
import { seedMediationDemo } from '../modules/mediation/mediation.seed.ts';
import { seedPlanningDemo } from '../modules/planning/planning.seed.ts';
import { seedPublicityDemo } from '../modules/publicity/publicity.seed.ts';
import { seedStudyDemo } from '../modules/study/study.seed.ts';
import { type BaseIds, seedBase } from './base.ts';

/** Fills an empty database with the demo county: orgs, users, then each module's records. */
export async function seedDemo(deps: Deps, opts: { today?: string } = {}): Promise<BaseIds> {
  const ctx = systemCtx(deps);
  return inTx(ctx, async (tx) => {
    const ids = await seedBase(tx.db, { iterations: deps.config.pbkdf2Iterations });
    await seedMediationDemo(tx, ids, opts);
    await seedPlanningDemo(tx, ids, opts);
    await seedStudyDemo(tx, ids, opts);
    await seedPublicityDemo(tx, ids, opts);
    await recordAudit(tx, { entity: 'system', action: 'seed.demo', after: { orgs: 'demo county', users: Object.keys(ids.users) } });
    return ids;
  });
}

export async function isEmpty(deps: Deps): Promise<boolean> {
  const r = await deps.database.db.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n) === 0;
}
