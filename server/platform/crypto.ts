import { createCipheriv, createDecipheriv, createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * 国密 primitives from node:crypto (OpenSSL 3): SM3 for hashes, HMACs and the audit chain,
 * SM4-CBC + HMAC-SM3 (encrypt-then-MAC) for fields at rest, since this OpenSSL has no sm4-gcm
 * (security-requirements §2). Keys are derived from the master secret, which is not in the database.
 */
export function sm3(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function hmacSm3(key: Buffer | string, data: string | Buffer): Buffer {
  return createHmac('sm3', key).update(data).digest();
}

export class FieldCrypto {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(secret: string) {
    this.encKey = hmacSm3(secret, 'fazhi/sm4-field-key/v1').subarray(0, 16);
    this.macKey = hmacSm3(secret, 'fazhi/sm4-field-mac/v1');
    this.indexKey = hmacSm3(secret, 'fazhi/blind-index/v1');
  }

  /** `v1.` + base64(iv ‖ ciphertext ‖ HMAC-SM3(iv ‖ ciphertext)). */
  encrypt(plain: string): string {
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-cbc', this.encKey, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    const tag = hmacSm3(this.macKey, Buffer.concat([iv, ct]));
    return `v1.${Buffer.concat([iv, ct, tag]).toString('base64')}`;
  }

  decrypt(token: string): string {
    if (!token.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const buf = Buffer.from(token.slice(3), 'base64');
    if (buf.length < 16 + 16 + 32) throw new Error('ciphertext too short');
    const iv = buf.subarray(0, 16);
    const ct = buf.subarray(16, buf.length - 32);
    const tag = buf.subarray(buf.length - 32);
    const expect = hmacSm3(this.macKey, Buffer.concat([iv, ct]));
    if (!timingSafeEqual(tag, expect)) throw new Error('ciphertext integrity check failed');
    const d = createDecipheriv('sm4-cbc', this.encKey, iv);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  }

  /** Keyed SM3 blind index: equality search on an encrypted field without storing the value. */
  blindIndex(kind: string, normalized: string): string {
    return hmacSm3(this.indexKey, `${kind}:${normalized}`).toString('hex');
  }

  encryptOpt(v: string | null | undefined): string | null {
    return v ? this.encrypt(v) : null;
  }
  decryptOpt(v: string | null | undefined): string | null {
    return v ? this.decrypt(v) : null;
  }
}

const pbkdf2Async = promisify(pbkdf2);

/** PBKDF2-HMAC-SM3 password hash (密评-friendly slow KDF): `pbkdf2-sm3$iterations$salt$hash`. */
export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = randomBytes(16);
  const dk = await pbkdf2Async(password, salt, iterations, 32, 'sm3');
  return `pbkdf2-sm3$${iterations}$${salt.toString('base64')}$${dk.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, iter, saltB64, hashB64] = stored.split('$');
  if (alg !== 'pbkdf2-sm3' || !iter || !saltB64 || !hashB64) return false;
  const expect = Buffer.from(hashB64, 'base64');
  const dk = await pbkdf2Async(password, Buffer.from(saltB64, 'base64'), Number(iter), expect.length, 'sm3');
  return timingSafeEqual(dk, expect);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
