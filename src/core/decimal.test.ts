import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DecimalFormatError, formatDecimalUnits, parseDecimalUnits } from './decimal.ts';

describe('parseDecimalUnits', () => {
  it.each([
    ['61737.63000000', 2, 6_173_763],
    ['0.00032000', 5, 32],
    ['19.17279000', 5, 1_917_279],
    ['2683.8', 2, 268_380],
    ['7', 3, 7_000],
  ])('%s at %d decimals is %d', (text, decimals, units) => {
    expect(parseDecimalUnits(text, decimals)).toBe(units);
  });

  it.each([
    ['1.005', 2],
    ['', 2],
    ['1.2.3', 2],
    ['-1', 2],
    ['1e5', 2],
  ])('rejects %j at %d decimals', (text, decimals) => {
    expect(() => parseDecimalUnits(text, decimals)).toThrow(DecimalFormatError);
  });

  it('inverts formatDecimalUnits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), fc.integer({ min: 0, max: 8 }), (units, decimals) => {
        expect(parseDecimalUnits(formatDecimalUnits(units, decimals), decimals)).toBe(units);
      }),
    );
  });
});
