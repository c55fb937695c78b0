import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autocorrelation, coefficientOfVariation, excessKurtosis, mean, quantileSorted, standardDeviation, WeightedHistogram } from './statistics.ts';

describe('statistics (hand-computed)', () => {
  it('nearest-rank quantiles: lower middle for an even count, ends at q = 0 and 1, NaN when empty', () => {
    const xs = [1, 2, 3, 4];
    expect(quantileSorted(xs, 0.5)).toBe(2);
    expect(quantileSorted(xs, 0.1)).toBe(1);
    expect(quantileSorted(xs, 0.9)).toBe(4);
    expect(quantileSorted(xs, 0)).toBe(1);
    expect(quantileSorted(xs, 1)).toBe(4);
    expect(quantileSorted([7, 8, 9], 0.5)).toBe(8);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('mean, population sd, coefficient of variation', () => {
    expect(mean([2, 4, 9])).toBe(5);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9])).toBe(0.4);
    expect(coefficientOfVariation([])).toBeNaN();
  });

  it('excess kurtosis: m4/m2² − 3 (a symmetric two-point distribution: −2)', () => {
    expect(excessKurtosis([1, -1, 1, -1])).toBeCloseTo(-2, 12);
    // [0, 0, 0, 4]: mean 1, deviations −1,−1,−1,3 → m2 = 12/4 = 3, m4 = 84/4 = 21 → 21/9 − 3 = −2/3.
    expect(excessKurtosis([0, 0, 0, 4])).toBeCloseTo(21 / 9 - 3, 12);
    expect(excessKurtosis([5, 5, 5])).toBeNaN();
    // Non-finite values are gaps.
    expect(excessKurtosis([0, NaN, 0, 0, 4])).toBeCloseTo(21 / 9 - 3, 12);
  });

  it('autocorrelation: the usual sample ACF, skipping pairs with a gap', () => {
    // [1, 2, 3, 4]: mean 2.5, den = 5, lag-1 num = (−1.5)(−0.5) + (−0.5)(0.5) + (0.5)(1.5) = 1.25.
    expect(autocorrelation([1, 2, 3, 4], 1)).toBeCloseTo(0.25, 12);
    expect(autocorrelation([1, -1, 1, -1], 1)).toBeCloseTo(-0.75, 12);
    expect(autocorrelation([1, -1, 1, -1], 2)).toBeCloseTo(0.5, 12);
    expect(autocorrelation([1, -1], 5)).toBeNaN();
    expect(() => autocorrelation([1, 2], 0)).toThrow(RangeError);
  });

  it('weighted histogram: time-weighted mean and nearest-rank quantiles', () => {
    const h = new WeightedHistogram();
    h.add(1, 0.5);
    h.add(2, 3);
    h.add(3, 1);
    h.add(9, 0); // no weight, ignored
    expect(h.mean()).toBeCloseTo(9.5 / 4.5, 12);
    expect(h.quantile(0.1)).toBe(1);
    expect(h.quantile(0.5)).toBe(2);
    expect(h.quantile(0.9)).toBe(3);
    const halves = new WeightedHistogram();
    halves.add(4, 1);
    halves.add(6, 1);
    expect(halves.quantile(0.5)).toBe(4);
    expect(new WeightedHistogram().quantile(0.5)).toBeNaN();
  });

  it('property: a weighted histogram of unit weights has the plain nearest-rank quantiles', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const h = new WeightedHistogram();
        for (const x of xs) h.add(x, 1);
        const sorted = [...xs].sort((a, b) => a - b);
        expect(h.quantile(q)).toBe(quantileSorted(sorted, q));
      }),
    );
  });
});
