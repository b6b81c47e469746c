import { describe, expect, it } from 'vitest';
import { parseByteRange } from './upload.ts';
describe('parseByteRange (RFC 9110 §14)', () => {
  it.each([
    ['bytes=0-1', 100, { start: 0, end: 1 }],
    ['bytes=10-', 100, { start: 10, end: 99 }],
    ['bytes=90-200', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=-200', 100, { start: 0, end: 99 }],
    ['bytes=99-99', 100, { start: 99, end: 99 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=5-2', 100, null],
    ['bytes=0-1,5-6', 100, null],
    ['bytes=-', 100, null],
    ['items=0-1', 100, null],
    [undefined, 100, null],
  ] as const)('%s of %i bytes → %o', (header, size, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });
});
