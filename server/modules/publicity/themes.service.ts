import { uuidv7 } from '../../../common/ids.ts';
import { BUILTIN_THEMES, BUILTIN_THEME_LABELS } from '../../../common/publicity-enums.ts';
import type { TThemeCreate, TThemeItem, TThemeList, TThemeQuery, TThemeUpdate } from '../../../common/schemas/publicity-calendar.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { can, orgPathInScope, requireAnyPermission, requireOrgIn, requirePermission, scopeOf, unionScope } from '../../platform/permissions.ts';
import { nowIso } from '../../platform/time.ts';

export interface Theme {
  code: string;
  name: string;
  nameEn: string;
  builtin: boolean;
}

interface ResolvedTheme extends Theme {
  active: boolean;
  sort: number;
  /** The org that created a custom theme (null for a built-in). */
  definedBy: string | null;
  /** The org whose row decided `active` (null: nobody switched it). */
  switchedBy: string | null;
}

async function resolveThemes(ctx: Ctx, orgPath: string): Promise<ResolvedTheme[]> {
  const chain = orgPath.split('/').filter(Boolean);
  const rows = chain.length
    ? await ctx.db.selectFrom('publicity_themes').select(['org_id', 'code', 'name', 'name_en', 'sort', 'active']).where('org_id', 'in', chain).execute()
    : [];
  const depth = new Map(chain.map((id, i) => [id, i]));
  rows.sort((a, b) => (depth.get(a.org_id) ?? 0) - (depth.get(b.org_id) ?? 0));
  const out = new Map<string, ResolvedTheme>();
  BUILTIN_THEMES.forEach((code, i) => {
    out.set(code, { code, name: BUILTIN_THEME_LABELS[code].zh, nameEn: BUILTIN_THEME_LABELS[code].en, builtin: true, active: true, sort: i, definedBy: null, switchedBy: null });
  });
  for (const r of rows) {
    const prev = out.get(r.code);
    // the org that created a custom theme names it; rows below it only switch it off or on
    out.set(r.code, {
      code: r.code,
      name: prev ? prev.name : r.name,
      nameEn: prev ? prev.nameEn : (r.name_en ?? r.name),
      builtin: prev?.builtin ?? false,
      active: Number(r.active) === 1,
      sort: prev ? prev.sort : 100 + Number(r.sort),
      definedBy: prev ? prev.definedBy : r.org_id,
      switchedBy: r.org_id,
    });
  }
  return [...out.values()].sort((a, b) => a.sort - b.sort || (a.code < b.code ? -1 : 1));
}

/**
 * The themes an org may tag with: the built-in list, plus the custom themes of the org and its
 * ancestors (a county theme applies to every township), minus those switched off on that path.
 * The nearest org's row wins, so a township can switch back on what the county switched off.
 */
export async function themesFor(ctx: Ctx, orgPath: string): Promise<Theme[]> {
  return (await resolveThemes(ctx, orgPath)).filter((t) => t.active).map(({ code, name, nameEn, builtin }) => ({ code, name, nameEn, builtin }));
}

/** Refuses a theme code the org may not use (400 naming the field). */
export async function checkThemes(ctx: Ctx, orgPath: string, codes: readonly string[], field = 'themes'): Promise<void> {
  if (codes.length === 0) return;
  const allowed = new Set((await themesFor(ctx, orgPath)).map((t) => t.code));
  const bad = codes.findIndex((c) => !allowed.has(c));
  if (bad >= 0) throw new AppError('VALIDATION', [{ field: codes.length > 1 || field.endsWith('s') ? `${field}.${bad}` : field, key: 'theme_unknown' }]);
}

// ——— settings (routes) ———

/**
 * GET /themes: the org's themes for pickers (anyone who records or reads publicity there: a grid
 * worker holds publicity.write on their village only), or with all=1 the settings view, switched-off
 * themes included.
 */
export async function listThemes(ctx: Ctx, q: TThemeQuery): Promise<TThemeList> {
  const actor = await requireAnyPermission(ctx, ['publicity.read', 'publicity.write']);
  const org = await requireOrgIn(ctx, unionScope(actor, ['publicity.read', 'publicity.write']), q.orgId ?? actor.orgId, 'publicity.read');
  const canEdit = can(actor, 'publicity.manage') && orgPathInScope(scopeOf(actor, 'publicity.manage'), org.id, org.path);
  const all = await resolveThemes(ctx, org.path);
  const names = new Map(
    (
      await ctx.db
        .selectFrom('orgs')
        .select(['id', 'name'])
        .where('id', 'in', org.path.split('/').filter(Boolean))
        .execute()
    ).map((o) => [o.id, o.name]),
  );
  const own = new Set((await ctx.db.selectFrom('publicity_themes').select('code').where('org_id', '=', org.id).execute()).map((r) => r.code));
  const items: TThemeItem[] = all
    .filter((t) => q.all === '1' || t.active)
    .map((t) => ({
      code: t.code,
      name: t.name,
      nameEn: t.nameEn,
      builtin: t.builtin,
      active: t.active,
      source: t.builtin ? 'builtin' : t.definedBy === org.id ? 'own' : 'inherited',
      sourceOrgName: t.definedBy ? (names.get(t.definedBy) ?? null) : null,
      rowOwn: own.has(t.code),
      renamable: canEdit && !t.builtin && t.definedBy === org.id,
    }));
  return { orgId: org.id, canEdit, items };
}

