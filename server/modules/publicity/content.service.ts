import { randomBytes } from 'node:crypto';
import { type SqlBool, sql } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import type { ContentKind, ContentState } from '../../../common/publicity-enums.ts';
import type { Permission } from '../../../common/roles.ts';
import type {
  TContentCreate,
  TContentDetail,
  TContentFile,
  TContentListItem,
  TContentQuery,
  TContentSubmit,
  TContentUpdate,
} from '../../../common/schemas/publicity-content.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { listAttachments, openAttachment, saveAttachment } from '../../platform/files/files.service.ts';
import type { UploadedFile } from '../../platform/files/upload.ts';
import { detectAllowedType } from '../../platform/files/files.store.ts';
import { likeContains } from '../../platform/like.ts';
import { type DataScope, grantsFor, inScope, type OrgRow, orgPathInScope, recordDenied, requireOrgIn, requirePermission, scopeOf, subtreeScope } from '../../platform/permissions.ts';
import type { Actor } from '../../platform/context.ts';
import { nowIso } from '../../platform/time.ts';
import { enforceGate } from './content.gate.ts';
import { sanitizeArticle } from './content.sanitize.ts';
import type { PublicityContentTable } from './publicity.tables.ts';
import { checkThemes } from './themes.service.ts';

/**
 * 普法内容库: articles, posters and videos, and their way to the public portal. The source report's
 * weakness 二 (publicity mostly leaflets and banners, WeChat and Douyin seldom used) is answered by
 * making the new-media way the easy way; the review before publishing is the publication gate of
 * security S10. States: draft → review → published → withdrawn → draft; a published text is never
 * changed under its readers (withdraw, edit, resubmit). Every transition is audited with the state
 * before and after.
 */
const READ: Permission = 'publicity.read';
const WRITE: Permission = 'publicity.write';
const MANAGE: Permission = 'publicity.manage';
export const CONTENT_ENTITY = 'publicity_content';

// ——— helpers ———

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 10 base62 characters from the CSPRNG (~59 bits): short in a link, not guessable, URL-safe. */
export function newSlug(length = 10): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      // 248 = 4 × 62: rejection keeps every character equally likely
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

/** The org a content item belongs to: in the actor's scope for `perm`; the county, a township or a department. */
async function contentOrg(ctx: Ctx, perm: Permission, orgId: string, field = 'orgId'): Promise<OrgRow> {
  const actor = await requirePermission(ctx, perm);
  const org = await requireOrgIn(ctx, scopeOf(actor, perm), orgId, perm, field);
  if (!['county', 'township', 'department'].includes(org.kind)) throw new AppError('VALIDATION', [{ field, key: 'content_org_kind' }]);
  return org;
}

/** An item with its org (the scope check reads the path; the share links the township's villages). */
export type ContentRow = Omit<PublicityContentTable, 'cover_file_id'> & { path: string; org_name: string; org_kind: string; org_parent_id: string | null };

