import { type Permission, PRIVILEGED_ROLES, ROLE_PERMISSIONS, type Role, SEPARATED_ROLES } from '../../../common/roles.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx, Deps, Grant } from '../context.ts';
import { inTx } from '../context.ts';
import { hashPassword, randomToken, sm3, verifyPassword } from '../crypto.ts';
import { AppError, fieldError } from '../errors.ts';
import { databaseKey, ReadCache } from '../read-cache.ts';
import { nowIso } from '../time.ts';
import { registerSweep } from '../jobs/jobs.service.ts';
import { isLoopbackAddress } from '../net.ts';
import { LoginThrottle } from './login-throttle.ts';
import { passwordContext } from './password-context.ts';
import { isStrongPassword } from './password-policy.ts';
import { generateTotpSecret, otpauthUri, verifyTotp } from './totp.ts';

/**
 * Login, sessions, password and second factor (等保 8.1.4.1; security-requirements S1–S4).
 * Sessions live in the database (a logout or a disabled account ends them at once); the cookie
 * carries a random token whose SM3 is the session id.
 */
export type Restriction = null | 'password' | 'mfa';

export interface LoadedSession {
  actor: Actor;
  restriction: Restriction;
}

export async function loadGrants(ctx: Ctx, userId: string): Promise<Grant[]> {
  const rows = await ctx.db
    .selectFrom('role_grants as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.role', 'g.org_id', 'g.scope', 'o.path'])
    .where('g.user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ role: r.role as Role, orgId: r.org_id, orgPath: r.path, scope: r.scope as Grant['scope'] }));
}

function permissionsOf(grants: Grant[]): Set<Permission> {
  const s = new Set<Permission>();
  for (const g of grants) for (const p of ROLE_PERMISSIONS[g.role] ?? []) s.add(p);
  return s;
}

interface UserRow {
  id: string;
  is_demo: number;
  must_change_password: number;
  password_changed_at: string;
  totp_enabled: number;
}

function restrictionOf(deps: Deps, user: UserRow, grants: Grant[], now = Date.now()): Restriction {
  if (user.is_demo) return null;
  if (user.must_change_password) return 'password';
  if (now - Date.parse(user.password_changed_at) > deps.config.passwordMaxAgeDays * 86_400_000) return 'password';
  if (!user.totp_enabled && grants.some((g) => PRIVILEGED_ROLES.includes(g.role))) return 'mfa';
  return null;
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  userAgent?: string | null;
}

const throttles = new WeakMap<Deps, LoginThrottle>();
function throttleOf(deps: Deps): LoginThrottle {
  let t = throttles.get(deps);
  if (!t) {
    t = new LoginThrottle(deps.config.loginIpFailures, deps.config.loginIpWindowMs);
    throttles.set(deps, t);
  }
  return t;
}

export async function login(ctx: Ctx, input: LoginInput): Promise<{ token: string; restriction: Restriction; actor: Actor }> {
  const { config } = ctx.deps;
  const throttle = throttleOf(ctx.deps);
  // Loopback is not counted: it is this machine — or a reverse proxy whose clients all look like it
  // when FAZHI_TRUST_PROXY is not set, and counting them as one would let anyone lock everyone out.
  const address = ctx.ip && !isLoopbackAddress(ctx.ip) ? ctx.ip : null;
  const waitMs = address ? throttle.waitMs(address) : 0;
  if (waitMs > 0) {
    // security S2: too many failures from this address — refused before any lookup or password check
    await recordAudit(ctx, { entity: 'session', entityId: null, action: 'login', result: 'failure', actorName: input.username, after: { reason: 'rate_limited' } });
    throw new AppError('RATE_LIMITED').withHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
  }
  const user = await ctx.db.selectFrom('users').selectAll().where('username', '=', input.username).executeTakeFirst();
  const fail = async (reason: string, code: 'LOGIN_FAILED' | 'MFA_REQUIRED' | 'MFA_INVALID' = 'LOGIN_FAILED') => {
    await recordAudit(ctx, { entity: 'session', entityId: user?.id ?? null, action: 'login', result: 'failure', actorName: input.username, orgId: user?.org_id ?? null, after: { reason } });
    // a missing second factor is a step of a login, not a guess
    if (code !== 'MFA_REQUIRED' && address) throttle.fail(address);
    return new AppError(code);
  };
  if (!user) {
    await samePasswordCost(ctx, input.password);
    throw await fail('unknown_user');
  }
  const now = Date.now();
  if (user.disabled || (user.locked_until && Date.parse(user.locked_until) > now)) {
    await samePasswordCost(ctx, input.password);
    throw await fail(user.disabled ? 'disabled' : 'locked');
  }
  const ok = await verifyPassword(input.password, user.password_hash);
  if (!ok) {
    const failed = user.failed_logins + 1;
    const lock = failed >= config.lockoutThreshold;
    await ctx.db
      .updateTable('users')
      .set({ failed_logins: lock ? 0 : failed, locked_until: lock ? new Date(now + config.lockoutMs).toISOString() : user.locked_until })
      .where('id', '=', user.id)
      .execute();
    throw await fail(lock ? 'bad_password_locked' : 'bad_password');
  }
  if (user.totp_enabled && user.totp_secret_enc) {
    if (!input.totp) throw await fail('mfa_missing', 'MFA_REQUIRED');
    if (!verifyTotp(ctx.deps.crypto.decrypt(user.totp_secret_enc), input.totp)) throw await fail('mfa_invalid', 'MFA_INVALID');
  }
  const grants = await loadGrants(ctx, user.id);
  const token = randomToken();
  const sessionId = sm3(token);
  const at = nowIso();
  await inTx(ctx, async (tx) => {
    await tx.db.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: at }).where('id', '=', user.id).execute();
    await tx.db.insertInto('sessions').values({ id: sessionId, user_id: user.id, created_at: at, last_seen_at: at, ip: ctx.ip, user_agent: input.userAgent?.slice(0, 300) ?? null, restricted: 0, ended_at: null }).execute();
    const actor = toActor(user, grants, sessionId);
    await recordAudit({ ...tx, actor }, { entity: 'session', entityId: user.id, action: 'login', orgId: user.org_id });
  });
  return { token, restriction: restrictionOf(ctx.deps, user, grants, now), actor: toActor(user, grants, sessionId) };
}

