import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type TKeyDateCreate,
  type TKeyDateUpdate,
  type TRespCopy,
  type TRespCreate,
  type TRespUpdate,
  type TThemeCreate,
  type TThemeUpdate,
  ZCalendar,
  ZKeyDateItem,
  ZKeyDateList,
  ZRespItem,
  ZRespList,
  ZThemeItem,
  ZThemeList,
} from '../../../common/schemas/publicity-calendar.ts';
import { api } from '../../api.ts';
import { useMe, useOrgFilter } from '../../session.tsx';

/** TanStack Query hooks of the key-date calendar, themes and the 谁执法谁普法 list. */
const B = '/api/v1/publicity';

/**
 * The org the pages work on: the org switcher's choice, else the org of the user's first publicity
 * grant (a township for its own users, the county for county users).
 */
export function usePublicityOrg(): string {
  const { orgId } = useOrgFilter();
  const me = useMe();
  const grant = me.grants.find((g) => ['judicial_staff', 'township_leader', 'county_supervisor'].includes(g.role)) ?? me.grants[0];
  return orgId ?? grant?.orgId ?? me.org.id;
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['publicity'] });
}

export function useCalendar(orgId: string, year: number) {
  return useQuery({ queryKey: ['publicity', 'calendar', orgId, year], queryFn: ({ signal }) => api.get(ZCalendar, `${B}/calendar`, { query: { orgId, year }, signal }) });
}

export function useKeyDates(orgId: string, enabled = true) {
  return useQuery({ queryKey: ['publicity', 'key-dates', orgId], queryFn: ({ signal }) => api.get(ZKeyDateList, `${B}/key-dates`, { query: { orgId }, signal }), enabled });
}

export function useKeyDateActions() {
  const done = useInvalidate();
  return {
    create: useMutation({ mutationFn: (body: TKeyDateCreate) => api.post(ZKeyDateItem, `${B}/key-dates`, body), onSuccess: done }),
    update: useMutation({ mutationFn: ({ id, body }: { id: string; body: TKeyDateUpdate }) => api.patch(ZKeyDateItem, `${B}/key-dates/${id}`, body), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api.del(null, `${B}/key-dates/${id}`), onSuccess: done }),
  };
}

export function useThemes(orgId: string, all = false) {
  return useQuery({ queryKey: ['publicity', 'themes', orgId, all], queryFn: ({ signal }) => api.get(ZThemeList, `${B}/themes`, { query: { orgId, all: all ? '1' : undefined }, signal }) });
}

export function useThemeActions() {
  const done = useInvalidate();
  return {
    create: useMutation({ mutationFn: (body: TThemeCreate) => api.post(ZThemeItem, `${B}/themes`, body), onSuccess: done }),
    update: useMutation({ mutationFn: ({ code, body }: { code: string; body: TThemeUpdate }) => api.patch(ZThemeItem, `${B}/themes/${code}`, body), onSuccess: done }),
  };
}

export function useResponsibilities(orgId: string, year: number) {
  return useQuery({ queryKey: ['publicity', 'responsibilities', orgId, year], queryFn: ({ signal }) => api.get(ZRespList, `${B}/responsibilities`, { query: { orgId, year }, signal }) });
}

export function useRespActions() {
  const done = useInvalidate();
  return {
    create: useMutation({ mutationFn: (body: TRespCreate) => api.post(ZRespItem, `${B}/responsibilities`, body), onSuccess: done }),
    update: useMutation({ mutationFn: ({ id, body }: { id: string; body: TRespUpdate }) => api.patch(ZRespItem, `${B}/responsibilities/${id}`, body), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api.del(null, `${B}/responsibilities/${id}`), onSuccess: done }),
    copy: useMutation({ mutationFn: (body: TRespCopy) => api.post(z.object({ copied: z.number() }), `${B}/responsibilities/copy`, body), onSuccess: done }),
  };
}
