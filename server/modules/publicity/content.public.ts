import { sql } from 'kysely';
import { BUILTIN_THEME_LABELS, type BuiltinTheme } from '../../../common/publicity-enums.ts';
import type { Ctx } from '../../platform/context.ts';
import { inScope, subtreeScope } from '../../platform/permissions.ts';
import { sanitizeArticle } from './content.sanitize.ts';
import { themesFor } from './themes.service.ts';

/**
 * The publicity module's `publicView` (architecture: "what it exposes on the portal, already
 * redacted"). Only published content leaves here, and only the fields a visitor may see: title,
 * summary, the sanitised body (security S12: sanitised at write by the content service), the
 * publishing unit's name, the publication date, themes, laws and the item's own files. Authors,
 * reviewers, review notes, the PIA reference and drafts never do (security S10: the review is the
 * publication gate, so nothing unreviewed is public).
 *
 * No actor: these are public reads. They are not audited (nothing personal is disclosed, and a
 * portal read is not an act of a user on a record).
 */
export interface PublicTheme {
  code: string;
  name: string;
}

export interface PublicCard {
  id: string;
  slug: string;
  kind: string;
  title: string;
  summary: string | null;
  orgId: string;
  orgName: string;
  /** Publication date in Asia/Shanghai, YYYY-MM-DD. */
  publishedOn: string;
  themes: PublicTheme[];
  /** Posters and videos: the file; its mime tells an image from a video. */
  file: { id: string; mime: string; name: string } | null;
  cover: { id: string; mime: string; name: string } | null;
}

export interface PublicItem extends PublicCard {
  bodyHtml: string | null;
  laws: string[];
  /** The org's path: the portal resolves village tags inside the publishing township or county. */
  orgPath: string;
}

export type PublicLookup = { state: 'published'; item: PublicItem } | { state: 'withdrawn'; orgName: string } | { state: 'missing' };

export interface PublicFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  sm3: string;
  storageKey: string;
}

/**
 * The villages whose tag (`v` = the village org's code) an item's links may carry: those of the
 * township that published it (a department's township), or of the county for a county item. The
 * share links offer them; the portal counts a view against one of them, any other tag as untagged.
 */
export async function itemVillages(ctx: Ctx, orgPath: string): Promise<{ id: string; name: string; code: string }[]> {
  const chain = orgPath.split('/').filter(Boolean);
  const units = chain.length ? await ctx.db.selectFrom('orgs').select(['id', 'path']).where('id', 'in', chain).where('kind', 'in', ['township', 'county']).execute() : [];
  const unit = units.sort((a, b) => b.path.length - a.path.length)[0];
  if (!unit) return [];
  const tree = subtreeScope(unit);
  return ctx.db
    .selectFrom('orgs as o')
    .select(['o.id', 'o.name', 'o.code'])
    .where('o.kind', '=', 'village')
    .where((eb) => inScope(eb, tree, 'o.id'))
    .orderBy('o.sort')
    .orderBy('o.code')
    .execute();
}

/** Slugs are URL-safe ids chosen by the content service; anything else is not looked up at all. */
export const SLUG_RE = /^[A-Za-z0-9_-]{1,80}$/;

type Row = {
  id: string;
  slug: string;
  kind: string;
  title: string;
  summary: string | null;
  org_id: string;
  org_name: string;
  org_path: string;
  published_at: string | null;
  file_id: string | null;
  cover_file_id: string | null;
};

function shanghaiDay(iso: string | null): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso.slice(0, 10) : new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
}

function base(ctx: Ctx) {
  return ctx.db
    .selectFrom('publicity_contents as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.slug', 'c.kind', 'c.title', 'c.summary', 'c.org_id', 'o.name as org_name', 'o.path as org_path', 'c.published_at', 'c.file_id', 'c.cover_file_id']);
}

