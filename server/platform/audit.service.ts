import { type Expression, type SqlBool, sql } from 'kysely';
import { AUDIT_PROBLEM_LABELS, type TAuditEvent, type TAuditList, type TAuditQuery, type TAuditVerify } from '../../common/schemas/audit.ts';
import { isRealDate } from '../../common/validation.ts';
import type { AuditEventTable } from '../db/schema.ts';
import { recordAudit, verifyAuditChain } from './audit.ts';
import type { Ctx } from './context.ts';
import { inTx } from './context.ts';
import { requirePermission, scopeOf, scopeWhere } from './permissions.ts';
import { addDaysIso } from './time.ts';
import { escapeLike } from './like.ts';

/**
 * The audit viewer (等保 8.1.5 审计管理: the audit admin queries and analyses the records). Only
 * `audit.read` (审计管理员) may read; the system and security admins may not (三员分立). Every read
 * and every chain check is itself an audit event, written in the same transaction as the query, so
 * a read that cannot be recorded is not answered.
 */
function parseJson(v: string | null): unknown {
  if (v === null) return null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function toView(r: AuditEventTable): TAuditEvent {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRoles: r.actor_roles,
    orgId: r.org_id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    result: r.result,
    before: parseJson(r.before_json),
    after: parseJson(r.after_json),
    ip: r.ip,
    requestId: r.request_id,
    public: Number(r.public) === 1,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Stored times are `toISOString()` text, so bounds are normalised the same way and compared as text. */
function lowerBound(v: string): string {
  return isRealDate(v) ? new Date(`${v}T00:00:00+08:00`).toISOString() : new Date(v).toISOString();
}
function upperBoundExclusive(v: string): string {
  if (isRealDate(v)) return new Date(`${addDaysIso(v, 1)}T00:00:00+08:00`).toISOString();
  return new Date(Date.parse(v) + 1).toISOString();
}

export async function listAuditEvents(ctx: Ctx, q: TAuditQuery): Promise<TAuditList> {
  const actor = await requirePermission(ctx, 'audit.read', 'audit');
  const scope = scopeOf(actor, 'audit.read');
  // Events without an org (failed logins of unknown names, system jobs) belong to the whole county:
  // only an audit admin whose grant covers a root org sees them.
  const countyWide = scope.subtrees.some((p) => p.split('/').filter(Boolean).length === 1);
  return inTx(ctx, async (tx) => {
    let base = tx.db.selectFrom('audit_events').where((eb) => {
      const inScope = scopeWhere(eb, scope, { org: 'audit_events.org_id' });
      return countyWide ? eb.or([inScope, eb('audit_events.org_id', 'is', null)]) : inScope;
    });
    if (q.actor) base = base.where(sql<SqlBool>`lower(actor_name) like ${`%${escapeLike(q.actor.toLowerCase())}%`} escape '\\'`);
    if (q.actorId) base = base.where('actor_id', '=', q.actorId);
    if (q.entity) base = base.where('entity', '=', q.entity);
    if (q.entityId) base = base.where('entity_id', '=', q.entityId);
    if (q.action) {
      const action = q.action;
      base = base.where((eb): Expression<SqlBool> => eb.or([eb('action', '=', action), sql<SqlBool>`action like ${`${escapeLike(action)}.%`} escape '\\'`]));
    }
    if (q.result) base = base.where('result', '=', q.result);
    if (q.from) base = base.where('at', '>=', lowerBound(q.from));
    if (q.to) base = base.where('at', '<', upperBoundExclusive(q.to));
    const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    await recordAudit(tx, { entity: 'audit', action: 'audit.read', after: { query: q, total: Number(n) } });
    return { items: rows.map((r) => toView(r as AuditEventTable)), total: Number(n) };
  });
}

/** Runs the SM3 chain check (the same as `npm run audit:verify`) for the audit admin, and records it. */
export async function verifyAuditForViewer(ctx: Ctx): Promise<TAuditVerify> {
  await requirePermission(ctx, 'audit.read', 'audit');
  const r = await verifyAuditChain(ctx.deps.database.db);
  const firstBad = r.firstBad ? { ...r.firstBad, reason: AUDIT_PROBLEM_LABELS[r.firstBad.problem][ctx.lang] } : null;
  await recordAudit(ctx, { entity: 'audit', action: 'audit.verify', result: r.ok ? 'success' : 'failure', after: { ok: r.ok, checked: r.checked, firstBad: r.firstBad ?? null } });
  return { ok: r.ok, checked: r.checked, firstBad };
}