export async function contentRow(ctx: Ctx, id: string): Promise<ContentRow | undefined> {
  const r = await ctx.db
    .selectFrom('publicity_contents as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select([
      'c.id',
      'c.org_id',
      'o.path',
      'o.name as org_name',
      'o.kind as org_kind',
      'o.parent_id as org_parent_id',
      'c.kind',
      'c.title',
      'c.summary',
      'c.body_html',
      'c.file_id',
      'c.state',
      'c.slug',
      'c.author_id',
      'c.submitted_at',
      'c.submitted_by',
      'c.last_edited_by',
      'c.reviewed_by',
      'c.reviewed_at',
      'c.review_note',
      'c.published_at',
      'c.withdrawn_at',
      'c.withdraw_reason',
      'c.pia_ref',
      'c.is_case',
      'c.created_at',
      'c.updated_at',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
  return r ? { ...r, is_case: Number(r.is_case) } : undefined;
}

/** One item the actor may act on under `perm`, or 404 / 403 (the denial audited). */
/**
 * Published items are public already (the portal shows them), so a reader also sees the published
 * items of the township above their unit and of the county: the grid worker of a village takes the
 * township's article, its village link and QR code to the village's WeChat group (source report
 * （二）: "在各村充分利用微信公众号、网格微信群…开展法律宣传"). Drafts stay within the reader's scope.
 */
export function publishedScope(actor: Actor): DataScope {
  const subtrees = new Set<string>();
  const orgs = new Set<string>();
  for (const g of grantsFor(actor, READ)) {
    const [county, township] = g.orgPath.split('/').filter(Boolean);
    if (county) orgs.add(county);
    if (township) subtrees.add(`/${county}/${township}/`);
  }
  return { subtrees: [...subtrees], orgs: [...orgs], self: false, userId: actor.userId };
}

function readable(actor: Actor, perm: Permission, row: { org_id: string; path: string; state: string }): boolean {
  if (orgPathInScope(scopeOf(actor, perm), row.org_id, row.path)) return true;
  return perm === READ && row.state === 'published' && orgPathInScope(publishedScope(actor), row.org_id, row.path);
}

export async function loadContent(ctx: Ctx, id: string, perm: Permission): Promise<ContentRow> {
  const actor = await requirePermission(ctx, perm);
  const row = await contentRow(ctx, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!readable(actor, perm, row)) {
    await recordDenied(ctx, CONTENT_ENTITY, id, perm);
    throw new AppError('FORBIDDEN');
  }
  return row;
}

function mayIn(ctx: Ctx, perm: Permission, row: { org_id: string; path: string }): boolean {
  return !!ctx.actor && ctx.actor.permissions.has(perm) && orgPathInScope(scopeOf(ctx.actor, perm), row.org_id, row.path);
}

/** 四眼原则: whoever wrote, last edited or submitted the item does not also approve it. */
function isOwnWork(ctx: Ctx, row: ContentRow): boolean {
  const me = ctx.actor?.userId;
  return !!me && [row.author_id, row.submitted_by, row.last_edited_by].includes(me);
}

function stateError(key: 'content_not_draft' | 'content_submit_state' | 'content_review_state' | 'content_withdraw_state' | 'content_reopen_state' | 'content_not_published'): AppError {
  return new AppError('INVALID_STATE', [{ field: 'state', key }]);
}

async function writeThemes(tx: Ctx, id: string, orgId: string, themes: readonly string[]): Promise<void> {
  await tx.db.deleteFrom('publicity_content_themes').where('content_id', '=', id).execute();
  if (themes.length) await tx.db.insertInto('publicity_content_themes').values(themes.map((theme) => ({ content_id: id, org_id: orgId, theme }))).execute();
}

async function writeLaws(tx: Ctx, id: string, orgId: string, laws: readonly string[]): Promise<void> {
  await tx.db.deleteFrom('publicity_content_laws').where('content_id', '=', id).execute();
  if (laws.length) await tx.db.insertInto('publicity_content_laws').values(laws.map((law, sort) => ({ id: uuidv7(), content_id: id, org_id: orgId, law, sort }))).execute();
}

async function themesOf(ctx: Ctx, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const rows = await ctx.db.selectFrom('publicity_content_themes').select(['content_id', 'theme']).where('content_id', 'in', [...ids]).orderBy('content_id').orderBy('theme').execute();
  for (const r of rows) out.set(r.content_id, [...(out.get(r.content_id) ?? []), r.theme]);
  return out;
}

async function lawsOf(ctx: Ctx, id: string): Promise<string[]> {
  const rows = await ctx.db.selectFrom('publicity_content_laws').select('law').where('content_id', '=', id).orderBy('sort').execute();
  return rows.map((r) => r.law);
}

async function namesOf(ctx: Ctx, ids: (string | null)[]): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (!list.length) return new Map();
  const rows = await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** An article's body must be set (and is sanitised); a poster or video has none. */
function bodyFor(kind: string, html: string | undefined): string | null | undefined {
  if (html === undefined) return undefined;
  if (kind !== 'article') throw new AppError('VALIDATION', [{ field: 'bodyHtml', key: 'content_body_not_article' }]);
  return sanitizeArticle(html) || null;
}

/** What the audit keeps of an item: everything but the body, which is summarised by length and SM3-free size. */
function auditView(r: Partial<ContentRow> & { themes?: string[]; laws?: string[] }) {
  const { path: _p, org_name: _n, org_kind: _k, org_parent_id: _pp, body_html, ...rest } = r as ContentRow & { themes?: string[]; laws?: string[] };
  return { ...rest, bodyLength: body_html ? body_html.length : 0 };
}

// ——— create, read, update, delete ———

export async function createContent(ctx: Ctx, input: TContentCreate): Promise<{ id: string }> {
  const org = await contentOrg(ctx, WRITE, input.orgId);
  await checkThemes(ctx, org.path, input.themes);
  const body = bodyFor(input.kind, input.bodyHtml) ?? null;
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    let slug = newSlug();
    // Never reused: a slug is unique across every item ever stored (deleted drafts never had a public link).
    while (await tx.db.selectFrom('publicity_contents').select('id').where('slug', '=', slug).executeTakeFirst()) slug = newSlug();
    const row = {
      id: uuidv7(),
      org_id: org.id,
      kind: input.kind,
      title: input.title,
      summary: input.summary || null,
      body_html: body,
      file_id: null,
      cover_file_id: null,
      state: 'draft',
      slug,
      author_id: ctx.actor?.userId ?? null,
      submitted_at: null,
      submitted_by: null,
      last_edited_by: ctx.actor?.userId ?? null,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      published_at: null,
      withdrawn_at: null,
      withdraw_reason: null,
      pia_ref: input.piaRef || null,
      is_case: input.isCase ? 1 : 0,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('publicity_contents').values(row).execute();
    await writeThemes(tx, row.id, org.id, input.themes);
    await writeLaws(tx, row.id, org.id, input.laws);
    await recordAudit(tx, { entity: CONTENT_ENTITY, entityId: row.id, action: 'publicity.content.create', orgId: org.id, after: auditView({ ...row, themes: input.themes, laws: input.laws }) });
    return { id: row.id };
  });
}

