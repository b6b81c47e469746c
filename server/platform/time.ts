/** Times are stored in UTC (ISO-8601) and shown in Asia/Shanghai; dates are Shanghai calendar dates. */
export function nowIso(): string {
  return new Date().toISOString();
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Today's date in Asia/Shanghai (China has had no DST since 1991). */
export function todayShanghai(now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
