import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleMinMax, minMaxBucketCount } from './downsampleMinMax.ts';

const value = fc.oneof({ weight: 9, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(NaN) });
const series = fc.array(value, { minLength: 0, maxLength: 600 });
const maxPoints = fc.integer({ min: 2, max: 80 });

describe('downsampleMinMax', () => {
  it('keeps the minimum and maximum of every bucket, in index order, within maxPoints', () => {
    fc.assert(
      fc.property(series, maxPoints, (ys, max) => {
        const kept = downsampleMinMax(ys, max);
        expect(kept.length).toBeLessThanOrEqual(max);
        for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
        if (ys.length <= max) {
          expect(Array.from(kept)).toEqual(ys.map((_, i) => i));
          return;
        }
        const buckets = minMaxBucketCount(max);
        for (let k = 0; k < buckets; k++) {
          const start = Math.floor((k * ys.length) / buckets);
          const end = Math.floor(((k + 1) * ys.length) / buckets);
          const finite = ys.slice(start, end).filter(Number.isFinite);
          const keptHere = Array.from(kept).filter((i) => i >= start && i < end);
          expect(keptHere.length).toBeGreaterThanOrEqual(1);
          if (finite.length === 0) continue;
          const keptValues = keptHere.map((i) => ys[i]);
          expect(keptValues).toContain(Math.min(...finite));
          expect(keptValues).toContain(Math.max(...finite));
        }
      }),
    );
  });

  it('keeps the series-wide extremes', () => {
    fc.assert(
      fc.property(series, maxPoints, (ys, max) => {
        const finite = ys.filter(Number.isFinite);
        fc.pre(finite.length > 0);
        const keptValues = Array.from(downsampleMinMax(ys, max), (i) => ys[i]);
        expect(keptValues).toContain(Math.min(...finite));
        expect(keptValues).toContain(Math.max(...finite));
      }),
    );
  });

  it('chooses among a subset of indices and returns indices into the full series', () => {
    fc.assert(
      fc.property(series, maxPoints, fc.integer({ min: 2, max: 5 }), (ys, max, every) => {
        const subset = Int32Array.from(ys.map((_, i) => i).filter((i) => i % every === 0));
        const kept = downsampleMinMax(ys, max, subset);
        expect(kept.length).toBeLessThanOrEqual(max);
        for (const i of kept) expect(i % every).toBe(0);
        const finite = Array.from(subset, (i) => ys[i]).filter(Number.isFinite);
        if (finite.length > 0) expect(Array.from(kept, (i) => ys[i])).toContain(Math.max(...finite));
      }),
    );
  });

  it('shrinks a 100k-point series to at most maxPoints and keeps a one-sample spike', () => {
    const ys = new Float64Array(100_000);
    for (let i = 1; i < ys.length; i++) ys[i] = ys[i - 1] + Math.sin(i * 0.37);
    ys[61_234] -= 500; // a one-sample spike
    const kept = downsampleMinMax(ys, 2000);
    expect(kept.length).toBeLessThanOrEqual(2000);
    expect(kept).toContain(61_234);
  });

  it('refuses maxPoints below 2', () => {
    expect(() => downsampleMinMax([1, 2, 3], 1)).toThrow(RangeError);
  });
});