// Unknown, disabled and locked accounts pay for one PBKDF2 check like a wrong password does, so the
// answer's timing does not tell which usernames exist (S2: one generic failure for all of them).
let dummyHash: Promise<string> | null = null;
async function samePasswordCost(ctx: Ctx, password: string): Promise<void> {
  dummyHash ??= hashPassword('fazhi-no-such-user', ctx.deps.config.pbkdf2Iterations);
  await verifyPassword(password, await dummyHash);
}

function toActor(user: { id: string; username: string; display_name: string; org_id: string }, grants: Grant[], sessionId: string): Actor {
  return { userId: user.id, username: user.username, displayName: user.display_name, orgId: user.org_id, grants, permissions: permissionsOf(grants), sessionId };
}

/** Idle limit of a session holding a system, security or audit administrator role (security S3). */
export const ADMIN_IDLE_MS = 15 * 60_000;

/**
 * Session from cookie token; null when missing, ended, idle too long or past its absolute lifetime.
 * `touch: false` (a background poll such as the notification bell) reads the session without
 * counting as activity, so an unattended browser still times out (等保 8.1.4.1).
 */
interface SessionRow extends UserRow {
  sid: string;
  created_at: string;
  last_seen_at: string;
  ended_at: string | null;
  username: string;
  display_name: string;
  org_id: string;
  disabled: number;
}

/**
 * The session's row, its user and grants, kept per process for a few seconds: reading them was two
 * queries on every request (performance.md §5.5). Emptied at once by any audited write to a session,
 * a user or an org (logout, disabling, a password or role change, an org moved) in this process and,
 * through the write relay, in the other workers; a change made by a process outside the cluster shows
 * within SESSION_CACHE_MS. Idle and absolute expiry are still decided on every request.
 */
const SESSION_CACHE_MS = 5_000;
interface KeptSession {
  row: SessionRow;
  grants: Grant[];
  /** built on first use; the same for every request of the entry */
  actor?: Actor;
}
const sessionCache = new ReadCache<KeptSession | null>({ ttlMs: SESSION_CACHE_MS, entities: ['session', 'user', 'org'], max: 10_000 });

async function readSession(ctx: Ctx, id: string): Promise<KeptSession | null> {
  const row = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as sid',
      's.created_at',
      's.last_seen_at',
      's.ended_at',
      'u.id',
      'u.username',
      'u.display_name',
      'u.org_id',
      'u.disabled',
      'u.is_demo',
      'u.must_change_password',
      'u.password_changed_at',
      'u.totp_enabled',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return { row, grants: row.ended_at || row.disabled ? [] : await loadGrants(ctx, row.id) };
}

/**
 * Session from cookie token; null when missing, ended, idle too long or past its absolute lifetime.
 * `touch: false` (a background poll such as the notification bell) reads the session without
 * counting as activity, so an unattended browser still times out (等保 8.1.4.1).
 */
