import type { Readable } from 'node:stream';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Permission } from '../../../common/roles.ts';
import type { TStaffOption } from '../../../common/schemas/planning.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { openAttachment } from '../../platform/files/files.service.ts';
import { type DataScope, inScope, type OrgRow, orgPathInScope, recordDenied, requireOrgIn, requirePermission, scopeOf, subtreeScope } from '../../platform/permissions.ts';
import { staffOfOrg } from '../../platform/staff/staff.service.ts';

/**
 * Scope and reference checks shared by the planning services. Every query goes through the
 * platform's scope helpers; a single record outside the caller's scope is a recorded denial and 403.
 */
export interface Access {
  scope: DataScope;
  /** The `orgId` filter of a list, as a subtree scope (null when none given). */
  filter: DataScope | null;
  filterOrg: OrgRow | null;
  userId: string;
}

export async function access(ctx: Ctx, perm: Permission, orgId?: string): Promise<Access> {
  const actor = await requirePermission(ctx, perm);
  const scope = scopeOf(actor, perm);
  const filterOrg = orgId ? await requireOrgIn(ctx, scope, orgId, perm) : null;
  return { scope, filter: filterOrg ? subtreeScope(filterOrg) : null, filterOrg, userId: actor.userId };
}

/** The scope (and org filter) as one condition on an aliased planning table's org column. */
export function inAccess<X, TB extends keyof X>(eb: ExpressionBuilder<X, TB>, a: Access, col: string): Expression<SqlBool> {
  const parts = [inScope(eb, a.scope, col)];
  if (a.filter) parts.push(inScope(eb, a.filter, col));
  return eb.and(parts);
}

export async function loadOrg(ctx: Ctx, orgId: string, field = 'orgId'): Promise<OrgRow> {
  const org = await ctx.db.selectFrom('orgs').select(['id', 'path', 'kind', 'name', 'parent_id']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new AppError('VALIDATION', [{ field, key: 'not_found' }]);
  return org;
}

/** 404 when the record does not exist; a recorded denial and 403 when its org is outside the caller's scope for `perm`. */
export async function requireRecordInScope(ctx: Ctx, perm: Permission, entity: string, id: string, orgId: string | undefined): Promise<OrgRow> {
  const actor = await requirePermission(ctx, perm);
  if (!orgId) throw new AppError('NOT_FOUND');
  const org = await loadOrg(ctx, orgId);
  if (!orgPathInScope(scopeOf(actor, perm), org.id, org.path)) {
    await recordDenied(ctx, entity, id, perm);
    throw new AppError('FORBIDDEN');
  }
  return org;
}

/** Plans, groups, meetings and duty records belong to a township or the county. */
export function requirePlanningOrg(org: OrgRow, field = 'orgId'): void {
  if (org.kind !== 'township' && org.kind !== 'county') throw new AppError('VALIDATION', [{ field, key: 'plan_org_kind' }]);
}

/** The township (or county) a record's org belongs to: the org itself, or a department's parent. */
export async function planningOrgOf(ctx: Ctx, org: OrgRow): Promise<OrgRow> {
  if (org.kind === 'township' || org.kind === 'county' || !org.parent_id) return org;
  return loadOrg(ctx, org.parent_id);
}

/** Staff ids must be on the roster of the org's subtree (the township and its departments): nobody names the neighbour's people. */
export async function checkStaff(ctx: Ctx, org: OrgRow, ids: readonly (string | null | undefined)[], field: string): Promise<void> {
  const wanted = ids.filter((x): x is string => !!x);
  if (wanted.length === 0) return;
  const roster = new Set((await staffOfOrg(ctx, org, { activeOnly: false })).map((s) => s.id));
  const bad = wanted.findIndex((id) => !roster.has(id));
  if (bad >= 0) throw new AppError('VALIDATION', [{ field: wanted.length > 1 || field.endsWith('Ids') ? `${field}.${bad}` : field, key: 'staff_not_in_org' }]);
}

/** The departments (站办所) directly under a township or the county. */
export async function departmentsOf(ctx: Ctx, org: { id: string }): Promise<{ id: string; name: string }[]> {
  return ctx.db.selectFrom('orgs').select(['id', 'name']).where('parent_id', '=', org.id).where('kind', '=', 'department').orderBy('sort').orderBy('id').execute();
}

export async function checkDepts(ctx: Ctx, org: OrgRow, ids: readonly (string | null | undefined)[], field: string): Promise<void> {
  const wanted = ids.filter((x): x is string => !!x);
  if (wanted.length === 0) return;
  const depts = new Set((await departmentsOf(ctx, org)).map((d) => d.id));
  const bad = wanted.findIndex((id) => !depts.has(id));
  if (bad >= 0) throw new AppError('VALIDATION', [{ field: field.endsWith('Ids') ? `${field}.${bad}` : field, key: 'dept_not_under' }]);
}

export function parseIds(json: string): string[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Pickers: the roster of a township (with its departments) and its departments (planning.read on that org). */
export async function listStaffOptions(ctx: Ctx, q: { orgId: string; activeOnly?: boolean }): Promise<{ staff: TStaffOption[]; departments: { id: string; name: string }[] }> {
  const a = await access(ctx, 'planning.read', q.orgId);
  const org = a.filterOrg as OrgRow;
  const staff = await staffOfOrg(ctx, org, { activeOnly: q.activeOnly ?? true });
  return {
    staff: staff.map((s) => ({ id: s.id, orgId: s.orgId, orgName: s.orgName, name: s.name, post: s.post, category: s.category, hasUser: !!s.userId, active: s.active })),
    departments: await departmentsOf(ctx, org),
  };
}

/** The org of the record a planning attachment hangs on (plan document, progress evidence, meeting material). */
async function ownerOrg(ctx: Ctx, entity: string, id: string): Promise<string | undefined> {
  if (entity === 'planning_plan') return (await ctx.db.selectFrom('planning_plans').select('org_id').where('id', '=', id).executeTakeFirst())?.org_id;
  if (entity === 'planning_progress') return (await ctx.db.selectFrom('planning_progress').select('org_id').where('id', '=', id).executeTakeFirst())?.org_id;
  if (entity === 'planning_meeting') return (await ctx.db.selectFrom('planning_meetings').select('org_id').where('id', '=', id).executeTakeFirst())?.org_id;
  return undefined;
}

export async function downloadPlanningFile(ctx: Ctx, fileId: string): Promise<{ name: string; mime: string; size: number; stream: Readable }> {
  const actor = await requirePermission(ctx, 'planning.read');
  const scope = scopeOf(actor, 'planning.read');
  return openAttachment(ctx, fileId, async (entity, entityId) => {
    const orgId = await ownerOrg(ctx, entity, entityId);
    if (!orgId) return false;
    const org = await ctx.db.selectFrom('orgs').select(['id', 'path']).where('id', '=', orgId).executeTakeFirst();
    return !!org && orgPathInScope(scope, org.id, org.path);
  });
}
