import type { FieldMessageKey } from '../../../common/errors.ts';
import { isUniqueViolation } from '../../db/index.ts';
import { uuidv7 } from '../../../common/ids.ts';
import { BUILTIN_KEY_DATES, BUILTIN_THEME_LABELS, type KeyDateKind } from '../../../common/publicity-enums.ts';
import type { TCalendar, TCalendarQuery, TKeyDateCreate, TKeyDateItem, TKeyDateList, TKeyDateUpdate } from '../../../common/schemas/publicity-calendar.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { can, inScope, orgPathInScope, recordDenied, requireOrgIn, requirePermission, scopeOf, subtreeScope } from '../../platform/permissions.ts';
import { addDaysIso, daysBetween, nowIso, todayShanghai } from '../../platform/time.ts';
import type { PublicityKeyDateTable } from './publicity.tables.ts';
import { checkThemes, themesFor } from './themes.service.ts';

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
  /** With datesMissing: the year whose dates are missing. */
  year?: number;
}

export const DEFAULT_REMIND_DAYS = 21;

/** The dates of a `dated` key date in one year, and which org set them. */
export interface KeyDateYear {
  year: number;
  from: string;
  to: string;
  orgId: string;
  rowId: string;
}

/** A key date as it applies to one org, after its ancestors' and its own overrides. */
export interface KeyDateDef {
  key: string;
  name: string;
  nameEn: string;
  kind: KeyDateKind;
  month: number | null;
  day: number | null;
  theme: string | null;
  remindDays: number;
  active: boolean;
  notes: string | null;
  /** A BUILTIN_KEY_DATES entry (code = key). */
  builtin: boolean;
  /** The org whose row defines it (null for a built-in). */
  orgId: string | null;
  /** The nearest override row (builtin_code = key, no dates) and its org, if any. */
  overrideRowId: string | null;
  overrideOrgId: string | null;
  /** `dated`: the dates per year (nearest org wins per year). */
  years: KeyDateYear[];
  /** `dated` built-ins: when in the year the dates usually fall ('MM-DD'), to know when to ask for them. */
  usually: { from: string; to: string } | null;
}

export type KeyDateRow = Pick<PublicityKeyDateTable, 'id' | 'org_id' | 'builtin_code' | 'name' | 'kind' | 'month' | 'day' | 'starts_on' | 'ends_on' | 'theme' | 'remind_days' | 'notes' | 'active'>;