export async function loadSession(deps: Deps, ctx: Ctx, token: string, opts: { touch?: boolean } = {}): Promise<{ session: LoadedSession | null; expired: boolean }> {
  const id = sm3(token);
  // a token that matches nothing is not kept: guessing tokens cannot fill the cache
  const found = await sessionCache.get(`${databaseKey(deps.database)}|${id}`, () => readSession(ctx, id), (v) => v !== null);
  if (!found) return { session: null, expired: false };
  const { row, grants } = found;
  if (row.ended_at || row.disabled) return { session: null, expired: true };
  const now = Date.now();
  const idleFor = now - Date.parse(row.last_seen_at);
  // Security S3: 30 minutes idle, 15 for the three administrators (三员).
  const adminIdleMs = Math.min(ADMIN_IDLE_MS, deps.config.sessionIdleMs);
  const idle = idleFor > deps.config.sessionIdleMs || (idleFor > adminIdleMs && grants.some((g) => SEPARATED_ROLES.includes(g.role)));
  const absolute = now - Date.parse(row.created_at) > deps.config.sessionAbsoluteMs;
  if (idle || absolute) {
    const at = new Date(now).toISOString();
    await ctx.db.updateTable('sessions').set({ ended_at: at }).where('id', '=', id).execute();
    row.ended_at = at;
    return { session: null, expired: true };
  }
  // Touch at most once a minute: idle expiry needs no finer grain, and reads stay reads. The kept row
  // is touched too, so this process's next requests measure idleness from here.
  if (opts.touch !== false && idleFor > 60_000) {
    const at = new Date(now).toISOString();
    await ctx.db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
    row.last_seen_at = at;
  }
  found.actor ??= toActor(row, grants, id);
  return { session: { actor: found.actor, restriction: restrictionOf(deps, row, grants, now) }, expired: false };
}

export async function logout(ctx: Ctx): Promise<void> {
  const actor = ctx.actor;
  if (!actor) return;
  await inTx(ctx, async (tx) => {
    await tx.db.updateTable('sessions').set({ ended_at: nowIso() }).where('id', '=', actor.sessionId).execute();
    await recordAudit(tx, { entity: 'session', entityId: actor.userId, action: 'logout' });
  });
}

/** Ends every open session of a user (disable, password reset, role change). */
export async function endSessionsOf(ctx: Ctx, userId: string, exceptSessionId?: string): Promise<void> {
  let q = ctx.db.updateTable('sessions').set({ ended_at: nowIso() }).where('user_id', '=', userId).where('ended_at', 'is', null);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

export async function changePassword(ctx: Ctx, current: string, next: string): Promise<void> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const user = await ctx.db.selectFrom('users').select(['id', 'password_hash', 'username', 'display_name', 'org_id']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, user.password_hash))) throw fieldError('currentPassword', 'password_wrong');
  if (current === next) throw fieldError('newPassword', 'password_reused');
  const context = await passwordContext(ctx, { orgId: user.org_id, displayName: user.display_name });
  if (!isStrongPassword(next, user.username, context)) throw fieldError('newPassword', 'password_weak');
  const hash = await hashPassword(next, ctx.deps.config.pbkdf2Iterations);
  await inTx(ctx, async (tx) => {
    await tx.db.updateTable('users').set({ password_hash: hash, password_changed_at: nowIso(), must_change_password: 0, updated_at: nowIso() }).where('id', '=', actor.userId).execute();
    await endSessionsOf(tx, actor.userId, actor.sessionId);
    await recordAudit(tx, { entity: 'user', entityId: actor.userId, action: 'password.change' });
  });
}

/** Step 1 of TOTP setup: a new secret, kept encrypted but not active until a code confirms it. */
export async function beginTotpSetup(ctx: Ctx): Promise<{ secret: string; uri: string }> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const secret = generateTotpSecret();
  await inTx(ctx, async (tx) => {
    await tx.db.updateTable('users').set({ totp_secret_enc: ctx.deps.crypto.encrypt(secret), totp_enabled: 0, updated_at: nowIso() }).where('id', '=', actor.userId).execute();
    await recordAudit(tx, { entity: 'user', entityId: actor.userId, action: 'totp.begin' });
  });
  return { secret, uri: otpauthUri(secret, actor.username) };
}

export async function confirmTotp(ctx: Ctx, code: string): Promise<void> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const user = await ctx.db.selectFrom('users').select(['totp_secret_enc']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!user.totp_secret_enc || !verifyTotp(ctx.deps.crypto.decrypt(user.totp_secret_enc), code)) throw fieldError('code', 'totp_invalid');
  await inTx(ctx, async (tx) => {
    await tx.db.updateTable('users').set({ totp_enabled: 1, updated_at: nowIso() }).where('id', '=', actor.userId).execute();
    await recordAudit(tx, { entity: 'user', entityId: actor.userId, action: 'totp.enable' });
  });
}

/**
 * Security S11 (minimisation): a session row keeps the address and browser it was used from. Once
 * it is long over it serves nothing — the logins themselves stay in the audit trail — so rows
 * created more than SESSION_RETENTION_MS ago (a session lives 12 hours at most) are deleted once a
 * day (zeroed in place: secure_delete, 等保 8.1.4.10).
 */
export const SESSION_RETENTION_MS = 180 * 86_400_000;
registerSweep('sessions.purge', 86_400_000, async (ctx, now) => {
  // never ahead of the real clock: a caller passing a future `now` purges nothing recent
  const before = new Date(Math.min(now.getTime(), Date.now()) - SESSION_RETENTION_MS).toISOString();
  await ctx.db.deleteFrom('sessions').where('created_at', '<', before).execute();
});
