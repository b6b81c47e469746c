import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZFindings, ZReportSection } from '../../../common/schemas/mediation-admin.ts';
import { type TPublicitySettingsInput, ZPublicitySettings, ZPublicityStats } from '../../../common/schemas/publicity-report.ts';
import { api, type Query } from '../../api.ts';
import { useMe, useOrgFilter } from '../../session.tsx';

/** TanStack Query hooks of the publicity overview (普法总览) and the dashboard card. */
const B = '/api/v1/publicity';

/**
 * The org the overview is for: the org switcher's choice, else none (the server takes the top of the
 * caller's scope — the township for its staff, the county for the county, the village for its grid
 * worker).
 */
export function useOverviewOrg(): string | undefined {
  const { orgId } = useOrgFilter();
  const me = useMe();
  if (me.grants.some((g) => g.role === 'grid_worker')) return undefined;
  return orgId ?? undefined;
}

/** The org whose new-media target the settings card shows: the switcher's, else the first publicity grant's. */
export function useSettingsOrg(): string {
  const org = useOverviewOrg();
  const me = useMe();
  const g = me.grants.find((x) => ['judicial_staff', 'township_leader', 'county_supervisor'].includes(x.role)) ?? me.grants[0];
  return org ?? g?.orgId ?? me.org.id;
}

export function usePublicityStats(q: Query, enabled = true) {
  return useQuery({ queryKey: ['publicity', 'stats', q], queryFn: ({ signal }) => api.get(ZPublicityStats, `${B}/stats`, { query: q, signal }), enabled });
}

export function usePublicityFindings(q: Query) {
  return useQuery({ queryKey: ['publicity', 'findings', q], queryFn: ({ signal }) => api.get(ZFindings, `${B}/findings`, { query: q, signal }) });
}

export function usePublicityReport(q: Query) {
  return useQuery({ queryKey: ['publicity', 'report', q], queryFn: ({ signal }) => api.get(ZReportSection, `${B}/report-section`, { query: q, signal }) });
}

export function usePublicitySettings(orgId: string) {
  return useQuery({ queryKey: ['publicity', 'settings', orgId], queryFn: ({ signal }) => api.get(ZPublicitySettings, `${B}/settings`, { query: { orgId }, signal }) });
}

export function useSetPublicitySettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TPublicitySettingsInput) => api.put(ZPublicitySettings, `${B}/settings`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['publicity'] }),
  });
}
