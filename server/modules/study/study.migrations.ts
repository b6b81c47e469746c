import type { Kysely } from 'kysely';
import type { Engine } from '../../db/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('study_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_plans_org_year').on('study_plans').columns(['org_id', 'year']).execute();

  await db.schema
    .createTable('study_plan_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('study_plans.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('month', 'text')
    .addColumn('notes', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('study_plan_items_plan').on('study_plan_items').column('plan_id').execute();

  await db.schema
    .createTable('study_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('hours', 'double precision', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('host_staff_id', 'text', (c) => c.references('staff.id'))
    .addColumn('speaker', 'text')
    .addColumn('place', 'text')
    .addColumn('notes', 'text')
    .addColumn('plan_item_id', 'text', (c) => c.references('study_plan_items.id'))
    .addColumn('headcount', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_sessions_org_held').on('study_sessions').columns(['org_id', 'held_on']).execute();
  await db.schema.createIndex('study_sessions_host').on('study_sessions').columns(['host_staff_id', 'held_on']).execute();
  await db.schema.createIndex('study_sessions_plan_item').on('study_sessions').column('plan_item_id').execute();

  const child = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull().references('study_sessions.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'));

  await child('study_session_laws')
    .addColumn('law', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('study_session_laws_session').on('study_session_laws').column('session_id').execute();

  await child('study_attendance')
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addUniqueConstraint('study_attendance_once', ['session_id', 'staff_id'])
    .execute();
  // Hours per person per year read attendance by person.
  await db.schema.createIndex('study_attendance_staff').on('study_attendance').columns(['staff_id', 'status']).execute();

  await child('study_tests')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('pass_mark', 'double precision', (c) => c.notNull())
    .addColumn('total', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('study_tests_session', ['session_id'])
    .execute();

  await child('study_scores')
    .addColumn('test_id', 'text', (c) => c.notNull().references('study_tests.id'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addUniqueConstraint('study_scores_once', ['test_id', 'staff_id'])
    .execute();

  await child('study_understander_credits')
    .addColumn('understander_id', 'text', (c) => c.notNull().references('legal_understanders.id'))
    .addColumn('activity_id', 'text', (c) => c.notNull().references('understander_activities.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('study_understander_credits_once', ['session_id', 'understander_id'])
    .execute();

  await db.schema
    .createTable('study_requirements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('min_hours', 'double precision', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('study_requirements_once', ['org_id', 'year', 'category'])
    .execute();
}
