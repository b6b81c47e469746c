import type { Kysely } from 'kysely';

import { uuidv7 } from '../../common/ids.ts';
import { maskIdCard, maskPhone } from '../../common/identity.ts';
import type { Executor } from '../db/index.ts';
import type { AuditEventTable, DB } from '../db/schema.ts';
import type { Ctx } from './context.ts';
import { sm3 } from './crypto.ts';
import { noteWrite, noteWriteIn } from './read-cache.ts';
import { nowIso } from './time.ts';

/**
 * Audit trail (等保 8.1.4.3; security-requirements S6/S7). Every write, export, unmasking and denied
 * access is one event, written in the caller's transaction: if the audit insert fails, the operation
 * fails. Events form an SM3 hash chain through the single-row `audit_head`, which each audited
 * transaction locks, so the chain never forks under concurrency.
 */
export interface AuditInput {
  entity: string;
  entityId?: string | null;
  action: string;
  result?: 'success' | 'failure' | 'denied';
  orgId?: string | null;
  before?: unknown;
  after?: unknown;
  /** The portal may show this event to the person concerned. */
  public?: boolean;
  /** For events without a logged-in actor (failed logins): who it was about. */
  actorName?: string;
}

const SECRET_KEYS = /(password|secret|token|totp|_enc$|_bidx$|hash)/i;
const ID_KEYS = /(idcard|id_card|idnumber)/i;
const PHONE_KEYS = /(phone|mobile|tel)/i;

/** Personal data masked, secrets dropped: what may enter an audit record. */
export function redactForAudit(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(redactForAudit);
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEYS.test(k)) continue;
    if (ID_KEYS.test(k) && typeof v === 'string') out[k] = maskIdCard(v);
    else if (PHONE_KEYS.test(k) && typeof v === 'string') out[k] = maskPhone(v);
    else out[k] = redactForAudit(v);
  }
  return out;
}

type EventRow = Omit<AuditEventTable, 'hash'>;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as the database will give it back. Both engines store UTF-8, where an unpaired surrogate
 * (which JSON can carry, e.g. in a login name) becomes U+FFFD; hashing the JS string instead would
 * make the verifier report an honest event as altered.
 */
function asStored<T>(v: T): T {
  return (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\ufffd') : v) as T;
}

export function canonicalEvent(e: EventRow): string {
  return JSON.stringify([
    e.seq,
    e.id,
    e.at,
    e.actor_id,
    e.actor_name,
    e.actor_roles,
    e.org_id,
    e.entity,
    e.entity_id,
    e.action,
    e.result,
    e.before_json,
    e.after_json,
    e.ip,
    e.request_id,
    e.public,
    e.prev_hash,
  ]);
}

export function chainHash(e: EventRow): string {
  return sm3(`${e.prev_hash}|${canonicalEvent(e)}`);
}

async function writeEvent(ctx: Ctx, db: Executor, input: AuditInput): Promise<void> {
  const headQ = db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  const head = await (ctx.engine === 'postgres' ? headQ.forUpdate() : headQ).executeTakeFirstOrThrow();
  const actor = ctx.actor;
  const row: EventRow = {
    seq: Number(head.seq) + 1,
    id: uuidv7(),
    at: nowIso(),
    actor_id: actor?.userId ?? null,
    actor_name: actor?.username ?? input.actorName ?? null,
    actor_roles: actor ? [...new Set(actor.grants.map((g) => g.role))].join(',') : null,
    org_id: input.orgId ?? actor?.orgId ?? null,
    entity: input.entity,
    entity_id: input.entityId ?? null,
    action: input.action,
    result: input.result ?? 'success',
    before_json: input.before === undefined ? null : JSON.stringify(redactForAudit(input.before)),
    after_json: input.after === undefined ? null : JSON.stringify(redactForAudit(input.after)),
    ip: ctx.ip,
    request_id: ctx.requestId,
    public: input.public ? 1 : 0,
    prev_hash: head.hash,
  };
  for (const k of Object.keys(row) as (keyof EventRow)[]) (row as Record<string, unknown>)[k] = asStored(row[k]);
  const hash = chainHash(row);
  await db.insertInto('audit_events').values({ ...row, hash }).execute();
  await db.updateTable('audit_head').set({ seq: row.seq, hash }).where('id', '=', 1).execute();
}

/** Write one audit event in ctx's transaction (or a transaction of its own when there is none). */
export async function recordAudit(ctx: Ctx, input: AuditInput): Promise<void> {
  // every audited write reaches the read caches that derive from its entity (platform/read-cache.ts);
  // a refusal or a failed login changed nothing they derive from, and must not let a stream of
  // failed logins or denied requests empty every process's caches
  const wrote = (input.result ?? 'success') === 'success';
  if (ctx.db.isTransaction) {
    await writeEvent(ctx, ctx.db, input);
    if (wrote) noteWriteIn(ctx.db, input.entity);
    return;
  }
  await (ctx.db as Kysely<DB>).transaction().execute((trx) => writeEvent(ctx, trx, input));
  if (wrote) noteWrite(input.entity);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBad?: { seq: number; problem: 'altered' | 'inserted_or_reordered' | 'deleted' | 'head_mismatch' };
}

const GENESIS = '0'.repeat(64);

/**
 * Walks the chain in seq order and reports the first altered, inserted or deleted event.
 * Safe while the server keeps writing: the head is read after the walk, and events committed
 * meanwhile (the head moved past what was read) are walked in a further round rather than taken
 * for tampering. A head behind the last event means an event the application never wrote.
 */
export async function verifyAuditChain(db: Kysely<DB>): Promise<VerifyResult> {
  let prev = GENESIS;
  let lastSeq = 0;
  let checked = 0;
  const batch = 5000;
  for (;;) {
    for (;;) {
      const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', lastSeq).orderBy('seq').limit(batch).execute();
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== lastSeq + 1) {
          return { ok: false, checked, firstBad: { seq: lastSeq + 1, problem: seq > lastSeq + 1 ? 'deleted' : 'inserted_or_reordered' } };
        }
        const { hash, ...rest } = r;
        const row: EventRow = { ...rest, seq, public: Number(rest.public) };
        if (row.prev_hash !== prev) return { ok: false, checked, firstBad: { seq, problem: 'inserted_or_reordered' } };
        if (chainHash(row) !== hash) return { ok: false, checked, firstBad: { seq, problem: 'altered' } };
        prev = hash;
        lastSeq = seq;
        checked++;
      }
      if (rows.length < batch) break;
    }
    const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (!head) return { ok: false, checked, firstBad: { seq: lastSeq + 1, problem: 'head_mismatch' } };
    const headSeq = Number(head.seq);
    if (headSeq === lastSeq) {
      if (head.hash !== prev) return { ok: false, checked, firstBad: { seq: lastSeq, problem: 'head_mismatch' } };
      return { ok: true, checked };
    }
    // Events past the head were never recorded by an audited transaction (which moves both at once).
    if (headSeq < lastSeq) return { ok: false, checked, firstBad: { seq: headSeq + 1, problem: 'inserted_or_reordered' } };
    // The head is ahead: either events were committed after we read, or the tail was deleted.
    const next = await db.selectFrom('audit_events').select('seq').where('seq', '>', lastSeq).orderBy('seq').limit(1).executeTakeFirst();
    if (!next) return { ok: false, checked, firstBad: { seq: lastSeq + 1, problem: 'deleted' } };
  }
}
