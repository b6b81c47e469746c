import type { StaffCategory } from '../../../common/roles.ts';
import type { Ctx } from '../context.ts';
import { inScope, requirePermission, scopeOf, subtreeScope } from '../permissions.ts';

/**
 * 工作人员名册: leaders, cadres and enforcement officers of a township (or the county office).
 * Planning (leading-group members, lead leaders, meeting hosts), study (hosts, attendees, hours)
 * and, later, enforcement (officers and their certificates) refer to these rows by id and read
 * them only through this service.
 */
export interface StaffView {
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  post: string;
  category: StaffCategory;
  userId: string | null;
  active: boolean;
}

function base(ctx: Ctx) {
  return ctx.db
    .selectFrom('staff as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .select(['s.id', 's.org_id', 'o.name as org_name', 's.name', 's.post', 's.category', 's.user_id', 's.active', 's.sort']);
}

type Row = { id: string; org_id: string; org_name: string; name: string; post: string; category: string; user_id: string | null; active: number };
function view(r: Row): StaffView {
  return { id: r.id, orgId: r.org_id, orgName: r.org_name, name: r.name, post: r.post, category: r.category as StaffCategory, userId: r.user_id, active: r.active === 1 };
}

/**
 * Staff of an org's subtree (a township with its departments), in roster order. Unscoped on purpose:
 * callers are other services that have already checked the caller may see that org.
 */
export async function staffOfOrg(ctx: Ctx, org: { path: string }, opts: { category?: StaffCategory; activeOnly?: boolean } = {}): Promise<StaffView[]> {
  let q = base(ctx).where((eb) => inScope(eb, subtreeScope(org), 's.org_id'));
  if (opts.category) q = q.where('s.category', '=', opts.category);
  if (opts.activeOnly !== false) q = q.where('s.active', '=', 1);
  return (await q.orderBy('s.sort').orderBy('s.id').execute()).map(view);
}

/** Rows by id, whatever their state (a former member still names old records). Unscoped: see above. */
export async function staffByIds(ctx: Ctx, ids: readonly string[]): Promise<Map<string, StaffView>> {
  const out = new Map<string, StaffView>();
  if (ids.length === 0) return out;
  for (const r of await base(ctx).where('s.id', 'in', [...new Set(ids)]).execute()) out.set(r.id, view(r));
  return out;
}

/** The roster entry of a logged-in user, if any ("my tasks", "my training hours"). */
export async function staffOfUser(ctx: Ctx, userId: string): Promise<StaffView | null> {
  const r = await base(ctx).where('s.user_id', '=', userId).where('s.active', '=', 1).executeTakeFirst();
  return r ? view(r) : null;
}

/** The roster the caller may read (staff.read), optionally one org's subtree. */
export async function listStaff(ctx: Ctx, q: { orgId?: string; category?: StaffCategory; active?: boolean }): Promise<StaffView[]> {
  const actor = await requirePermission(ctx, 'staff.read');
  const scope = scopeOf(actor, 'staff.read');
  let qb = base(ctx).where((eb) => inScope(eb, scope, 's.org_id'));
  if (q.orgId) {
    const org = await ctx.db.selectFrom('orgs').select('path').where('id', '=', q.orgId).executeTakeFirst();
    qb = qb.where((eb) => inScope(eb, subtreeScope(org ?? { path: '/-none-/' }), 's.org_id'));
  }
  if (q.category) qb = qb.where('s.category', '=', q.category);
  if (q.active !== undefined) qb = qb.where('s.active', '=', q.active ? 1 : 0);
  return (await qb.orderBy('s.sort').orderBy('s.id').execute()).map(view);
}
