import { type SqlBool, sql } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import type { StaffCategory } from '../../../common/roles.ts';
import type { TLinkableUser, TStaffCreate, TStaffQuery, TStaffUpdate, TStaffView } from '../../../common/schemas/staff.ts';
import { recordAudit } from '../audit.ts';
import { type Ctx, inTx } from '../context.ts';
import { AppError } from '../errors.ts';
import { inScope, orgPathInScope, recordDenied, requireOrgIn, requireOrgInScope, requirePermission, scopeOf, subtreeScope } from '../permissions.ts';
import { nowIso } from '../time.ts';
import { likeContains } from '../like.ts';

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

// ——— the roster's own pages: list with paging, add, edit, deactivate (staff.manage) ———

/** Staff sit in a township, the county or a department (站办所), never in a village. */
const STAFF_ORG_KINDS = new Set(['township', 'county', 'department']);

function pageRows(ctx: Ctx) {
  return ctx.db
    .selectFrom('staff as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.org_id', 'o.name as org_name', 'o.path as org_path', 's.name', 's.post', 's.category', 's.user_id', 'u.display_name as user_name', 's.active', 's.sort']);
}
type PageRow = Row & { org_path: string; user_name: string | null; sort: number };
function pageView(r: PageRow): TStaffView {
  return { ...view(r), userName: r.user_name, sort: Number(r.sort) };
}

