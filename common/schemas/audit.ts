import { z } from 'zod';
import { isRealDate, zPage } from '../validation.ts';

/**
 * The audit viewer (审计管理员 only, 等保 8.1.5 审计管理). Events come back as stored, with
 * before/after parsed from their JSON (already masked when written).
 */
export const AUDIT_RESULTS = ['success', 'failure', 'denied'] as const;
export const AUDIT_PROBLEMS = ['altered', 'inserted_or_reordered', 'deleted', 'head_mismatch'] as const;

export const ZAuditEvent = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  /** Comma-separated role codes the actor held when acting. */
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
  public: z.boolean(),
  prevHash: z.string(),
  hash: z.string(),
});
export type TAuditEvent = z.infer<typeof ZAuditEvent>;

export const ZAuditList = z.object({ items: z.array(ZAuditEvent), total: z.number().int() });
export type TAuditList = z.infer<typeof ZAuditList>;

/** A point in time: an ISO timestamp with offset, or a date taken as the whole Shanghai day. */
const zTimeBound = z
  .string()
  .trim()
  .max(40)
  .refine((v) => isRealDate(v) || (z.iso.datetime({ offset: true }).safeParse(v).success && !Number.isNaN(Date.parse(v))), { error: 'i18n:date_invalid' })
  .describe('YYYY-MM-DD（上海时间整日）或 ISO 8601 时间');

export const ZAuditQuery = zPage.extend({
  /** The actor's username (or, for failed logins, the name tried): contains. */
  actor: z.string().trim().max(64).optional().describe('操作人用户名（包含）'),
  actorId: z.string().trim().max(64).optional().describe('操作人用户 ID'),
  entity: z.string().trim().max(64).optional().describe('对象类型，如 dispute、person、session'),
  entityId: z.string().trim().max(64).optional().describe('对象 ID'),
  /** Exact action or its prefix: `person` matches person.create, person.unmask… */
  action: z.string().trim().max(64).optional().describe('操作（完全相同或前缀，如 person）'),
  result: z.enum(AUDIT_RESULTS).optional(),
  from: zTimeBound.optional().describe('起始时间（含）'),
  to: zTimeBound.optional().describe('截止时间（含）'),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditVerify = z.object({
  ok: z.boolean(),
  /** Events checked, in seq order, before the first problem (all of them when ok). */
  checked: z.number().int(),
  firstBad: z
    .object({
      seq: z.number().int(),
      problem: z.enum(AUDIT_PROBLEMS),
      /** The problem in the request's language. */
      reason: z.string(),
    })
    .nullable(),
});
export type TAuditVerify = z.infer<typeof ZAuditVerify>;

export const AUDIT_PROBLEM_LABELS: Record<(typeof AUDIT_PROBLEMS)[number], { zh: string; en: string }> = {
  altered: { zh: '该条审计记录的内容被篡改', en: 'this event was altered' },
  inserted_or_reordered: { zh: '该条审计记录是插入或调换顺序的（与前一条的哈希不衔接）', en: 'this event was inserted or reordered (it does not chain to the previous one)' },
  deleted: { zh: '该序号的审计记录已被删除', en: 'the event with this number was deleted' },
  head_mismatch: { zh: '审计链头与最后一条记录不一致（末尾记录被删除或改动）', en: 'the chain head does not match the last event (the tail was deleted or changed)' },
};
