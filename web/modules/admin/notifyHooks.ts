import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  ZDeliveryView,
  ZNotificationList,
  ZNotificationView,
  ZUnreadCount,
  type ZWebhookCreate,
  ZWebhookTestResult,
  type ZWebhookUpdate,
  ZWebhookView,
} from '../../../common/schemas/notify.ts';
import { ZLinkableUser, type ZStaffCreate, type ZStaffUpdate, ZStaffView } from '../../../common/schemas/staff.ts';
import { listOf } from '../../../common/validation.ts';
import { api, type Query } from '../../api.ts';

/** Hooks for the reminders page, the bell and the staff roster (server/platform/notify, staff). */
const ZWebhookList = listOf(ZWebhookView);
const ZDeliveryList = listOf(ZDeliveryView);
const ZStaffList = listOf(ZStaffView);
const ZLinkableUsers = listOf(ZLinkableUser);

// ——— robots and deliveries ———

export function useWebhooks(q: Query) {
  return useQuery({ queryKey: ['notify', 'webhooks', q], queryFn: () => api.get(ZWebhookList, '/api/v1/notify/webhooks', { query: q }), placeholderData: keepPreviousData });
}

export function useDeliveries(q: Query) {
  return useQuery({
    queryKey: ['notify', 'deliveries', q],
    queryFn: () => api.get(ZDeliveryList, '/api/v1/notify/deliveries', { query: q }),
    placeholderData: keepPreviousData,
    // pending and running deliveries move on their own: refresh while the page is open
    refetchInterval: 30_000,
  });
}

function useNotifyMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['notify'] }) });
}
export const useCreateWebhook = () => useNotifyMutation((body: z.input<typeof ZWebhookCreate>) => api.post(ZWebhookView, '/api/v1/notify/webhooks', body));
export const useUpdateWebhook = () =>
  useNotifyMutation(({ id, body }: { id: string; body: z.input<typeof ZWebhookUpdate> }) => api.patch(ZWebhookView, `/api/v1/notify/webhooks/${id}`, body));
export const useDeleteWebhook = () => useNotifyMutation((id: string) => api.del(null, `/api/v1/notify/webhooks/${id}`));
export const useTestWebhook = () => useNotifyMutation((id: string) => api.post(ZWebhookTestResult, `/api/v1/notify/webhooks/${id}/test`));
export const useRetryDelivery = () => useNotifyMutation((id: string) => api.post(ZDeliveryView, `/api/v1/notify/deliveries/${id}/retry`));

// ——— the bell ———

/**
 * Polled every 60 s with X-Fazhi-Background so the poll does not count as activity: an unattended
 * browser still reaches the session's idle timeout.
 */
async function backgroundCount(): Promise<z.output<typeof ZUnreadCount>> {
  const res = await fetch('/api/v1/notifications/unread-count', { headers: { Accept: 'application/json', 'X-Fazhi-Background': '1' }, credentials: 'same-origin' });
  if (!res.ok) return { unread: 0 };
  return ZUnreadCount.parse(await res.json());
}

export function useUnreadCount() {
  return useQuery({ queryKey: ['bell', 'count'], queryFn: backgroundCount, refetchInterval: 60_000, refetchIntervalInBackground: false, staleTime: 30_000 });
}

export function useMyNotifications(enabled: boolean) {
  return useQuery({ queryKey: ['bell', 'list'], queryFn: () => api.get(ZNotificationList, '/api/v1/notifications', { query: { pageSize: 10 } }), enabled });
}

function useBellMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['bell'] }) });
}
export const useMarkRead = () => useBellMutation((id: string) => api.post(ZNotificationView, `/api/v1/notifications/${id}/read`));
export const useMarkAllRead = () => useBellMutation(() => api.post(ZUnreadCount, '/api/v1/notifications/read-all'));

// ——— staff roster ———

export function useStaffList(q: Query) {
  return useQuery({ queryKey: ['staff', q], queryFn: () => api.get(ZStaffList, '/api/v1/staff', { query: q }), placeholderData: keepPreviousData });
}

export function useLinkableUsers(enabled: boolean) {
  return useQuery({ queryKey: ['staff', 'linkable-users'], queryFn: () => api.get(ZLinkableUsers, '/api/v1/staff/linkable-users'), enabled, staleTime: 60_000 });
}

function useStaffMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['staff'] }) });
}
export const useCreateStaff = () => useStaffMutation((body: z.input<typeof ZStaffCreate>) => api.post(ZStaffView, '/api/v1/staff', body));
export const useUpdateStaff = () => useStaffMutation(({ id, body }: { id: string; body: z.input<typeof ZStaffUpdate> }) => api.patch(ZStaffView, `/api/v1/staff/${id}`, body));
