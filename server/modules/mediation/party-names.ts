import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

/**
 * The case row keeps its parties' names (`disputes.party_names`) so the dispute list reads one table:
 * joining every page's parties and their people was a third of a list request's time under load
 * (performance.md §5.5). Written with the parties at registration, and again here whenever a party is
 * added or corrected — the people service renames a person only through a party correction.
 */

/** Joins the names (U+001F, the unit separator: refused in every input, server/platform/http.ts). */
export const PARTY_SEPARATOR = '\u001f';

export function joinPartyNames(names: readonly string[]): string {
  return names.join(PARTY_SEPARATOR);
}

export function splitPartyNames(joined: string): string[] {
  return joined === '' ? [] : joined.split(PARTY_SEPARATOR);
}

/** The names as the parties and people tables have them now, in party order (same SQL on both engines). */
function namesNow() {
  return sql<string>`coalesce((select string_agg(coalesce(p.name, dp.organisation_name, ''), ${PARTY_SEPARATOR} order by dp.sort, dp.id)
    from dispute_parties dp left join people p on p.id = dp.person_id where dp.dispute_id = disputes.id), '')`;
}

/** Rewrites the kept names of the cases given, of every case a person is a party to, or of all cases (seed, migration). */
export async function refreshPartyNames(db: Executor, which: { disputeId: string } | { personId: string } | 'all'): Promise<void> {
  let q = db.updateTable('disputes').set({ party_names: namesNow() });
  if (which !== 'all') {
    q =
      'disputeId' in which
        ? q.where('id', '=', which.disputeId)
        : q.where('id', 'in', (eb) => eb.selectFrom('dispute_parties').select('dispute_id').where('person_id', '=', which.personId));
  }
  await q.execute();
}