export async function getContent(ctx: Ctx, id: string): Promise<TContentDetail> {
  const r = await loadContent(ctx, id, READ);
  const [themes, laws, files, names] = await Promise.all([
    themesOf(ctx, [id]),
    lawsOf(ctx, id),
    listAttachments(ctx, CONTENT_ENTITY, [id]),
    namesOf(ctx, [r.author_id, r.reviewed_by]),
  ]);
  const write = mayIn(ctx, WRITE, r);
  const manage = mayIn(ctx, MANAGE, r);
  return {
    ...listItem(r, themes.get(id) ?? [], names),
    bodyHtml: r.body_html,
    laws,
    piaRef: r.pia_ref,
    reviewNote: r.review_note,
    reviewedByName: r.reviewed_by ? (names.get(r.reviewed_by) ?? null) : null,
    reviewedAt: r.reviewed_at,
    withdrawnAt: r.withdrawn_at,
    withdrawReason: r.withdraw_reason,
    files: files.map((f) => fileView(r.slug, f)),
    portalPath: `/portal/a/${r.slug}`,
    can: {
      edit: write && r.state === 'draft',
      delete: write && r.state === 'draft' && !r.published_at,
      submit: write && r.state === 'draft',
      review: manage && r.state === 'review' && !isOwnWork(ctx, r),
      withdraw: manage && r.state === 'published',
      reopen: write && r.state === 'withdrawn',
      share: r.state === 'published',
    },
  };
}

function fileView(slug: string, f: { id: string; name: string; mime: string; size: number; createdAt: string }): TContentFile {
  return { id: f.id, name: f.name, mime: f.mime, size: f.size, createdAt: f.createdAt, publicPath: `/portal/f/${slug}/${f.id}` };
}

