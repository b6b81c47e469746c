const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// Random bytes drawn 4 KB at a time: one getRandomValues call per id was ≈ 5 % of a small request's
// CPU (every request gets an id, performance.md §5.5). The ids are not secrets (tokens use their own).
const POOL = new Uint8Array(4096);
let poolAt = POOL.length;

/** UUIDv7: time-ordered text ids (architecture: "IDs are text (UUIDv7 or ULID)"); RFC 9562 §5.7. */
export function uuidv7(now = Date.now()): string {
  if (poolAt + 10 > POOL.length) {
    crypto.getRandomValues(POOL);
    poolAt = 0;
  }
  const r = POOL;
  const o = poolAt;
  poolAt += 10;
  // 48-bit millisecond timestamp, big-endian, without BigInt: high 32 bits and low 16
  const hi = Math.floor(now / 0x10000);
  const lo = now % 0x10000;
  return (
    HEX[(hi >>> 24) & 0xff] +
    HEX[(hi >>> 16) & 0xff] +
    HEX[(hi >>> 8) & 0xff] +
    HEX[hi & 0xff] +
    '-' +
    HEX[lo >>> 8] +
    HEX[lo & 0xff] +
    '-' +
    HEX[0x70 | (r[o] & 0x0f)] +
    HEX[r[o + 1]] +
    '-' +
    HEX[0x80 | (r[o + 2] & 0x3f)] +
    HEX[r[o + 3]] +
    '-' +
    HEX[r[o + 4]] +
    HEX[r[o + 5]] +
    HEX[r[o + 6]] +
    HEX[r[o + 7]] +
    HEX[r[o + 8]] +
    HEX[r[o + 9]]
  );
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
