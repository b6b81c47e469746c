import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ZDeliveryQuery,
  ZDeliveryView,
  ZNotificationList,
  ZNotificationQuery,
  ZNotificationView,
  ZUnreadCount,
  ZWebhookCreate,
  ZWebhookQuery,
  ZWebhookTestResult,
  ZWebhookUpdate,
  ZWebhookView,
} from '../../../common/schemas/notify.ts';
import { listOf, zId } from '../../../common/validation.ts';
import type { Deps } from '../context.ts';
import { route } from '../http.ts';
import { listMyNotifications, markAllRead, markRead, unreadCount } from './notifications.service.ts';
import { createWebhook, deleteWebhook, listDeliveries, retryDelivery, testWebhook, updateWebhook, listWebhooks } from './webhooks.service.ts';

const tags = ['notify'];
const ZIdParam = z.object({ id: zId });

export function notifyRoutes(app: FastifyInstance, deps: Deps): void {
  route(app, deps, { method: 'GET', url: '/api/v1/notify/webhooks', summary: '群机器人列表（企业微信/钉钉）', tags, query: ZWebhookQuery, response: listOf(ZWebhookView) }, async ({ ctx, query }) =>
    listWebhooks(ctx, query),
  );
  route(app, deps, { method: 'POST', url: '/api/v1/notify/webhooks', summary: '添加群机器人', tags, body: ZWebhookCreate, response: ZWebhookView }, async ({ ctx, body }) => createWebhook(ctx, body));
  route(app, deps, { method: 'PATCH', url: '/api/v1/notify/webhooks/:id', summary: '修改、停用群机器人', tags, params: ZIdParam, body: ZWebhookUpdate, response: ZWebhookView }, async ({ ctx, params, body }) =>
    updateWebhook(ctx, params.id, body),
  );
  route(app, deps, { method: 'DELETE', url: '/api/v1/notify/webhooks/:id', summary: '删除群机器人', tags, params: ZIdParam }, async ({ ctx, params }) => deleteWebhook(ctx, params.id));
  route(app, deps, { method: 'POST', url: '/api/v1/notify/webhooks/:id/test', summary: '发送测试消息', tags, params: ZIdParam, response: ZWebhookTestResult }, async ({ ctx, params }) =>
    testWebhook(ctx, params.id),
  );
  route(app, deps, { method: 'GET', url: '/api/v1/notify/deliveries', summary: '推送记录（状态、重试次数、错误）', tags, query: ZDeliveryQuery, response: listOf(ZDeliveryView) }, async ({ ctx, query }) =>
    listDeliveries(ctx, query),
  );
  route(app, deps, { method: 'POST', url: '/api/v1/notify/deliveries/:id/retry', summary: '重新推送', tags, params: ZIdParam, response: ZDeliveryView }, async ({ ctx, params }) =>
    retryDelivery(ctx, params.id),
  );

  route(app, deps, { method: 'GET', url: '/api/v1/notifications', summary: '我的提醒', tags, query: ZNotificationQuery, response: ZNotificationList }, async ({ ctx, query }) =>
    listMyNotifications(ctx, query),
  );
  route(app, deps, { method: 'GET', url: '/api/v1/notifications/unread-count', summary: '未读提醒数', tags, response: ZUnreadCount }, async ({ ctx }) => unreadCount(ctx));
  route(app, deps, { method: 'POST', url: '/api/v1/notifications/:id/read', summary: '标为已读', tags, params: ZIdParam, response: ZNotificationView }, async ({ ctx, params }) =>
    markRead(ctx, params.id),
  );
  route(app, deps, { method: 'POST', url: '/api/v1/notifications/read-all', summary: '全部标为已读', tags, response: ZUnreadCount }, async ({ ctx }) => markAllRead(ctx));
}
