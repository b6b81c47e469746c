import { type SqlBool, sql } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import type { Permission } from '../../../common/roles.ts';
import {
  type ActivityKind,
  type TActivityInput,
  type TActivityView,
  type TCoverage,
  type TUnderstanderCreate,
  type TUnderstanderQuery,
  type TUnderstanderUpdate,
  type TUnderstanderView,
  UNDERSTANDER_TARGET_DEFAULT,
  UNDERSTANDER_TARGET_KEY,
  type UnderstanderCategory,
} from '../../../common/schemas/mediation-admin.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { createPerson, toPersonView } from '../../platform/people/people.service.ts';
import { type DataScope, orgPathInScope, recordDenied, requireOrgInScope, requirePermission } from '../../platform/permissions.ts';
import { nowIso, todayShanghai } from '../../platform/time.ts';
import { inScope, requireAnyPermission, requireOrgIn, subtreeScope, unionScope } from './admin-scope.ts';
import { likeContains } from '../../platform/like.ts';

/**
 * The 法律明白人 registry per 行政村 (《乡村"法律明白人"培养工作规范（试行）》, 2021): the roster with
 * removal and replacement (active), activities by kind — 宣传政策法规, 引导法律服务, 化解矛盾纠纷,
 * 参与基层治理 — and training with hours; coverage against a per-village target (default 3, set per
 * township in `settings`). Grid workers keep the roster of their own village.
 */
export const UNDERSTANDER_READ: readonly Permission[] = ['mediation.read', 'mediation.understander.write'];

function base(ctx: Ctx) {
  return ctx.db.selectFrom('legal_understanders as lu').innerJoin('orgs as o', 'o.id', 'lu.org_id').innerJoin('people as p', 'p.id', 'lu.person_id');
}

