// PROVISIONAL: stands in for the audit viewer's schemas until they land in common/. Delete then.
import { z } from 'zod';

export const ZAuditEvent = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRoles: z.string().nullable(),
  orgId: z.string().nullable(),
  entity: z.string(),
  entityId: z.string().nullable(),
  action: z.string(),
  result: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type TAuditEvent = z.infer<typeof ZAuditEvent>;
export const ZAuditList = z.object({ items: z.array(ZAuditEvent), total: z.number() });
export const ZAuditVerify = z.object({ ok: z.boolean(), checked: z.number(), firstBad: z.object({ seq: z.number(), reason: z.string() }).nullable().optional() });