/** Theme codes → names as the publishing org calls them (its own themes included). */
async function themeNamer(ctx: Ctx): Promise<(orgPath: string, code: string) => Promise<string>> {
  const byPath = new Map<string, Promise<Map<string, string>>>();
  return async (orgPath, code) => {
    const builtin = BUILTIN_THEME_LABELS[code as BuiltinTheme];
    if (builtin) return builtin.zh;
    let m = byPath.get(orgPath);
    if (!m) {
      m = themesFor(ctx, orgPath).then((ts) => new Map(ts.map((t) => [t.code, t.name])));
      byPath.set(orgPath, m);
    }
    return (await m).get(code) ?? code;
  };
}

async function cards(ctx: Ctx, rows: Row[]): Promise<(PublicCard & { orgPath: string })[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const themeRows = await ctx.db.selectFrom('publicity_content_themes').select(['content_id', 'theme']).where('content_id', 'in', ids).orderBy('theme').execute();
  const fileIds = rows.flatMap((r) => [r.file_id, r.cover_file_id]).filter((x): x is string => !!x);
  const files = fileIds.length
    ? await ctx.db.selectFrom('files').select(['id', 'mime', 'name', 'entity', 'entity_id']).where('id', 'in', fileIds).where('entity', '=', 'publicity_content').execute()
    : [];
  const name = await themeNamer(ctx);
  const out: (PublicCard & { orgPath: string })[] = [];
  for (const r of rows) {
    const themes: PublicTheme[] = [];
    for (const t of themeRows) if (t.content_id === r.id) themes.push({ code: t.theme, name: await name(r.org_path, t.theme) });
    // a file counts only if it belongs to this item (files.entity_id), never another record's file
    const file = (id: string | null) => {
      const f = id ? files.find((x) => x.id === id && x.entity_id === r.id) : undefined;
      return f ? { id: f.id, mime: f.mime, name: f.name } : null;
    };
    out.push({
      id: r.id,
      slug: r.slug,
      kind: r.kind,
      title: r.title,
      summary: r.summary,
      orgId: r.org_id,
      orgName: r.org_name,
      orgPath: r.org_path,
      publishedOn: shanghaiDay(r.published_at),
      themes,
      file: file(r.file_id),
      cover: file(r.cover_file_id),
    });
  }
  return out;
}

/** Published items, newest first; optionally of one theme. */
export async function listPublished(ctx: Ctx, opts: { theme?: string; page?: number; pageSize?: number } = {}): Promise<{ items: PublicCard[]; total: number }> {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(50, Math.max(1, opts.pageSize ?? 10));
  let q = base(ctx).where('c.state', '=', 'published');
  let n = ctx.db.selectFrom('publicity_contents as c').select(sql<number>`count(*)`.as('n')).where('c.state', '=', 'published');
  if (opts.theme) {
    const theme = opts.theme;
    q = q.where((eb) => eb.exists(eb.selectFrom('publicity_content_themes as t').select('t.content_id').whereRef('t.content_id', '=', 'c.id').where('t.theme', '=', theme)));
    n = n.where((eb) => eb.exists(eb.selectFrom('publicity_content_themes as t').select('t.content_id').whereRef('t.content_id', '=', 'c.id').where('t.theme', '=', theme)));
  }
  const [rows, count] = await Promise.all([
    q
      .orderBy('c.published_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    n.executeTakeFirst(),
  ]);
  return { items: (await cards(ctx, rows)).map(({ orgPath: _p, ...c }) => c), total: Number(count?.n ?? 0) };
}

/** The themes that have published items, with their counts (the portal's theme links). */
export async function publishedThemes(ctx: Ctx): Promise<(PublicTheme & { count: number })[]> {
  const rows = await ctx.db
    .selectFrom('publicity_content_themes as t')
    .innerJoin('publicity_contents as c', 'c.id', 't.content_id')
    .select(['t.theme', sql<number>`count(*)`.as('n')])
    .where('c.state', '=', 'published')
    .groupBy('t.theme')
    .execute();
  const order = Object.keys(BUILTIN_THEME_LABELS);
  const out: (PublicTheme & { count: number })[] = [];
  for (const r of rows) out.push({ code: r.theme, name: (await publicThemeName(ctx, r.theme)) ?? r.theme, count: Number(r.n) });
  return out
    .sort((a, b) => {
      const ia = order.indexOf(a.code);
      const ib = order.indexOf(b.code);
      return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib) || a.code.localeCompare(b.code);
    });
}

