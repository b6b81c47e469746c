import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type ZActivityInput,
  ZActivityView,
  type ZCommitteeCreate,
  ZCommitteeDetail,
  type ZCommitteeUpdate,
  ZCommitteeView,
  type ZMediatorCreate,
  type ZMediatorUpdate,
  ZCoverage,
  ZFindings,
  ZMediationSettings,
  type ZMediationSettingsInput,
  ZMediationStats,
  ZMediatorView,
  ZReportSection,
  ZScreeningGrid,
  type ZScreeningInput,
  ZScreeningView,
  ZTarget,
  type ZTargetInput,
  type ZUnderstanderCreate,
  type ZUnderstanderUpdate,
  ZUnderstanderView,
  type ZZeroReportInput,
} from '../../../common/schemas/mediation-admin.ts';
import { listOf } from '../../../common/validation.ts';
import { ZCreated, type ZDisputeCreate, ZDisputeDetail, ZDisputeList } from '../../../common/schemas/mediation.ts';
import { api, type Query } from '../../api.ts';
import { useOrgFilter } from '../../session.tsx';

/** TanStack Query hooks of the mediation module. Every list sends the org switcher's `orgId` unless the page narrows further. */
const BASE = '/api/v1/mediation';
type In<S extends z.ZodType> = z.input<S>;

function useScoped(q: Query = {}): Query {
  const { orgId } = useOrgFilter();
  return { ...q, orgId: q.orgId ?? orgId };
}

// ——— disputes ———

