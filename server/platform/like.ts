/** LIKE patterns with the user's text taken literally: `\\`, `%` and `_` escaped (use with `escape '\\'`). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** `%text%`: contains the user's text, literally. */
export function likeContains(s: string): string {
  return `%${escapeLike(s)}%`;
}
