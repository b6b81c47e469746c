import { ZFindings, ZReportSection } from '../../../common/schemas/mediation-admin.ts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  ZAttachment,
  ZBoard,
  ZCalendar,
  type ZDecisionCreate,
  type ZDutyCreate,
  type ZDutyUpdate,
  ZDutyView,
  type ZGroupCreate,
  ZGroupDetail,
  type ZGroupUpdate,
  ZGroupView,
  type ZHandDown,
  ZHandDownResult,
  type ZMeetingCreate,
  ZMeetingDetail,
  type ZMeetingUpdate,
  ZMeetingView,
  type ZMemberCreate,
  type ZMemberUpdate,
  ZOverview,
  type ZPlanCopy,
  type ZPlanCreate,
  ZPlanDetail,
  type ZPlanUpdate,
  ZPlanView,
  type ZProgressCreate,
  type ZSectionCreate,
  type ZSectionUpdate,
  ZSectionView,
  ZStaffOptions,
  type ZTaskCancel,
  type ZTaskCreate,
  ZTaskDetail,
  ZTaskImportResult,
  type ZTaskUpdate,
  ZTaskView,
} from '../../../common/schemas/planning.ts';
import { ZNextSession } from '../../../common/schemas/study.ts';
import { listOf } from '../../../common/validation.ts';
import { ApiError, api, type Query } from '../../api.ts';
import { useOrgFilter } from '../../session.tsx';

/**
 * TanStack Query hooks of the planning module (API: server/modules/planning/README.md). Lists send the
 * org switcher's `orgId` unless the page narrows further; every write invalidates the module's cache.
 */
export const PLANNING_API = '/api/v1/planning';
const B = PLANNING_API;
type In<S extends z.ZodType> = z.input<S>;

const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

function useScoped(q: Query = {}): Query {
  const { orgId } = useOrgFilter();
  return { ...q, orgId: q.orgId ?? orgId };
}

function useWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['planning'] }) });
}

// ——— pickers ———

/** 工作人员名册 and departments (站办所) of a township, for the 分管领导 / 责任单位 / 主持人 pickers. */
export function useStaffOptions(orgId: string | undefined) {
  return useQuery({
    queryKey: ['planning', 'staff', orgId],
    queryFn: () => api.get(ZStaffOptions, `${B}/staff`, { query: { orgId } }),
    enabled: !!orgId,
    staleTime: 120_000,
  });
}

// ——— overview and views ———

export function useOverview(q: { year: number; orgId?: string }) {
  const query = useScoped(q);
  return useQuery({ queryKey: ['planning', 'overview', query], queryFn: () => api.get(ZOverview, `${B}/overview`, { query }), placeholderData: keepPreviousData });
}

/** The module contract on the leader's page: findings for the year, and the report paragraph. */
export function usePlanningFindings(year: number) {
  const query = useScoped({ from: `${year}-01-01`, to: `${year}-12-31` });
  return useQuery({ queryKey: ['planning', 'findings', query], queryFn: () => api.get(ZFindings, `${B}/findings`, { query }) });
}

export function usePlanningReport(year: number) {
  const query = useScoped({ year });
  return useQuery({ queryKey: ['planning', 'report', query], queryFn: () => api.get(ZReportSection, `${B}/report-section`, { query }) });
}

/** The study module's next session (its route: /api/v1/study/next-session); null when none or not readable. */
export function useNextStudySession(orgId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['planning', 'next-study', orgId],
    queryFn: async () => {
      try {
        return await api.get(ZNextSession, '/api/v1/study/next-session', { query: { orgId } });
      } catch (e) {
        if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null;
        throw e;
      }
    },
    enabled: enabled && !!orgId,
    staleTime: 60_000,
  });
}

export function useBoard(planId: string | undefined) {
  return useQuery({ queryKey: ['planning', 'board', planId], queryFn: () => api.get(ZBoard, `${B}/board`, { query: { planId } }), enabled: !!planId });
}

