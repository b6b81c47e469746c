import type { Kysely } from 'kysely';
import type { Engine } from '../index.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * The job queue, its periodic sweeps, in-app notifications and the org's group robots
 * (architecture: "a job runner in the database … retried and visible, never lost").
 */
export async function up(db: AnyDb, _engine: Engine): Promise<void> {
  // 0001 created a placeholder `jobs` table that no code ever wrote: replaced by the real queue.
  await db.schema.dropIndex('jobs_due').ifExists().execute();
  await db.schema.dropTable('jobs').ifExists().execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    // pending | running | done | failed
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(8))
    .addColumn('run_at', 'text', (c) => c.notNull())
    // the lease of the runner that claimed it: past it, the job is claimed again (a runner died)
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_at']).execute();
  // NULLs are distinct in a unique index on both engines: only keyed jobs are deduplicated.
  await db.schema.createIndex('jobs_dedupe').on('jobs').column('dedupe_key').unique().execute();
  await db.schema.createIndex('jobs_org').on('jobs').columns(['org_id', 'kind', 'created_at']).execute();

  await db.schema
    .createTable('job_sweeps')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_run_at', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('href', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_dedupe').on('notifications').columns(['user_id', 'dedupe_key']).unique().execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute();

  await db.schema
    .createTable('org_webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // wecom 企业微信群机器人 | dingtalk 钉钉群机器人 | generic
    .addColumn('kind', 'text', (c) => c.notNull())
    // The robot's URL carries its key (企业微信 ?key=, 钉钉 ?access_token=): anyone holding it can post
    // to the group, so it is stored encrypted like the 加签 secret; lists show url_hint only.
    .addColumn('url_enc', 'text', (c) => c.notNull())
    .addColumn('url_hint', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_webhooks_org').on('org_webhooks').columns(['org_id', 'enabled']).execute();
}
