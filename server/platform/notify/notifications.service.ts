import type { TNotificationQuery, TNotificationView } from '../../../common/schemas/notify.ts';
import type { Actor, Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { nowIso } from '../time.ts';

/**
 * A user's own reminders (the bell). Every query is keyed on the session's user: nobody reads or
 * marks another's notifications, whatever their grants, and another user's id answers 404 (the
 * notification's existence is not disclosed). Marking read is the user's own view state, like the
 * session bookkeeping, and is not an audit event.
 */
function me(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx.actor;
}

type Row = { id: string; org_id: string; kind: string; title: string; body: string; href: string; created_at: string; read_at: string | null };
const view = (r: Row): TNotificationView => ({ id: r.id, orgId: r.org_id, kind: r.kind, title: r.title, body: r.body, href: r.href, createdAt: r.created_at, readAt: r.read_at });

export async function unreadCount(ctx: Ctx): Promise<{ unread: number }> {
  const actor = me(ctx);
  const r = await ctx.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', actor.userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { unread: Number(r.n) };
}

export async function listMyNotifications(ctx: Ctx, q: TNotificationQuery): Promise<{ items: TNotificationView[]; total: number; unread: number }> {
  const actor = me(ctx);
  let qb = ctx.db.selectFrom('notifications').where('user_id', '=', actor.userId);
  if (q.unread !== undefined) qb = qb.where('read_at', q.unread ? 'is' : 'is not', null);
  const total = await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await qb
    .select(['id', 'org_id', 'kind', 'title', 'body', 'href', 'created_at', 'read_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: rows.map(view), total: Number(total.n), ...(await unreadCount(ctx)) };
}

export async function markRead(ctx: Ctx, id: string): Promise<TNotificationView> {
  const actor = me(ctx);
  const row = await ctx.db
    .selectFrom('notifications')
    .select(['id', 'org_id', 'kind', 'title', 'body', 'href', 'created_at', 'read_at'])
    .where('id', '=', id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  if (row.read_at) return view(row);
  const at = nowIso();
  await ctx.db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).where('user_id', '=', actor.userId).where('read_at', 'is', null).execute();
  return view({ ...row, read_at: at });
}

export async function markAllRead(ctx: Ctx): Promise<{ unread: number }> {
  const actor = me(ctx);
  await ctx.db.updateTable('notifications').set({ read_at: nowIso() }).where('user_id', '=', actor.userId).where('read_at', 'is', null).execute();
  return { unread: 0 };
}
