import { isUniqueViolation } from '../../db/index.ts';
import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import { type Permission, ROLE_LABELS, type Role, SEPARATED_ROLES } from '../../../common/roles.ts';
import type { TGrant, TGrantCreate, TUser, TUserCreate, TUserListQuery, TUserUpdate } from '../../../common/schemas/users.ts';
import type { DB, UserTable } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { endSessionsOf } from '../auth/auth.service.ts';
import { passwordContext } from '../auth/password-context.ts';
import { isStrongPassword } from '../auth/password-policy.ts';
import type { Actor, Ctx } from '../context.ts';
import { inTx } from '../context.ts';
import { hashPassword } from '../crypto.ts';
import { AppError, fieldError } from '../errors.ts';
import { type DataScope, orgPathInScope, recordDenied, requireOrgInScope, scopeOf, scopeWhere } from '../permissions.ts';
import { nowIso } from '../time.ts';

/**
 * Users and role grants (等保 8.1.4.2 访问控制, 8.1.5 三员分立; security-requirements S1–S5).
 * A user is seen and managed through their home org: the caller's scope for the permission must
 * cover it. The system admin (user.manage) creates, edits, disables and resets accounts but grants
 * no roles; the security admin (user.grant) grants roles, never beyond their own scope, never to
 * themselves, and never a second one of the three administrator roles; the audit admin does neither.
 * Whatever changes a user's credentials or permissions ends their sessions.
 */

/** The union of the actor's scopes for any of the permissions. */
function scopeFor(actor: Actor, perms: readonly Permission[]): DataScope {
  const s = perms.map((p) => scopeOf(actor, p));
  return { subtrees: [...new Set(s.flatMap((x) => x.subtrees))], orgs: [...new Set(s.flatMap((x) => x.orgs))], self: s.some((x) => x.self), userId: actor.userId };
}

async function requireAny(ctx: Ctx, perms: readonly Permission[]): Promise<Actor> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!perms.some((p) => actor.permissions.has(p))) {
    await recordDenied(ctx, 'user', null, perms.join('|'));
    throw new AppError('FORBIDDEN');
  }
  return actor;
}

type UserRow = UserTable & { org_name: string; org_path: string };

async function loadUser(ctx: Ctx, id: string): Promise<UserRow | undefined> {
  return ctx.db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .selectAll('users')
    .select(['orgs.name as org_name', 'orgs.path as org_path'])
    .where('users.id', '=', id)
    .executeTakeFirst();
}

/** One user named by id: 404 when missing; audited 403 when their home org is outside the scope. */
async function requireUser(ctx: Ctx, perms: readonly Permission[], id: string): Promise<{ actor: Actor; user: UserRow }> {
  const actor = await requireAny(ctx, perms);
  const user = await loadUser(ctx, id);
  if (!user) throw new AppError('NOT_FOUND');
  const scope = scopeFor(actor, perms);
  if (!orgPathInScope(scope, user.org_id, user.org_path) && !(scope.self && user.id === actor.userId)) {
    await recordDenied(ctx, 'user', id, perms.join('|'));
    throw new AppError('FORBIDDEN');
  }
  return { actor, user };
}

