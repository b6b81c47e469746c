import { describe, expect, it } from 'vitest';
import { UUID_RE, uuidv7 } from './ids.ts';

/** RFC 9562 §5.7: 48-bit Unix milliseconds, version 7, variant 10, 74 random bits. */
describe('uuidv7', () => {
  it('puts the millisecond timestamp in the first 48 bits, big-endian, with version 7 and variant 10', () => {
    for (const ms of [0, 1, 0xffff, 0x10000, 1_700_000_000_123, Date.UTC(2026, 10, 26), 2 ** 48 - 1]) {
      const id = uuidv7(ms);
      expect(id).toMatch(UUID_RE);
      const hex = id.replaceAll('-', '');
      expect(Number.parseInt(hex.slice(0, 12), 16), `ms ${ms}`).toBe(ms);
      expect(hex[12]).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(hex[16]);
    }
  });

  it('sorts by time as text and never repeats, across many refills of the random pool', () => {
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) ids.push(uuidv7(1_700_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 10; i < ids.length; i += 10) expect(ids[i - 1] < ids[i]).toBe(true);
    // the random part is random: every hex digit shows up in the last 12 characters
    const tail = new Set(ids.flatMap((id) => [...id.slice(-12)]));
    expect(tail.size).toBe(16);
  });
});
