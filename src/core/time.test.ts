import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatNsAsSeconds, ManualClock, offsetFrom, parseSecondsToNs, TimeFormatError, utcMidnightNs } from './time.ts';

describe('parseSecondsToNs', () => {
  it.each([
    ['34200.015105074', 34_200_015_105_074],
    ['34200.05990197', 34_200_059_901_970],
    ['34200.1', 34_200_100_000_000],
    ['57599.999999999', 57_599_999_999_999],
    ['0', 0],
  ])('%s s is %d ns exactly', (text, ns) => {
    expect(parseSecondsToNs(text)).toBe(ns);
  });

  it.each(['', '.5', '1.2345678901', '12a', '-1.0', '1..2'])('rejects %j', (text) => {
    expect(() => parseSecondsToNs(text)).toThrow(TimeFormatError);
  });

  it('round-trips every ns of a trading day through text (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400 * 1e9 - 1 }), (ns) => {
        expect(parseSecondsToNs(formatNsAsSeconds(ns))).toBe(ns);
      }),
    );
  });
});

describe('origins and offsets', () => {
  it('keeps epoch-ns instants exact as offsets from midnight', () => {
    const t = 1723161253937085768n; // a Binance receive time
    const origin = utcMidnightNs('2024-08-08');
    const off = offsetFrom(origin, t);
    expect(origin + BigInt(off)).toBe(t);
  });

  it('refuses offsets that a double cannot hold exactly', () => {
    expect(() => offsetFrom(0n, 1723161253937085768n)).toThrow(TimeFormatError);
  });
});

describe('ManualClock', () => {
  it('moves only forward and only when told', () => {
    const c = new ManualClock(5);
    c.advance(10);
    expect(c.nowNs()).toBe(15);
    expect(() => c.set(3)).toThrow(RangeError);
  });
});