async function grantsOf(ctx: Ctx, userIds: string[]): Promise<Map<string, TGrant[]>> {
  const out = new Map<string, TGrant[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('role_grants')
    .innerJoin('orgs', 'orgs.id', 'role_grants.org_id')
    .selectAll('role_grants')
    .select('orgs.name as org_name')
    .where('role_grants.user_id', 'in', userIds)
    .orderBy('role_grants.created_at')
    .orderBy('role_grants.id')
    .execute();
  for (const r of rows) {
    out.get(r.user_id)?.push({
      id: r.id,
      role: r.role as Role,
      roleLabel: ROLE_LABELS[r.role as Role]?.[ctx.lang] ?? r.role,
      orgId: r.org_id,
      orgName: r.org_name,
      scope: r.scope as TGrant['scope'],
      grantedBy: r.granted_by,
      createdAt: r.created_at,
    });
  }
  return out;
}

function toUser(u: UserRow, grants: TGrant[], now = Date.now()): TUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    orgId: u.org_id,
    orgName: u.org_name,
    disabled: !!Number(u.disabled),
    locked: !!u.locked_until && Date.parse(u.locked_until) > now,
    lockedUntil: u.locked_until,
    failedLogins: Number(u.failed_logins),
    mustChangePassword: !!Number(u.must_change_password),
    isDemo: !!Number(u.is_demo),
    totpEnabled: !!Number(u.totp_enabled),
    lastLoginAt: u.last_login_at,
    passwordChangedAt: u.password_changed_at,
    createdAt: u.created_at,
    updatedAt: u.updated_at,
    grants,
  };
}

async function view(ctx: Ctx, id: string): Promise<TUser> {
  const u = (await loadUser(ctx, id))!;
  return toUser(u, (await grantsOf(ctx, [id])).get(id) ?? []);
}