/** The name of a theme as shown on the portal (built-in label, or an org's own theme by any org). */
export async function publicThemeName(ctx: Ctx, code: string): Promise<string | null> {
  const builtin = BUILTIN_THEME_LABELS[code as BuiltinTheme];
  if (builtin) return builtin.zh;
  const r = await ctx.db.selectFrom('publicity_themes').select('name').where('code', '=', code).where('active', '=', 1).orderBy('created_at').executeTakeFirst();
  return r?.name ?? null;
}

/**
 * One item by its public slug. Withdrawn items say so (the portal answers 410 naming the unit that
 * withdrew it, so a poster's QR code does not just break — but not the title, which may be the very
 * reason it was withdrawn); drafts and items in review are as unknown as a wrong slug.
 */
export async function publicBySlug(ctx: Ctx, slug: string): Promise<PublicLookup> {
  if (!SLUG_RE.test(slug)) return { state: 'missing' };
  const r = await base(ctx).select(['c.state', 'c.body_html']).where('c.slug', '=', slug).executeTakeFirst();
  if (!r) return { state: 'missing' };
  // withdrawn means withdrawn (security S10): the unit that withdrew it is named, nothing of the item itself
  if (r.state === 'withdrawn') return { state: 'withdrawn', orgName: r.org_name };
  if (r.state !== 'published') return { state: 'missing' };
  const [card] = await cards(ctx, [r]);
  const laws = await ctx.db.selectFrom('publicity_content_laws').select('law').where('content_id', '=', r.id).orderBy('sort').orderBy('id').execute();
  // sanitised at write by the content service, and again here (security S12, defence in depth): a row
  // written around the service (an import, a body saved under an older allow-list) still renders inert;
  // the page is cached, so this runs once per fill
  return { state: 'published', item: { ...card, bodyHtml: r.body_html ? sanitizeArticle(r.body_html) || null : null, laws: laws.map((l) => l.law) } };
}

/**
 * A file of a published item: only while the item is published, only a file that belongs to it
 * (files.entity 'publicity_content', entity_id = the item), and only one the published item shows —
 * its poster or video (file_id), its cover, or an image its body holds. Anything else is "not
 * found": a file id of another record (a dispute's evidence) can never be fetched through the
 * portal, nor a poster replaced before review (perhaps for the phone number on it, security S10)
 * or an upload the article never used, which the reviewer never saw.
 */
export async function publicFile(ctx: Ctx, slug: string, fileId: string): Promise<PublicFile | null> {
  if (!SLUG_RE.test(slug) || !/^[0-9a-f-]{36}$/i.test(fileId)) return null;
  const f = await ctx.db
    .selectFrom('files as f')
    .innerJoin('publicity_contents as c', 'c.id', 'f.entity_id')
    .select(['f.id', 'f.name', 'f.mime', 'f.size', 'f.sm3', 'f.storage_key', 'c.title', 'c.file_id', 'c.cover_file_id', 'c.body_html'])
    .where('f.id', '=', fileId)
    .where('f.entity', '=', 'publicity_content')
    .where('c.slug', '=', slug)
    .where('c.state', '=', 'published')
    .executeTakeFirst();
  if (!f) return null;
  const shown = f.file_id === f.id || f.cover_file_id === f.id || (f.body_html ?? '').includes(`src="/portal/f/${slug}/${f.id}"`);
  if (!shown) return null;
  // named after the item's title, which passed the gate: the name it was uploaded with ("张三调解协议.jpg") never did
  const ext = /\.[A-Za-z0-9]{1,5}$/.exec(f.name)?.[0].toLowerCase() ?? '';
  return { id: f.id, name: `${f.title}${ext}`, mime: f.mime, size: Number(f.size), sm3: f.sm3, storageKey: f.storage_key };
}