function listItem(
  r: Pick<ContentRow, 'id' | 'org_id' | 'org_name' | 'kind' | 'title' | 'summary' | 'state' | 'slug' | 'is_case' | 'author_id' | 'file_id' | 'updated_at' | 'submitted_at' | 'published_at'>,
  themes: string[],
  names: Map<string, string>,
): TContentListItem {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    kind: r.kind as ContentKind,
    title: r.title,
    summary: r.summary,
    state: r.state as ContentState,
    slug: r.slug,
    themes,
    isCase: Number(r.is_case) === 1,
    authorId: r.author_id,
    authorName: r.author_id ? (names.get(r.author_id) ?? null) : null,
    fileId: r.file_id,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    publishedAt: r.published_at,
  };
}

export async function listContents(ctx: Ctx, q: TContentQuery): Promise<{ items: TContentListItem[]; total: number }> {
  const actor = await requirePermission(ctx, READ);
  const scope = scopeOf(actor, READ);
  const published = publishedScope(actor);
  // orgId narrows: within the reader's scope, or (for published items) the township above them
  const filter = q.orgId ? subtreeScope(await requireOrgIn(ctx, { ...scope, subtrees: [...scope.subtrees, ...published.subtrees], orgs: [...scope.orgs, ...published.orgs] }, q.orgId, READ)) : null;
  const base = () => {
    let w = ctx.db
      .selectFrom('publicity_contents as c')
      .innerJoin('orgs as o', 'o.id', 'c.org_id')
      .where((eb) => eb.or([inScope(eb, scope, 'c.org_id'), eb.and([eb('c.state', '=', 'published'), inScope(eb, published, 'c.org_id')])]));
    if (filter) w = w.where((eb) => inScope(eb, filter, 'c.org_id'));
    if (q.state) w = w.where('c.state', '=', q.state);
    if (q.kind) w = w.where('c.kind', '=', q.kind);
    if (q.year) {
      // a year in Beijing time: from 16:00 UTC on the last day of the year before
      w = w.where('c.published_at', '>=', `${q.year - 1}-12-31T16:00:00.000Z`).where('c.published_at', '<', `${q.year}-12-31T16:00:00.000Z`);
    }
    if (q.theme) {
      const theme = q.theme;
      w = w.where(({ exists, selectFrom }) => exists(selectFrom('publicity_content_themes as t').select('t.content_id').whereRef('t.content_id', '=', 'c.id').where('t.theme', '=', theme)));
    }
    if (q.q) {
      // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not
      const like = likeContains(q.q.toLowerCase());
      w = w.where(sql<SqlBool>`(lower(c.title) like ${like} escape '\\' or lower(coalesce(c.summary, '')) like ${like} escape '\\')`);
    }
    return w;
  };
  const total = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base()
    .select(['c.id', 'c.org_id', 'o.name as org_name', 'c.kind', 'c.title', 'c.summary', 'c.state', 'c.slug', 'c.is_case', 'c.author_id', 'c.file_id', 'c.updated_at', 'c.submitted_at', 'c.published_at'])
    .orderBy('c.updated_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const themes = await themesOf(
    ctx,
    rows.map((r) => r.id),
  );
  const names = await namesOf(
    ctx,
    rows.map((r) => r.author_id),
  );
  return { total: Number(total.n), items: rows.map((r) => listItem({ ...r, is_case: Number(r.is_case) }, themes.get(r.id) ?? [], names)) };
}

