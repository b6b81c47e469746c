import { uuidv7 } from '../../../common/ids.ts';
import type { WebhookKind } from '../../../common/schemas/notify.ts';
import type { Ctx } from '../context.ts';
import { enqueueJob, PermanentJobError, registerJobHandler } from '../jobs/jobs.service.ts';
import { deliver } from './delivery.ts';

/**
 * Reminders to people: an in-app notification for each named user and one webhook delivery job per
 * enabled group robot (企业微信 / 钉钉) of the org, written in the caller's transaction.
 *
 * Robots post into chat groups hosted outside the platform: titles and bodies must not carry
 * personal data (names of parties, ID or phone numbers), only what a work group may read.
 */
export interface NotifyInput {
  orgId: string;
  /** e.g. 'planning.task.due_soon', 'planning.task.overdue' */
  kind: string;
  title: string;
  body: string;
  /** Web path the notification opens, e.g. `/planning/tasks/<id>`. */
  href: string;
  /** Users to notify in the app; the org's robots get the message regardless. */
  userIds?: string[];
  /** Same key twice → sent once (e.g. `task:<id>:overdue:<due>`). */
  dedupeKey?: string;
}

export const WEBHOOK_JOB = 'notify.webhook';

export interface WebhookJobPayload {
  webhookId: string;
  kind: string;
  title: string;
  body: string;
  href: string;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export async function notify(ctx: Ctx, n: NotifyInput): Promise<void> {
  const at = new Date().toISOString();
  const title = clip(n.title, 200);
  const body = clip(n.body, 2000);
  const href = clip(n.href, 500);
  const wanted = [...new Set(n.userIds ?? [])];
  // Only existing, enabled accounts: a left colleague's stale id must not break the caller's write.
  const users = wanted.length ? await ctx.db.selectFrom('users').select('id').where('id', 'in', wanted).where('disabled', '=', 0).execute() : [];
  for (const u of users) {
    await ctx.db
      .insertInto('notifications')
      .values({ id: uuidv7(), org_id: n.orgId, user_id: u.id, kind: n.kind, title, body, href, dedupe_key: n.dedupeKey ?? null, created_at: at, read_at: null })
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .execute();
  }
  const robots = await ctx.db.selectFrom('org_webhooks').select('id').where('org_id', '=', n.orgId).where('enabled', '=', 1).orderBy('id').execute();
  for (const r of robots) {
    const payload: WebhookJobPayload = { webhookId: r.id, kind: n.kind, title, body, href };
    await enqueueJob(ctx, { kind: WEBHOOK_JOB, orgId: n.orgId, payload, dedupeKey: n.dedupeKey ? `notify:${r.id}:${n.dedupeKey}` : undefined });
  }
}

/** The robot as stored, its URL and secret decrypted: for delivery only, never returned by a route. */
export async function loadRobot(ctx: Ctx, id: string): Promise<{ id: string; orgId: string; kind: WebhookKind; url: string; secret: string | null; enabled: boolean } | null> {
  const r = await ctx.db.selectFrom('org_webhooks').select(['id', 'org_id', 'kind', 'url_enc', 'secret_enc', 'enabled']).where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  let url: string;
  let secret: string | null;
  try {
    url = ctx.deps.crypto.decrypt(r.url_enc);
    secret = ctx.deps.crypto.decryptOpt(r.secret_enc);
  } catch {
    // the master secret changed since the robot was saved: retrying cannot help; re-enter the URL
    throw new PermanentJobError('机器人地址无法解密，请重新填写 / robot URL cannot be decrypted; enter it again');
  }
  return { id: r.id, orgId: r.org_id, kind: r.kind as WebhookKind, url, secret, enabled: r.enabled === 1 };
}

/**
 * One delivery attempt. The robot is read afresh (its URL may have been corrected since the job was
 * queued). A deleted or disabled robot fails the job at once, visibly: re-enable it and retry by
 * hand, and the message still goes out.
 */
registerJobHandler(WEBHOOK_JOB, async (ctx, job) => {
  const p = job.payload as Partial<WebhookJobPayload> | null;
  if (!p || typeof p.webhookId !== 'string') throw new PermanentJobError('任务内容不完整 / malformed payload');
  const robot = await loadRobot(ctx, p.webhookId);
  if (!robot) throw new PermanentJobError('机器人已删除 / robot deleted');
  if (!robot.enabled) throw new PermanentJobError('机器人已停用 / robot disabled');
  const r = await deliver(
    robot,
    { kind: String(p.kind ?? ''), title: String(p.title ?? ''), body: String(p.body ?? ''), href: String(p.href ?? '/'), orgId: job.orgId },
    { publicOrigin: ctx.deps.config.publicOrigin, allowLoopback: ctx.deps.config.webhookAllowLoopback },
  );
  if (!r.ok) throw new Error(r.error ?? 'delivery failed');
});
