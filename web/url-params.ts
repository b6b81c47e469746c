/** A copy of the URL's query with `patch` applied: empty values (undefined, null, '') remove the key. */
export function patchParams(params: URLSearchParams, patch: Record<string, string | number | boolean | null | undefined>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === null || v === '') next.delete(k);
    else next.set(k, String(v));
  }
  return next;
}