/** Edits only in draft: a published text is never changed under its readers. */
export async function updateContent(ctx: Ctx, id: string, input: TContentUpdate): Promise<TContentDetail> {
  const before = await loadContent(ctx, id, WRITE);
  if (before.state !== 'draft') throw stateError('content_not_draft');
  if (input.themes) await checkThemes(ctx, before.path, input.themes);
  const body = bodyFor(before.kind, input.bodyHtml);
  await inTx(ctx, async (tx) => {
    const set = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.summary !== undefined ? { summary: input.summary || null } : {}),
      ...(body !== undefined ? { body_html: body } : {}),
      ...(input.isCase !== undefined ? { is_case: input.isCase ? 1 : 0 } : {}),
      ...(input.piaRef !== undefined ? { pia_ref: input.piaRef || null } : {}),
      last_edited_by: ctx.actor?.userId ?? null,
      updated_at: nowIso(),
    };
    // The state is checked again where the row is written: a submit meanwhile wins, this edit fails.
    const res = await tx.db.updateTable('publicity_contents').set(set).where('id', '=', id).where('state', '=', 'draft').executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw stateError('content_not_draft');
    const themesBefore = (await themesOf(tx, [id])).get(id) ?? [];
    const lawsBefore = await lawsOf(tx, id);
    if (input.themes) await writeThemes(tx, id, before.org_id, input.themes);
    if (input.laws) await writeLaws(tx, id, before.org_id, input.laws);
    await recordAudit(tx, {
      entity: CONTENT_ENTITY,
      entityId: id,
      action: 'publicity.content.update',
      orgId: before.org_id,
      before: auditView({ ...before, themes: themesBefore, laws: lawsBefore }),
      after: auditView({ ...before, ...set, themes: input.themes ?? themesBefore, laws: input.laws ?? lawsBefore }),
    });
  });
  return getContent(ctx, id);
}

/** A draft that was never public may be deleted; once published, its slug must keep answering (410). */
export async function deleteContent(ctx: Ctx, id: string): Promise<void> {
  const before = await loadContent(ctx, id, WRITE);
  if (before.state !== 'draft') throw stateError('content_not_draft');
  if (before.published_at) throw new AppError('INVALID_STATE', [{ field: 'state', key: 'content_was_published' }]);
  await inTx(ctx, async (tx) => {
    const used = await tx.db.selectFrom('publicity_events').select('id').where('content_id', '=', id).limit(1).executeTakeFirst();
    if (used) throw new AppError('INVALID_STATE', [{ field: 'id', key: 'content_in_use' }]);
    const files = await tx.db.selectFrom('files').select(['id', 'name', 'sm3']).where('entity', '=', CONTENT_ENTITY).where('entity_id', '=', id).execute();
    await tx.db.deleteFrom('publicity_content_themes').where('content_id', '=', id).execute();
    await tx.db.deleteFrom('publicity_content_laws').where('content_id', '=', id).execute();
    await tx.db.deleteFrom('files').where('entity', '=', CONTENT_ENTITY).where('entity_id', '=', id).execute();
    const res = await tx.db.deleteFrom('publicity_contents').where('id', '=', id).where('state', '=', 'draft').where('published_at', 'is', null).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw stateError('content_not_draft');
    await recordAudit(tx, { entity: CONTENT_ENTITY, entityId: id, action: 'publicity.content.delete', orgId: before.org_id, before: { ...auditView(before), files } });
  });
}

// ——— the review workflow (security S10: the 审核 is the publication gate) ———

/** What must hold before an item goes to review and again before it is published. */
async function readyToPublish(ctx: Ctx, r: ContentRow): Promise<void> {
  if (r.kind === 'article' && !r.body_html) throw new AppError('VALIDATION', [{ field: 'bodyHtml', key: 'content_body_required' }]);
  if (r.kind !== 'article' && !r.file_id) throw new AppError('VALIDATION', [{ field: 'file', key: 'content_file_required' }]);
  // PIPL art. 55(一)(三) and security S10: a real case made public needs a recorded 个人信息保护影响评估.
  if (r.is_case === 1 && !r.pia_ref) throw new AppError('VALIDATION', [{ field: 'piaRef', key: 'content_pia_required' }]);
  // PIPL arts. 25, 28: no ID-card, mobile or bank-card number goes public.
  enforceGate({ title: r.title, summary: r.summary, bodyHtml: r.body_html, laws: await lawsOf(ctx, r.id) }, ctx.lang);
}

