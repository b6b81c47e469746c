import { type SqlBool, sql } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import {
  COMMITTEE_MAX_MEMBERS,
  COMMITTEE_MIN_MEMBERS,
  type CommitteeKind,
  type MediatorTitle,
  type TCommitteeCreate,
  type TCommitteeQuery,
  type TCommitteeUpdate,
  type TCommitteeView,
  type TMediatorCreate,
  type TMediatorQuery,
  type TMediatorUpdate,
  type TMediatorView,
} from '../../../common/schemas/mediation-admin.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { createPerson, toPersonView } from '../../platform/people/people.service.ts';
import { type DataScope, orgPathInScope, recordDenied, requireOrgInScope, requirePermission, scopeOf } from '../../platform/permissions.ts';
import { nowIso } from '../../platform/time.ts';
import { inScope, requireOrgIn, subtreeScope } from './admin-scope.ts';
import { likeContains } from '../../platform/like.ts';

/**
 * 人民调解委员会 and their members (人民调解法 art. 8–9). Committees sit in a village or a township;
 * art. 9 (3–9 members, at least one woman) is reported as a warning on the committee and as a
 * finding, not enforced: a committee being rebuilt must still be recordable.
 *
 * A mediator who is also a platform user sees the committee they belong to (and its members) even
 * with a 'self' grant, the same way assignment grants reading a case.
 */
const ownCommittee = (uid: string) => sql<SqlBool>`exists (select 1 from mediators om where om.committee_id = c.id and om.user_id = ${uid})`;
const ownMediator = (uid: string) => sql<SqlBool>`exists (select 1 from mediators om where om.committee_id = m.committee_id and om.user_id = ${uid})`;

async function memberCounts(ctx: Ctx, committeeIds: string[]) {
  const out = new Map<string, { members: number; women: number }>();
  if (committeeIds.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('mediators as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select((eb) => [
      'm.committee_id',
      eb.fn.countAll<number>().as('members'),
      eb.fn.sum<number>(eb.case().when('p.gender', '=', '女').then(1).else(0).end()).as('women'),
    ])
    .where('m.committee_id', 'in', committeeIds)
    .where('m.active', '=', 1)
    .groupBy('m.committee_id')
    .execute();
  for (const r of rows) out.set(r.committee_id, { members: Number(r.members), women: Number(r.women ?? 0) });
  return out;
}

interface CommitteeRow {
  id: string;
  org_id: string;
  org_name: string;
  kind: string;
  name: string;
  case_prefix: string;
  active: number;
}

function committeeView(r: CommitteeRow, counts: { members: number; women: number } | undefined): TCommitteeView {
  const members = counts?.members ?? 0;
  const women = counts?.women ?? 0;
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    kind: r.kind as CommitteeKind,
    name: r.name,
    casePrefix: r.case_prefix,
    active: r.active === 1,
    memberCount: members,
    womenCount: women,
    sizeOk: members >= COMMITTEE_MIN_MEMBERS && members <= COMMITTEE_MAX_MEMBERS,
    hasWoman: women > 0,
  };
}

function committeeBase(ctx: Ctx) {
  return ctx.db
    .selectFrom('mediation_committees as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.org_id', 'o.name as org_name', 'c.kind', 'c.name', 'c.case_prefix', 'c.active']);
}

export async function listCommittees(ctx: Ctx, q: TCommitteeQuery): Promise<{ items: TCommitteeView[]; total: number }> {
  const actor = await requirePermission(ctx, 'mediation.read');
  const scope = scopeOf(actor, 'mediation.read');
  const filter = q.orgId ? subtreeScope(await requireOrgIn(ctx, scope, q.orgId, 'mediation.read')) : null;
  let base = ctx.db
    .selectFrom('mediation_committees as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .where((eb) => inScope(eb, scope, 'c.org_id', ownCommittee));
  if (filter) base = base.where((eb) => inScope(eb, filter, 'c.org_id'));
  if (q.active !== undefined) base = base.where('c.active', '=', q.active ? 1 : 0);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['c.id', 'c.org_id', 'o.name as org_name', 'c.kind', 'c.name', 'c.case_prefix', 'c.active'])
    .orderBy('o.path')
    .orderBy('c.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const counts = await memberCounts(
    ctx,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => committeeView(r, counts.get(r.id))), total: Number(total.n) };
}

