import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type TCampaignCreate,
  type TCampaignUpdate,
  type TEventCreate,
  type TEventUpdate,
  ZCampaignList,
  ZCampaignView,
  ZEventDetail,
  ZEventFile,
  ZEventList,
  ZEventOptions,
} from '../../../common/schemas/publicity-events.ts';
import { api, type Query } from '../../api.ts';
import { useMe, useOrgFilter } from '../../session.tsx';

/** TanStack Query hooks of publicity events and campaigns (普法宣传活动、专项活动). */
const B = '/api/v1/publicity';

/**
 * The unit an event is recorded for by default: a grid worker's village (their grant is scope 'org'
 * on it), else the org switcher's choice, else the org of the user's first publicity grant.
 */
export function useEventOrg(): string {
  const { orgId } = useOrgFilter();
  const me = useMe();
  const grid = me.grants.find((g) => g.role === 'grid_worker');
  if (grid) return grid.orgId;
  const g = me.grants.find((x) => ['judicial_staff', 'township_leader', 'county_supervisor', 'enforcement_officer'].includes(x.role)) ?? me.grants[0];
  return orgId ?? g?.orgId ?? me.org.id;
}

/** Lists send the org switcher's choice unless the page (or a link) names an org. */
function useScoped(q: Query): Query {
  const { orgId } = useOrgFilter();
  const me = useMe();
  // a grid worker reads only their village: no township-wide filter to send
  if (me.grants.some((g) => g.role === 'grid_worker')) return q;
  return { ...q, orgId: q.orgId ?? orgId };
}

export function useEvents(query: Query) {
  const q = useScoped(query);
  return { query: q, ...useQuery({ queryKey: ['publicity', 'events', q], queryFn: ({ signal }) => api.get(ZEventList, `${B}/events`, { query: q, signal }), placeholderData: keepPreviousData }) };
}

export function useEvent(id: string | undefined) {
  return useQuery({ queryKey: ['publicity', 'event', id], queryFn: () => api.get(ZEventDetail, `${B}/events/${id}`), enabled: !!id });
}

export function useEventOptions(orgId: string | undefined) {
  return useQuery({ queryKey: ['publicity', 'event-options', orgId], queryFn: () => api.get(ZEventOptions, `${B}/events/options`, { query: { orgId } }), enabled: !!orgId, staleTime: 5 * 60_000 });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['publicity'] });
}

export function useCreateEvent() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: TEventCreate) => api.post(z.object({ id: z.string() }), `${B}/events`, body), onSuccess: done });
}

export function useUpdateEvent(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: TEventUpdate) => api.patch(ZEventDetail, `${B}/events/${id}`, body), onSuccess: done });
}

export function useDeleteEvent() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.del(null, `${B}/events/${id}`), onSuccess: done });
}

export function useEventFiles(id: string) {
  const done = useInvalidate();
  return {
    upload: useMutation({ mutationFn: (file: File) => api.upload(ZEventFile, `${B}/events/${id}/files`, file), onSuccess: done }),
    remove: useMutation({ mutationFn: (fileId: string) => api.del(null, `${B}/events/${id}/files/${fileId}`), onSuccess: done }),
  };
}

/** Uploads a photo to an event just created (the quick form's optional photo). */
export const uploadEventFile = (id: string, file: File) => api.upload(ZEventFile, `${B}/events/${id}/files`, file);
export const eventFileUrl = (id: string, fileId: string) => `${B}/events/${id}/files/${fileId}`;
export const downloadEvents = (q: Query) => api.download(`${B}/events.xlsx`, { ...q, page: undefined, pageSize: undefined }, 'publicity-events.xlsx');

export function useCampaigns(query: Query) {
  const q = useScoped(query);
  return useQuery({ queryKey: ['publicity', 'campaigns', q], queryFn: () => api.get(ZCampaignList, `${B}/campaigns`, { query: q }) });
}

export function useSaveCampaign() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: TCampaignCreate | TCampaignUpdate }) =>
      id ? api.patch(ZCampaignView, `${B}/campaigns/${id}`, body) : api.post(ZCampaignView, `${B}/campaigns`, body),
    onSuccess: done,
  });
}
