import { BUILTIN_THEMES, BUILTIN_THEME_LABELS } from '../../../common/publicity-enums.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

export interface Theme {
  code: string;
  name: string;
  nameEn: string;
  builtin: boolean;
}

/**
 * The themes an org may tag with: the built-in list, plus the custom themes of the org and its
 * ancestors (a county theme applies to every township), minus those switched off on that path.
 * The nearest org's row wins, so a township can switch back on what the county switched off.
 */
export async function themesFor(ctx: Ctx, orgPath: string): Promise<Theme[]> {
  const chain = orgPath.split('/').filter(Boolean);
  const rows = chain.length
    ? await ctx.db.selectFrom('publicity_themes').select(['org_id', 'code', 'name', 'name_en', 'sort', 'active']).where('org_id', 'in', chain).execute()
    : [];
  const depth = new Map(chain.map((id, i) => [id, i]));
  rows.sort((a, b) => (depth.get(a.org_id) ?? 0) - (depth.get(b.org_id) ?? 0));
  const out = new Map<string, Theme & { active: boolean; sort: number }>();
  BUILTIN_THEMES.forEach((code, i) => {
    out.set(code, { code, name: BUILTIN_THEME_LABELS[code].zh, nameEn: BUILTIN_THEME_LABELS[code].en, builtin: true, active: true, sort: i });
  });
  for (const r of rows) {
    const prev = out.get(r.code);
    out.set(r.code, {
      code: r.code,
      name: prev?.builtin ? prev.name : r.name,
      nameEn: prev?.builtin ? prev.nameEn : (r.name_en ?? r.name),
      builtin: prev?.builtin ?? false,
      active: r.active === 1,
      sort: prev?.builtin ? prev.sort : 100 + r.sort,
    });
  }
  return [...out.values()].filter((t) => t.active).sort((a, b) => a.sort - b.sort).map(({ code, name, nameEn, builtin }) => ({ code, name, nameEn, builtin }));
}

/** Refuses a theme code the org may not use (400 naming the field). */
export async function checkThemes(ctx: Ctx, orgPath: string, codes: readonly string[], field = 'themes'): Promise<void> {
  if (codes.length === 0) return;
  const allowed = new Set((await themesFor(ctx, orgPath)).map((t) => t.code));
  const bad = codes.findIndex((c) => !allowed.has(c));
  if (bad >= 0) throw new AppError('VALIDATION', [{ field: `${field}.${bad}`, key: 'theme_unknown' }]);
}
