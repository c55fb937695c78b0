import { describe, expect, it } from 'vitest';
import { tlobLabels } from './TlobLabeling.ts';
import { kAheadLabels } from './KAheadLabeling.ts';
import { DOWN, UNLABELED, UP } from './DirectionLabel.ts';

describe('tlobLabels', () => {
  const mid = Float64Array.from([10, 10, 12, 8, 10, 10, 11, 9]);

  it('smooths both sides and uses alpha = mean|l|/2 (hand-computed, k=3, smoothing 2)', () => {
    const r = tlobLabels(mid, { horizon: 3, smoothing: 2, fitRows: 8 });
    // w-(t) = mean(mid[t-1..t]), w+(t) = mean(mid[t+2..t+3])
    // t1: (9-10)/10 = -0.1; t2: (10-11)/11; t3: (10.5-10)/10 = 0.05; t4: (10-9)/9
    const ls = [-0.1, -1 / 11, 0.05, 1 / 9];
    expect(Array.from(r.change.subarray(1, 5))).toEqual(ls);
    const alpha = (0.1 + 1 / 11 + 0.05 + 1 / 9) / 4 / 2; // ≈ 0.0440
    expect(r.alphaUp).toBeCloseTo(alpha, 15);
    expect(r.alphaDown).toBeCloseTo(-alpha, 15);
    expect(Array.from(r.labels)).toEqual([UNLABELED, DOWN, DOWN, UP, UP, UNLABELED, UNLABELED, UNLABELED]);
    expect(Array.from(r.labelEnd)).toEqual([-1, 4, 5, 6, 7, -1, -1, -1]);
    expect(r.lookBack).toBe(1);
  });

  it('caps the smoothing window at the horizon (default 10)', () => {
    const r = tlobLabels(mid, { horizon: 2, fitRows: 8 });
    expect(r.params).toMatchObject({ smoothing: 2 });
    expect(r.lookBack).toBe(1);
  });

  it('with smoothing 1 the change is the plain k-ahead return', () => {
    const r = tlobLabels(mid, { horizon: 3, smoothing: 1, fitRows: 8 });
    const plain = kAheadLabels(mid, { horizon: 3 });
    expect(Array.from(r.change)).toEqual(Array.from(plain.change));
  });

  it('fits alpha on the fit rows only', () => {
    const r = tlobLabels(mid, { horizon: 3, smoothing: 2, fitRows: 6 });
    // Fit labels: t1, t2 (labelEnd 4, 5).
    expect(r.alphaUp).toBeCloseTo((0.1 + 1 / 11) / 2 / 2, 15);
    const poisoned = mid.slice();
    poisoned[6] = 1e9;
    expect(tlobLabels(poisoned, { horizon: 3, smoothing: 2, fitRows: 6 }).alphaUp).toBe(r.alphaUp);
    expect(() => tlobLabels(mid, { horizon: 3 })).toThrow(/fitRows is required/);
  });
});