/** The rows of the orgs on a path (root first), as the resolution reads them. */
export async function keyDateRowsOnPath(ctx: Ctx, orgPath: string): Promise<KeyDateRow[]> {
  const chain = orgPath.split('/').filter(Boolean);
  if (chain.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('publicity_key_dates')
    .select(['id', 'org_id', 'builtin_code', 'name', 'kind', 'month', 'day', 'starts_on', 'ends_on', 'theme', 'remind_days', 'notes', 'active'])
    .where('org_id', 'in', chain)
    .execute();
  const depth = new Map(chain.map((id, i) => [id, i]));
  // root first, so that the nearest org's row is applied last and wins; ties in id order (stable)
  return rows
    .map((r) => ({ ...r, month: r.month === null ? null : Number(r.month), day: r.day === null ? null : Number(r.day), remind_days: Number(r.remind_days), active: Number(r.active) }))
    .sort((a, b) => (depth.get(a.org_id) ?? 0) - (depth.get(b.org_id) ?? 0) || (a.id < b.id ? -1 : 1));
}

/**
 * Resolves the key dates of an org from the built-ins and the rows of its path (root first): an org's
 * own rows add dates (key = row id); a row with builtin_code names the key it overrides (a built-in
 * code or an ancestor's row id) — without dates it sets `active` and `remind_days` for the org's
 * subtree, with dates it gives a `dated` key date its dates for that year. The nearest org wins.
 * Pure, so the rules are tested without a database.
 */
export function resolveKeyDates(rows: readonly KeyDateRow[]): KeyDateDef[] {
  const defs = new Map<string, KeyDateDef>();
  for (const b of BUILTIN_KEY_DATES) {
    defs.set(b.code, {
      key: b.code,
      name: b.zh,
      nameEn: b.en,
      kind: b.kind,
      month: b.month ?? null,
      day: b.day ?? null,
      theme: b.theme ?? null,
      remindDays: DEFAULT_REMIND_DAYS,
      active: true,
      notes: null,
      builtin: true,
      orgId: null,
      overrideRowId: null,
      overrideOrgId: null,
      years: [],
      usually: b.usually ?? null,
    });
  }
  // own rows first (an override may name a row defined further down the list only if it is an ancestor's)
  for (const r of rows) {
    if (r.builtin_code !== null) continue;
    const kind = r.kind as KeyDateKind;
    const years: KeyDateYear[] = kind === 'dated' && r.starts_on && r.ends_on ? [{ year: Number(r.starts_on.slice(0, 4)), from: r.starts_on, to: r.ends_on, orgId: r.org_id, rowId: r.id }] : [];
    defs.set(r.id, {
      key: r.id,
      name: r.name,
      nameEn: r.name,
      kind,
      month: r.month,
      day: r.day,
      theme: r.theme,
      remindDays: r.remind_days,
      active: r.active === 1,
      notes: r.notes,
      builtin: false,
      orgId: r.org_id,
      overrideRowId: null,
      overrideOrgId: null,
      years,
      usually: null,
    });
  }
  const chainIndex = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!chainIndex.has(r.org_id)) chainIndex.set(r.org_id, i);
  });
  for (const r of rows) {
    if (r.builtin_code === null) continue;
    const def = defs.get(r.builtin_code);
    if (!def) continue; // a stale override of a key that no longer exists
    // an override of an org's own date only counts from that org or below (rows are root first)
    if (def.orgId !== null && (chainIndex.get(def.orgId) ?? Number.POSITIVE_INFINITY) > (chainIndex.get(r.org_id) ?? -1)) continue;
    if (r.starts_on && r.ends_on) {
      if (def.kind !== 'dated') continue;
      const year = Number(r.starts_on.slice(0, 4));
      const entry: KeyDateYear = { year, from: r.starts_on, to: r.ends_on, orgId: r.org_id, rowId: r.id };
      const at = def.years.findIndex((y) => y.year === year);
      if (at >= 0) def.years[at] = entry;
      else def.years.push(entry);
      continue;
    }
    def.active = r.active === 1;
    def.remindDays = r.remind_days;
    if (r.notes) def.notes = r.notes;
    def.overrideRowId = r.id;
    def.overrideOrgId = r.org_id;
  }
  for (const d of defs.values()) d.years.sort((a, b) => a.year - b.year);
  return [...defs.values()];
}

const pad = (n: number) => String(n).padStart(2, '0');
function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function isRealMonthDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDayOfMonth(year, month);
}

/**
 * Every occurrence of the active definitions overlapping [from, to], in date order: a fixed date in
 * each year of the range, a month kind as the whole month (kept when it overlaps an edge of the range),
 * a dated kind on the dates set for its year; a dated built-in with no dates for a year whose usual
 * window overlaps the range comes back with datesMissing (the calendar asks for them; never guessed).
 */