interface Transition {
  action: string;
  from: ContentState;
  to: ContentState;
  set: Record<string, string | number | null>;
  stateKey: Parameters<typeof stateError>[0];
  extra?: Record<string, unknown>;
}

/** Moves the row from one state to the next where it is written (a concurrent move makes this one fail), audited. */
async function transition(ctx: Ctx, r: ContentRow, t: Transition): Promise<TContentDetail> {
  await inTx(ctx, async (tx) => {
    const at = nowIso();
    const set = { ...t.set, state: t.to, updated_at: at };
    // The row must still be what was checked (the gate at submit read this text): an edit saved in
    // between gives a 409 and the user submits again, so nothing unchecked reaches review.
    const res = await tx.db
      .updateTable('publicity_contents')
      .set(set)
      .where('id', '=', r.id)
      .where('state', '=', t.from)
      .where('updated_at', '=', r.updated_at)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) {
      const now = await tx.db.selectFrom('publicity_contents').select('state').where('id', '=', r.id).executeTakeFirst();
      throw now?.state === t.from ? new AppError('INVALID_STATE', [{ field: 'state', key: 'content_changed' }]) : stateError(t.stateKey);
    }
    await recordAudit(tx, {
      entity: CONTENT_ENTITY,
      entityId: r.id,
      action: t.action,
      orgId: r.org_id,
      before: { state: r.state, ...Object.fromEntries(Object.keys(t.set).map((k) => [k, (r as unknown as Record<string, unknown>)[k] ?? null])) },
      after: { ...set, ...t.extra },
    });
  });
  return getContent(ctx, r.id);
}

/** 提交审核: the author or any writer of the org, with the declaration (kept in the audit event). */
export async function submitContent(ctx: Ctx, id: string, input: TContentSubmit): Promise<TContentDetail> {
  const r = await loadContent(ctx, id, WRITE);
  if (r.state !== 'draft') throw stateError('content_submit_state');
  await readyToPublish(ctx, r);
  const me = ctx.actor?.userId ?? null;
  return transition(ctx, r, {
    action: 'publicity.content.submit',
    from: 'draft',
    to: 'review',
    set: { submitted_at: nowIso(), submitted_by: me, review_note: null },
    stateKey: 'content_submit_state',
    extra: { declaration: input.declaration },
  });
}

async function loadForReview(ctx: Ctx, id: string, action: string): Promise<ContentRow> {
  const r = await loadContent(ctx, id, MANAGE);
  // 四眼原则 before the state: the author is refused whatever the item's state (no hint from a 409).
  if (isOwnWork(ctx, r)) {
    await recordDenied(ctx, CONTENT_ENTITY, id, action);
    throw new AppError('FORBIDDEN', [{ field: 'reviewer', key: 'content_four_eyes' }]);
  }
  if (r.state !== 'review') throw stateError('content_review_state');
  return r;
}

/** 审核通过并发布: publicity.manage in scope, not by the author, submitter or last editor; the gate runs again. */
export async function publishContent(ctx: Ctx, id: string, note?: string): Promise<TContentDetail> {
  const r = await loadForReview(ctx, id, 'publicity.content.publish');
  await readyToPublish(ctx, r);
  const at = nowIso();
  return transition(ctx, r, {
    action: 'publicity.content.publish',
    from: 'review',
    to: 'published',
    set: { reviewed_by: ctx.actor?.userId ?? null, reviewed_at: at, review_note: note || null, published_at: at, withdrawn_at: null, withdraw_reason: null },
    stateKey: 'content_review_state',
  });
}

/** 退回: back to draft with the reviewer's note. */
export async function rejectContent(ctx: Ctx, id: string, note: string): Promise<TContentDetail> {
  const r = await loadForReview(ctx, id, 'publicity.content.reject');
  return transition(ctx, r, {
    action: 'publicity.content.reject',
    from: 'review',
    to: 'draft',
    set: { reviewed_by: ctx.actor?.userId ?? null, reviewed_at: nowIso(), review_note: note },
    stateKey: 'content_review_state',
  });
}