async function manageOrg(ctx: Ctx, orgId: string) {
  const actor = await requirePermission(ctx, 'publicity.manage');
  return requireOrgIn(ctx, scopeOf(actor, 'publicity.manage'), orgId, 'publicity.manage');
}

async function itemOf(ctx: Ctx, orgId: string, code: string): Promise<TThemeItem> {
  return (await listThemes(ctx, { orgId, all: '1' })).items.find((t) => t.code === code) as TThemeItem;
}

/** An org's own theme (名称 + optional English), usable in its whole subtree; its code is generated. */
export async function createTheme(ctx: Ctx, input: TThemeCreate): Promise<TThemeItem> {
  const org = await manageOrg(ctx, input.orgId);
  const existing = await resolveThemes(ctx, org.path);
  if (existing.some((t) => t.name === input.name)) throw new AppError('VALIDATION', [{ field: 'name', key: 'theme_name_taken' }]);
  const at = nowIso();
  const sortRow = await ctx.db
    .selectFrom('publicity_themes')
    .select((eb) => eb.fn.max('sort').as('m'))
    .where('org_id', '=', org.id)
    .executeTakeFirst();
  const row = {
    id: uuidv7(),
    org_id: org.id,
    // uuidv7's tail is random: a short code that never collides in practice, unique per org by constraint
    code: `x_${uuidv7().replace(/-/g, '').slice(-12)}`,
    name: input.name,
    name_en: input.nameEn || null,
    sort: Number(sortRow?.m ?? 0) + 1,
    active: 1,
    created_at: at,
    updated_at: at,
  };
  await inTx(ctx, async (tx) => {
    await tx.db.insertInto('publicity_themes').values(row).execute();
    await recordAudit(tx, { entity: 'publicity_theme', entityId: row.id, action: 'publicity.theme.create', orgId: org.id, after: row });
  });
  return itemOf(ctx, org.id, row.code);
}

/**
 * Renames an own custom theme, or switches a theme (built-in, inherited or own) off or on for the
 * org's subtree: a row of the org with active 0/1 (the nearest org's row wins). Events already tagged
 * keep their tag; the theme is refused for new tags below a switch-off.
 */
export async function updateTheme(ctx: Ctx, code: string, input: TThemeUpdate): Promise<TThemeItem> {
  const org = await manageOrg(ctx, input.orgId);
  const t = (await resolveThemes(ctx, org.path)).find((x) => x.code === code);
  if (!t) throw new AppError('NOT_FOUND');
  const renaming = input.name !== undefined || input.nameEn !== undefined;
  if (!renaming && input.active === undefined) throw new AppError('VALIDATION', [{ field: 'active', key: 'theme_no_change' }]);
  if (renaming && (t.builtin || t.definedBy !== org.id)) throw new AppError('VALIDATION', [{ field: 'name', key: 'theme_not_renamable' }]);
  if (input.name !== undefined && input.name !== t.name) {
    const all = await resolveThemes(ctx, org.path);
    if (all.some((x) => x.code !== code && x.name === input.name)) throw new AppError('VALIDATION', [{ field: 'name', key: 'theme_name_taken' }]);
  }
  const at = nowIso();
  await inTx(ctx, async (tx) => {
    const prev = await tx.db.selectFrom('publicity_themes').selectAll().where('org_id', '=', org.id).where('code', '=', code).executeTakeFirst();
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.nameEn !== undefined ? { name_en: input.nameEn || null } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
    };
    if (prev) {
      await tx.db
        .updateTable('publicity_themes')
        .set({ ...set, updated_at: at })
        .where('id', '=', prev.id)
        .execute();
      await recordAudit(tx, { entity: 'publicity_theme', entityId: prev.id, action: 'publicity.theme.update', orgId: org.id, before: { name: prev.name, name_en: prev.name_en, active: prev.active }, after: set });
    } else {
      const row = { id: uuidv7(), org_id: org.id, code, name: t.name, name_en: t.nameEn, sort: 0, active: input.active === false ? 0 : 1, created_at: at, updated_at: at };
      // two switches at once: the second updates the first's row instead of failing the unique (org, code)
      await tx.db
        .insertInto('publicity_themes')
        .values(row)
        .onConflict((oc) => oc.columns(['org_id', 'code']).doUpdateSet({ active: row.active, updated_at: at }))
        .execute();
      await recordAudit(tx, { entity: 'publicity_theme', entityId: row.id, action: 'publicity.theme.switch', orgId: org.id, after: row });
    }
  });
  return itemOf(ctx, org.id, code);
}
