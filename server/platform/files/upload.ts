import type { Readable } from 'node:stream';
import type { ByteRange } from './files.store.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The HTTP side of attachments, the same in every module: the multipart file a route hands to its
 * service, and the Content-Disposition a download is served with.
 */

/** A file sent as multipart (field `file`): its name as sent and its bytes. */
export interface UploadedFile {
  filename: string;
  data: Buffer;
}

/** Reads the request's multipart file when the service asks for it (after its permission checks); null when none was sent. */
export function uploadedFile(req: FastifyRequest): () => Promise<UploadedFile | null> {
  return async () => {
    if (!req.isMultipart()) return null;
    const file = await req.file();
    return file ? { filename: file.filename, data: await file.toBuffer() } : null;
  };
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266, RFC 5987); quotes and backslashes never reach the header. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A work attachment to a signed-in user (its reader checked by the service): never cached, always a download. */
export function sendAttachment(reply: FastifyReply, f: { name: string; mime: string; size: number; stream: Readable }): FastifyReply {
  return reply.header('Content-Type', f.mime).header('Content-Length', String(f.size)).header('Content-Disposition', contentDisposition('attachment', f.name)).header('Cache-Control', 'no-store').send(f.stream);
}

/**
 * The one byte range of a `Range` header (RFC 9110 §14): `bytes=a-b`, `bytes=a-`, `bytes=-n`, within a
 * file of `size` bytes. `null`: no usable single range — answer the whole file (several ranges, another
 * unit, garbage). `'unsatisfiable'`: a range wholly past the end (416). Phones need this to play a
 * video at all (Safari asks for bytes=0-1 first) and to seek in one.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
