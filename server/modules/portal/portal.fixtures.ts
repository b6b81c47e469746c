import { uuidv7 } from '../../../common/ids.ts';
import type { Executor } from '../../db/index.ts';
import { nowIso } from '../../platform/time.ts';

/**
 * Test fixture: publicity content rows written straight into the table, as the content service
 * leaves them after review (state, slug, sanitised body). The portal and reach tests use it so they
 * do not depend on the authoring routes.
 */
export interface FixtureContent {
  orgId: string;
  title: string;
  slug?: string;
  kind?: 'article' | 'poster' | 'video';
  state?: 'draft' | 'review' | 'published' | 'withdrawn';
  summary?: string | null;
  bodyHtml?: string | null;
  themes?: string[];
  laws?: string[];
  publishedAt?: string;
  fileId?: string | null;
  coverFileId?: string | null;
}

let seq = 0;

export async function insertContent(db: Executor, c: FixtureContent): Promise<{ id: string; slug: string }> {
  const id = uuidv7();
  const slug = c.slug ?? `t${Date.now().toString(36)}${(seq++).toString(36)}`;
  const at = nowIso();
  const state = c.state ?? 'published';
  const published = state === 'published' || state === 'withdrawn' ? (c.publishedAt ?? at) : null;
  await db
    .insertInto('publicity_contents')
    .values({
      id,
      org_id: c.orgId,
      kind: c.kind ?? 'article',
      title: c.title,
      summary: c.summary ?? null,
      body_html: c.bodyHtml === undefined ? `<p>${c.title}的正文。</p>` : c.bodyHtml,
      file_id: c.fileId ?? null,
      cover_file_id: c.coverFileId ?? null,
      state,
      slug,
      author_id: null,
      submitted_at: null,
      reviewed_by: null,
      reviewed_at: published,
      review_note: null,
      published_at: published,
      withdrawn_at: state === 'withdrawn' ? at : null,
      withdraw_reason: state === 'withdrawn' ? '内容过时' : null,
      pia_ref: null,
      created_at: at,
      updated_at: at,
      // columns added later with database defaults (is_case …) are left to them
    } as never)
    .execute();
  for (const theme of c.themes ?? []) await db.insertInto('publicity_content_themes').values({ content_id: id, org_id: c.orgId, theme }).execute();
  let sort = 0;
  for (const law of c.laws ?? []) await db.insertInto('publicity_content_laws').values({ id: uuidv7(), content_id: id, org_id: c.orgId, law, sort: sort++ }).execute();
  return { id, slug };
}

/** A file row owned by `entity`/`entityId`, with its bytes in the store. */
export async function insertFile(
  db: Executor,
  files: { put(data: Buffer): Promise<{ key: string; sm3: string; size: number }> },
  f: { orgId: string; entity: string; entityId: string; name: string; mime: string; data: Buffer },
): Promise<string> {
  const stored = await files.put(f.data);
  const id = uuidv7();
  await db
    .insertInto('files')
    .values({ id, org_id: f.orgId, entity: f.entity, entity_id: f.entityId, name: f.name, mime: f.mime, size: stored.size, sm3: stored.sm3, storage_key: stored.key, created_by: null, created_at: nowIso() })
    .execute();
  return id;
}

/** A 1×1 PNG. */
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