export function expandOccurrences(defs: readonly KeyDateDef[], from: string, to: string): KeyDateOccurrence[] {
  if (from > to) return [];
  const y0 = Number(from.slice(0, 4));
  const y1 = Number(to.slice(0, 4));
  const out: (KeyDateOccurrence & { sortKey: string })[] = [];
  for (const d of defs) {
    if (!d.active) continue;
    const base = { key: d.key, name: d.name, nameEn: d.nameEn, theme: d.theme, remindDays: d.remindDays };
    for (let y = y0; y <= y1; y++) {
      let a: string | null = null;
      let b: string | null = null;
      if (d.kind === 'fixed' && d.month !== null && d.day !== null) {
        // 2·29 only exists in leap years; no occurrence in the others
        if (!isRealMonthDay(y, d.month, d.day)) continue;
        a = `${y}-${pad(d.month)}-${pad(d.day)}`;
        b = a;
      } else if (d.kind === 'month' && d.month !== null) {
        a = `${y}-${pad(d.month)}-01`;
        b = `${y}-${pad(d.month)}-${pad(lastDayOfMonth(y, d.month))}`;
      } else if (d.kind === 'dated') {
        const set = d.years.find((x) => x.year === y);
        if (set) {
          a = set.from;
          b = set.to;
        } else if (d.builtin && d.usually) {
          const ua = `${y}-${d.usually.from}`;
          const ub = `${y}-${d.usually.to}`;
          if (ub >= from && ua <= to) out.push({ ...base, from: '', to: '', datesMissing: true, year: y, sortKey: `${ua}~` });
          continue;
        }
      }
      if (a === null || b === null) continue;
      if (b >= from && a <= to) out.push({ ...base, from: a, to: b, sortKey: a });
    }
  }
  out.sort((p, q) => (p.sortKey < q.sortKey ? -1 : p.sortKey > q.sortKey ? 1 : p.name < q.name ? -1 : p.name > q.name ? 1 : 0));
  return out.map(({ sortKey: _s, ...o }) => o);
}

/**
 * Key dates of the org at `orgPath` that overlap [from, to], in date order. CONTRACT used by the
 * portal (coming key dates), the report (key dates with nothing done) and the reminders sweep.
 */
export async function keyDateOccurrences(ctx: Ctx, orgPath: string, from: string, to: string): Promise<KeyDateOccurrence[]> {
  return expandOccurrences(resolveKeyDates(await keyDateRowsOnPath(ctx, orgPath)), from, to);
}

// ——— the key-date settings of an org (routes) ———

interface OrgInfo {
  id: string;
  path: string;
  kind: string;
  name: string;
  parent_id: string | null;
}

/** The org named by the request (default: the caller's), inside the caller's scope for `perm`. */
async function orgFor(ctx: Ctx, perm: 'publicity.read' | 'publicity.manage', orgId: string | undefined): Promise<{ org: OrgInfo; canEdit: boolean }> {
  const actor = await requirePermission(ctx, perm);
  const org = await requireOrgIn(ctx, scopeOf(actor, perm), orgId ?? actor.orgId, perm);
  const canEdit = can(actor, 'publicity.manage') && orgPathInScope(scopeOf(actor, 'publicity.manage'), org.id, org.path);
  return { org, canEdit };
}

