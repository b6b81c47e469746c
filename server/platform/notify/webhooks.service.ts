import { uuidv7 } from '../../../common/ids.ts';
import type {
  DeliveryState,
  TDeliveryQuery,
  TDeliveryView,
  TWebhookCreate,
  TWebhookQuery,
  TWebhookTestResult,
  TWebhookUpdate,
  TWebhookView,
  WebhookKind,
} from '../../../common/schemas/notify.ts';
import { recordAudit } from '../audit.ts';
import { type Ctx, inTx } from '../context.ts';
import { AppError } from '../errors.ts';
import { inScope, orgPathInScope, recordDenied, requireOrgIn, requireOrgInScope, requirePermission, scopeOf, subtreeScope } from '../permissions.ts';
import { nowIso } from '../time.ts';
import { checkRobotUrl, deliver, urlHint } from './delivery.ts';
import { loadRobot, WEBHOOK_JOB } from './notify.service.ts';

/**
 * The org's group robots (提醒与推送) and the deliveries to them. Everything here is scoped by
 * notify.manage: a township's 司法所 and leaders manage their own robots; the neighbouring
 * township neither sees nor edits them (403, denial audited).
 */
const PERM = 'notify.manage' as const;

interface WebhookRow {
  id: string;
  org_id: string;
  org_name: string;
  org_path: string;
  name: string;
  kind: string;
  url_hint: string;
  secret_enc: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
}

function view(r: WebhookRow): TWebhookView {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    name: r.name,
    kind: r.kind as WebhookKind,
    urlHint: r.url_hint,
    hasSecret: !!r.secret_enc,
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What the audit trail keeps of a robot: never the URL's key or the secret. */
function auditView(r: { name: string; kind: string; url_hint: string; secret_enc: string | null; enabled: number; org_id: string }) {
  return { orgId: r.org_id, name: r.name, kind: r.kind, url: r.url_hint, signing: !!r.secret_enc, enabled: r.enabled === 1 };
}

function base(ctx: Ctx) {
  return ctx.db
    .selectFrom('org_webhooks as w')
    .innerJoin('orgs as o', 'o.id', 'w.org_id')
    .select(['w.id', 'w.org_id', 'o.name as org_name', 'o.path as org_path', 'w.name', 'w.kind', 'w.url_hint', 'w.secret_enc', 'w.enabled', 'w.created_at', 'w.updated_at']);
}

function validUrl(ctx: Ctx, url: string): string {
  const u = checkRobotUrl(url, ctx.deps.config.webhookAllowLoopback);
  if (!u) throw new AppError('VALIDATION', [{ field: 'url', key: 'webhook_url_invalid' }]);
  return u.toString();
}

export async function listWebhooks(ctx: Ctx, q: TWebhookQuery): Promise<{ items: TWebhookView[]; total: number }> {
  const actor = await requirePermission(ctx, PERM, 'org_webhook');
  const scope = scopeOf(actor, PERM);
  let qb = ctx.db
    .selectFrom('org_webhooks as w')
    .innerJoin('orgs as o', 'o.id', 'w.org_id')
    .where((eb) => inScope(eb, scope, 'w.org_id'));
  if (q.orgId) {
    const org = await requireOrgIn(ctx, scope, q.orgId, PERM);
    qb = qb.where((eb) => inScope(eb, subtreeScope(org), 'w.org_id'));
  }
  const total = await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await qb
    .select(['w.id', 'w.org_id', 'o.name as org_name', 'o.path as org_path', 'w.name', 'w.kind', 'w.url_hint', 'w.secret_enc', 'w.enabled', 'w.created_at', 'w.updated_at'])
    .orderBy('o.path')
    .orderBy('w.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: rows.map(view), total: Number(total.n) };
}

/** A robot inside the caller's notify.manage scope, or 404 / 403 (denial audited). */
async function loadInScope(ctx: Ctx, id: string): Promise<WebhookRow> {
  const actor = await requirePermission(ctx, PERM, 'org_webhook');
  const row = await base(ctx).where('w.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  if (!orgPathInScope(scopeOf(actor, PERM), row.org_id, row.org_path)) {
    await recordDenied(ctx, 'org_webhook', id, PERM);
    throw new AppError('FORBIDDEN');
  }
  return row;
}

export async function createWebhook(ctx: Ctx, input: TWebhookCreate): Promise<TWebhookView> {
  const org = await requireOrgInScope(ctx, PERM, input.orgId);
  const url = validUrl(ctx, input.url);
  const at = nowIso();
  const row = {
    id: uuidv7(),
    org_id: org.id,
    name: input.name,
    kind: input.kind,
    url_enc: ctx.deps.crypto.encrypt(url),
    url_hint: urlHint(url),
    secret_enc: ctx.deps.crypto.encryptOpt(input.secret?.trim() || null),
    enabled: input.enabled === false ? 0 : 1,
    created_at: at,
    updated_at: at,
  };
  return inTx(ctx, async (tx) => {
    await tx.db.insertInto('org_webhooks').values(row).execute();
    await recordAudit(tx, { entity: 'org_webhook', entityId: row.id, action: 'webhook.create', orgId: org.id, after: auditView(row) });
    return view({ ...row, org_name: org.name, org_path: org.path });
  });
}

export async function updateWebhook(ctx: Ctx, id: string, input: TWebhookUpdate): Promise<TWebhookView> {
  const before = await loadInScope(ctx, id);
  const url = input.url !== undefined ? validUrl(ctx, input.url) : undefined;
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(url !== undefined ? { url_enc: ctx.deps.crypto.encrypt(url), url_hint: urlHint(url) } : {}),
    ...(input.secret !== undefined ? { secret_enc: ctx.deps.crypto.encryptOpt(input.secret?.trim() || null) } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0 } : {}),
    updated_at: nowIso(),
  };
  return inTx(ctx, async (tx) => {
    await tx.db.updateTable('org_webhooks').set(set).where('id', '=', id).execute();
    const after = { ...before, ...set };
    await recordAudit(tx, {
      entity: 'org_webhook',
      entityId: id,
      action: 'webhook.update',
      orgId: before.org_id,
      before: auditView(before),
      // a new key is recorded as changed, not shown
      after: { ...auditView(after), ...(url !== undefined ? { urlChanged: true } : {}), ...(input.secret !== undefined ? { signingChanged: true } : {}) },
    });
    return view(after);
  });
}

