import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import type { Permission } from '../common/roles.ts';
import { type TMe, ZMe } from '../common/schemas/auth.ts';
import { ApiError, api } from './api.ts';

/** The logged-in user (`GET /api/v1/auth/me`); null when not logged in. */
export function useMeQuery() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<TMe | null> => {
      try {
        return await api.get(ZMe, '/api/v1/auth/me', { quiet: true });
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** For pages inside the shell: the user is known there. */
export function useMe(): TMe {
  const { data } = useMeQuery();
  if (!data) throw new Error('useMe outside the logged-in shell');
  return data;
}

export function useCan(): (p: Permission) => boolean {
  const { data } = useMeQuery();
  return useCallback((p: Permission) => !!data?.permissions.includes(p), [data]);
}

/**
 * The org switcher's choice (county users: the whole county or one township). Lists send it as
 * `orgId`; the server still applies the user's own scope, so this only ever narrows. Kept in
 * sessionStorage: it belongs to this tab's session and the logout's Clear-Site-Data wipes it.
 */
interface OrgFilter {
  orgId: string | undefined;
  setOrgId(id: string | undefined): void;
}
const OrgCtx = createContext<OrgFilter>({ orgId: undefined, setOrgId: () => {} });
const KEY = 'fazhi_org';

export function OrgFilterProvider({ children }: { children: ReactNode }) {
  const [orgId, set] = useState<string | undefined>(() => sessionStorage.getItem(KEY) ?? undefined);
  const qc = useQueryClient();
  const setOrgId = useCallback(
    (id: string | undefined) => {
      if (id) sessionStorage.setItem(KEY, id);
      else sessionStorage.removeItem(KEY);
      set(id);
      // Everything scoped by org reloads (the query keys include orgId; this drops stale pages).
      qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
    [qc],
  );
  const v = useMemo(() => ({ orgId, setOrgId }), [orgId, setOrgId]);
  return <OrgCtx.Provider value={v}>{children}</OrgCtx.Provider>;
}

export function useOrgFilter(): OrgFilter {
  return useContext(OrgCtx);
}

/** Set when the server said the session is gone, so the login page can say why. */
let expired = false;
export function markSessionExpired(): void {
  expired = true;
}
export function sessionExpired(): boolean {
  return expired;
}
export function clearSessionExpired(): void {
  expired = false;
}

export function clearClientState(): void {
  sessionStorage.removeItem(KEY);
}
