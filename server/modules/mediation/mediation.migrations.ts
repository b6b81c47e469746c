import type { Kysely } from 'kysely';
import type { Engine } from '../../db/index.ts';
import { refreshPartyNames } from './party-names.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('mediation_committees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('case_prefix', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('committees_org').on('mediation_committees').column('org_id').execute();

  await db.schema
    .createTable('mediators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('committee_id', 'text', (c) => c.notNull().references('mediation_committees.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('is_legal_understander', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mediators_committee').on('mediators').column('committee_id').execute();

  await db.schema
    .createTable('disputes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('committee_id', 'text', (c) => c.notNull().references('mediation_committees.id'))
    .addColumn('case_no', 'text', (c) => c.notNull())
    .addColumn('case_year', 'integer', (c) => c.notNull())
    .addColumn('case_seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('amount_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('people_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('disputes_case_no', ['committee_id', 'case_year', 'case_seq'])
    .execute();
  await db.schema.createIndex('disputes_org_received').on('disputes').columns(['org_id', 'received_on']).execute();
  await db.schema.createIndex('disputes_received').on('disputes').columns(['received_on', 'id']).execute();
  await db.schema.createIndex('disputes_status').on('disputes').columns(['status', 'org_id']).execute();

  const child = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('dispute_id', 'text', (c) => c.notNull().references('disputes.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'));

  await child('dispute_parties')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('organisation_name', 'text')
    .addColumn('organisation_code', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await child('dispute_assignments')
    .addColumn('mediator_id', 'text', (c) => c.notNull().references('mediators.id'))
    .addColumn('user_id', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await child('dispute_sessions')
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await child('dispute_agreements')
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('issues', 'text', (c) => c.notNull())
    .addColumn('responsibilities', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('performance_method', 'text', (c) => c.notNull())
    .addColumn('performance_deadline', 'text')
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await child('judicial_confirmations')
    .addColumn('applied_on', 'text', (c) => c.notNull())
    .addColumn('court', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await child('follow_ups')
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text')
    .addColumn('method', 'text')
    .addColumn('performance', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await child('referrals')
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('referred_on', 'text', (c) => c.notNull())
    .addColumn('receiver', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  for (const t of ['dispute_parties', 'dispute_assignments', 'dispute_sessions', 'dispute_agreements', 'judicial_confirmations', 'follow_ups', 'referrals']) {
    await db.schema.createIndex(`${t}_dispute`).on(t).column('dispute_id').execute();
  }
  await db.schema.createIndex('dispute_assignments_user').on('dispute_assignments').column('user_id').execute();
  await db.schema.createIndex('follow_ups_due').on('follow_ups').columns(['done_on', 'due_on']).execute();

  await db.schema
    .createTable('screenings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('found', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('zero_report', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    .addColumn('reported_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('screenings_org_period', ['org_id', 'period'])
    .execute();

  await db.schema
    .createTable('legal_understanders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('appointed_on', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('understanders_org').on('legal_understanders').column('org_id').execute();

  await db.schema
    .createTable('understander_activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('understander_id', 'text', (c) => c.notNull().references('legal_understanders.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('hours', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('understander_activities_u').on('understander_activities').column('understander_id').execute();
  // Statistics and the screening grid read by org and period / date.
  await db.schema.createIndex('understander_activities_org').on('understander_activities').columns(['org_id', 'held_on']).execute();
  await db.schema.createIndex('mediators_user').on('mediators').column('user_id').execute();
  // Covers the statistics scans (stats, findings, report, Excel) so they read the index only.
  await db.schema
    .createIndex('disputes_stats')
    .on('disputes')
    .columns(['received_on', 'org_id', 'status', 'outcome', 'type', 'source', 'risk_level', 'village_id', 'amount_fen', 'people_count'])
    .execute();
  // The dispute list (disputes.service.ts): each sort walks an index, the common filters seek one, and
  // the party-name search joins people to their cases by person.
  await db.schema.createIndex('disputes_updated').on('disputes').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('disputes_amount').on('disputes').columns(['amount_fen', 'id']).execute();
  await db.schema.createIndex('disputes_case_order').on('disputes').columns(['case_year', 'committee_id', 'case_seq']).execute();
  await db.schema.createIndex('disputes_village').on('disputes').columns(['village_id', 'received_on']).execute();
  await db.schema.createIndex('disputes_created_by').on('disputes').column('created_by').execute();
  await db.schema.createIndex('dispute_parties_person').on('dispute_parties').column('person_id').execute();
  // The list's text search reads these narrow indexes instead of the wide people / party rows.
  await db.schema.createIndex('people_name_search').on('people').column('name').execute();
  await db.schema.createIndex('dispute_parties_org_name').on('dispute_parties').column('organisation_name').execute();
}

/** The parties' names on the case row for the list (party-names.ts), filled for the cases already there. */
export const partyNames = {
  async up(db: AnyDb, _engine: Engine): Promise<void> {
    await db.schema.alterTable('disputes').addColumn('party_names', 'text', (c) => c.notNull().defaultTo('')).execute();
    await refreshPartyNames(db, 'all');
  },
};

/**
 * The list's order index carries the org, status and type: the rows a page's scan passes over (a
 * township's cases among the county's, a filter's misses) are rejected from the index without
 * reading the case row (performance.md §5.5).
 */
export const listScanIndex = {
  async up(db: AnyDb, _engine: Engine): Promise<void> {
    await db.schema.createIndex('disputes_received_scan').on('disputes').columns(['received_on', 'id', 'org_id', 'status', 'type']).execute();
    await db.schema.dropIndex('disputes_received').execute();
  },
};
