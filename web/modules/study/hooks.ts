import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ZFindings, ZReportSection } from '../../../common/schemas/mediation-admin.ts';
import {
  type TAttendanceInput,
  type TPlanCreate,
  type TPlanUpdate,
  type TRequirementsInput,
  type TScoresInput,
  type TSessionCreate,
  type TSessionUpdate,
  type TTestInput,
  ZHostSuggestion,
  ZHours,
  ZNextSession,
  ZPlanView,
  ZRequirements,
  ZSessionDetail,
  ZSessionList,
  ZStaffOption,
  ZStudyStats,
} from '../../../common/schemas/study.ts';
import { listOf } from '../../../common/validation.ts';
import { api, type Query } from '../../api.ts';
import { useMe, useOrgFilter } from '../../session.tsx';

/** TanStack Query hooks of the study module (学法培训). */
const B = '/api/v1/study';

/**
 * The township the pages work on: the org switcher's choice, else the org of the user's first
 * study grant (a township for its own users, the county for county users).
 */
export function useStudyOrg(): string {
  const { orgId } = useOrgFilter();
  const me = useMe();
  const grant = me.grants.find((g) => ['judicial_staff', 'township_leader', 'county_supervisor'].includes(g.role)) ?? me.grants[0];
  return orgId ?? grant?.orgId ?? me.org.id;
}

/** Lists send the org switcher's choice unless the page (or a link) names an org. */
function useScoped(q: Query): Query {
  const { orgId } = useOrgFilter();
  return { ...q, orgId: q.orgId ?? orgId };
}

export function useSessions(query: Query) {
  const q = useScoped(query);
  return useQuery({ queryKey: ['study', 'sessions', q], queryFn: ({ signal }) => api.get(ZSessionList, `${B}/sessions`, { query: q, signal }), placeholderData: keepPreviousData });
}

export function useSession(id: string | undefined) {
  return useQuery({ queryKey: ['study', 'session', id], queryFn: () => api.get(ZSessionDetail, `${B}/sessions/${id}`), enabled: !!id });
}

export function useStaff(orgId: string | undefined) {
  return useQuery({ queryKey: ['study', 'staff', orgId], queryFn: () => api.get(z.array(ZStaffOption), `${B}/staff`, { query: { orgId } }), enabled: !!orgId, staleTime: 60_000 });
}

export function useHostSuggestion(orgId: string | undefined) {
  return useQuery({ queryKey: ['study', 'host', orgId], queryFn: () => api.get(ZHostSuggestion, `${B}/host-suggestion`, { query: { orgId } }), enabled: !!orgId });
}

export function useNextSession(orgId: string | undefined) {
  return useQuery({ queryKey: ['study', 'next', orgId], queryFn: () => api.get(ZNextSession, `${B}/next-session`, { query: { orgId } }), enabled: !!orgId });
}

export function useHours(query: Query) {
  const q = useScoped(query);
  return useQuery({ queryKey: ['study', 'hours', q], queryFn: ({ signal }) => api.get(ZHours, `${B}/hours`, { query: q, signal }), placeholderData: keepPreviousData });
}

export function useRequirements(orgId: string | undefined, year: number) {
  return useQuery({ queryKey: ['study', 'requirements', orgId, year], queryFn: () => api.get(ZRequirements, `${B}/requirements`, { query: { orgId, year } }), enabled: !!orgId });
}

export function useStudyStats(q: Query) {
  return useQuery({ queryKey: ['study', 'stats', q], queryFn: () => api.get(ZStudyStats, `${B}/stats`, { query: q }) });
}

export function useStudyFindings(q: Query) {
  return useQuery({ queryKey: ['study', 'findings', q], queryFn: () => api.get(ZFindings, `${B}/findings`, { query: q }) });
}

export function useStudyReport(q: Query) {
  return useQuery({ queryKey: ['study', 'report', q], queryFn: () => api.get(ZReportSection, `${B}/report-section`, { query: q }) });
}

export function usePlans(q: Query) {
  return useQuery({ queryKey: ['study', 'plans', q], queryFn: () => api.get(listOf(ZPlanView), `${B}/plans`, { query: q }) });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['study'] });
}

export function useCreateSession() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: TSessionCreate) => api.post(z.object({ id: z.string() }), `${B}/sessions`, body), onSuccess: done });
}

export function useUpdateSession(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: TSessionUpdate) => api.patch(ZSessionDetail, `${B}/sessions/${id}`, body), onSuccess: done });
}

export function useSessionAction(id: string) {
  const done = useInvalidate();
  return {
    attendance: useMutation({ mutationFn: (body: TAttendanceInput) => api.put(ZSessionDetail, `${B}/sessions/${id}/attendance`, body), onSuccess: done }),
    test: useMutation({ mutationFn: (body: TTestInput) => api.put(ZSessionDetail, `${B}/sessions/${id}/test`, body), onSuccess: done }),
    scores: useMutation({ mutationFn: (body: TScoresInput) => api.put(ZSessionDetail, `${B}/sessions/${id}/scores`, body), onSuccess: done }),
    upload: useMutation({ mutationFn: (file: File) => api.upload(null, `${B}/sessions/${id}/attachments`, file), onSuccess: done }),
  };
}

export function useSetRequirements() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: TRequirementsInput) => api.put(ZRequirements, `${B}/requirements`, body), onSuccess: done });
}

export function useCreatePlan() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: TPlanCreate) => api.post(ZPlanView, `${B}/plans`, body), onSuccess: done });
}

export function useUpdatePlan() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: TPlanUpdate }) => api.put(ZPlanView, `${B}/plans/${id}`, body), onSuccess: done });
}

export const downloadHours = (q: Query) => api.download(`${B}/hours.xlsx`, q, 'study-hours.xlsx');
export const fileUrl = (fileId: string) => `${B}/files/${fileId}`;