/** 撤回: the portal then answers 410 "已撤回" (security S10: a published item can be taken down at once). */
export async function withdrawContent(ctx: Ctx, id: string, reason: string): Promise<TContentDetail> {
  const r = await loadContent(ctx, id, MANAGE);
  if (r.state !== 'published') throw stateError('content_withdraw_state');
  return transition(ctx, r, {
    action: 'publicity.content.withdraw',
    from: 'published',
    to: 'withdrawn',
    set: { withdrawn_at: nowIso(), withdraw_reason: reason },
    stateKey: 'content_withdraw_state',
  });
}

/** 重新编辑: a withdrawn item becomes a draft again, to be corrected and resubmitted. */
export async function reopenContent(ctx: Ctx, id: string): Promise<TContentDetail> {
  const r = await loadContent(ctx, id, WRITE);
  if (r.state !== 'withdrawn') throw stateError('content_reopen_state');
  return transition(ctx, r, {
    action: 'publicity.content.reopen',
    from: 'withdrawn',
    to: 'draft',
    set: { submitted_at: null, submitted_by: null, last_edited_by: ctx.actor?.userId ?? null },
    stateKey: 'content_reopen_state',
  });
}

// ——— files ———

const IMAGE = new Set(['image/png', 'image/jpeg']);
const ACCEPT: Record<ContentKind, Set<string>> = { article: IMAGE, poster: IMAGE, video: new Set(['video/mp4']) };

/**
 * Uploads (draft only): an article's images (inserted into its body as /portal/f/<slug>/<id>), or
 * the file of a poster (PNG/JPG) or video (MP4), which replaces the previous one. Type by extension
 * and magic bytes (security S12), through the platform's file store.
 */
export async function addContentFile(ctx: Ctx, id: string, read: () => Promise<UploadedFile | null>): Promise<TContentFile> {
  const r = await loadContent(ctx, id, WRITE);
  await requirePermission(ctx, 'file.upload');
  if (r.state !== 'draft') throw stateError('content_not_draft');
  const file = await read();
  if (!file) throw new AppError('VALIDATION', [{ field: 'file', key: 'required' }]);
  const mime = detectAllowedType(file.filename, file.data);
  if (!mime || !ACCEPT[r.kind as ContentKind]?.has(mime)) throw new AppError('UNSUPPORTED_FILE', [{ field: 'file', key: 'content_file_type' }]);
  return inTx(ctx, async (tx) => {
    const view = await saveAttachment(tx, { entity: CONTENT_ENTITY, entityId: id, orgId: r.org_id }, file.filename, file.data);
    const main = r.kind !== 'article';
    const set = { ...(main ? { file_id: view.id } : {}), last_edited_by: ctx.actor?.userId ?? null, updated_at: nowIso() };
    const res = await tx.db.updateTable('publicity_contents').set(set).where('id', '=', id).where('state', '=', 'draft').executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw stateError('content_not_draft');
    await recordAudit(tx, {
      entity: CONTENT_ENTITY,
      entityId: id,
      action: 'publicity.content.file',
      orgId: r.org_id,
      before: main ? { file_id: r.file_id } : undefined,
      after: { fileId: view.id, name: view.name, mime: view.mime, size: view.size, sm3: view.sm3, main },
    });
    return fileView(r.slug, view);
  });
}

export async function openContentFile(ctx: Ctx, id: string, fileId: string) {
  const actor = await requirePermission(ctx, READ, 'file');
  await loadContent(ctx, id, READ);
  return openAttachment(ctx, fileId, async (entity, entityId) => {
    if (entity !== CONTENT_ENTITY || entityId !== id) return false;
    const r = await contentRow(ctx, entityId);
    return !!r && orgPathInScope(scopeOf(actor, READ), r.org_id, r.path);
  });
}
