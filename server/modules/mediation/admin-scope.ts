import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { OrgRow } from '../../platform/permissions.ts';

export { inScope, requireAnyPermission, requireOrgIn, subtreeScope, unionScope } from '../../platform/permissions.ts';
export type { OrgRow };

/**
 * Org and month helpers for the committee, screening, 法律明白人 and report services. The scope
 * pieces they use (union of scopes, aliased-table filter, org-in-scope check) live in
 * server/platform/permissions.ts and are re-exported here for the module's files.
 */
export async function loadOrg(ctx: Ctx, orgId: string, field = 'orgId'): Promise<OrgRow> {
  const org = await ctx.db.selectFrom('orgs').select(['id', 'path', 'kind', 'name', 'parent_id']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new AppError('VALIDATION', [{ field, key: 'not_found' }]);
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
