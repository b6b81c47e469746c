import { maskIdCard, maskPhone } from '../../../common/identity.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { TPersonInput, TPersonView } from '../../../common/schemas/people.ts';
import type { PersonTable } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import type { Ctx } from '../context.ts';
import { inTx } from '../context.ts';
import { AppError } from '../errors.ts';
import { orgPathInScope, recordDenied, requirePermission, scopeOf } from '../permissions.ts';
import { nowIso } from '../time.ts';

/**
 * People who are not users (parties, villagers). ID-card number, phone and address are encrypted
 * with SM4 at rest (security-requirements S8), findable by exact value through a keyed SM3 blind
 * index, and shown masked everywhere; the clear value is a separate, permission-checked, audited call.
 */
export function toPersonView(p: Pick<PersonTable, 'id' | 'org_id' | 'name' | 'gender' | 'id_card_enc' | 'phone_enc' | 'address_enc'>, ctx: Ctx): TPersonView {
  const c = ctx.deps.crypto;
  return {
    id: p.id,
    orgId: p.org_id,
    name: p.name,
    gender: p.gender,
    idCardMasked: maskIdCard(c.decryptOpt(p.id_card_enc)),
    phoneMasked: maskPhone(c.decryptOpt(p.phone_enc)),
    hasAddress: !!p.address_enc,
  };
}

/** Creates a person inside the caller's transaction; the caller's own audit event covers it too. */
export async function createPerson(ctx: Ctx, orgId: string, input: TPersonInput): Promise<string> {
  const c = ctx.deps.crypto;
  const at = nowIso();
  const id = uuidv7();
  await ctx.db
    .insertInto('people')
    .values({
      id,
      org_id: orgId,
      name: input.name,
      gender: input.gender ?? null,
      id_card_enc: c.encryptOpt(input.idCard),
      id_card_bidx: input.idCard ? c.blindIndex('id_card', input.idCard) : null,
      phone_enc: c.encryptOpt(input.phone),
      phone_bidx: input.phone ? c.blindIndex('phone', input.phone) : null,
      address_enc: c.encryptOpt(input.address),
      created_by: ctx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await recordAudit(ctx, { entity: 'person', entityId: id, action: 'person.create', orgId, after: { name: input.name, idCard: input.idCard, phone: input.phone } });
  return id;
}

export async function updatePerson(ctx: Ctx, id: string, input: TPersonInput): Promise<void> {
  const c = ctx.deps.crypto;
  const before = await ctx.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new AppError('NOT_FOUND');
  await ctx.db
    .updateTable('people')
    .set({
      name: input.name,
      gender: input.gender ?? null,
      id_card_enc: c.encryptOpt(input.idCard),
      id_card_bidx: input.idCard ? c.blindIndex('id_card', input.idCard) : null,
      phone_enc: c.encryptOpt(input.phone),
      phone_bidx: input.phone ? c.blindIndex('phone', input.phone) : null,
      address_enc: c.encryptOpt(input.address),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  await recordAudit(ctx, {
    entity: 'person',
    entityId: id,
    action: 'person.update',
    orgId: before.org_id,
    before: { name: before.name, idCard: c.decryptOpt(before.id_card_enc), phone: c.decryptOpt(before.phone_enc) },
    after: { name: input.name, idCard: input.idCard, phone: input.phone },
  });
}

export async function peopleByIds(ctx: Ctx, ids: string[]): Promise<Map<string, TPersonView>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('people').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, toPersonView(r, ctx)]));
}

/** Exact-match search by ID-card number through the blind index, within the caller's scope. */
export async function findPeopleByIdCard(ctx: Ctx, idCard: string): Promise<TPersonView[]> {
  const actor = await requirePermission(ctx, 'person.read');
  const scope = scopeOf(actor, 'person.read');
  const rows = await ctx.db
    .selectFrom('people as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .selectAll('p')
    .select('o.path')
    .where('p.id_card_bidx', '=', ctx.deps.crypto.blindIndex('id_card', idCard))
    .execute();
  return rows.filter((r) => orgPathInScope(scope, r.org_id, r.path)).map((r) => toPersonView(r, ctx));
}

/**
 * The clear ID-card number, phone and address of one person: only with `person.unmask` on the
 * person's org, and always audited (PIPL art. 51; security-requirements S9).
 */
export async function unmaskPerson(ctx: Ctx, id: string, reason: string) {
  const actor = await requirePermission(ctx, 'person.unmask', 'person');
  const row = await ctx.db.selectFrom('people as p').innerJoin('orgs as o', 'o.id', 'p.org_id').selectAll('p').select('o.path').where('p.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  if (!orgPathInScope(scopeOf(actor, 'person.unmask'), row.org_id, row.path)) {
    await recordDenied(ctx, 'person', id, 'person.unmask');
    throw new AppError('FORBIDDEN');
  }
  const c = ctx.deps.crypto;
  await inTx(ctx, (tx) => recordAudit(tx, { entity: 'person', entityId: id, action: 'person.unmask', orgId: row.org_id, after: { reason } }));
  return { id: row.id, name: row.name, idCard: c.decryptOpt(row.id_card_enc), phone: c.decryptOpt(row.phone_enc), address: c.decryptOpt(row.address_enc) };
}