export function useDisputes(q: Query) {
  const query = useScoped(q);
  return useQuery({
    queryKey: ['mediation', 'disputes', query],
    queryFn: ({ signal }) => api.get(ZDisputeList, `${BASE}/disputes`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDispute(id: string | undefined) {
  return useQuery({ queryKey: ['mediation', 'dispute', id], queryFn: () => api.get(ZDisputeDetail, `${BASE}/disputes/${id}`), enabled: !!id });
}

export function useCreateDispute() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: In<typeof ZDisputeCreate>) => api.post(ZCreated, `${BASE}/disputes`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

/** One action on a dispute (session, agreement, follow-up…): POST to its sub-resource, then reload the case. */
export function useDisputeAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body, method = 'POST' }: { path: string; body?: unknown; method?: 'POST' | 'PATCH' | 'PUT' | 'DELETE' }) => {
      const url = `${BASE}/disputes/${id}${path}`;
      if (method === 'PATCH') return api.patch(ZCreated, url, body);
      if (method === 'PUT') return api.put(ZCreated, url, body);
      if (method === 'DELETE') return api.del(ZCreated, url);
      return api.post(ZCreated, url, body);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

// ——— committees and mediators (for the dispute form) ———

export function useCommittees(q: Query = {}) {
  const query = useScoped({ pageSize: 200, active: true, ...q });
  return useQuery({ queryKey: ['mediation', 'committees', query], queryFn: () => api.get(listOf(ZCommitteeView), `${BASE}/committees`, { query }), staleTime: 60_000 });
}

export function useCommitteeList(q: Query) {
  const query = useScoped(q);
  return useQuery({
    queryKey: ['mediation', 'committees', 'list', query],
    queryFn: () => api.get(listOf(ZCommitteeView), `${BASE}/committees`, { query }),
    placeholderData: keepPreviousData,
  });
}

export function useCommittee(id: string | undefined) {
  return useQuery({ queryKey: ['mediation', 'committee', id], queryFn: () => api.get(ZCommitteeDetail, `${BASE}/committees/${id}`), enabled: !!id });
}

export function useCreateCommittee() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: In<typeof ZCommitteeCreate>) => api.post(ZCommitteeView, `${BASE}/committees`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

export function useUpdateCommittee() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: In<typeof ZCommitteeUpdate> }) => api.patch(ZCommitteeView, `${BASE}/committees/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

export function useDeactivateCommittee() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(ZCommitteeView, `${BASE}/committees/${id}/deactivate`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

export function useCreateMediator() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: In<typeof ZMediatorCreate>) => api.post(ZMediatorView, `${BASE}/mediators`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

export function useUpdateMediator() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: In<typeof ZMediatorUpdate> }) => api.patch(ZMediatorView, `${BASE}/mediators/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

export function useDeactivateMediator() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(ZMediatorView, `${BASE}/mediators/${id}/deactivate`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

export function useMediators(committeeId: string | undefined) {
  return useQuery({
    queryKey: ['mediation', 'mediators', committeeId],
    queryFn: () => api.get(listOf(ZMediatorView), `${BASE}/mediators`, { query: { committeeId, active: true, pageSize: 200 } }),
    enabled: !!committeeId,
    staleTime: 60_000,
  });
}

// ——— screenings ———

export function useScreeningGrid(year: number, orgId?: string) {
  const query = useScoped({ year, orgId });
  return useQuery({ queryKey: ['mediation', 'screening-grid', query], queryFn: () => api.get(ZScreeningGrid, `${BASE}/screenings`, { query }) });
}

/** Screening records (not the grid): the report's 零上报 / 排查发现 figures link to these (`zero=1|0`). */
export function useScreeningRecords(q: Query, enabled = true) {
  const query = useScoped(q);
  return useQuery({
    queryKey: ['mediation', 'screening-records', query],
    queryFn: () => api.get(listOf(ZScreeningView), `${BASE}/screenings/records`, { query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useSaveScreening() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: In<typeof ZScreeningInput>) => api.post(ZScreeningView, `${BASE}/screenings`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

export function useZeroReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: In<typeof ZZeroReportInput>) => api.post(ZScreeningView, `${BASE}/screenings/zero`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

// ——— 法律明白人 ———

export function useCoverage(q: Query = {}) {
  const query = useScoped(q);
  return useQuery({ queryKey: ['mediation', 'coverage', query], queryFn: () => api.get(ZCoverage, `${BASE}/understanders/coverage`, { query }) });
}

export function useUnderstanders(q: Query) {
  const query = useScoped(q);
  return useQuery({
    queryKey: ['mediation', 'understanders', query],
    queryFn: () => api.get(listOf(ZUnderstanderView), `${BASE}/understanders`, { query }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateUnderstander() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: In<typeof ZUnderstanderCreate>) => api.post(null, `${BASE}/understanders`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

export function useUpdateUnderstander() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: In<typeof ZUnderstanderUpdate> }) => api.patch(null, `${BASE}/understanders/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

export function useActivities(understanderId: string | undefined) {
  return useQuery({
    queryKey: ['mediation', 'activities', understanderId],
    queryFn: () => api.get(listOf(ZActivityView), `${BASE}/understanders/${understanderId}/activities`, { query: { pageSize: 200 } }),
    enabled: !!understanderId,
  });
}

export function useAddActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: In<typeof ZActivityInput> }) => api.post(ZActivityView, `${BASE}/understanders/${id}/activities`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

export function useTarget(orgId: string | undefined) {
  return useQuery({
    queryKey: ['mediation', 'target', orgId],
    queryFn: () => api.get(ZTarget, `${BASE}/understanders/target`, { query: { orgId } }),
    enabled: !!orgId,
  });
}

export function useSetTarget() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: In<typeof ZTargetInput>) => api.put(ZTarget, `${BASE}/understanders/target`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

// ——— module settings (回访期限) ———

export function useMediationSettings(orgId: string | undefined) {
  return useQuery({
    queryKey: ['mediation', 'settings', orgId],
    queryFn: () => api.get(ZMediationSettings, `${BASE}/settings`, { query: { orgId } }),
    enabled: !!orgId,
  });
}

export function useSetMediationSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: In<typeof ZMediationSettingsInput>) => api.put(ZMediationSettings, `${BASE}/settings`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mediation'] }),
  });
}

// ——— statistics, findings, report section ———

export function useStats(q: Query) {
  const query = useScoped(q);
  return useQuery({ queryKey: ['mediation', 'stats', query], queryFn: () => api.get(ZMediationStats, `${BASE}/stats`, { query }) });
}

export function useFindings(q: Query) {
  const query = useScoped(q);
  return useQuery({ queryKey: ['mediation', 'findings', query], queryFn: () => api.get(ZFindings, `${BASE}/findings`, { query }) });
}

export function useReportSection(year: number) {
  const query = useScoped({ year });
  return useQuery({ queryKey: ['mediation', 'report-section', query], queryFn: () => api.get(ZReportSection, `${BASE}/report-section`, { query }) });
}

/** Excel of the year's statistics (by type, by month, by village). */
export function downloadStats(query: { year: number; orgId?: string }) {
  return api.download(`${BASE}/stats.xlsx`, query, 'mediation-stats.xlsx');
}
