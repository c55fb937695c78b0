import { describe, expect, it } from 'vitest';
import { binOf, binRows, fitFeatureBins, quantileUpperBounds } from './FeatureBins.ts';
import { SeededRng } from '../../core/rng.ts';

describe('quantile binning', () => {
  it('gives each value its own bin when there are few, bounds halfway between them', () => {
    expect(Array.from(quantileUpperBounds(Float64Array.of(1, 1, 2, 3, 3, 3), 255))).toEqual([1.5, 2.5, Infinity]);
  });

  it('caps the bin count and keeps bins of roughly equal mass', () => {
    const sorted = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const ub = quantileUpperBounds(sorted, 10);
    expect(ub.length).toBe(10);
    const counts = new Int32Array(10);
    for (const v of sorted) counts[binOf(ub, v)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThanOrEqual(1);
  });

  it('bin ≤ b is exactly value ≤ upper[b]; NaN has the bin after the others', () => {
    const rng = new SeededRng(5);
    const col = Float64Array.from({ length: 5000 }, () => (rng.nextFloat() < 0.05 ? NaN : Math.round(rng.nextFloat() * 1000) / 7));
    const rows = Int32Array.from({ length: col.length }, (_, i) => i);
    const bins = fitFeatureBins([col], rows, 32, 2000, rng);
    const ub = bins.upper[0];
    expect(bins.hasNan[0]).toBe(1);
    const binned = binRows([col], rows, bins);
    expect(binned.stride).toBe(4);
    for (let i = 0; i < col.length; i++) {
      const b = binned.byColumn[i];
      expect(binned.byRow[i * 4]).toBe(b);
      if (Number.isNaN(col[i])) expect(b).toBe(ub.length);
      else for (let t = 0; t < ub.length; t++) expect(b <= t).toBe(col[i] <= ub[t]);
    }
  });
});
