import { z } from 'zod';
import { STAFF_CATEGORIES } from '../roles.ts';
import { zId, zPage, zRequiredText, zText, zBool } from '../validation.ts';

/**
 * 工作人员名册: the leaders, cadres and enforcement officers of a township (or the county office).
 * Rows are never deleted: someone who leaves is marked inactive, and old records still name them.
 */

export const ZStaffView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string(),
  post: z.string(),
  category: z.enum(STAFF_CATEGORIES),
  userId: z.string().nullable(),
  /** The linked login's display name and username, when linked. */
  userName: z.string().nullable(),
  active: z.boolean(),
  sort: z.number().int(),
});
export type TStaffView = z.infer<typeof ZStaffView>;

export const ZStaffQuery = zPage.extend({
  orgId: zId.optional().describe('该组织及其下级（乡镇含站办所）'),
  category: z.enum(STAFF_CATEGORIES).optional(),
  active: zBool.optional(),
  q: zText(40).optional().describe('姓名或职务'),
});
export type TStaffQuery = z.infer<typeof ZStaffQuery>;

export const ZStaffCreate = z.object({
  orgId: zId.describe('乡镇、县或其部门（站办所）'),
  name: zRequiredText(40),
  post: zRequiredText(60).describe('职务，如：党委书记、乡长、司法所所长、执法队员'),
  category: z.enum(STAFF_CATEGORIES),
  userId: zId.nullable().optional().describe('关联的登录账号'),
  sort: z.number().int().min(0).max(100_000).optional(),
});
export type TStaffCreate = z.infer<typeof ZStaffCreate>;

export const ZStaffUpdate = z.object({
  /** A move to another department (站办所) or org within the caller's scope. */
  orgId: zId.optional(),
  name: zRequiredText(40).optional(),
  post: zRequiredText(60).optional(),
  category: z.enum(STAFF_CATEGORIES).optional(),
  userId: zId.nullable().optional(),
  /** false when someone leaves (调离、退休): the row stays, old records still name them. */
  active: z.boolean().optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
});
export type TStaffUpdate = z.infer<typeof ZStaffUpdate>;

export const ZLinkableUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  orgName: z.string(),
  /** The active roster entry already linked to this login, if any. */
  staffId: z.string().nullable(),
});
export type TLinkableUser = z.infer<typeof ZLinkableUser>;
