import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { type Permission, ROLE_PERMISSIONS } from '../../common/roles.ts';
import type { DB } from '../db/schema.ts';
import { recordAudit } from './audit.ts';
import type { Actor, Ctx, Grant } from './context.ts';
import { AppError } from './errors.ts';
import { escapeLike } from './like.ts';

/**
 * The one place that decides who may do what, where. A grant gives its role's permissions on an
 * org: its whole subtree, that org only, or only the records the user owns or is assigned to.
 * Lists and single records go through the same `scopeWhere`, so no route writes its own filter.
 */
export interface DataScope {
  /** Org paths whose subtrees are visible ('/county/township/'). */
  subtrees: string[];
  /** Orgs visible without their subtree. */
  orgs: string[];
  /** Whether records the actor created or is assigned to are visible. */
  self: boolean;
  userId: string;
}

export function grantsFor(actor: Actor, permission: Permission): Grant[] {
  return actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

export function can(actor: Actor | null, permission: Permission): boolean {
  return !!actor && actor.permissions.has(permission);
}

export function scopeOf(actor: Actor, permission: Permission): DataScope {
  const grants = grantsFor(actor, permission);
  return {
    subtrees: grants.filter((g) => g.scope === 'subtree').map((g) => g.orgPath),
    orgs: grants.filter((g) => g.scope === 'org').map((g) => g.orgId),
    self: grants.some((g) => g.scope === 'self'),
    userId: actor.userId,
  };
}

export function isEmptyScope(s: DataScope): boolean {
  return s.subtrees.length === 0 && s.orgs.length === 0 && !s.self;
}

/** Is the org (given by its path) inside the scope's org part? */
export function orgPathInScope(scope: DataScope, orgId: string, orgPath: string): boolean {
  return scope.subtrees.some((p) => orgPath.startsWith(p)) || scope.orgs.includes(orgId);
}

export interface ScopeColumns<TB extends keyof DB> {
  /** Column holding the record's org. */
  org: string;
  /** Records the user owns (created_by) or is assigned to, for 'self' grants and assignment reads. */
  own?: (eb: ExpressionBuilder<DB, TB>, userId: string) => Expression<SqlBool>;
  /** Also admit records the user is assigned to, whatever the grants say (assignment grants reading). */
  includeAssigned?: boolean;
  /**
   * How a subtree is matched: 'in' (default) lets the engine seek an index on the org column, best for
   * narrow scopes; 'exists' (a correlated check) leaves the choice of index to the query's ORDER BY,
   * best for a wide scope over a large table read one page at a time; 'filter' (a set built once,
   * never an index seek on the org column) also reads in the ORDER BY's index and is the cheaper
   * check per row when most rows are not in scope (a township's cases among the county's). Same rows
   * every way.
   */
  match?: 'in' | 'exists' | 'filter';
}

/** The scope filter as a Kysely expression: `org in subtree(...) OR org in (...) OR own`. */
export function scopeWhere<TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, scope: DataScope, cols: ScopeColumns<TB>): Expression<SqlBool> {
  const orgRef = sql.ref(cols.org);
  const parts: Expression<SqlBool>[] = [];
  for (const p of scope.subtrees) {
    const like = `${escapeLike(p)}%`;
    parts.push(
      cols.match === 'exists'
        ? sql<SqlBool>`exists (select 1 from orgs o where o.id = ${orgRef} and o.path like ${like} escape '\\')`
        : cols.match === 'filter'
          ? sql<SqlBool>`coalesce(${orgRef}, '') in (select o.id from orgs o where o.path like ${like} escape '\\')`
          : sql<SqlBool>`${orgRef} in (select o.id from orgs o where o.path like ${like} escape '\\')`,
    );
  }
  if (scope.orgs.length) parts.push(sql<SqlBool>`${orgRef} in (${sql.join(scope.orgs)})`);
  if (cols.own && (scope.self || cols.includeAssigned)) parts.push(cols.own(eb, scope.userId));
  if (parts.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or(parts);
}

/** Throws FORBIDDEN (and records the denial) unless the actor holds the permission somewhere. */
export async function requirePermission(ctx: Ctx, permission: Permission, entity = 'permission'): Promise<Actor> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!actor.permissions.has(permission)) {
    await recordDenied(ctx, entity, null, permission);
    throw new AppError('FORBIDDEN');
  }
  return actor;
}

