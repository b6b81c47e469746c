import { BUILTIN_KEY_DATES } from '../../../common/publicity-enums.ts';
import { ROLE_PERMISSIONS, type Role } from '../../../common/roles.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { registerSweep } from '../../platform/jobs/jobs.service.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { inScope, subtreeScope } from '../../platform/permissions.ts';
import { addDaysIso, daysBetween, todayShanghai } from '../../platform/time.ts';
import { keyDateOccurrences, LINK_DAYS_BEFORE } from './keydates.service.ts';

/**
 * Key-date reminders (issue 4: "reminders some weeks ahead when nothing is planned"; source report
 * weakness 二: little new on key dates). Once a day, for each township, every key date starting within
 * its remind days (default 21; 0 switches the reminder off) with no event linked to it — planned or
 * done, in the township's subtree, held from LINK_DAYS_BEFORE days before to its last day, exactly as
 * the calendar links them — is notified to the township's publicity.manage users (bell) and its group
 * robots (notify()). A moving date (宪法宣传周) whose dates are not set for the year, with its usual
 * window that close, asks for the dates instead. Dedupe per township, key and year: once each.
 */
const LOOKAHEAD_DAYS = 120;

export interface KeyDateReminder {
  orgId: string;
  key: string;
  year: number;
  kind: 'nothing_planned' | 'dates_missing';
  userIds: string[];
  title: string;
  body: string;
  href: string;
  dedupeKey: string;
}

/** Users holding publicity.manage through a grant on the township itself (司法所, 乡镇领导). */
async function managersOf(ctx: Ctx, townshipIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (townshipIds.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('role_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.org_id', 'g.role', 'u.id'])
    .where('g.org_id', 'in', [...townshipIds])
    .where('g.scope', 'in', ['subtree', 'org'])
    .where('u.disabled', '=', 0)
    .execute();
  for (const r of rows) {
    if (!ROLE_PERMISSIONS[r.role as Role]?.includes('publicity.manage')) continue;
    const list = out.get(r.org_id) ?? [];
    if (!list.includes(r.id)) list.push(r.id);
    out.set(r.org_id, list);
  }
  for (const l of out.values()) l.sort();
  return out;
}

export async function keyDateReminders(ctx: Ctx, today: string): Promise<KeyDateReminder[]> {
  const townships = await ctx.db.selectFrom('orgs').select(['id', 'path', 'name']).where('kind', '=', 'township').orderBy('path').execute();
  const managers = await managersOf(
    ctx,
    townships.map((t) => t.id),
  );
  const out: KeyDateReminder[] = [];
  for (const t of townships) {
    const occ = await keyDateOccurrences(ctx, t.path, today, addDaysIso(today, LOOKAHEAD_DAYS));
    const due = occ.filter((o) => {
      if (o.remindDays <= 0) return false;
      const start = o.datesMissing ? `${o.year}-${BUILTIN_KEY_DATES.find((b) => b.code === o.key)?.usually?.from ?? '12-31'}` : o.from;
      const d = daysBetween(today, start);
      return d >= 0 && d <= o.remindDays;
    });
    if (due.length === 0) continue;
    const keys = [...new Set(due.filter((o) => !o.datesMissing).map((o) => o.key))];
    const events = keys.length
      ? await ctx.db
          .selectFrom('publicity_events as e')
          .select(['e.key_date', 'e.held_on'])
          .where('e.key_date', 'in', keys)
          .where('e.held_on', '>=', addDaysIso(today, -LINK_DAYS_BEFORE))
          .where((eb) => inScope(eb, subtreeScope(t), 'e.org_id'))
          .execute()
      : [];
    const href = (year: number) => `/publicity/calendar?orgId=${t.id}&year=${year}`;
    for (const o of due) {
      if (o.datesMissing) {
        const year = o.year ?? Number(today.slice(0, 4));
        out.push({
          orgId: t.id,
          key: o.key,
          year,
          kind: 'dates_missing',
          userIds: managers.get(t.id) ?? [],
          title: `【普法日历】请设置${year}年${o.name}日期`,
          body: `${t.name}：${o.name}每年日期不同，请在普法日历中设置${year}年的起止日期并安排活动。`,
          href: href(year),
          dedupeKey: `publicity:key_date:dates:${t.id}:${o.key}:${year}`,
        });
        continue;
      }
      const linked = events.some((e) => e.key_date === o.key && e.held_on >= addDaysIso(o.from, -LINK_DAYS_BEFORE) && e.held_on <= o.to);
      if (linked) continue;
      const year = Number(o.from.slice(0, 4));
      const when = o.from === o.to ? o.from : `${o.from} 至 ${o.to}`;
      out.push({
        orgId: t.id,
        key: o.key,
        year,
        kind: 'nothing_planned',
        userIds: managers.get(t.id) ?? [],
        title: `【普法日历】${o.name}尚未安排普法活动`,
        body: `${t.name}：${o.name}（${when}）还有${daysBetween(today, o.from)}天，尚未安排普法活动。请在普法日历中点击“安排活动”。`,
        href: href(year),
        dedupeKey: `publicity:key_date:${t.id}:${o.key}:${year}`,
      });
    }
  }
  return out;
}

/** The sweep: each reminder in its own transaction, so one failure does not hold back the rest. */
export async function sendKeyDateReminders(ctx: Ctx, now: Date): Promise<number> {
  const list = await keyDateReminders(ctx, todayShanghai(now));
  for (const r of list) {
    await inTx(ctx, (tx) => notify(tx, { orgId: r.orgId, kind: `publicity.key_date.${r.kind}`, title: r.title, body: r.body, href: r.href, userIds: r.userIds, dedupeKey: r.dedupeKey }));
  }
  return list.length;
}

registerSweep('publicity.reminders', 24 * 3_600_000, async (ctx, now) => {
  await sendKeyDateReminders(ctx, now);
});
