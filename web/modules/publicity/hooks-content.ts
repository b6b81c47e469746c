import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type TContentCreate,
  type TContentSubmit,
  type TContentUpdate,
  ZContentDetail,
  ZContentFile,
  ZContentList,
  ZShare,
  ZWechatCopy,
} from '../../../common/schemas/publicity-content.ts';
import { api, type Query } from '../../api.ts';
import { useMe, useOrgFilter } from '../../session.tsx';

/** TanStack Query hooks of the content library (普法内容库). */
export const CONTENT_API = '/api/v1/publicity/contents';

export function useContents(query: Query) {
  const { orgId } = useOrgFilter();
  const q = { ...query, orgId: query.orgId ?? orgId };
  return useQuery({ queryKey: ['publicity', 'contents', q], queryFn: ({ signal }) => api.get(ZContentList, CONTENT_API, { query: q, signal }), placeholderData: keepPreviousData });
}

export function useContent(id: string | undefined) {
  return useQuery({ queryKey: ['publicity', 'content', id], queryFn: () => api.get(ZContentDetail, `${CONTENT_API}/${id}`), enabled: !!id });
}

export function useShare(id: string | undefined, enabled: boolean) {
  return useQuery({ queryKey: ['publicity', 'content', id, 'share'], queryFn: () => api.get(ZShare, `${CONTENT_API}/${id}/share`), enabled: !!id && enabled });
}

/** Every change of an item refreshes the library, the item and what derives from it (reach, overview). */
function useDone() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['publicity'] });
}

export function useContentActions(id: string | undefined) {
  const done = useDone();
  const u = `${CONTENT_API}/${id}`;
  return {
    create: useMutation({ mutationFn: (body: TContentCreate) => api.post(z.object({ id: z.string() }), CONTENT_API, body), onSuccess: done }),
    update: useMutation({ mutationFn: (body: TContentUpdate) => api.patch(ZContentDetail, u, body), onSuccess: done }),
    remove: useMutation({ mutationFn: () => api.del(null, u), onSuccess: done }),
    submit: useMutation({ mutationFn: (body: TContentSubmit) => api.post(ZContentDetail, `${u}/submit`, body), onSuccess: done }),
    publish: useMutation({ mutationFn: (note?: string) => api.post(ZContentDetail, `${u}/publish`, note ? { note } : {}), onSuccess: done }),
    reject: useMutation({ mutationFn: (note: string) => api.post(ZContentDetail, `${u}/reject`, { note }), onSuccess: done }),
    withdraw: useMutation({ mutationFn: (reason: string) => api.post(ZContentDetail, `${u}/withdraw`, { reason }), onSuccess: done }),
    reopen: useMutation({ mutationFn: () => api.post(ZContentDetail, `${u}/reopen`), onSuccess: done }),
    upload: useMutation({ mutationFn: ({ file, itemId }: { file: File; itemId?: string }) => api.upload(ZContentFile, `${CONTENT_API}/${itemId ?? id}/files`, file), onSuccess: done }),
  };
}

export async function fetchWechatCopy(id: string) {
  return api.get(ZWechatCopy, `${CONTENT_API}/${id}/wechat`);
}

/**
 * The org new items are written for: the org switcher's choice, else the org of the user's first
 * publicity grant (the township for its 司法所, leader and officers; the county for county users).
 */
export function useContentOrg(): string {
  const { orgId } = useOrgFilter();
  const me = useMe();
  const grant = me.grants.find((g) => ['judicial_staff', 'township_leader', 'county_supervisor', 'enforcement_officer'].includes(g.role)) ?? me.grants[0];
  return orgId ?? grant?.orgId ?? me.org.id;
}

const ZThemeOptions = z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string().optional(), active: z.boolean().optional() })) });

/** The themes the org may tag with (built-in and its own), from the themes list of the calendar area. */
export function useThemeOptions(orgId: string | undefined) {
  return useQuery({
    queryKey: ['publicity', 'themes', orgId, 'options'],
    queryFn: ({ signal }) => api.get(ZThemeOptions, '/api/v1/publicity/themes', { query: { orgId }, signal }),
    enabled: !!orgId,
    staleTime: 60_000,
    retry: false,
  });
}
