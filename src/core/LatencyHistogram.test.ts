import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LatencyHistogram } from './LatencyHistogram.ts';

describe('LatencyHistogram', () => {
  it('gives exact percentiles for small values and bounded error for large ones', () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 100; v++) h.record(v);
    expect(h.percentile(0.5)).toBe(51); // upper edge of the bucket holding the 50th value (50)
    expect(h.percentile(0.99)).toBe(100);
    expect(h.percentile(1)).toBe(100);
    expect(h.mean()).toBeCloseTo(50.5, 12);
  });

  it('keeps every percentile within 1/128 of the true order statistic (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (values, q) => {
        const h = new LatencyHistogram();
        for (const v of values) h.record(v);
        const sorted = [...values].sort((a, b) => a - b);
        const truth = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
        const got = h.percentile(q);
        expect(got).toBeGreaterThanOrEqual(truth);
        expect(got).toBeLessThanOrEqual(Math.max(truth * (1 + 1 / 128), truth + 1));
      }),
    );
  });
});