/** A committee the actor may see under `perm` (with the membership rule for reads), or 404/403. */
async function loadCommittee(ctx: Ctx, id: string, perm: 'mediation.read' | 'mediation.manage'): Promise<CommitteeRow & { path: string }> {
  const actor = await requirePermission(ctx, perm);
  const row = await committeeBase(ctx).select('o.path').where('c.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  const scope = scopeOf(actor, perm);
  let visible = orgPathInScope(scope, row.org_id, row.path);
  if (!visible && perm === 'mediation.read') {
    const mine = await ctx.db
      .selectFrom('mediation_committees as c')
      .select('c.id')
      .where('c.id', '=', id)
      .where(ownCommittee(actor.userId))
      .executeTakeFirst();
    visible = !!mine;
  }
  if (!visible) {
    await recordDenied(ctx, 'mediation_committee', id, perm);
    throw new AppError('FORBIDDEN');
  }
  return row;
}

export async function getCommittee(ctx: Ctx, id: string) {
  const row = await loadCommittee(ctx, id, 'mediation.read');
  const counts = await memberCounts(ctx, [id]);
  const members = await mediatorRows(ctx, (qb) => qb.where('m.committee_id', '=', id));
  return { ...committeeView(row, counts.get(id)), members: members.map((m) => mediatorView(ctx, m)) };
}

function defaultPrefix(orgName: string): string {
  return `${orgName}调`;
}

/**
 * A case number is "(year)<prefix>字第n号": two committees with one prefix would print the same
 * number for different cases, so a prefix belongs to one committee, ever (an inactive committee's
 * old case numbers still exist). The check spans every committee, not the caller's scope.
 */
async function prefixTaken(ctx: Ctx, prefix: string, exceptId?: string): Promise<boolean> {
  let q = ctx.db.selectFrom('mediation_committees').select('id').where('case_prefix', '=', prefix);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return !!(await q.executeTakeFirst());
}

/** The default prefix, made unique with the township's name when a same-named village has it. */
async function freePrefix(ctx: Ctx, org: { name: string; path: string }): Promise<string> {
  const plain = defaultPrefix(org.name);
  if (!(await prefixTaken(ctx, plain))) return plain;
  const parentId = org.path.split('/').filter(Boolean).at(-2);
  const parent = parentId ? await ctx.db.selectFrom('orgs').select('name').where('id', '=', parentId).executeTakeFirst() : undefined;
  const longer = defaultPrefix(`${parent?.name ?? ''}${org.name}`);
  if (!(await prefixTaken(ctx, longer))) return longer;
  throw new AppError('DUPLICATE', [{ field: 'casePrefix', key: 'case_prefix_taken' }]);
}

export async function createCommittee(ctx: Ctx, input: TCommitteeCreate): Promise<TCommitteeView> {
  const org = await requireOrgInScope(ctx, 'mediation.manage', input.orgId);
  // 人民调解法 art. 8: committees are set up by 村委会/居委会; townships may set one up too (art. 34).
  if (org.kind !== 'village' && org.kind !== 'township') throw new AppError('VALIDATION', [{ field: 'orgId', key: 'committee_org_kind' }]);
  return inTx(ctx, async (tx) => {
    const existing = await tx.db.selectFrom('mediation_committees').select('id').where('org_id', '=', org.id).where('active', '=', 1).executeTakeFirst();
    if (existing) throw new AppError('DUPLICATE', [{ field: 'orgId', key: 'duplicate' }]);
    if (input.casePrefix && (await prefixTaken(tx, input.casePrefix))) throw new AppError('DUPLICATE', [{ field: 'casePrefix', key: 'case_prefix_taken' }]);
    const casePrefix = input.casePrefix || (await freePrefix(tx, org));
    const at = nowIso();
    const row = {
      id: uuidv7(),
      org_id: org.id,
      name: input.name || `${org.name}人民调解委员会`,
      kind: org.kind,
      case_prefix: casePrefix,
      active: 1,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('mediation_committees').values(row).execute();
    await recordAudit(tx, { entity: 'mediation_committee', entityId: row.id, action: 'committee.create', orgId: org.id, after: row });
    return committeeView({ ...row, org_name: org.name }, undefined);
  });
}

export async function updateCommittee(ctx: Ctx, id: string, input: TCommitteeUpdate): Promise<TCommitteeView> {
  const before = await loadCommittee(ctx, id, 'mediation.manage');
  return inTx(ctx, async (tx) => {
    if (input.active === true && before.active !== 1) {
      const other = await tx.db
        .selectFrom('mediation_committees')
        .select('id')
        .where('org_id', '=', before.org_id)
        .where('active', '=', 1)
        .where('id', '!=', id)
        .executeTakeFirst();
      if (other) throw new AppError('DUPLICATE', [{ field: 'active', key: 'duplicate' }]);
    }
    if (input.casePrefix !== undefined && input.casePrefix !== before.case_prefix && (await prefixTaken(tx, input.casePrefix, id))) {
      throw new AppError('DUPLICATE', [{ field: 'casePrefix', key: 'case_prefix_taken' }]);
    }
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.casePrefix !== undefined ? { case_prefix: input.casePrefix } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      updated_at: nowIso(),
    };
    await tx.db.updateTable('mediation_committees').set(set).where('id', '=', id).execute();
    const after = { ...before, ...set };
    await recordAudit(tx, {
      entity: 'mediation_committee',
      entityId: id,
      action: input.active === false ? 'committee.deactivate' : 'committee.update',
      orgId: before.org_id,
      before: { name: before.name, case_prefix: before.case_prefix, active: before.active },
      after: { name: after.name, case_prefix: after.case_prefix, active: after.active },
    });
    const counts = await memberCounts(tx, [id]);
    return committeeView(after, counts.get(id));
  });
}

// ——— mediators ———

interface MediatorRow {
  id: string;
  committee_id: string;
  committee_name: string;
  org_id: string;
  user_id: string | null;
  user_name: string | null;
  title: string;
  is_legal_understander: number;
  active: number;
  person_id: string;
  p_org_id: string;
  p_name: string;
  p_gender: string | null;
  p_phone_enc: string | null;
}

function mediatorBase(ctx: Ctx) {
  return ctx.db
    .selectFrom('mediators as m')
    .innerJoin('mediation_committees as c', 'c.id', 'm.committee_id')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .leftJoin('users as u', 'u.id', 'm.user_id');
}

type MediatorQB = ReturnType<typeof mediatorBase>;

async function mediatorRows(ctx: Ctx, where: (qb: MediatorQB) => MediatorQB, page?: { limit: number; offset: number }): Promise<MediatorRow[]> {
  let qb = where(mediatorBase(ctx))
    .select([
      'm.id',
      'm.committee_id',
      'c.name as committee_name',
      'm.org_id',
      'm.user_id',
      'u.display_name as user_name',
      'm.title',
      'm.is_legal_understander',
      'm.active',
      'm.person_id',
      'p.org_id as p_org_id',
      'p.name as p_name',
      'p.gender as p_gender',
      'p.phone_enc as p_phone_enc',
    ])
    // 主任, 副主任, 委员, 调解员; then by name
    .orderBy(sql`case m.title when 'chair' then 0 when 'vice_chair' then 1 when 'member' then 2 else 3 end`)
    .orderBy('p.name')
    .orderBy('m.id');
  if (page) qb = qb.limit(page.limit).offset(page.offset);
  return qb.execute();
}

function mediatorView(ctx: Ctx, r: MediatorRow): TMediatorView {
  const pv = toPersonView({ id: r.person_id, org_id: r.p_org_id, name: r.p_name, gender: r.p_gender, id_card_enc: null, phone_enc: r.p_phone_enc, address_enc: null }, ctx);
  return {
    id: r.id,
    committeeId: r.committee_id,
    committeeName: r.committee_name,
    orgId: r.org_id,
    person: { id: pv.id, name: pv.name, gender: pv.gender, phoneMasked: pv.phoneMasked },
    title: r.title as MediatorTitle,
    userId: r.user_id,
    userName: r.user_name,
    isLegalUnderstander: r.is_legal_understander === 1,
    active: r.active === 1,
  };
}

export async function listMediators(ctx: Ctx, q: TMediatorQuery): Promise<{ items: TMediatorView[]; total: number }> {
  const actor = await requirePermission(ctx, 'mediation.read');
  const scope = scopeOf(actor, 'mediation.read');
  const filter = q.orgId ? subtreeScope(await requireOrgIn(ctx, scope, q.orgId, 'mediation.read')) : null;
  if (q.committeeId) await loadCommittee(ctx, q.committeeId, 'mediation.read');
  const where = (qb: MediatorQB): MediatorQB => {
    let w = qb.where((eb) => inScope(eb, scope, 'm.org_id', ownMediator));
    if (filter) w = w.where((eb) => inScope(eb, filter, 'm.org_id'));
    if (q.committeeId) w = w.where('m.committee_id', '=', q.committeeId);
    if (q.active !== undefined) w = w.where('m.active', '=', q.active ? 1 : 0);
    if (q.q) w = w.where(sql<SqlBool>`p.name like ${likeContains(q.q)} escape '\\'`);
    return w;
  };
  const total = await where(mediatorBase(ctx)).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await mediatorRows(ctx, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: rows.map((r) => mediatorView(ctx, r)), total: Number(total.n) };
}

/** A linked user must exist and belong to an org the actor manages: nobody links the neighbour's staff. */
async function checkUserLink(ctx: Ctx, scope: DataScope, userId: string): Promise<void> {
  const u = await ctx.db.selectFrom('users as u').innerJoin('orgs as o', 'o.id', 'u.org_id').select(['u.id', 'u.org_id', 'o.path']).where('u.id', '=', userId).executeTakeFirst();
  if (!u) throw new AppError('VALIDATION', [{ field: 'userId', key: 'not_found' }]);
  if (!orgPathInScope(scope, u.org_id, u.path)) throw new AppError('VALIDATION', [{ field: 'userId', key: 'out_of_scope' }]);
}

async function loadMediator(ctx: Ctx, id: string): Promise<MediatorRow> {
  const actor = await requirePermission(ctx, 'mediation.manage');
  const row = await ctx.db
    .selectFrom('mediators as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.org_id', 'o.path'])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  if (!orgPathInScope(scopeOf(actor, 'mediation.manage'), row.org_id, row.path)) {
    await recordDenied(ctx, 'mediator', id, 'mediation.manage');
    throw new AppError('FORBIDDEN');
  }
  const [full] = await mediatorRows(ctx, (qb) => qb.where('m.id', '=', id));
  return full;
}

