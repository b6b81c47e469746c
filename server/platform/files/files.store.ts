import { createReadStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { uuidv7 } from '../../../common/ids.ts';
import { sm3 } from '../crypto.ts';

/**
 * Attachments on the local disk (default `data/files`); a different store (S3-compatible) only has
 * to implement this interface. Files are written to a temp name and renamed, so a crash leaves no
 * half file under a real key.
 */
export interface FileStore {
  put(data: Buffer): Promise<{ key: string; sm3: string; size: number }>;
  /** The stored bytes, or only `range` (both ends inclusive, as HTTP counts them). */
  open(key: string, range?: ByteRange): Readable;
}

export interface ByteRange {
  start: number;
  end: number;
}

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  async put(data: Buffer) {
    const now = new Date();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${uuidv7()}`;
    const full = path.join(this.root, key);
    await mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.tmp`;
    await writeFile(tmp, data, { mode: 0o600 });
    await rename(tmp, full);
    return { key, sm3: sm3(data), size: data.length };
  }

  open(key: string, range?: ByteRange): Readable {
    if (key.includes('..')) throw new Error('bad key');
    return createReadStream(path.join(this.root, key), range ? { start: range.start, end: range.end } : undefined);
  }
}

/** Type allow-list by extension, each confirmed by the file's first bytes (security-requirements S12). */
const ALLOWED: Record<string, { mime: string; magic: (b: Buffer) => boolean }> = {
  pdf: { mime: 'application/pdf', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  jpg: { mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  jpeg: { mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  png: { mime: 'image/png', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: isZip },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: isZip },
  doc: { mime: 'application/msword', magic: isOle },
  xls: { mime: 'application/vnd.ms-excel', magic: isOle },
  mp3: { mime: 'audio/mpeg', magic: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0) },
  mp4: { mime: 'video/mp4', magic: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  txt: { mime: 'text/plain; charset=utf-8', magic: (b) => !b.subarray(0, 4096).includes(0) },
};

function isZip(b: Buffer) {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}
function isOle(b: Buffer) {
  return b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}

export function detectAllowedType(filename: string, data: Buffer): string | null {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const t = ALLOWED[ext];
  if (!t || data.length === 0 || !t.magic(data)) return null;
  return t.mime;
}

export const ALLOWED_EXTENSIONS = Object.keys(ALLOWED);
