import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Permission } from '../../../common/roles.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { type DataScope, orgPathInScope, recordDenied, scopeOf, scopeWhere } from '../../platform/permissions.ts';

/**
 * Scope helpers for the committee, screening and 法律明白人 services. They only combine the
 * platform's DataScopes (permissions.ts); the SQL filter is always `scopeWhere`.
 *
 * Some pages are read by people with a write-only permission: a grid worker (网格员) reports the
 * screening and keeps the 法律明白人 roster of their village without holding `mediation.read`, and
 * must still see what they entered. Reads there take the union of the listed permissions' scopes.
 */
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

export async function loadOrg(ctx: Ctx, orgId: string, field = 'orgId'): Promise<OrgRow> {
  const org = await ctx.db.selectFrom('orgs').select(['id', 'path', 'kind', 'name', 'parent_id']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new AppError('VALIDATION', [{ field, key: 'not_found' }]);
  return org;
}

/**
 * The org named by a filter or a write must lie inside `scope`; otherwise the denial is audited
 * and the caller gets 403 (a neighbouring township's village is never silently filtered away).
 */
export async function requireOrgIn(ctx: Ctx, scope: DataScope, orgId: string, action: string, field = 'orgId'): Promise<OrgRow> {
  const org = await loadOrg(ctx, orgId, field);
  if (!orgPathInScope(scope, org.id, org.path)) {
    await recordDenied(ctx, 'org', orgId, action);
    throw new AppError('FORBIDDEN', [{ field, key: 'out_of_scope' }]);
  }
  return org;
}

/** YYYY-MM of a YYYY-MM-DD date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Months from `from` to `to` inclusive (YYYY-MM). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The township an org belongs to (itself when it is one), from the org map. */
export function townshipOf(orgs: ReadonlyMap<string, OrgRow>, orgId: string): OrgRow | null {
  let o = orgs.get(orgId);
  while (o) {
    if (o.kind === 'township') return o;
    o = o.parent_id ? orgs.get(o.parent_id) : undefined;
  }
  return null;
}

/** All orgs (hundreds even for a large county): townships are resolved in memory. */
export async function orgMap(ctx: Ctx): Promise<Map<string, OrgRow>> {
  const rows = await ctx.db.selectFrom('orgs').select(['id', 'path', 'kind', 'name', 'parent_id']).execute();
  return new Map(rows.map((r) => [r.id, r]));
}
