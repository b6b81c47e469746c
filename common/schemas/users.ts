import { z } from 'zod';
import { ROLES, SCOPES } from '../roles.ts';
import { zId, zPage, zRequiredText } from '../validation.ts';

/**
 * Users and their role grants. A grant is (role, org, scope): the role's permissions on the org's
 * subtree, on that org only, or on the records the user owns or is assigned to. Passwords are never
 * returned; their strength is checked on the server (the rule needs the username and name).
 */
export const ZRole = z.enum(ROLES);
export const ZGrantScope = z.enum(SCOPES);

export const zUsername = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, { error: 'i18n:username_invalid' })
  .describe('用户名');
/** Strength (≥8, three of four classes, no username) is checked by the server's password policy. */
export const zNewPassword = z.string().min(1).max(128).describe('初始密码（首次登录须修改）');

export const ZGrant = z.object({
  id: z.string(),
  role: ZRole,
  /** The role's label in the request's language. */
  roleLabel: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  scope: ZGrantScope,
  grantedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type TGrant = z.infer<typeof ZGrant>;

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  disabled: z.boolean(),
  /** Locked after too many failed logins, until `lockedUntil` or an unlock. */
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  failedLogins: z.number().int(),
  mustChangePassword: z.boolean(),
  isDemo: z.boolean(),
  totpEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  passwordChangedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  grants: z.array(ZGrant),
});
export type TUser = z.infer<typeof ZUser>;

export const ZUserList = z.object({ items: z.array(ZUser), total: z.number().int() });

export const ZUserListQuery = zPage.extend({
  q: z.string().trim().max(50).optional().describe('用户名或姓名包含'),
  /** Users whose home org is this org or below it. */
  orgId: zId.optional(),
  role: ZRole.optional(),
  disabled: z.enum(['true', 'false']).optional(),
});
export type TUserListQuery = z.infer<typeof ZUserListQuery>;

export const ZUserCreate = z.object({
  username: zUsername,
  displayName: zRequiredText(50).describe('姓名'),
  orgId: zId.describe('所属组织'),
  password: zNewPassword,
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

export const ZUserUpdate = z
  .object({
    displayName: zRequiredText(50).optional(),
    orgId: zId.optional(),
  })
  .refine((v) => v.displayName !== undefined || v.orgId !== undefined, { error: 'i18n:required' });
export type TUserUpdate = z.infer<typeof ZUserUpdate>;

export const ZPasswordReset = z.object({ password: zNewPassword });
export type TPasswordReset = z.infer<typeof ZPasswordReset>;

export const ZGrantCreate = z.object({
  role: ZRole.describe('角色'),
  orgId: zId.describe('授权范围所在组织'),
  scope: ZGrantScope.default('subtree').describe('subtree 本级及下级 · org 仅本级 · self 仅本人经办'),
});
export type TGrantCreate = z.infer<typeof ZGrantCreate>;

export const ZGrantList = z.object({ items: z.array(ZGrant) });
