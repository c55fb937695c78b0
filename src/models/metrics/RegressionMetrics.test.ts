import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { averageRanks, pearsonIC, spearmanRankIC } from './InformationCoefficient.ts';
import { rSquared } from './RSquared.ts';
import { regressionReport } from './RegressionReport.ts';

describe('IC, rank IC, R² (hand-computed)', () => {
  it('Pearson IC: deviations (−1.5, −0.5, 0.5, 1.5) vs (−1.5, 0.5, −0.5, 1.5) → 4/5', () => {
    expect(pearsonIC([1, 3, 2, 4], [1, 2, 3, 4])).toBeCloseTo(0.8, 15);
  });

  it('average ranks for ties (scipy rankdata average)', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5, 20]))).toEqual([2, 4, 4, 1, 4]);
  });

  it('Spearman with ties: ranks (1, 2.5, 2.5, 4) vs (1, 3, 2, 4) → 4.5/√22.5 ≈ 0.9486833 (scipy spearmanr)', () => {
    expect(spearmanRankIC([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 14);
  });

  it('R²: SS_res 1, SS_tot 5 → 0.8; predicting the mean → 0', () => {
    expect(rSquared([1, 2, 3, 5], [1, 2, 3, 4])).toBeCloseTo(0.8, 15);
    expect(rSquared([2.5, 2.5, 2.5, 2.5], [1, 2, 3, 4])).toBe(0);
  });

  it('non-finite pairs are dropped; degenerate inputs are NaN', () => {
    const r = regressionReport([1, 3, NaN, 2, 4], [1, 2, 7, 3, Infinity]);
    expect(r.rows).toBe(3);
    expect(pearsonIC([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(rSquared([1], [NaN])).toBeNaN();
  });

  it('rank IC is invariant to monotone transforms (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 3, maxLength: 40 }), (pairs) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        const r1 = spearmanRankIC(a, b);
        const r2 = spearmanRankIC(a.map((v) => v * v * v + 7) /* strictly increasing, exact on small integers */, b);
        if (Number.isNaN(r1)) return Number.isNaN(r2);
        return Math.abs(r1 - r2) < 1e-9;
      }),
    );
  });
});