/** Deliveries already queued for a deleted robot fail visibly when their turn comes. */
export async function deleteWebhook(ctx: Ctx, id: string): Promise<void> {
  const before = await loadInScope(ctx, id);
  await inTx(ctx, async (tx) => {
    await tx.db.deleteFrom('org_webhooks').where('id', '=', id).execute();
    await recordAudit(tx, { entity: 'org_webhook', entityId: id, action: 'webhook.delete', orgId: before.org_id, before: auditView(before) });
  });
}

/** Sends a test message now (not through the queue) and answers what the robot said. */
export async function testWebhook(ctx: Ctx, id: string): Promise<TWebhookTestResult> {
  const row = await loadInScope(ctx, id);
  let robot: Awaited<ReturnType<typeof loadRobot>>;
  try {
    robot = await loadRobot(ctx, id);
  } catch (e) {
    return { ok: false, status: null, error: e instanceof Error ? e.message : String(e) };
  }
  if (!robot) throw new AppError('NOT_FOUND');
  const r = await deliver(
    robot,
    {
      kind: 'notify.test',
      title: '测试消息 / Test message',
      body: `这是法治平台发给“${row.name}”的测试消息，收到即表示配置正确。`,
      href: '/admin/notify',
      orgId: row.org_id,
    },
    { publicOrigin: ctx.deps.config.publicOrigin, allowLoopback: ctx.deps.config.webhookAllowLoopback },
  );
  // Sending out of the platform is recorded with its result (who pushed what where).
  await recordAudit(ctx, { entity: 'org_webhook', entityId: id, action: 'webhook.test', orgId: row.org_id, result: r.ok ? 'success' : 'failure', after: { status: r.status, error: r.error } });
  return r;
}

// ——— deliveries (the notify.webhook jobs of the caller's orgs) ———

interface JobRow {
  id: string;
  org_id: string | null;
  org_name: string | null;
  payload: string;
  state: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: string;
  created_at: string;
  updated_at: string;
  done_at: string | null;
}

