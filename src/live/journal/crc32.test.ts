import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as zlib from 'node:zlib';
import { crc32 } from './crc32.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(ascii('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    expect(crc32(new Uint8Array(32))).toBe(0x190a55ad);
  });

  it('continues over pieces and over sub-ranges', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const i = a % (bytes.length + 1);
        const j = i + (b % (bytes.length - i + 1));
        const whole = crc32(bytes.subarray(i, j));
        expect(crc32(bytes, i, j)).toBe(whole);
        const mid = i + Math.floor((j - i) / 2);
        expect(crc32(bytes, mid, j, crc32(bytes, i, mid))).toBe(whole);
      }),
    );
  });

  it.skipIf(zlibCrc32 === undefined)('agrees with node:zlib crc32 (present from Node 20.15 / 22.2)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(crc32(bytes)).toBe(zlibCrc32!(bytes));
      }),
    );
  });
});
