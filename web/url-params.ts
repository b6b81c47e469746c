import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

export type UrlValue = string | number | boolean | null | undefined;

/** A copy of the URL's query with `patch` applied: empty values (undefined, null, '') remove the key. */
export function patchParams(params: URLSearchParams, patch: Record<string, UrlValue>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === null || v === '') next.delete(k);
    else next.set(k, String(v));
  }
  return next;
}

export interface UrlFilters {
  params: URLSearchParams;
  /** What the list API is sent: every known key the URL holds (else its default), and page/pageSize on a paged list. */
  query: Record<string, string | number>;
  page: number;
  pageSize: number;
  /** One filter changed: back to the first page. */
  set: (key: string, value: UrlValue) => void;
  /** Several keys at once: back to the first page unless the patch names `page` (the table's pager). */
  patch: (patch: Record<string, UrlValue>) => void;
  /** Every filter off (the "show all" of a narrowed list). */
  clear: () => void;
}

/**
 * A list page's filters, kept in the URL so that a figure of a dashboard or a report links to exactly
 * the records it counts, and the back button restores the list. `pageSize: false` for an unpaged page.
 */
export function useUrlFilters(keys: readonly string[], opts: { defaults?: Record<string, string | number>; pageSize?: number | false } = {}): UrlFilters {
  const [params, setParams] = useSearchParams();
  const paged = opts.pageSize !== false;
  const defaultSize = opts.pageSize || 20;
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || defaultSize;
  // Callers pass the keys and defaults inline: the query changes only when the URL or their content does.
  const keyList = keys.join(',');
  const defaults = JSON.stringify(opts.defaults ?? {});
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyList and defaults stand for keys and opts.defaults by content.
  const query = useMemo(() => {
    const q: Record<string, string | number> = { ...(JSON.parse(defaults) as Record<string, string | number>) };
    for (const k of keys) {
      const v = params.get(k);
      if (v) q[k] = v;
    }
    if (paged) {
      q.page = page;
      q.pageSize = pageSize;
    }
    return q;
  }, [params, keyList, defaults, paged, page, pageSize]);
  const patch = useCallback(
    (p: Record<string, UrlValue>) =>
      setParams((cur) => {
        const next = patchParams(cur, p);
        if (!('page' in p)) next.delete('page');
        return next;
      }),
    [setParams],
  );
  const set = useCallback((key: string, value: UrlValue) => patch({ [key]: value }), [patch]);
  const clear = useCallback(() => setParams({}), [setParams]);
  return { params, query, page, pageSize, set, patch, clear };
}

/** The year a page shows, from `?year=` (this year when absent; choosing this year drops the key). */
export function useUrlYear(): [number, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year')) || thisYear;
  const setYear = useCallback((y: number) => setParams((cur) => patchParams(cur, { year: y === new Date().getFullYear() ? null : y })), [setParams]);
  return [year, setYear];
}