export function useCalendar(month: string) {
  const query = useScoped({ month });
  return useQuery({ queryKey: ['planning', 'calendar', query], queryFn: () => api.get(ZCalendar, `${B}/calendar`, { query }), placeholderData: keepPreviousData });
}

// ——— plans ———

export function usePlans(q: Query, enabled = true) {
  const query = useScoped(q);
  return useQuery({ queryKey: ['planning', 'plans', query], queryFn: () => api.get(itemsOf(ZPlanView), `${B}/plans`, { query }), placeholderData: keepPreviousData, enabled });
}

export function usePlan(id: string | undefined) {
  return useQuery({ queryKey: ['planning', 'plan', id], queryFn: () => api.get(ZPlanDetail, `${B}/plans/${id}`), enabled: !!id });
}

export const useCreatePlan = () => useWrite((body: In<typeof ZPlanCreate>) => api.post(ZPlanDetail, `${B}/plans`, body));
export const useUpdatePlan = () => useWrite(({ id, body }: { id: string; body: In<typeof ZPlanUpdate> }) => api.patch(ZPlanDetail, `${B}/plans/${id}`, body));
export const usePublishPlan = () => useWrite((id: string) => api.post(ZPlanDetail, `${B}/plans/${id}/publish`));
export const useCopyPlan = () => useWrite(({ id, body }: { id: string; body: In<typeof ZPlanCopy> }) => api.post(ZPlanDetail, `${B}/plans/${id}/copy`, body));
export const useHandDown = () => useWrite(({ id, body }: { id: string; body: In<typeof ZHandDown> }) => api.post(ZHandDownResult, `${B}/plans/${id}/hand-down`, body));
export const useUploadPlanDocument = () => useWrite(({ id, file }: { id: string; file: File }) => api.upload(ZAttachment, `${B}/plans/${id}/document`, file));
export const useCreateSection = () => useWrite(({ planId, body }: { planId: string; body: In<typeof ZSectionCreate> }) => api.post(ZSectionView, `${B}/plans/${planId}/sections`, body));
export const useUpdateSection = () => useWrite(({ id, body }: { id: string; body: In<typeof ZSectionUpdate> }) => api.patch(ZSectionView, `${B}/sections/${id}`, body));
export const useDeleteSection = () => useWrite((id: string) => api.del(null, `${B}/sections/${id}`));

/**
 * Excel import: the server answers 400 with `ok:false` and per-row errors (nothing imported); both
 * answers come back as a result here, other errors throw.
 */
export const useImportTasks = () =>
  useWrite(async ({ id, file }: { id: string; file: File }): Promise<z.output<typeof ZTaskImportResult>> => {
    try {
      return await api.upload(ZTaskImportResult, `${B}/plans/${id}/import`, file);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const r = ZTaskImportResult.safeParse(e.body);
        if (r.success) return r.data;
        return { ok: false, code: e.code, message: e.message, fields: e.fields, errors: [] };
      }
      throw e;
    }
  });

export const downloadPlanXlsx = (id: string) => api.download(`${B}/plans/${id}/export.xlsx`, undefined, 'plan.xlsx');
export const downloadTemplate = () => api.download(`${B}/plans/import/template`, undefined, 'template.xlsx');
export const downloadFile = (fileId: string, name: string) => api.download(`${B}/files/${fileId}`, undefined, name);

// ——— tasks and progress ———