/** What the audit trail keeps of a user (no hashes, no secrets). */
function auditUser(u: Pick<UserTable, 'username' | 'display_name' | 'org_id' | 'disabled' | 'must_change_password'>) {
  return { username: u.username, displayName: u.display_name, orgId: u.org_id, disabled: Number(u.disabled), mustChange: Number(u.must_change_password) };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export async function listUsers(ctx: Ctx, query: TUserListQuery): Promise<{ items: TUser[]; total: number }> {
  const actor = await requireAny(ctx, ['user.read']);
  const scope = scopeOf(actor, 'user.read');
  let q = ctx.db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .where((eb) => scopeWhere(eb, scope, { org: 'users.org_id', own: (e, uid) => e('users.id', '=', uid) }));
  if (query.orgId) {
    // A filter on an org outside the scope is refused (and audited), not silently emptied.
    const org = await ctx.db.selectFrom('orgs').select(['id', 'path']).where('id', '=', query.orgId).executeTakeFirst();
    if (!org) throw fieldError('query.orgId', 'not_found');
    if (!orgPathInScope(scope, org.id, org.path)) {
      await recordDenied(ctx, 'org', org.id, 'user.read');
      throw new AppError('FORBIDDEN', [{ field: 'query.orgId', key: 'out_of_scope' }]);
    }
    q = q.where('orgs.path', 'like', `${escapeLike(org.path)}%`);
  }
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    q = q.where((eb: ExpressionBuilder<DB, 'users' | 'orgs'>) =>
      eb.or([sql<SqlBool>`lower(users.username) like ${like} escape '\\'`, sql<SqlBool>`lower(users.display_name) like ${like} escape '\\'`]),
    );
  }
  if (query.role) {
    const role = query.role;
    q = q.where('users.id', 'in', (eb) => eb.selectFrom('role_grants').select('role_grants.user_id').where('role_grants.role', '=', role));
  }
  if (query.disabled) q = q.where('users.disabled', '=', query.disabled === 'true' ? 1 : 0);
  const [rows, total] = await Promise.all([
    q
      .selectAll('users')
      .select(['orgs.name as org_name', 'orgs.path as org_path'])
      .orderBy('users.username')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  const grants = await grantsOf(
    ctx,
    rows.map((r) => r.id),
  );
  const now = Date.now();
  return { items: rows.map((r) => toUser(r, grants.get(r.id) ?? [], now)), total: Number(total?.n ?? 0) };
}

export async function getUser(ctx: Ctx, id: string): Promise<TUser> {
  await requireUser(ctx, ['user.read'], id);
  return view(ctx, id);
}

async function assertStrong(ctx: Ctx, password: string, user: { username: string; displayName: string; orgId: string }): Promise<void> {
  // 等保 8.1.4.1 a): complexity and the context list (S1); the initial password must be changed at first login (restriction 'password').
  if (!isStrongPassword(password, user.username, await passwordContext(ctx, user))) throw fieldError('password', 'password_weak');
}

export async function createUser(ctx: Ctx, input: TUserCreate): Promise<TUser> {
  await requireOrgInScope(ctx, 'user.manage', input.orgId, 'orgId');
  if (await ctx.db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst()) {
    throw new AppError('DUPLICATE', [{ field: 'username', key: 'duplicate' }]);
  }
  await assertStrong(ctx, input.password, input);
  const hash = await hashPassword(input.password, ctx.deps.config.pbkdf2Iterations);
  const at = nowIso();
  const id = uuidv7();
  const row: UserTable = {
    id,
    org_id: input.orgId,
    username: input.username,
    display_name: input.displayName,
    password_hash: hash,
    password_changed_at: at,
    must_change_password: 1,
    is_demo: 0,
    disabled: 0,
    failed_logins: 0,
    locked_until: null,
    totp_secret_enc: null,
    totp_enabled: 0,
    last_login_at: null,
    created_at: at,
    updated_at: at,
  };
  try {
    await inTx(ctx, async (tx) => {
      await tx.db.insertInto('users').values(row).execute();
      await recordAudit(tx, { entity: 'user', entityId: id, action: 'user.create', orgId: input.orgId, after: auditUser(row) });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE', [{ field: 'username', key: 'duplicate' }]);
    throw e;
  }
  return view(ctx, id);
}

export async function updateUser(ctx: Ctx, id: string, patch: TUserUpdate): Promise<TUser> {
  const { user } = await requireUser(ctx, ['user.manage'], id);
  // Moving a user to another org needs user.manage there too.
  if (patch.orgId !== undefined && patch.orgId !== user.org_id) await requireOrgInScope(ctx, 'user.manage', patch.orgId, 'orgId');
  const next = { ...user, display_name: patch.displayName ?? user.display_name, org_id: patch.orgId ?? user.org_id };
  await inTx(ctx, async (tx) => {
    await tx.db.updateTable('users').set({ display_name: next.display_name, org_id: next.org_id, updated_at: nowIso() }).where('id', '=', id).execute();
    await recordAudit(tx, { entity: 'user', entityId: id, action: 'user.update', orgId: next.org_id, before: auditUser(user), after: auditUser(next) });
  });
  return view(ctx, id);
}

/**
 * 三员分立: the system admin must not be able to take over the security or audit admin's account
 * (reset its password, or switch it off). Those accounts are recovered on the server with
 * `npm run user:reset-password -- <username>`, which is audited as a system action.
 */
async function notOtherAdministrator(ctx: Ctx, actor: Actor, id: string, action: string): Promise<void> {
  const theirs = await ctx.db.selectFrom('role_grants').select('role').where('user_id', '=', id).execute();
  const mine = new Set(actor.grants.map((g) => g.role));
  if (!theirs.some((g) => SEPARATED_ROLES.includes(g.role as Role) && !mine.has(g.role as Role))) return;
  await recordDenied(ctx, 'user', id, action);
  throw new AppError('FORBIDDEN', [{ field: 'id', key: 'role_separation' }]);
}

async function notSelf(ctx: Ctx, actor: Actor, id: string, action: string): Promise<void> {
  if (actor.userId !== id) return;
  await recordDenied(ctx, 'user', id, action);
  throw new AppError('FORBIDDEN', [{ field: 'id', key: 'self_account' }]);
}

/** Disabling ends every session of the user at once (their next request answers 401). */
export async function setDisabled(ctx: Ctx, id: string, disabled: boolean): Promise<TUser> {
  const action = disabled ? 'user.disable' : 'user.enable';
  const { actor, user } = await requireUser(ctx, ['user.manage'], id);
  await notSelf(ctx, actor, id, action);
  await notOtherAdministrator(ctx, actor, id, action);
  if (!!Number(user.disabled) !== disabled) {
    await inTx(ctx, async (tx) => {
      await tx.db
        .updateTable('users')
        .set({ disabled: disabled ? 1 : 0, updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
      if (disabled) await endSessionsOf(tx, id);
      await recordAudit(tx, { entity: 'user', entityId: id, action, orgId: user.org_id, before: { disabled: Number(user.disabled) }, after: { disabled: disabled ? 1 : 0 } });
    });
  }
  return view(ctx, id);
}

/** A new initial password: must be changed at the next login; open sessions end. */
export async function resetPassword(ctx: Ctx, id: string, password: string): Promise<TUser> {
  const { actor, user } = await requireUser(ctx, ['user.manage'], id);
  // One's own password is changed with the current one (POST /api/v1/auth/password), not reset.
  await notSelf(ctx, actor, id, 'user.password_reset');
  await notOtherAdministrator(ctx, actor, id, 'user.password_reset');
  await assertStrong(ctx, password, { username: user.username, displayName: user.display_name, orgId: user.org_id });
  const hash = await hashPassword(password, ctx.deps.config.pbkdf2Iterations);
  await inTx(ctx, async (tx) => {
    const at = nowIso();
    await tx.db.updateTable('users').set({ password_hash: hash, password_changed_at: at, must_change_password: 1, updated_at: at }).where('id', '=', id).execute();
    await endSessionsOf(tx, id);
    await recordAudit(tx, { entity: 'user', entityId: id, action: 'user.password_reset', orgId: user.org_id, after: { mustChange: 1 } });
  });
  return view(ctx, id);
}

/** Lifts a lockout after failed logins before it expires (the security admin's call). */
export async function unlockUser(ctx: Ctx, id: string): Promise<TUser> {
  const { user } = await requireUser(ctx, ['user.unlock'], id);
  await inTx(ctx, async (tx) => {
    await tx.db.updateTable('users').set({ failed_logins: 0, locked_until: null, updated_at: nowIso() }).where('id', '=', id).execute();
    await recordAudit(tx, {
      entity: 'user',
      entityId: id,
      action: 'user.unlock',
      orgId: user.org_id,
      before: { failedLogins: Number(user.failed_logins), lockedUntil: user.locked_until },
      after: { failedLogins: 0, lockedUntil: null },
    });
  });
  return view(ctx, id);
}

// ---------------------------------------------------------------------------------------------
// Grants

/** Role assignments are visible to whoever may read the user (user.read) or grant to them. */
export async function listGrants(ctx: Ctx, userId: string): Promise<{ items: TGrant[] }> {
  await requireUser(ctx, ['user.read', 'user.grant'], userId);
  return { items: (await grantsOf(ctx, [userId])).get(userId) ?? [] };
}

/**
 * "No one can grant more than their own scope": a subtree grant needs the granter's user.grant
 * subtree to contain the org; an org-only or self grant needs the org inside the granter's scope.
 */
function grantWithinScope(scope: DataScope, org: { id: string; path: string }, grantScope: string): boolean {
  if (grantScope === 'subtree') return scope.subtrees.some((p) => org.path.startsWith(p));
  return orgPathInScope(scope, org.id, org.path);
}

async function requireGrantable(ctx: Ctx, userId: string, action: string): Promise<{ actor: Actor; user: UserRow }> {
  const actor = await requireAny(ctx, ['user.grant']);
  if (actor.userId === userId) {
    await recordDenied(ctx, 'user', userId, action);
    throw new AppError('FORBIDDEN', [{ field: 'userId', key: 'self_grant' }]);
  }
  return requireUser(ctx, ['user.grant'], userId);
}

async function lockUserRow(ctx: Ctx, userId: string): Promise<void> {
  // Serialises grant changes per user on PostgreSQL so two concurrent grants cannot both pass the
  // 三员分立 check; SQLite runs one write transaction at a time anyway.
  const q = ctx.db.selectFrom('users').select('id').where('id', '=', userId);
  await (ctx.engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

const grantAudit = (grants: TGrant[]) => grants.map((g) => ({ role: g.role, orgId: g.orgId, scope: g.scope }));

export async function addGrant(ctx: Ctx, userId: string, input: TGrantCreate): Promise<TGrant> {
  const { actor } = await requireGrantable(ctx, userId, 'grant.create');
  const org = await ctx.db.selectFrom('orgs').select(['id', 'path', 'name']).where('id', '=', input.orgId).executeTakeFirst();
  if (!org) throw fieldError('orgId', 'not_found');
  if (!grantWithinScope(scopeOf(actor, 'user.grant'), org, input.scope)) {
    await recordDenied(ctx, 'org', org.id, 'grant.create');
    throw new AppError('FORBIDDEN', [{ field: 'orgId', key: 'out_of_scope' }]);
  }
  const id = uuidv7();
  try {
    await inTx(ctx, async (tx) => {
      await lockUserRow(tx, userId);
      const before = (await grantsOf(tx, [userId])).get(userId) ?? [];
      // 等保 8.1.5 三员分立: system, security and audit administration never meet in one person.
      if (SEPARATED_ROLES.includes(input.role) && before.some((g) => g.role !== input.role && SEPARATED_ROLES.includes(g.role))) {
        throw fieldError('role', 'role_separation');
      }
      if (before.some((g) => g.role === input.role && g.orgId === input.orgId)) throw new AppError('DUPLICATE', [{ field: 'role', key: 'duplicate' }]);
      await tx.db
        .insertInto('role_grants')
        .values({ id, user_id: userId, role: input.role, org_id: input.orgId, scope: input.scope, granted_by: actor.userId, created_at: nowIso() })
        .execute();
      // New permissions take effect on a fresh login.
      await endSessionsOf(tx, userId);
      const after = (await grantsOf(tx, [userId])).get(userId) ?? [];
      await recordAudit(tx, { entity: 'user', entityId: userId, action: 'grant.create', orgId: input.orgId, before: { grants: grantAudit(before) }, after: { grants: grantAudit(after) } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE', [{ field: 'role', key: 'duplicate' }]);
    throw e;
  }
  return (await grantsOf(ctx, [userId])).get(userId)!.find((g) => g.id === id)!;
}

export async function removeGrant(ctx: Ctx, userId: string, grantId: string): Promise<void> {
  const { actor } = await requireGrantable(ctx, userId, 'grant.delete');
  const grant = await ctx.db
    .selectFrom('role_grants')
    .innerJoin('orgs', 'orgs.id', 'role_grants.org_id')
    .select(['role_grants.id', 'role_grants.org_id', 'role_grants.scope', 'orgs.path'])
    .where('role_grants.id', '=', grantId)
    .where('role_grants.user_id', '=', userId)
    .executeTakeFirst();
  if (!grant) throw new AppError('NOT_FOUND');
  // Revoking is held to the same bound as granting.
  if (!grantWithinScope(scopeOf(actor, 'user.grant'), { id: grant.org_id, path: grant.path }, grant.scope)) {
    await recordDenied(ctx, 'org', grant.org_id, 'grant.delete');
    throw new AppError('FORBIDDEN', [{ field: 'orgId', key: 'out_of_scope' }]);
  }
  await inTx(ctx, async (tx) => {
    await lockUserRow(tx, userId);
    const before = (await grantsOf(tx, [userId])).get(userId) ?? [];
    await tx.db.deleteFrom('role_grants').where('id', '=', grantId).execute();
    await endSessionsOf(tx, userId);
    const after = before.filter((g) => g.id !== grantId);
    await recordAudit(tx, { entity: 'user', entityId: userId, action: 'grant.delete', orgId: grant.org_id, before: { grants: grantAudit(before) }, after: { grants: grantAudit(after) } });
  });
}
