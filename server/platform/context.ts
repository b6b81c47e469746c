import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Lang } from '../../common/errors.ts';
import type { GrantScope, Permission, Role } from '../../common/roles.ts';
import type { Config } from '../config.ts';
import type { Database_, Engine, Executor } from '../db/index.ts';
import type { DB } from '../db/schema.ts';
import type { CalendarService } from './calendar/calendar.service.ts';
import type { FieldCrypto } from './crypto.ts';
import type { FileStore } from './files/files.store.ts';
import { committed, trackTransaction } from './read-cache.ts';

export interface Grant {
  role: Role;
  orgId: string;
  orgPath: string;
  scope: GrantScope;
}

/** Who is acting. Built once per request from the session; never from the request body. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  orgId: string;
  grants: Grant[];
  permissions: ReadonlySet<Permission>;
  sessionId: string;
}

/** What every service needs, wired once in app.ts. */
export interface Deps {
  config: Config;
  database: Database_;
  crypto: FieldCrypto;
  files: FileStore;
  calendar: CalendarService;
  log: Logger;
}

/**
 * The explicit context a service receives: actor, the executor (root or the open transaction),
 * the caller's address and request id for the audit trail, and the language for messages.
 */
export interface Ctx {
  deps: Deps;
  db: Executor;
  engine: Engine;
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
  lang: Lang;
}

export function systemCtx(deps: Deps): Ctx {
  return { deps, db: deps.database.db, engine: deps.database.engine, actor: null, ip: null, requestId: null, lang: 'zh' };
}

/** Run `fn` in one transaction; the audit events it writes commit or roll back with it. */
export async function inTx<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  let tx: object | null = null;
  const out = await (ctx.db as Kysely<DB>).transaction().execute((trx) => {
    tx = trx;
    trackTransaction(trx);
    return fn({ ...ctx, db: trx });
  });
  // read caches fed from before the commit are emptied once more (platform/read-cache.ts)
  if (tx) committed(tx);
  return out;
}
