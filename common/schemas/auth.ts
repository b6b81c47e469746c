import { z } from 'zod';
import { PERMISSIONS, ROLES, SCOPES } from '../roles.ts';

export const ZLoginRequest = z.object({
  username: z.string().trim().min(1).max(64).describe('用户名'),
  password: z.string().min(1).max(128).describe('密码'),
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('动态验证码（已绑定时必填）'),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZMe = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  org: z.object({ id: z.string(), name: z.string() }),
  grants: z.array(z.object({ role: z.enum(ROLES), roleLabel: z.string(), orgId: z.string(), orgName: z.string(), scope: z.enum(SCOPES) })),
  permissions: z.array(z.enum(PERMISSIONS)),
  /** password: must change the password first · mfa: must set up TOTP first */
  restriction: z.enum(['password', 'mfa']).nullable(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZPasswordChange = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});
export const ZTotpSetup = z.object({ secret: z.string(), uri: z.string() });
export const ZTotpConfirm = z.object({ code: z.string().regex(/^\d{6}$/) });
