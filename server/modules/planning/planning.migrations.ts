import type { Kysely } from 'kysely';
import type { Engine } from '../../db/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Tables of the planning module (planning.tables.ts). Same DDL on SQLite and PostgreSQL. */
export async function up(db: AnyDb, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('planning_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_group_id', 'text', (c) => c.references('planning_groups.id'))
    .addColumn('duties', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('planning_groups_org').on('planning_groups').columns(['org_id', 'year']).execute();

  await db.schema
    .createTable('planning_group_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('planning_groups.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('planning_members_group').on('planning_group_members').column('group_id').execute();

  await db.schema
    .createTable('planning_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('copied_from_plan_id', 'text', (c) => c.references('planning_plans.id'))
    .addColumn('parent_plan_id', 'text', (c) => c.references('planning_plans.id'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('planning_plans_org_year', ['org_id', 'year'])
    .execute();
  await db.schema.createIndex('planning_plans_year').on('planning_plans').columns(['year', 'org_id']).execute();

  await db.schema
    .createTable('planning_sections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('planning_plans.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('planning_sections_plan').on('planning_sections').column('plan_id').execute();

  await db.schema
    .createTable('planning_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.references('planning_groups.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('host_staff_id', 'text', (c) => c.references('staff.id'))
    .addColumn('attendee_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('agenda', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('law_study', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('planning_meetings_org').on('planning_meetings').columns(['org_id', 'held_on']).execute();

  await db.schema
    .createTable('planning_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('planning_meetings.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('planning_decisions_meeting').on('planning_decisions').column('meeting_id').execute();

  await db.schema
    .createTable('planning_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('planning_plans.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('section_id', 'text', (c) => c.references('planning_sections.id'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seq_no', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lead_staff_id', 'text', (c) => c.references('staff.id'))
    .addColumn('dept_org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('coop_org_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('due_kind', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('due_day', 'integer')
    .addColumn('start_date', 'text')
    .addColumn('expected_output', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parent_task_id', 'text', (c) => c.references('planning_tasks.id'))
    .addColumn('decision_id', 'text', (c) => c.references('planning_decisions.id'))
    .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('planning_tasks_plan').on('planning_tasks').columns(['plan_id', 'sort']).execute();
  await db.schema.createIndex('planning_tasks_org').on('planning_tasks').column('org_id').execute();
  // a county item is handed down to a township once (concurrent hand-downs: the second gets 409)
  await db.schema.createIndex('planning_tasks_derived').on('planning_tasks').columns(['parent_task_id', 'org_id']).unique().execute();
  await db.schema.createIndex('planning_tasks_lead').on('planning_tasks').column('lead_staff_id').execute();
  await db.schema.createIndex('planning_tasks_dept').on('planning_tasks').column('dept_org_id').execute();
  await db.schema.createIndex('planning_tasks_decision').on('planning_tasks').column('decision_id').execute();

  await db.schema
    .createTable('planning_progress')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('planning_tasks.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('period', 'text')
    .addColumn('reported_on', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('planning_progress_task').on('planning_progress').columns(['task_id', 'period']).execute();

  await db.schema
    .createTable('planning_duties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.references('planning_meetings.id'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('planning_duties_org').on('planning_duties').columns(['org_id', 'done_on']).execute();
}

/**
 * 0201: a task's state is derived from its progress summarised per period (task-views.ts
 * progressSummaries: min/max of reported_on and percent per task and period). With those two columns in
 * the index the summary is read from the index alone: for a county's year (≈ 800 tasks, ≈ 3,000
 * updates) 9 → 5 ms (docs/performance.md "Planning and study"). It replaces the (task_id, period) index.
 */
export const progressStateIndex = {
  async up(db: AnyDb, _engine: Engine): Promise<void> {
    await db.schema.createIndex('planning_progress_state').on('planning_progress').columns(['task_id', 'period', 'reported_on', 'percent']).execute();
    await db.schema.dropIndex('planning_progress_task').execute();
  },
};