export function useTasks(q: Query, enabled = true) {
  const query = useScoped(q);
  return useQuery({
    queryKey: ['planning', 'tasks', query],
    queryFn: ({ signal }) => api.get(listOf(ZTaskView), `${B}/tasks`, { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTask(id: string | undefined) {
  return useQuery({ queryKey: ['planning', 'task', id], queryFn: () => api.get(ZTaskDetail, `${B}/tasks/${id}`), enabled: !!id });
}

export const useCreateTask = () => useWrite((body: In<typeof ZTaskCreate>) => api.post(ZTaskDetail, `${B}/tasks`, body));
export const useUpdateTask = () => useWrite(({ id, body }: { id: string; body: In<typeof ZTaskUpdate> }) => api.patch(ZTaskDetail, `${B}/tasks/${id}`, body));
export const useCancelTask = () => useWrite(({ id, body }: { id: string; body: In<typeof ZTaskCancel> }) => api.post(ZTaskDetail, `${B}/tasks/${id}/cancel`, body));
/** Posts the update, then each evidence file onto the new update (attachments are never required). */
export const usePostProgress = () =>
  useWrite(async ({ id, body, files }: { id: string; body: In<typeof ZProgressCreate>; files: File[] }) => {
    const task = await api.post(ZTaskDetail, `${B}/tasks/${id}/progress`, body);
    if (files.length) {
      // The newest update is the one just posted (the server lists progress newest first or last: take the latest createdAt).
      const latest = [...task.progress].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
      if (latest) for (const f of files) await api.upload(ZAttachment, `${B}/progress/${latest.id}/attachments`, f);
    }
    return task;
  });

// ——— groups ———

export function useGroups(q: Query, enabled = true) {
  const query = useScoped(q);
  return useQuery({ queryKey: ['planning', 'groups', query], queryFn: () => api.get(itemsOf(ZGroupView), `${B}/groups`, { query }), enabled });
}
export function useGroup(id: string | undefined) {
  return useQuery({ queryKey: ['planning', 'group', id], queryFn: () => api.get(ZGroupDetail, `${B}/groups/${id}`), enabled: !!id });
}
export const useCreateGroup = () => useWrite((body: In<typeof ZGroupCreate>) => api.post(ZGroupDetail, `${B}/groups`, body));
export const useUpdateGroup = () => useWrite(({ id, body }: { id: string; body: In<typeof ZGroupUpdate> }) => api.patch(ZGroupDetail, `${B}/groups/${id}`, body));
export const useAddMember = () => useWrite(({ groupId, body }: { groupId: string; body: In<typeof ZMemberCreate> }) => api.post(ZGroupDetail, `${B}/groups/${groupId}/members`, body));
export const useUpdateMember = () => useWrite(({ id, body }: { id: string; body: In<typeof ZMemberUpdate> }) => api.patch(ZGroupDetail, `${B}/members/${id}`, body));

// ——— meetings ———

export function useMeetings(q: Query) {
  const query = useScoped(q);
  return useQuery({ queryKey: ['planning', 'meetings', query], queryFn: () => api.get(listOf(ZMeetingView), `${B}/meetings`, { query }), placeholderData: keepPreviousData });
}
export function useMeeting(id: string | undefined) {
  return useQuery({ queryKey: ['planning', 'meeting', id], queryFn: () => api.get(ZMeetingDetail, `${B}/meetings/${id}`), enabled: !!id });
}
export const useCreateMeeting = () => useWrite((body: In<typeof ZMeetingCreate>) => api.post(ZMeetingDetail, `${B}/meetings`, body));
export const useUpdateMeeting = () => useWrite(({ id, body }: { id: string; body: In<typeof ZMeetingUpdate> }) => api.patch(ZMeetingDetail, `${B}/meetings/${id}`, body));
export const useAddDecision = () => useWrite(({ id, body }: { id: string; body: In<typeof ZDecisionCreate> }) => api.post(ZMeetingDetail, `${B}/meetings/${id}/decisions`, body));
export const useUploadMeetingFile = () => useWrite(({ id, file }: { id: string; file: File }) => api.upload(ZAttachment, `${B}/meetings/${id}/attachments`, file));

// ——— duties ———

export function useDuties(q: Query) {
  const query = useScoped(q);
  return useQuery({ queryKey: ['planning', 'duties', query], queryFn: () => api.get(listOf(ZDutyView), `${B}/duties`, { query }), placeholderData: keepPreviousData });
}
export const useCreateDuty = () => useWrite((body: In<typeof ZDutyCreate>) => api.post(ZDutyView, `${B}/duties`, body));
export const useUpdateDuty = () => useWrite(({ id, body }: { id: string; body: In<typeof ZDutyUpdate> }) => api.patch(ZDutyView, `${B}/duties/${id}`, body));
