import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classify, countClasses, DOWN, STATIONARY, trailingMeans, UNLABELED, UP } from './DirectionLabel.ts';

describe('DirectionLabel helpers', () => {
  it('classify uses strict thresholds', () => {
    expect(classify(0.1, 0.1, -0.1)).toBe(STATIONARY);
    expect(classify(0.1000001, 0.1, -0.1)).toBe(UP);
    expect(classify(-0.1000001, 0.1, -0.1)).toBe(DOWN);
  });

  it('countClasses counts 255 (and anything else) as unlabeled', () => {
    expect(countClasses(Uint8Array.from([0, 1, 2, 2, UNLABELED, 7]))).toEqual({ down: 1, stationary: 1, up: 2, unlabeled: 2 });
  });

  it('trailingMeans: hand-computed, NaN before the window fills', () => {
    const out = trailingMeans(Float64Array.from([1, 2, 3, 4, 5]), 3, new Float64Array(5));
    expect(Array.from(out)).toEqual([NaN, NaN, 2, 3, 4]);
  });

  it('property: trailingMeans stays within 1e-12 relative of the direct mean on arbitrary doubles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (xs, w) => {
          const mid = Float64Array.from(xs);
          const out = trailingMeans(mid, w, new Float64Array(mid.length));
          for (let t = w - 1; t < mid.length; t++) {
            let s = 0;
            for (let j = t - w + 1; j <= t; j++) s += mid[j];
            expect(Math.abs(out[t] - s / w)).toBeLessThanOrEqual(1e-12 * (s / w) * w);
          }
        },
      ),
    );
  });
});
