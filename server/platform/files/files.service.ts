import type { Readable } from 'node:stream';
import { uuidv7 } from '../../../common/ids.ts';
import { recordAudit } from '../audit.ts';
import type { Ctx } from '../context.ts';
import { inTx } from '../context.ts';
import { AppError } from '../errors.ts';
import { nowIso } from '../time.ts';
import { detectAllowedType } from './files.store.ts';

export interface AttachmentOwner {
  entity: string;
  entityId: string;
  orgId: string;
}

export interface AttachmentView {
  id: string;
  name: string;
  mime: string;
  size: number;
  sm3: string;
  createdAt: string;
}

/**
 * Attachments belong to a record; the owning module checks access to the record first and then
 * calls these. Size and type are checked here, the SM3 of the content is kept for integrity.
 */
export async function saveAttachment(ctx: Ctx, owner: AttachmentOwner, filename: string, data: Buffer): Promise<AttachmentView> {
  if (data.length > ctx.deps.config.maxUploadBytes) throw new AppError('PAYLOAD_TOO_LARGE', [{ field: 'file', message: filename }]);
  const safeName = filename.replace(/[\\/\0\r\n]/g, '_').slice(0, 200) || 'file';
  const mime = detectAllowedType(safeName, data);
  if (!mime) throw new AppError('UNSUPPORTED_FILE', [{ field: 'file', message: safeName }]);
  const stored = await ctx.deps.files.put(data);
  const row = {
    id: uuidv7(),
    org_id: owner.orgId,
    entity: owner.entity,
    entity_id: owner.entityId,
    name: safeName,
    mime,
    size: stored.size,
    sm3: stored.sm3,
    storage_key: stored.key,
    created_by: ctx.actor?.userId ?? null,
    created_at: nowIso(),
  };
  await inTx(ctx, async (tx) => {
    await tx.db.insertInto('files').values(row).execute();
    await recordAudit(tx, { entity: 'file', entityId: row.id, action: 'file.upload', orgId: owner.orgId, after: { owner, name: safeName, size: row.size, sm3: row.sm3 } });
  });
  return { id: row.id, name: row.name, mime: row.mime, size: row.size, sm3: row.sm3, createdAt: row.created_at };
}

export async function listAttachments(ctx: Ctx, entity: string, entityIds: string[]): Promise<(AttachmentView & { entityId: string })[]> {
  if (entityIds.length === 0) return [];
  const rows = await ctx.db.selectFrom('files').selectAll().where('entity', '=', entity).where('entity_id', 'in', entityIds).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, entityId: r.entity_id, name: r.name, mime: r.mime, size: Number(r.size), sm3: r.sm3, createdAt: r.created_at }));
}

/** Opens a file after `mayRead(entity, entityId)` says the caller may read its owner; audited as a download. */
export async function openAttachment(
  ctx: Ctx,
  fileId: string,
  mayRead: (entity: string, entityId: string) => Promise<boolean>,
): Promise<{ name: string; mime: string; size: number; stream: Readable }> {
  const f = await ctx.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
  if (!f) throw new AppError('NOT_FOUND');
  if (!(await mayRead(f.entity, f.entity_id))) {
    await recordAudit(ctx, { entity: 'file', entityId: fileId, action: 'file.download', result: 'denied', orgId: f.org_id });
    throw new AppError('FORBIDDEN');
  }
  await recordAudit(ctx, { entity: 'file', entityId: fileId, action: 'file.download', orgId: f.org_id });
  return { name: f.name, mime: f.mime, size: Number(f.size), stream: ctx.deps.files.open(f.storage_key) };
}