/** The roster page: staff.read scope, an org filter outside it answers 403 (denial audited). */
export async function listStaffPage(ctx: Ctx, q: TStaffQuery): Promise<{ items: TStaffView[]; total: number }> {
  const actor = await requirePermission(ctx, 'staff.read', 'staff');
  const scope = scopeOf(actor, 'staff.read');
  let qb = ctx.db
    .selectFrom('staff as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .where((eb) => inScope(eb, scope, 's.org_id'));
  if (q.orgId) {
    const org = await requireOrgIn(ctx, scope, q.orgId, 'staff.read');
    qb = qb.where((eb) => inScope(eb, subtreeScope(org), 's.org_id'));
  }
  if (q.category) qb = qb.where('s.category', '=', q.category);
  if (q.active !== undefined) qb = qb.where('s.active', '=', q.active ? 1 : 0);
  if (q.q) {
    const like = likeContains(q.q);
    qb = qb.where((eb) => eb.or([sql<SqlBool>`s.name like ${like} escape '\\'`, sql<SqlBool>`s.post like ${like} escape '\\'`]));
  }
  const total = await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await qb
    .select(['s.id', 's.org_id', 'o.name as org_name', 'o.path as org_path', 's.name', 's.post', 's.category', 's.user_id', 'u.display_name as user_name', 's.active', 's.sort'])
    .orderBy('s.active', 'desc')
    .orderBy('s.sort')
    .orderBy('s.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: rows.map(pageView), total: Number(total.n) };
}

async function staffOrg(ctx: Ctx, orgId: string) {
  const org = await requireOrgInScope(ctx, 'staff.manage', orgId);
  if (!STAFF_ORG_KINDS.has(org.kind)) throw new AppError('VALIDATION', [{ field: 'orgId', key: 'staff_org_kind' }]);
  return org;
}

/**
 * A login to link: it must exist within the caller's staff.manage scope (another township's
 * accounts are not disclosed: not_found), and not already be linked to another active entry —
 * "my tasks" and "my training hours" resolve a login to exactly one person (staffOfUser).
 */
async function checkUserLink(ctx: Ctx, userId: string, selfId: string | null, linkActive = true): Promise<void> {
  const actor = ctx.actor!;
  const u = await ctx.db
    .selectFrom('users as u')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.org_id', 'o.path'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!u || !orgPathInScope(scopeOf(actor, 'staff.manage'), u.org_id, u.path)) throw new AppError('VALIDATION', [{ field: 'userId', key: 'not_found' }]);
  // an inactive entry may keep its (former) login; only an active one must be the login's only entry
  if (!linkActive) return;
  let q = ctx.db.selectFrom('staff').select('id').where('user_id', '=', userId).where('active', '=', 1);
  if (selfId) q = q.where('id', '!=', selfId);
  if (await q.executeTakeFirst()) throw new AppError('DUPLICATE', [{ field: 'userId', key: 'staff_user_linked' }]);
}

function auditOf(r: { org_id: string; name: string; post: string; category: string; user_id: string | null; active: number; sort: number }) {
  return { orgId: r.org_id, name: r.name, post: r.post, category: r.category, userId: r.user_id, active: r.active === 1, sort: Number(r.sort) };
}

async function pageRow(ctx: Ctx, id: string): Promise<PageRow | undefined> {
  return pageRows(ctx).where('s.id', '=', id).executeTakeFirst() as Promise<PageRow | undefined>;
}

export async function createStaff(ctx: Ctx, input: TStaffCreate): Promise<TStaffView> {
  const org = await staffOrg(ctx, input.orgId);
  if (input.userId) await checkUserLink(ctx, input.userId, null);
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const last = await tx.db.selectFrom('staff').select((eb) => eb.fn.max('sort').as('m')).executeTakeFirst();
    const row = {
      id: uuidv7(),
      org_id: org.id,
      name: input.name,
      post: input.post,
      category: input.category,
      user_id: input.userId ?? null,
      active: 1,
      sort: input.sort ?? Number(last?.m ?? 0) + 1,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('staff').values(row).execute();
    await recordAudit(tx, { entity: 'staff', entityId: row.id, action: 'staff.create', orgId: org.id, after: auditOf(row) });
    return pageView((await pageRow(tx, row.id))!);
  });
}

export async function updateStaff(ctx: Ctx, id: string, input: TStaffUpdate): Promise<TStaffView> {
  const actor = await requirePermission(ctx, 'staff.manage', 'staff');
  const before = await pageRow(ctx, id);
  if (!before) throw new AppError('NOT_FOUND');
  if (!orgPathInScope(scopeOf(actor, 'staff.manage'), before.org_id, before.org_path)) {
    await recordDenied(ctx, 'staff', id, 'staff.manage');
    throw new AppError('FORBIDDEN');
  }
  if (input.orgId !== undefined && input.orgId !== before.org_id) await staffOrg(ctx, input.orgId);
  const userId = input.userId !== undefined ? input.userId : before.user_id;
  const active = input.active !== undefined ? input.active : before.active === 1;
  // re-check the link when it changes (even on an entry being closed: the login must exist and be in
  // scope — found by the fuzzer as a 500), or when a former member comes back with theirs
  if (userId && userId !== before.user_id) await checkUserLink(ctx, userId, id, active);
  else if (userId && active && before.active !== 1) await checkUserLink(ctx, userId, id);
  const set = {
    ...(input.orgId !== undefined ? { org_id: input.orgId } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.post !== undefined ? { post: input.post } : {}),
    ...(input.category !== undefined ? { category: input.category } : {}),
    ...(input.userId !== undefined ? { user_id: input.userId } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
    ...(input.sort !== undefined ? { sort: input.sort } : {}),
    updated_at: nowIso(),
  };
  return inTx(ctx, async (tx) => {
    await tx.db.updateTable('staff').set(set).where('id', '=', id).execute();
    const after = (await pageRow(tx, id))!;
    const action = input.active === false && before.active === 1 ? 'staff.deactivate' : 'staff.update';
    await recordAudit(tx, { entity: 'staff', entityId: id, action, orgId: after.org_id, before: auditOf(before), after: auditOf(after) });
    return pageView(after);
  });
}

/** Logins the caller may link to a roster entry (their staff.manage scope), with any current link. */
export async function linkableUsers(ctx: Ctx, q: { orgId?: string }): Promise<{ items: TLinkableUser[]; total: number }> {
  const actor = await requirePermission(ctx, 'staff.manage', 'staff');
  const scope = scopeOf(actor, 'staff.manage');
  let qb = ctx.db
    .selectFrom('users as u')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .where('u.disabled', '=', 0)
    .where((eb) => inScope(eb, scope, 'u.org_id'));
  if (q.orgId) {
    const org = await requireOrgIn(ctx, scope, q.orgId, 'staff.manage');
    qb = qb.where((eb) => inScope(eb, subtreeScope(org), 'u.org_id'));
  }
  const rows = await qb
    .select(['u.id', 'u.username', 'u.display_name', 'o.name as org_name'])
    .select((eb) => eb.selectFrom('staff as s').select('s.id').whereRef('s.user_id', '=', 'u.id').where('s.active', '=', 1).limit(1).as('staff_id'))
    .orderBy('o.path')
    .orderBy('u.username')
    .limit(500)
    .execute();
  const items = rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, orgName: r.org_name, staffId: r.staff_id ?? null }));
  return { items, total: items.length };
}
