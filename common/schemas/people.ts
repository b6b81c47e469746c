import { z } from 'zod';
import { zIdCard, zPhone, zRequiredText, zText } from '../validation.ts';

/** A person who is not a user: a party, a villager, a 法律明白人. */
export const ZPersonInput = z.object({
  name: zRequiredText(50).describe('姓名'),
  gender: z.enum(['男', '女']).optional(),
  idCard: zIdCard.optional(),
  phone: zPhone.optional(),
  address: zText(200).optional(),
});
export type TPersonInput = z.infer<typeof ZPersonInput>;

/** What lists and details show: identifiers masked by the one masking function. */
export const ZPersonView = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  gender: z.string().nullable(),
  idCardMasked: z.string(),
  phoneMasked: z.string(),
  hasAddress: z.boolean(),
});
export type TPersonView = z.infer<typeof ZPersonView>;

export const ZPersonUnmasked = z.object({
  id: z.string(),
  name: z.string(),
  idCard: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});

/** Why the clear identifiers are needed: recorded in the audit trail with the unmasking. */
export const ZUnmaskRequest = z.object({ reason: zRequiredText(200).describe('查看事由') });