export async function recordDenied(ctx: Ctx, entity: string, entityId: string | null, action: string): Promise<void> {
  await recordAudit({ ...ctx, db: ctx.deps.database.db }, { entity, entityId, action, result: 'denied' });
}

/** Checks that an org is inside the actor's scope for a permission; for writes that target an org. */
export async function requireOrgInScope(ctx: Ctx, permission: Permission, orgId: string, field = 'orgId'): Promise<{ id: string; path: string; kind: string; name: string }> {
  const actor = await requirePermission(ctx, permission);
  const org = await ctx.db.selectFrom('orgs').select(['id', 'path', 'kind', 'name']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new AppError('VALIDATION', [{ field, key: 'not_found' }]);
  if (!orgPathInScope(scopeOf(actor, permission), org.id, org.path)) {
    await recordDenied(ctx, 'org', orgId, permission);
    throw new AppError('FORBIDDEN', [{ field, key: 'out_of_scope' }]);
  }
  return org;
}

// ---------------------------------------------------------------------------------------------
// Composing scopes (first needed by the mediation committees, screenings and 法律明白人).
// Some pages are read by people with a write-only permission: a grid worker (网格员) reports the
// screening of their village without holding `mediation.read`, and must still see what they
// entered. Reads there take the union of the listed permissions' scopes.

export interface OrgRow {
  id: string;
  path: string;
  kind: string;
  name: string;
  parent_id: string | null;
}

/**
 * `scopeWhere` for queries over aliased tables (`disputes as d`): its ExpressionBuilder type only
 * names the plain tables, while the SQL it builds only uses the column reference given here.
 */
export function inScope<X, TB extends keyof X>(eb: ExpressionBuilder<X, TB>, scope: DataScope, org: string, own?: (userId: string) => Expression<SqlBool>): Expression<SqlBool> {
  return scopeWhere(eb as unknown as ExpressionBuilder<DB, keyof DB>, scope, { org, own: own ? (_eb, uid) => own(uid) : undefined });
}

export async function requireAnyPermission(ctx: Ctx, perms: readonly Permission[], entity = 'permission'): Promise<Actor> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!perms.some((p) => actor.permissions.has(p))) {
    await recordDenied(ctx, entity, null, perms.join('|'));
    throw new AppError('FORBIDDEN');
  }
  return actor;
}

/** The union of the actor's scopes for the given permissions. */
export function unionScope(actor: Actor, perms: readonly Permission[]): DataScope {
  const scopes = perms.map((p) => scopeOf(actor, p));
  return {
    subtrees: [...new Set(scopes.flatMap((s) => s.subtrees))],
    orgs: [...new Set(scopes.flatMap((s) => s.orgs))],
    self: scopes.some((s) => s.self),
    userId: actor.userId,
  };
}

/** A scope that is exactly one org's subtree: the `orgId` filter of a list, applied with scopeWhere. */
export function subtreeScope(org: { path: string }, userId = ''): DataScope {
  return { subtrees: [org.path], orgs: [], self: false, userId };
}


/**
 * The org named by a filter or a write must lie inside `scope`; otherwise the denial is audited
 * and the caller gets 403 (a neighbouring township's village is never silently filtered away).
 */
export async function requireOrgIn(ctx: Ctx, scope: DataScope, orgId: string, action: string, field = 'orgId'): Promise<OrgRow> {
  const org = await ctx.db.selectFrom('orgs').select(['id', 'path', 'kind', 'name', 'parent_id']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new AppError('VALIDATION', [{ field, key: 'not_found' }]);
  if (!orgPathInScope(scope, org.id, org.path)) {
    await recordDenied(ctx, 'org', orgId, action);
    throw new AppError('FORBIDDEN', [{ field, key: 'out_of_scope' }]);
  }
  return org;
}

