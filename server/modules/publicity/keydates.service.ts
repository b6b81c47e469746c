import type { Ctx } from '../../platform/context.ts';

/** One key date falling in a period, for one org (its own dates and its ancestors', built-ins included). */
export interface KeyDateOccurrence {
  /** BUILTIN_KEY_DATES code or publicity_key_dates.id — what events.key_date stores. */
  key: string;
  name: string;
  nameEn: string;
  /** First and last day (same for a fixed date). */
  from: string;
  to: string;
  theme: string | null;
  remindDays: number;
  /** A `dated` key date (宪法宣传周) whose dates the org has not set for this year: from/to are empty. */
  datesMissing?: boolean;
}

/**
 * Key dates of the org at `orgPath` that overlap [from, to], in date order. CONTRACT used by the
 * portal (coming key dates), the report (key dates with nothing done) and the reminders sweep.
 */
export async function keyDateOccurrences(_ctx: Ctx, _orgPath: string, _from: string, _to: string): Promise<KeyDateOccurrence[]> {
  return [];
}