function parsePayload(p: string): { webhookId: string | null; title: string } {
  try {
    const v = JSON.parse(p) as { webhookId?: unknown; title?: unknown };
    return { webhookId: typeof v.webhookId === 'string' ? v.webhookId : null, title: typeof v.title === 'string' ? v.title : '' };
  } catch {
    return { webhookId: null, title: '' };
  }
}

function deliveryView(r: JobRow, names: Map<string, string>): TDeliveryView {
  const p = parsePayload(r.payload);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    webhookId: p.webhookId,
    webhookName: p.webhookId ? (names.get(p.webhookId) ?? null) : null,
    title: p.title,
    state: r.state as DeliveryState,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    lastError: r.last_error,
    nextAttemptAt: r.state === 'pending' ? r.run_at : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    doneAt: r.done_at,
  };
}

const JOB_COLS = ['j.id', 'j.org_id', 'o.name as org_name', 'j.payload', 'j.state', 'j.attempts', 'j.max_attempts', 'j.last_error', 'j.run_at', 'j.created_at', 'j.updated_at', 'j.done_at'] as const;

async function robotNames(ctx: Ctx, rows: JobRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => parsePayload(r.payload).webhookId).filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  const hooks = await ctx.db.selectFrom('org_webhooks').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(hooks.map((h) => [h.id, h.name]));
}

export async function listDeliveries(ctx: Ctx, q: TDeliveryQuery): Promise<{ items: TDeliveryView[]; total: number }> {
  const actor = await requirePermission(ctx, PERM, 'job');
  const scope = scopeOf(actor, PERM);
  let qb = ctx.db
    .selectFrom('jobs as j')
    .leftJoin('orgs as o', 'o.id', 'j.org_id')
    .where('j.kind', '=', WEBHOOK_JOB)
    .where((eb) => inScope(eb, scope, 'j.org_id'));
  if (q.orgId) {
    const org = await requireOrgIn(ctx, scope, q.orgId, PERM);
    qb = qb.where((eb) => inScope(eb, subtreeScope(org), 'j.org_id'));
  }
  if (q.state) qb = qb.where('j.state', '=', q.state);
  const total = await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  // newest first: failures of today above last month's deliveries
  const rows = await qb
    .select([...JOB_COLS])
    .orderBy('j.created_at', 'desc')
    .orderBy('j.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const names = await robotNames(ctx, rows);
  return { items: rows.map((r) => deliveryView(r, names)), total: Number(total.n) };
}

/**
 * Retry by hand: a failed delivery (or one waiting out its backoff) is due again now, with a fresh
 * set of attempts. Audited: it sends a message out again on someone's decision.
 */
export async function retryDelivery(ctx: Ctx, id: string): Promise<TDeliveryView> {
  const actor = await requirePermission(ctx, PERM, 'job');
  const row = await ctx.db
    .selectFrom('jobs as j')
    .leftJoin('orgs as o', 'o.id', 'j.org_id')
    .select([...JOB_COLS, 'o.path as org_path'])
    .where('j.id', '=', id)
    .where('j.kind', '=', WEBHOOK_JOB)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  if (!row.org_id || !row.org_path || !orgPathInScope(scopeOf(actor, PERM), row.org_id, row.org_path)) {
    await recordDenied(ctx, 'job', id, PERM);
    throw new AppError('FORBIDDEN');
  }
  if (row.state !== 'failed' && row.state !== 'pending') throw new AppError('INVALID_STATE', [{ field: 'state', key: 'invalid_state' }]);
  const at = nowIso();
  return inTx(ctx, async (tx) => {
    // conditional on the state read: a runner that claimed it meanwhile wins, the retry is refused
    const done = await tx.db
      .updateTable('jobs')
      .set({ state: 'pending', attempts: 0, run_at: at, updated_at: at, locked_until: null, locked_by: null })
      .where('id', '=', id)
      .where('state', '=', row.state)
      .returning('id')
      .executeTakeFirst();
    if (!done) throw new AppError('CONFLICT');
    await recordAudit(tx, {
      entity: 'job',
      entityId: id,
      action: 'delivery.retry',
      orgId: row.org_id,
      before: { state: row.state, attempts: row.attempts, lastError: row.last_error },
      after: { state: 'pending', attempts: 0, runAt: at },
    });
    const names = await robotNames(tx, [row]);
    return deliveryView({ ...row, state: 'pending', attempts: 0, run_at: at, updated_at: at }, names);
  });
}
