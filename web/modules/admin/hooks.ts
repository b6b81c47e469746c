import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type ZCalendarYear, ZCalendarStatus, ZCalendarYearView } from '../../../common/schemas/calendar.ts';
import { type ZOrgCreate, ZOrgDetail, ZOrgList, type ZOrgUpdate } from '../../../common/schemas/orgs.ts';
import { ZGrant, type ZGrantCreate, type ZPasswordReset, ZUser, type ZUserCreate, ZUserList, type ZUserUpdate } from '../../../common/schemas/users.ts';
import { api, type Query } from '../../api.ts';
import { ZAuditList, ZAuditVerify } from '../../../common/schemas/audit.ts';

export function useCalendarStatus(enabled = true) {
  return useQuery({ queryKey: ['calendar', 'status'], queryFn: () => api.get(ZCalendarStatus, '/api/v1/calendar/status'), enabled, staleTime: 300_000 });
}

export function useCalendarYear(year: number) {
  return useQuery({ queryKey: ['calendar', 'year', year], queryFn: () => api.get(ZCalendarYearView, `/api/v1/calendar/years/${year}`) });
}

export function useSaveCalendarYear(year: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof ZCalendarYear>) => api.put(null, `/api/v1/calendar/years/${year}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}

// ——— organisations ———

export function useOrgs() {
  return useQuery({
    queryKey: ['orgs', 'flat'],
    queryFn: () => api.get(ZOrgList, '/api/v1/orgs', { query: { view: 'flat' } }),
    staleTime: 120_000,
  });
}

export function useOrgTree(q: { q?: string; kind?: string } = {}) {
  return useQuery({
    queryKey: ['orgs', 'tree-or-search', q],
    // A search shows the matching orgs flat; otherwise the tree.
    queryFn: () => api.get(ZOrgList, '/api/v1/orgs', { query: q.q || q.kind ? { view: 'flat', ...q } : { view: 'tree' } }),
    placeholderData: keepPreviousData,
  });
}

function useOrgMutation<V>(fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['orgs'] }) });
}
export const useCreateOrg = () => useOrgMutation((body: z.input<typeof ZOrgCreate>) => api.post(ZOrgDetail, '/api/v1/orgs', body));
export const useUpdateOrg = () => useOrgMutation(({ id, body }: { id: string; body: z.input<typeof ZOrgUpdate> }) => api.patch(ZOrgDetail, `/api/v1/orgs/${id}`, body));
export const useDeleteOrg = () => useOrgMutation((id: string) => api.del(null, `/api/v1/orgs/${id}`));

// ——— users and grants ———

export function useUsers(q: Query) {
  return useQuery({
    queryKey: ['users', q],
    queryFn: () => api.get(ZUserList, '/api/v1/users', { query: q }),
    placeholderData: keepPreviousData,
  });
}

function useUserMutation<V>(fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }) });
}
export const useCreateUser = () => useUserMutation((body: z.input<typeof ZUserCreate>) => api.post(ZUser, '/api/v1/users', body));
export const useUpdateUser = () => useUserMutation(({ id, body }: { id: string; body: z.input<typeof ZUserUpdate> }) => api.patch(ZUser, `/api/v1/users/${id}`, body));
/** disable | enable | unlock */
export const useUserCommand = () => useUserMutation(({ id, command }: { id: string; command: 'disable' | 'enable' | 'unlock' }) => api.post(null, `/api/v1/users/${id}/${command}`));
export const useResetPassword = () =>
  useUserMutation(({ id, body }: { id: string; body: z.input<typeof ZPasswordReset> }) => api.post(null, `/api/v1/users/${id}/reset-password`, body));
export const useAddGrant = () => useUserMutation(({ id, body }: { id: string; body: z.input<typeof ZGrantCreate> }) => api.post(ZGrant, `/api/v1/users/${id}/grants`, body));
export const useRemoveGrant = () => useUserMutation(({ id, grantId }: { id: string; grantId: string }) => api.del(null, `/api/v1/users/${id}/grants/${grantId}`));

// ——— audit log ———

export function useAuditEvents(q: Query) {
  return useQuery({
    queryKey: ['audit', q],
    queryFn: () => api.get(ZAuditList, '/api/v1/audit/events', { query: q }),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.get(ZAuditVerify, '/api/v1/audit/verify') });
}