async function activityTotals(ctx: Ctx, ids: string[], year: number) {
  const out = new Map<string, { hours: number; kinds: Record<string, number> }>();
  if (ids.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('understander_activities')
    .select((eb) => ['understander_id', 'kind', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('hours').as('hours')])
    .where('understander_id', 'in', ids)
    .where('held_on', '>=', `${year}-01-01`)
    .where('held_on', '<=', `${year}-12-31`)
    .groupBy(['understander_id', 'kind'])
    .execute();
  for (const r of rows) {
    const t = out.get(r.understander_id) ?? { hours: 0, kinds: {} };
    t.kinds[r.kind] = Number(r.n);
    if (r.kind === 'training') t.hours += Number(r.hours ?? 0);
    out.set(r.understander_id, t);
  }
  return out;
}

export async function listUnderstanders(ctx: Ctx, q: TUnderstanderQuery, today = todayShanghai()): Promise<{ items: TUnderstanderView[]; total: number }> {
  const actor = await requireAnyPermission(ctx, UNDERSTANDER_READ);
  const scope = unionScope(actor, UNDERSTANDER_READ);
  const filter = q.orgId ? subtreeScope(await requireOrgIn(ctx, scope, q.orgId, 'mediation.read')) : null;
  const year = q.year ?? Number(today.slice(0, 4));
  const where = <T extends ReturnType<typeof base>>(qb: T): T => {
    let w = qb.where((eb) => inScope(eb, scope, 'lu.org_id'));
    if (filter) w = w.where((eb) => inScope(eb, filter, 'lu.org_id'));
    if (q.active !== undefined) w = w.where('lu.active', '=', q.active ? 1 : 0);
    if (q.category) w = w.where('lu.category', '=', q.category);
    if (q.appointedTo) w = w.where('lu.appointed_on', '<=', q.appointedTo);
    if (q.q) w = w.where(sql<SqlBool>`p.name like ${likeContains(q.q)} escape '\\'`);
    return w as T;
  };
  const total = await where(base(ctx))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await where(base(ctx))
    .select(['lu.id', 'lu.org_id', 'o.name as org_name', 'lu.category', 'lu.appointed_on', 'lu.active', 'p.id as person_id', 'p.org_id as p_org_id', 'p.name', 'p.gender', 'p.phone_enc'])
    .orderBy('o.path')
    .orderBy('lu.active', 'desc')
    .orderBy('p.name')
    .orderBy('lu.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const totals = await activityTotals(
    ctx,
    rows.map((r) => r.id),
    year,
  );
  return {
    total: Number(total.n),
    items: rows.map((r) => {
      const pv = toPersonView({ id: r.person_id, org_id: r.p_org_id, name: r.name, gender: r.gender, id_card_enc: null, phone_enc: r.phone_enc, address_enc: null }, ctx);
      const t = totals.get(r.id);
      return {
        id: r.id,
        orgId: r.org_id,
        orgName: r.org_name,
        person: { id: pv.id, name: pv.name, gender: pv.gender, phoneMasked: pv.phoneMasked },
        category: r.category as UnderstanderCategory,
        appointedOn: r.appointed_on,
        active: r.active === 1,
        year,
        trainingHours: Math.round((t?.hours ?? 0) * 10) / 10,
        activities: t?.kinds ?? {},
      };
    }),
  };
}

async function villageFor(ctx: Ctx, orgId: string) {
  const org = await requireOrgInScope(ctx, 'mediation.understander.write', orgId);
  if (org.kind !== 'village') throw new AppError('VALIDATION', [{ field: 'orgId', key: 'village_required' }]);
  return org;
}

export async function createUnderstander(ctx: Ctx, input: TUnderstanderCreate): Promise<{ id: string }> {
  const org = await villageFor(ctx, input.orgId);
  return inTx(ctx, async (tx) => {
    const personId = await createPerson(tx, org.id, input.person);
    const at = nowIso();
    const row = { id: uuidv7(), org_id: org.id, person_id: personId, category: input.category, appointed_on: input.appointedOn, active: 1, created_at: at, updated_at: at };
    await tx.db.insertInto('legal_understanders').values(row).execute();
    await recordAudit(tx, { entity: 'legal_understander', entityId: row.id, action: 'understander.create', orgId: org.id, after: { ...row, name: input.person.name } });
    return { id: row.id };
  });
}

/** One understander the actor may act on under the given permissions, or 404/403 (audited). */
async function loadUnderstander(ctx: Ctx, id: string, perms: readonly Permission[]) {
  const actor = await requireAnyPermission(ctx, perms);
  const row = await ctx.db
    .selectFrom('legal_understanders as lu')
    .innerJoin('orgs as o', 'o.id', 'lu.org_id')
    .select(['lu.id', 'lu.org_id', 'o.path', 'lu.category', 'lu.appointed_on', 'lu.active'])
    .where('lu.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  if (!orgPathInScope(unionScope(actor, perms), row.org_id, row.path)) {
    await recordDenied(ctx, 'legal_understander', id, perms.join('|'));
    throw new AppError('FORBIDDEN');
  }
  return row;
}

export async function updateUnderstander(ctx: Ctx, id: string, input: TUnderstanderUpdate): Promise<{ id: string }> {
  const before = await loadUnderstander(ctx, id, ['mediation.understander.write']);
  return inTx(ctx, async (tx) => {
    const set = {
      ...(input.category !== undefined ? { category: input.category } : {}),
      ...(input.appointedOn !== undefined ? { appointed_on: input.appointedOn } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      updated_at: nowIso(),
    };
    await tx.db.updateTable('legal_understanders').set(set).where('id', '=', id).execute();
    const pick = (r: { category: string; appointed_on: string; active: number }) => ({ category: r.category, appointed_on: r.appointed_on, active: r.active });
    await recordAudit(tx, {
      entity: 'legal_understander',
      entityId: id,
      action: input.active === false ? 'understander.deactivate' : 'understander.update',
      orgId: before.org_id,
      before: pick(before),
      after: pick({ ...before, ...set }),
    });
    return { id };
  });
}

export async function addActivity(ctx: Ctx, id: string, input: TActivityInput): Promise<TActivityView> {
  const u = await loadUnderstander(ctx, id, ['mediation.understander.write']);
  // A training record is its hours: the per-person annual hours are what gets reported.
  if (input.kind === 'training' && !(input.hours > 0)) throw new AppError('VALIDATION', [{ field: 'hours', key: 'required' }]);
  return inTx(ctx, async (tx) => {
    const row = {
      id: uuidv7(),
      understander_id: id,
      org_id: u.org_id,
      kind: input.kind,
      held_on: input.heldOn,
      hours: input.hours,
      summary: input.summary,
      created_by: ctx.actor?.userId ?? null,
      created_at: nowIso(),
    };
    await tx.db.insertInto('understander_activities').values(row).execute();
    await recordAudit(tx, { entity: 'understander_activity', entityId: row.id, action: 'understander.activity', orgId: u.org_id, after: row });
    return { id: row.id, understanderId: id, orgId: u.org_id, kind: input.kind, heldOn: input.heldOn, hours: input.hours, summary: input.summary };
  });
}

export async function listActivities(ctx: Ctx, id: string, q: { year?: number }): Promise<{ items: TActivityView[]; total: number }> {
  await loadUnderstander(ctx, id, UNDERSTANDER_READ);
  let qb = ctx.db.selectFrom('understander_activities').selectAll().where('understander_id', '=', id);
  if (q.year) qb = qb.where('held_on', '>=', `${q.year}-01-01`).where('held_on', '<=', `${q.year}-12-31`);
  const rows = await qb.orderBy('held_on', 'desc').orderBy('id').execute();
  return {
    total: rows.length,
    items: rows.map((r) => ({ id: r.id, understanderId: r.understander_id, orgId: r.org_id, kind: r.kind as ActivityKind, heldOn: r.held_on, hours: Number(r.hours), summary: r.summary })),
  };
}

// ——— target and coverage ———

/** The target for each village: the nearest setting on the village's path (township, then county), else 3. */
export async function targetsFor(ctx: Ctx, villages: readonly { id: string; path: string }[]): Promise<Map<string, number>> {
  const settings = await ctx.db.selectFrom('settings').select(['org_id', 'value']).where('key', '=', UNDERSTANDER_TARGET_KEY).execute();
  const byOrg = new Map(settings.map((s) => [s.org_id, Number(s.value)]));
  const out = new Map<string, number>();
  for (const v of villages) {
    const chain = v.path.split('/').filter(Boolean).reverse();
    const hit = chain.find((id) => byOrg.has(id));
    out.set(v.id, hit ? byOrg.get(hit)! : UNDERSTANDER_TARGET_DEFAULT);
  }
  return out;
}

/** Villages within `scope` (and `filter`), each with its active 法律明白人 count and target. */
export async function coverageIn(ctx: Ctx, scope: DataScope, filter: DataScope | null, asOf?: string): Promise<TCoverage> {
  let vq = ctx.db
    .selectFrom('orgs as o')
    .leftJoin('orgs as t', 't.id', 'o.parent_id')
    .select(['o.id', 'o.name', 'o.path', 't.id as township_id', 't.name as township_name', 't.kind as parent_kind'])
    .where('o.kind', '=', 'village')
    .where((eb) => inScope(eb, scope, 'o.id'));
  if (filter) vq = vq.where((eb) => inScope(eb, filter, 'o.id'));
  const villages = await vq.orderBy('t.sort').orderBy('t.id').orderBy('o.sort').orderBy('o.name').execute();
  let cq = ctx.db
    .selectFrom('legal_understanders as lu')
    .select((eb) => ['lu.org_id', eb.fn.countAll<number>().as('n')])
    .where('lu.active', '=', 1)
    .where((eb) => inScope(eb, scope, 'lu.org_id'));
  if (filter) cq = cq.where((eb) => inScope(eb, filter, 'lu.org_id'));
  if (asOf) cq = cq.where('lu.appointed_on', '<=', asOf);
  const counts = new Map((await cq.groupBy('lu.org_id').execute()).map((r) => [r.org_id, Number(r.n)]));
  const targets = await targetsFor(ctx, villages);
  let met = 0;
  let understanders = 0;
  const items = villages.map((v) => {
    const count = counts.get(v.id) ?? 0;
    const target = targets.get(v.id) ?? UNDERSTANDER_TARGET_DEFAULT;
    if (count >= target) met++;
    understanders += count;
    return {
      orgId: v.id,
      name: v.name,
      townshipId: v.parent_kind === 'township' ? v.township_id : null,
      townshipName: v.parent_kind === 'township' ? v.township_name : null,
      count,
      target,
      met: count >= target,
    };
  });
  return { villages: items, totals: { villages: villages.length, met, understanders } };
}

export async function coverage(ctx: Ctx, q: { orgId?: string; asOf?: string }): Promise<TCoverage> {
  const actor = await requireAnyPermission(ctx, UNDERSTANDER_READ);
  const scope = unionScope(actor, UNDERSTANDER_READ);
  const filter = q.orgId ? subtreeScope(await requireOrgIn(ctx, scope, q.orgId, 'mediation.read')) : null;
  return coverageIn(ctx, scope, filter, q.asOf);
}

export async function getTarget(ctx: Ctx, orgId: string): Promise<{ orgId: string; target: number; isDefault: boolean }> {
  const actor = await requireAnyPermission(ctx, UNDERSTANDER_READ);
  const org = await requireOrgIn(ctx, unionScope(actor, UNDERSTANDER_READ), orgId, 'mediation.read');
  const own = await ctx.db.selectFrom('settings').select('value').where('org_id', '=', org.id).where('key', '=', UNDERSTANDER_TARGET_KEY).executeTakeFirst();
  if (own) return { orgId, target: Number(own.value), isDefault: false };
  const t = (await targetsFor(ctx, [org])).get(org.id)!;
  return { orgId, target: t, isDefault: true };
}

/** Sets a township's (or the county's) 法律明白人 target per village; audited with before/after. */
export async function setTarget(ctx: Ctx, input: { orgId: string; target: number }): Promise<{ orgId: string; target: number; isDefault: boolean }> {
  await requirePermission(ctx, 'mediation.manage');
  const org = await requireOrgInScope(ctx, 'mediation.manage', input.orgId);
  if (org.kind !== 'township' && org.kind !== 'county') throw new AppError('VALIDATION', [{ field: 'orgId', key: 'target_org_kind' }]);
  return inTx(ctx, async (tx) => {
    const before = await tx.db.selectFrom('settings').select('value').where('org_id', '=', org.id).where('key', '=', UNDERSTANDER_TARGET_KEY).executeTakeFirst();
    const at = nowIso();
    const value = String(input.target);
    await tx.db
      .insertInto('settings')
      .values({ org_id: org.id, key: UNDERSTANDER_TARGET_KEY, value, updated_at: at })
      .onConflict((oc) => oc.columns(['org_id', 'key']).doUpdateSet({ value, updated_at: at }))
      .execute();
    await recordAudit(tx, {
      entity: 'setting',
      entityId: `${org.id}:${UNDERSTANDER_TARGET_KEY}`,
      action: 'setting.update',
      orgId: org.id,
      before: { key: UNDERSTANDER_TARGET_KEY, value: before ? Number(before.value) : null },
      after: { key: UNDERSTANDER_TARGET_KEY, value: input.target },
    });
    return { orgId: org.id, target: input.target, isDefault: false };
  });
}