async function orgNames(ctx: Ctx, ids: readonly string[]): Promise<Map<string, string>> {
  const want = [...new Set(ids)];
  if (want.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', want).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function themeNames(ctx: Ctx, orgPath: string): Promise<Map<string, string>> {
  const out = new Map<string, string>(Object.entries(BUILTIN_THEME_LABELS).map(([k, v]) => [k, v.zh]));
  for (const t of await themesFor(ctx, orgPath)) out.set(t.code, t.name);
  return out;
}

export async function listKeyDates(ctx: Ctx, orgId: string | undefined): Promise<TKeyDateList> {
  const { org, canEdit } = await orgFor(ctx, 'publicity.read', orgId);
  const rows = await keyDateRowsOnPath(ctx, org.path);
  const defs = resolveKeyDates(rows);
  const names = await orgNames(ctx, rows.map((r) => r.org_id));
  const themes = await themeNames(ctx, org.path);
  const items: TKeyDateItem[] = defs.map((d) => {
    const own = d.orgId === org.id;
    const override = rows.find((r) => r.org_id === org.id && r.builtin_code === d.key && !r.starts_on);
    return {
      key: d.key,
      name: d.name,
      nameEn: d.nameEn,
      kind: d.kind,
      month: d.month,
      day: d.day,
      theme: d.theme,
      themeName: d.theme ? (themes.get(d.theme) ?? d.theme) : null,
      remindDays: d.remindDays,
      active: d.active,
      notes: d.notes,
      source: d.builtin ? 'builtin' : own ? 'own' : 'inherited',
      sourceOrgName: d.orgId ? (names.get(d.orgId) ?? null) : null,
      rowId: own ? d.key : null,
      overrideRowId: override?.id ?? null,
      overrideOrgName: d.overrideOrgId ? (names.get(d.overrideOrgId) ?? null) : null,
      years: d.years.map((y) => ({ year: y.year, from: y.from, to: y.to, rowId: y.rowId, orgName: names.get(y.orgId) ?? '', own: y.orgId === org.id })),
      editable: canEdit,
    };
  });
  items.sort((a, b) => sortKeyOf(a).localeCompare(sortKeyOf(b)) || a.name.localeCompare(b.name));
  return { orgId: org.id, orgName: org.name, canEdit, items };
}

/** Settings list order: by month and day in the year; moving dates by their usual window. */
function sortKeyOf(i: TKeyDateItem): string {
  if (i.kind === 'dated') {
    const b = BUILTIN_KEY_DATES.find((x) => x.code === i.key);
    return b?.usually?.from ?? i.years[0]?.from.slice(5) ?? '99';
  }
  return `${pad(i.month ?? 12)}-${pad(i.day ?? 0)}`;
}

const fieldErr = (field: string, key: FieldMessageKey) => new AppError('VALIDATION', [{ field, key }]);

/** A moving date's dates: both given, in order, within one year and at most 31 days (a week or a month). */
function checkDatedRange(startsOn: string | null | undefined, endsOn: string | null | undefined): { startsOn: string; endsOn: string } {
  if (!startsOn) throw fieldErr('startsOn', 'required');
  if (!endsOn) throw fieldErr('endsOn', 'required');
  if (endsOn < startsOn) throw fieldErr('endsOn', 'date_order');
  if (startsOn.slice(0, 4) !== endsOn.slice(0, 4) || daysBetween(startsOn, endsOn) > 30) throw fieldErr('endsOn', 'key_date_span');
  return { startsOn, endsOn };
}

/** The shape of an org's own date, by its kind; 2·29 is allowed (it falls in leap years only). */
function checkOwnShape(kind: KeyDateKind, v: { month?: number | null; day?: number | null; startsOn?: string | null; endsOn?: string | null }) {
  if (kind === 'fixed') {
    if (!v.month) throw fieldErr('month', 'required');
    if (!v.day) throw fieldErr('day', 'required');
    if (v.day > lastDayOfMonth(2024, v.month)) throw fieldErr('day', 'date_invalid');
    return { month: v.month, day: v.day, starts_on: null, ends_on: null };
  }
  if (kind === 'month') {
    if (!v.month) throw fieldErr('month', 'required');
    return { month: v.month, day: null, starts_on: null, ends_on: null };
  }
  const r = checkDatedRange(v.startsOn, v.endsOn);
  return { month: null, day: null, starts_on: r.startsOn, ends_on: r.endsOn };
}

async function manageOrg(ctx: Ctx, orgId: string): Promise<OrgInfo> {
  return (await orgFor(ctx, 'publicity.manage', orgId)).org;
}

async function itemOf(ctx: Ctx, orgId: string, key: string): Promise<TKeyDateItem> {
  const list = await listKeyDates(ctx, orgId);
  return list.items.find((i) => i.key === key) as TKeyDateItem;
}

const yearBounds = (y: string) => [`${y}-01-01`, `${y}-12-31`] as const;

/**
 * POST /key-dates: an org's own date; or, with builtinCode, the org's override of a built-in or
 * inherited date (off/on and remind days for its subtree), or a moving date's dates for one year.
 */
/**
 * An override or a year's dates is one row per org (unique indexes, migration 0401): when two saves
 * both found none and the other inserted first, this one runs again and updates that row instead.
 */
async function onceMoreIfRaced(save: () => Promise<void>): Promise<void> {
  try {
    await save();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    await save();
  }
}

export async function createKeyDate(ctx: Ctx, input: TKeyDateCreate): Promise<TKeyDateItem> {
  const org = await manageOrg(ctx, input.orgId);
  const at = nowIso();
  if (input.builtinCode) {
    const code = input.builtinCode;
    const defs = resolveKeyDates(await keyDateRowsOnPath(ctx, org.path));
    const def = defs.find((d) => d.key === code);
    // an org's own date is edited through PATCH on its row, not overridden
    if (!def || def.orgId === org.id) throw fieldErr('builtinCode', 'key_date_unknown');
    if (input.startsOn || input.endsOn) {
      // domain-facts §2: 宪法宣传周 changes every year — its dates are set per year, never guessed
      if (def.kind !== 'dated') throw fieldErr('startsOn', 'key_date_not_dated');
      const r = checkDatedRange(input.startsOn, input.endsOn);
      const [y0, y1] = yearBounds(r.startsOn.slice(0, 4));
      await onceMoreIfRaced(() => inTx(ctx, async (tx) => {
        const prev = await tx.db
          .selectFrom('publicity_key_dates')
          .selectAll()
          .where('org_id', '=', org.id)
          .where('builtin_code', '=', code)
          .where('starts_on', '>=', y0)
          .where('starts_on', '<=', y1)
          .executeTakeFirst();
        if (prev) {
          const set = { starts_on: r.startsOn, ends_on: r.endsOn, updated_at: at };
          await tx.db.updateTable('publicity_key_dates').set(set).where('id', '=', prev.id).execute();
          await recordAudit(tx, { entity: 'publicity_key_date', entityId: prev.id, action: 'publicity.key_date.set_dates', orgId: org.id, before: { starts_on: prev.starts_on, ends_on: prev.ends_on }, after: set });
        } else {
          const row = { id: uuidv7(), org_id: org.id, builtin_code: code, name: def.name, kind: 'dated', month: null, day: null, starts_on: r.startsOn, ends_on: r.endsOn, theme: null, remind_days: def.remindDays, notes: null, active: 1, created_at: at, updated_at: at };
          await tx.db.insertInto('publicity_key_dates').values(row).execute();
          await recordAudit(tx, { entity: 'publicity_key_date', entityId: row.id, action: 'publicity.key_date.set_dates', orgId: org.id, after: row });
        }
      }));
      return itemOf(ctx, org.id, code);
    }
    await onceMoreIfRaced(() => inTx(ctx, async (tx) => {
      const prev = await tx.db.selectFrom('publicity_key_dates').selectAll().where('org_id', '=', org.id).where('builtin_code', '=', code).where('starts_on', 'is', null).executeTakeFirst();
      const values = {
        active: input.active === undefined ? (prev ? Number(prev.active) : 1) : input.active ? 1 : 0,
        remind_days: input.remindDays ?? (prev ? Number(prev.remind_days) : def.remindDays),
        notes: input.notes === undefined ? (prev?.notes ?? null) : input.notes || null,
      };
      if (prev) {
        await tx.db
          .updateTable('publicity_key_dates')
          .set({ ...values, updated_at: at })
          .where('id', '=', prev.id)
          .execute();
        await recordAudit(tx, { entity: 'publicity_key_date', entityId: prev.id, action: 'publicity.key_date.override', orgId: org.id, before: { active: prev.active, remind_days: prev.remind_days, notes: prev.notes }, after: values });
      } else {
        const row = { id: uuidv7(), org_id: org.id, builtin_code: code, name: def.name, kind: def.kind, month: null, day: null, starts_on: null, ends_on: null, theme: null, ...values, created_at: at, updated_at: at };
        await tx.db.insertInto('publicity_key_dates').values(row).execute();
        await recordAudit(tx, { entity: 'publicity_key_date', entityId: row.id, action: 'publicity.key_date.override', orgId: org.id, after: row });
      }
    }));
    return itemOf(ctx, org.id, code);
  }
  if (!input.name) throw fieldErr('name', 'required');
  if (!input.kind) throw fieldErr('kind', 'required');
  const shape = checkOwnShape(input.kind, input);
  if (input.theme) await checkThemes(ctx, org.path, [input.theme], 'theme');
  const row = {
    id: uuidv7(),
    org_id: org.id,
    builtin_code: null,
    name: input.name,
    kind: input.kind,
    ...shape,
    theme: input.theme || null,
    remind_days: input.remindDays ?? DEFAULT_REMIND_DAYS,
    notes: input.notes || null,
    active: input.active === false ? 0 : 1,
    created_at: at,
    updated_at: at,
  };
  await inTx(ctx, async (tx) => {
    await tx.db.insertInto('publicity_key_dates').values(row).execute();
    await recordAudit(tx, { entity: 'publicity_key_date', entityId: row.id, action: 'publicity.key_date.create', orgId: org.id, after: row });
  });
  return itemOf(ctx, org.id, row.id);
}

async function loadKeyDateRow(ctx: Ctx, id: string) {
  const actor = await requirePermission(ctx, 'publicity.manage');
  const row = await ctx.db.selectFrom('publicity_key_dates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  const org = (await ctx.db.selectFrom('orgs').select(['id', 'path', 'kind', 'name', 'parent_id']).where('id', '=', row.org_id).executeTakeFirst()) as OrgInfo;
  if (!orgPathInScope(scopeOf(actor, 'publicity.manage'), org.id, org.path)) {
    await recordDenied(ctx, 'publicity_key_date', id, 'publicity.manage');
    throw new AppError('FORBIDDEN');
  }
  return { row, org };
}

/** PATCH a row of the org: its own date (any field but the kind), an override (off/on, remind days) or a year's dates. */
export async function updateKeyDate(ctx: Ctx, id: string, input: TKeyDateUpdate): Promise<TKeyDateItem> {
  const { row, org } = await loadKeyDateRow(ctx, id);
  let set: Record<string, unknown>;
  if (row.builtin_code === null) {
    const shape = checkOwnShape(row.kind as KeyDateKind, {
      month: input.month === undefined ? row.month : input.month,
      day: input.day === undefined ? row.day : input.day,
      startsOn: input.startsOn === undefined ? row.starts_on : input.startsOn,
      endsOn: input.endsOn === undefined ? row.ends_on : input.endsOn,
    });
    if (input.theme) await checkThemes(ctx, org.path, [input.theme], 'theme');
    set = {
      ...shape,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.theme !== undefined ? { theme: input.theme || null } : {}),
      ...(input.remindDays !== undefined ? { remind_days: input.remindDays } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      ...(input.notes !== undefined ? { notes: input.notes || null } : {}),
    };
  } else if (row.starts_on) {
    const r = checkDatedRange(input.startsOn ?? row.starts_on, input.endsOn ?? row.ends_on);
    if (r.startsOn.slice(0, 4) !== row.starts_on.slice(0, 4)) throw fieldErr('startsOn', 'key_date_year_change');
    set = { starts_on: r.startsOn, ends_on: r.endsOn };
  } else {
    set = {
      ...(input.remindDays !== undefined ? { remind_days: input.remindDays } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      ...(input.notes !== undefined ? { notes: input.notes || null } : {}),
    };
  }
  await inTx(ctx, async (tx) => {
    await tx.db
      .updateTable('publicity_key_dates')
      .set({ ...set, updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, (row as Record<string, unknown>)[k]]));
    await recordAudit(tx, { entity: 'publicity_key_date', entityId: id, action: 'publicity.key_date.update', orgId: org.id, before, after: set });
  });
  return itemOf(ctx, org.id, row.builtin_code ?? row.id);
}

/**
 * DELETE a row: an override or a year's dates (the inherited setting applies again), or an own date
 * no event names (otherwise switch it off: events keep their key). Overrides of the deleted date
 * below it go with it.
 */
export async function deleteKeyDate(ctx: Ctx, id: string): Promise<void> {
  const { row, org } = await loadKeyDateRow(ctx, id);
  await inTx(ctx, async (tx) => {
    // checked where the rows go: an event tagged meanwhile keeps its date
    let overrides: unknown[] = [];
    if (row.builtin_code === null) {
      const used = await tx.db.selectFrom('publicity_events').select('id').where('key_date', '=', id).limit(1).executeTakeFirst();
      if (used) throw fieldErr('id', 'key_date_in_use');
      // the overrides below (a village switching the date off, its remind days) go with it, and the audit keeps them
      overrides = await tx.db.selectFrom('publicity_key_dates').selectAll().where('builtin_code', '=', id).orderBy('id').execute();
      await tx.db.deleteFrom('publicity_key_dates').where('builtin_code', '=', id).execute();
    }
    await tx.db.deleteFrom('publicity_key_dates').where('id', '=', id).execute();
    await recordAudit(tx, { entity: 'publicity_key_date', entityId: id, action: 'publicity.key_date.delete', orgId: org.id, before: { ...row, overrides } });
  });
}

// ——— the year calendar ———

/**
 * Events linked to an occurrence: events.key_date = key, organised in the org's subtree, held from
 * LINK_DAYS_BEFORE days before the first day to the last day — banners go up and leaflets go out in
 * the week before 12·4; an event after the date was not "for" it. Moving dates without dates for the
 * year link the year's events with that key.
 */
export const LINK_DAYS_BEFORE = 7;

export async function yearCalendar(ctx: Ctx, q: TCalendarQuery, now: Date = new Date()): Promise<TCalendar> {
  const actor = await requirePermission(ctx, 'publicity.read');
  const { org, canEdit } = await orgFor(ctx, 'publicity.read', q.orgId);
  const today = todayShanghai(now);
  const year = q.year ?? Number(today.slice(0, 4));
  const [y0, y1] = yearBounds(String(year));
  const occ = await keyDateOccurrences(ctx, org.path, y0, y1);
  const themes = await themeNames(ctx, org.path);
  const keys = [...new Set(occ.map((o) => o.key))];
  const events = keys.length
    ? await ctx.db
        .selectFrom('publicity_events as e')
        .innerJoin('orgs as o', 'o.id', 'e.org_id')
        .select(['e.id', 'e.title', 'e.status', 'e.held_on', 'e.key_date', 'o.name as org_name'])
        .where('e.key_date', 'in', keys)
        .where('e.held_on', '>=', addDaysIso(y0, -LINK_DAYS_BEFORE))
        .where('e.held_on', '<=', y1)
        .where((eb) => eb.and([inScope(eb, subtreeScope(org), 'e.org_id'), inScope(eb, scopeOf(actor, 'publicity.read'), 'e.org_id')]))
        .orderBy('e.held_on')
        .orderBy('e.id')
        .execute()
    : [];
  const builtin = new Set(BUILTIN_KEY_DATES.map((b) => b.code));
  const items = occ.map((o) => {
    const missing = !!o.datesMissing;
    const linkFrom = missing ? y0 : addDaysIso(o.from, -LINK_DAYS_BEFORE);
    const linkTo = missing ? y1 : o.to;
    const linked = events.filter((e) => e.key_date === o.key && e.held_on >= linkFrom && e.held_on <= linkTo);
    const done = linked.filter((e) => e.status === 'done').length;
    const planned = linked.length - done;
    const timing: 'past' | 'current' | 'upcoming' = missing ? (today > `${year}-12-31` ? 'past' : 'upcoming') : today < o.from ? 'upcoming' : today > o.to ? 'past' : 'current';
    const href = new URLSearchParams({ orgId: org.id, keyDate: o.key, from: linkFrom, to: linkTo });
    return {
      key: o.key,
      name: o.name,
      nameEn: o.nameEn,
      from: o.from,
      to: o.to,
      theme: o.theme,
      themeName: o.theme ? (themes.get(o.theme) ?? o.theme) : null,
      builtin: builtin.has(o.key),
      datesMissing: missing,
      linkFrom,
      linkTo,
      planned,
      done,
      events: linked.map((e) => ({ id: e.id, title: e.title, status: e.status, heldOn: e.held_on, orgName: e.org_name })),
      eventsHref: `/publicity/events?${href.toString()}`,
      state: (missing ? 'missing' : done > 0 ? 'done' : planned > 0 ? 'planned' : 'nothing') as 'done' | 'planned' | 'nothing' | 'missing',
      timing,
    };
  });
  return { orgId: org.id, orgName: org.name, year, today, canEdit, items };
}
