import { z } from 'zod';
import { zId, zPage, zRequiredText, zText, zBool } from '../validation.ts';

/**
 * Reminders: in-app notifications, the org's group robots (企业微信 / 钉钉 / generic JSON webhook)
 * and the deliveries to them, which run as jobs (retried, visible, never lost).
 */
type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'generic'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
export const WEBHOOK_KIND_LABELS: Labels<WebhookKind> = {
  wecom: { zh: '企业微信群机器人', en: 'WeCom group robot' },
  dingtalk: { zh: '钉钉群机器人', en: 'DingTalk group robot' },
  generic: { zh: '通用 JSON 回调', en: 'Generic JSON webhook' },
};

export const DELIVERY_STATES = ['pending', 'running', 'done', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const DELIVERY_STATE_LABELS: Labels<DeliveryState> = {
  pending: { zh: '待发送', en: 'Pending' },
  running: { zh: '发送中', en: 'Sending' },
  done: { zh: '已送达', en: 'Delivered' },
  failed: { zh: '发送失败', en: 'Failed' },
};


export const ZWebhookView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string(),
  kind: z.enum(WEBHOOK_KINDS),
  /** The URL with its key masked: the key itself is never sent back. */
  urlHint: z.string(),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TWebhookView = z.infer<typeof ZWebhookView>;

export const ZWebhookCreate = z.object({
  orgId: zId.describe('机器人所属组织（乡镇或部门）'),
  name: zRequiredText(60).describe('如：娘子神乡法治建设工作群'),
  kind: z.enum(WEBHOOK_KINDS),
  url: zRequiredText(1000).describe('机器人 Webhook 地址（https://）'),
  secret: zText(200).optional().describe('钉钉“加签”密钥（SEC 开头），可不填'),
  enabled: z.boolean().optional(),
});
export type TWebhookCreate = z.infer<typeof ZWebhookCreate>;

export const ZWebhookUpdate = z.object({
  name: zRequiredText(60).optional(),
  kind: z.enum(WEBHOOK_KINDS).optional(),
  /** Omitted: unchanged (the stored URL is never shown, so a form leaves it empty). */
  url: zRequiredText(1000).optional(),
  /** null or '': remove the secret; omitted: unchanged. */
  secret: zText(200).nullable().optional(),
  enabled: z.boolean().optional(),
});
export type TWebhookUpdate = z.infer<typeof ZWebhookUpdate>;

export const ZWebhookQuery = zPage.extend({
  orgId: zId.optional().describe('该组织及其下级'),
});
export type TWebhookQuery = z.infer<typeof ZWebhookQuery>;

export const ZWebhookTestResult = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type TWebhookTestResult = z.infer<typeof ZWebhookTestResult>;

export const ZDeliveryView = z.object({
  id: z.string(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  webhookId: z.string().nullable(),
  webhookName: z.string().nullable(),
  title: z.string(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  /** When a pending delivery is tried next. */
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  doneAt: z.string().nullable(),
});
export type TDeliveryView = z.infer<typeof ZDeliveryView>;

export const ZDeliveryQuery = zPage.extend({
  orgId: zId.optional().describe('该组织及其下级'),
  state: z.enum(DELIVERY_STATES).optional(),
});
export type TDeliveryQuery = z.infer<typeof ZDeliveryQuery>;

export const ZNotificationView = z.object({
  id: z.string(),
  orgId: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  href: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type TNotificationView = z.infer<typeof ZNotificationView>;

export const ZNotificationQuery = zPage.extend({
  unread: zBool.optional(),
});
export type TNotificationQuery = z.infer<typeof ZNotificationQuery>;

export const ZNotificationList = z.object({ items: z.array(ZNotificationView), total: z.number().int(), unread: z.number().int() });
export const ZUnreadCount = z.object({ unread: z.number().int() });