export async function createMediator(ctx: Ctx, input: TMediatorCreate): Promise<TMediatorView> {
  const committee = await loadCommittee(ctx, input.committeeId, 'mediation.manage');
  const actor = ctx.actor!;
  if (input.userId) await checkUserLink(ctx, scopeOf(actor, 'mediation.manage'), input.userId);
  return inTx(ctx, async (tx) => {
    const personId = await createPerson(tx, committee.org_id, input.person);
    const at = nowIso();
    const row = {
      id: uuidv7(),
      org_id: committee.org_id,
      committee_id: committee.id,
      user_id: input.userId ?? null,
      person_id: personId,
      title: input.title,
      is_legal_understander: input.isLegalUnderstander ? 1 : 0,
      active: 1,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('mediators').values(row).execute();
    await recordAudit(tx, {
      entity: 'mediator',
      entityId: row.id,
      action: 'mediator.create',
      orgId: committee.org_id,
      after: { ...row, name: input.person.name, gender: input.person.gender ?? null },
    });
    const [full] = await mediatorRows(tx, (qb) => qb.where('m.id', '=', row.id));
    return mediatorView(tx, full);
  });
}

export async function updateMediator(ctx: Ctx, id: string, input: TMediatorUpdate): Promise<TMediatorView> {
  const before = await loadMediator(ctx, id);
  if (input.userId) await checkUserLink(ctx, scopeOf(ctx.actor!, 'mediation.manage'), input.userId);
  return inTx(ctx, async (tx) => {
    const set = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.userId !== undefined ? { user_id: input.userId } : {}),
      ...(input.isLegalUnderstander !== undefined ? { is_legal_understander: input.isLegalUnderstander ? 1 : 0 } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      updated_at: nowIso(),
    };
    await tx.db.updateTable('mediators').set(set).where('id', '=', id).execute();
    const pick = (r: { title: string; user_id: string | null; is_legal_understander: number; active: number }) => ({
      title: r.title,
      user_id: r.user_id,
      is_legal_understander: r.is_legal_understander,
      active: r.active,
    });
    const [after] = await mediatorRows(tx, (qb) => qb.where('m.id', '=', id));
    await recordAudit(tx, {
      entity: 'mediator',
      entityId: id,
      action: input.active === false ? 'mediator.deactivate' : 'mediator.update',
      orgId: before.org_id,
      before: pick(before),
      after: pick(after),
    });
    return mediatorView(tx, after);
  });
}
