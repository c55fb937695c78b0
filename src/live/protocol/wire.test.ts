import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getI64, getText, getU64, joinI64, putI64, putU32, putU64, setText, splitI64, wireView } from './wire.ts';

describe('wire primitives', () => {
  const b = new Uint8Array(16);
  const v = wireView(b);

  it('64-bit fields: exact up to ±(2^53 − 1), a sentinel beyond', () => {
    putU64(v, 0, Number.MAX_SAFE_INTEGER, 'x');
    expect([...b.subarray(0, 8)]).toEqual([0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(getU64(v, 0)).toBe(Number.MAX_SAFE_INTEGER);
    b.set([0x00, 0x20, 0, 0, 0, 0, 0, 0]);
    expect(getU64(v, 0)).toBe(-1);
    putI64(v, 0, -1, 'x');
    expect([...b.subarray(0, 8)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(getI64(v, 0)).toBe(-1);
    putI64(v, 0, -Number.MAX_SAFE_INTEGER, 'x');
    expect(getI64(v, 0)).toBe(-Number.MAX_SAFE_INTEGER);
    b.set([0xff, 0xe0, 0, 0, 0, 0, 0, 0]); // −2^53
    expect(getI64(v, 0)).toBeNaN();
    b.set([0x80, 0, 0, 0, 0, 0, 0, 0]);
    expect(getI64(v, 0)).toBeNaN();
  });

  it('property: i64 and u32 round-trip, big-endian as BigInt64 / byte order say', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 0xffffffff }), (x, u) => {
        putI64(v, 0, x, 'x');
        putU32(v, 8, u, 'u');
        expect(v.getBigInt64(0, false)).toBe(BigInt(x));
        expect(v.getUint32(8, false)).toBe(u);
        expect(getI64(v, 0)).toBe(x);
        expect([...b.subarray(8, 12)]).toEqual([u >>> 24, (u >>> 16) & 255, (u >>> 8) & 255, u & 255]);
      }),
    );
  });

  it('text fields pad with spaces, left or right aligned', () => {
    const f = new Uint8Array(6);
    setText(f, 'ab');
    expect(String.fromCharCode(...f)).toBe('ab    ');
    setText(f, 'ab', true);
    expect(String.fromCharCode(...f)).toBe('    ab');
    expect(getText(f)).toBe('ab');
    expect(() => setText(f, 'toolong')).toThrow(RangeError);
    expect(() => setText(f, 'é')).toThrow(RangeError);
  });

  it('origin halves ↔ bigint', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (ns) => {
        const { high, low } = splitI64(ns);
        expect(joinI64(high, low)).toBe(ns);
      }),
    );
  });
});
