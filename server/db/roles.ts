import { sql } from 'kysely';
import type { Database_ } from './index.ts';

/**
 * Two PostgreSQL roles (security S7; 等保 8.1.4.3 c: the audit trail protected from deletion and
 * change): the schema owner, which runs the migrations, and the role the application connects as,
 * which may read and write rows — but not change or delete audit events, nor truncate, alter or
 * create anything. The triggers of 0001_platform refuse the same to the application anyway; the
 * privileges also hold against a bug that drops a trigger or a connection that disables them.
 *
 * Run as the owner after every migration (GRANT … ON ALL TABLES covers tables added since).
 */
export async function grantApplicationRole(owner: Database_, appRole: string): Promise<void> {
  if (owner.engine !== 'postgres') throw new Error('roles exist on PostgreSQL only');
  const role = sql.id(appRole);
  const db = owner.db;
  await sql`GRANT USAGE ON SCHEMA public TO ${role}`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`.execute(db);
  await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`.execute(db);
  // the audit trail: appended and read, never changed or removed
  await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${role}`.execute(db);
  // the migrations' own bookkeeping is the owner's
  await sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kysely_migration, kysely_migration_lock FROM ${role}`.execute(db);
}

/** The role a connection logs in as. */
export async function currentRole(d: Database_): Promise<string> {
  const r = await sql<{ role: string }>`SELECT current_user AS role`.execute(d.db);
  return r.rows[0].role;
}
