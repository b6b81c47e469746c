import type { Permission } from '../../common/roles.ts';
import type { Ctx } from './context.ts';
import { type DataScope, type OrgRow, requireOrgIn, requirePermission, scopeOf, subtreeScope } from './permissions.ts';

/**
 * What the modules' statistics, findings and report paragraphs (server/modules/module.ts) share:
 * the caller's scope for the module's read permission, narrowed by an `orgId` that must lie inside
 * it (otherwise a recorded denial and 403), and the href of a figure — the web list that shows
 * exactly the records the figure counts.
 */
export interface ReportAccess {
  scope: DataScope;
  /** The `orgId` narrowing as a subtree scope (null when none was given). */
  filter: DataScope | null;
  org: OrgRow | null;
}

export async function reportAccess(ctx: Ctx, perm: Permission, orgId?: string): Promise<ReportAccess> {
  const actor = await requirePermission(ctx, perm);
  const scope = scopeOf(actor, perm);
  const org = orgId ? await requireOrgIn(ctx, scope, orgId, perm) : null;
  return { scope, filter: org ? subtreeScope(org) : null, org };
}

/** A web list's path with its filters as the query string (empty values left out). */
export function href(path: string, params: Record<string, string | number | boolean | undefined | null>): string {
  const qs = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}
