import { type Kysely, sql } from 'kysely';
import type { Engine } from '../../db/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('publicity_themes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('publicity_themes_org_code', ['org_id', 'code'])
    .execute();

  await db.schema
    .createTable('publicity_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('goals', 'text')
    .addColumn('target_events', 'integer')
    .addColumn('target_audience', 'integer')
    .addColumn('target_online_pct', 'integer')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publicity_campaigns_org').on('publicity_campaigns').columns(['org_id', 'starts_on']).execute();

  await db.schema
    .createTable('publicity_key_dates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('builtin_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('month', 'integer')
    .addColumn('day', 'integer')
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('theme', 'text')
    .addColumn('remind_days', 'integer', (c) => c.notNull().defaultTo(21))
    .addColumn('notes', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publicity_key_dates_org').on('publicity_key_dates').column('org_id').execute();

  await db.schema
    .createTable('publicity_contents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('body_html', 'text')
    .addColumn('file_id', 'text')
    .addColumn('cover_file_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('author_id', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_note', 'text')
    .addColumn('published_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdraw_reason', 'text')
    .addColumn('pia_ref', 'text')
    .addColumn('is_case', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_by', 'text')
    .addColumn('last_edited_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publicity_contents_org_state').on('publicity_contents').columns(['org_id', 'state']).execute();
  // The portal's lists: published, newest first.
  await db.schema.createIndex('publicity_contents_published').on('publicity_contents').columns(['state', 'published_at']).execute();

  await db.schema
    .createTable('publicity_content_themes')
    .addColumn('content_id', 'text', (c) => c.notNull().references('publicity_contents.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('theme', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('publicity_content_themes_pk', ['content_id', 'theme'])
    .execute();
  await db.schema.createIndex('publicity_content_themes_theme').on('publicity_content_themes').columns(['theme', 'content_id']).execute();

  await db.schema
    .createTable('publicity_content_laws')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('content_id', 'text', (c) => c.notNull().references('publicity_contents.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('law', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('publicity_content_laws_content').on('publicity_content_laws').column('content_id').execute();

  await db.schema
    .createTable('publicity_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('village_org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('place', 'text')
    .addColumn('organiser_org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('audience', 'text')
    .addColumn('audience_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('materials_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('online_reach', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('campaign_id', 'text', (c) => c.references('publicity_campaigns.id'))
    .addColumn('key_date', 'text')
    .addColumn('content_id', 'text', (c) => c.references('publicity_contents.id'))
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publicity_events_org_held').on('publicity_events').columns(['org_id', 'held_on']).execute();
  await db.schema.createIndex('publicity_events_village').on('publicity_events').columns(['village_org_id', 'held_on']).execute();
  await db.schema.createIndex('publicity_events_campaign').on('publicity_events').column('campaign_id').execute();
  await db.schema.createIndex('publicity_events_key_date').on('publicity_events').column('key_date').execute();

  await db.schema
    .createTable('publicity_event_channels')
    .addColumn('event_id', 'text', (c) => c.notNull().references('publicity_events.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('publicity_event_channels_pk', ['event_id', 'channel'])
    .execute();
  await db.schema.createIndex('publicity_event_channels_channel').on('publicity_event_channels').columns(['channel', 'event_id']).execute();

  await db.schema
    .createTable('publicity_event_themes')
    .addColumn('event_id', 'text', (c) => c.notNull().references('publicity_events.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('theme', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('publicity_event_themes_pk', ['event_id', 'theme'])
    .execute();
  await db.schema.createIndex('publicity_event_themes_theme').on('publicity_event_themes').columns(['theme', 'event_id']).execute();

  await db.schema
    .createTable('publicity_event_laws')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('publicity_events.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('law', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('publicity_event_laws_event').on('publicity_event_laws').column('event_id').execute();

  await db.schema
    .createTable('publicity_responsibilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('department_org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('department_name', 'text', (c) => c.notNull())
    .addColumn('law', 'text', (c) => c.notNull())
    .addColumn('measures', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publicity_responsibilities_org_year').on('publicity_responsibilities').columns(['org_id', 'year']).execute();

  await db.schema
    .createTable('publicity_views')
    .addColumn('content_id', 'text', (c) => c.notNull().references('publicity_contents.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('village_org_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('publicity_views_pk', ['content_id', 'day', 'channel', 'village_org_id'])
    .execute();
  await db.schema.createIndex('publicity_views_org_day').on('publicity_views').columns(['org_id', 'day']).execute();
}

/**
 * One override row per org and built-in key date, and one set of dates per org, built-in date and
 * year: a double submit (two requests that both found none) made two. Older duplicates go first
 * (the last written stays, which is what the calendar showed), then the indexes keep it so.
 */
export const keyDateUnique = {
  async up(db: AnyDb, _engine: Engine): Promise<void> {
    await sql`DELETE FROM publicity_key_dates WHERE builtin_code IS NOT NULL AND starts_on IS NULL AND EXISTS (
      SELECT 1 FROM publicity_key_dates k WHERE k.org_id = publicity_key_dates.org_id AND k.builtin_code = publicity_key_dates.builtin_code
        AND k.starts_on IS NULL AND (k.updated_at > publicity_key_dates.updated_at OR (k.updated_at = publicity_key_dates.updated_at AND k.id > publicity_key_dates.id)))`.execute(db);
    await sql`DELETE FROM publicity_key_dates WHERE builtin_code IS NOT NULL AND starts_on IS NOT NULL AND EXISTS (
      SELECT 1 FROM publicity_key_dates k WHERE k.org_id = publicity_key_dates.org_id AND k.builtin_code = publicity_key_dates.builtin_code
        AND k.starts_on IS NOT NULL AND substr(k.starts_on, 1, 4) = substr(publicity_key_dates.starts_on, 1, 4)
        AND (k.updated_at > publicity_key_dates.updated_at OR (k.updated_at = publicity_key_dates.updated_at AND k.id > publicity_key_dates.id)))`.execute(db);
    await sql`CREATE UNIQUE INDEX publicity_key_dates_override ON publicity_key_dates (org_id, builtin_code) WHERE builtin_code IS NOT NULL AND starts_on IS NULL`.execute(db);
    await sql`CREATE UNIQUE INDEX publicity_key_dates_year ON publicity_key_dates (org_id, builtin_code, substr(starts_on, 1, 4)) WHERE builtin_code IS NOT NULL AND starts_on IS NOT NULL`.execute(db);
  },
};
