import { describe, expect, it } from 'vitest';
import { lobcastLabels } from './LobcastLabeling.ts';
import { DOWN, STATIONARY, UNLABELED, UP } from './DirectionLabel.ts';

function meanStd(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / (xs.length - 1);
  return [m, Math.sqrt(v)];
}

describe('lobcastLabels', () => {
  // Trailing 2-means: t1 10, t2 11, t3 10, t4 9, t5 10, t6 10.5, t7 10.
  const mid = Float64Array.from([10, 10, 12, 8, 10, 10, 11, 9]);

  it('past-k mean vs next-k mean, thresholds mean ± sigma·std on the fit labels (hand-computed, k=2)', () => {
    const r = lobcastLabels(mid, { horizon: 2, fitRows: 8 });
    // l(t) = (mean(mid[t+1..t+2]) - mean(mid[t-1..t])) / mean(mid[t-1..t])
    // t1: (10-10)/10 = 0; t2: (9-11)/11; t3: (10-10)/10 = 0; t4: (10.5-9)/9 = 1/6; t5: (10-10)/10 = 0
    const ls = [0, -2 / 11, 0, 1.5 / 9, 0];
    expect(Array.from(r.change.subarray(1, 6))).toEqual(ls);
    expect(Array.from(r.labelEnd)).toEqual([-1, 3, 4, 5, 6, 7, -1, -1]);
    const [m, s] = meanStd(ls);
    expect(r.alphaUp).toBeCloseTo(m + 0.9 * s, 15);
    expect(r.alphaDown).toBeCloseTo(m - 0.9 * s, 15);
    // alphaUp ≈ 0.108, alphaDown ≈ -0.114
    expect(Array.from(r.labels)).toEqual([UNLABELED, STATIONARY, DOWN, STATIONARY, UP, STATIONARY, UNLABELED, UNLABELED]);
    expect(r.lookBack).toBe(1);
    expect(r.params).toMatchObject({ sigma: 0.9, fitRows: 8, fittedOn: 5, includeCurrent: false });
  });

  it('fits only on labels whose whole window is inside the fit rows; later data cannot move the thresholds', () => {
    const r = lobcastLabels(mid, { horizon: 2, fitRows: 6, sigma: 0.5 });
    // Fit labels: t1..t3 (labelEnd 3, 4, 5 < 6): l = 0, -2/11, 0.
    const [m, s] = meanStd([0, -2 / 11, 0]);
    expect(r.alphaUp).toBeCloseTo(m + 0.5 * s, 15);
    expect(r.alphaDown).toBeCloseTo(m - 0.5 * s, 15);
    expect(r.params).toMatchObject({ fittedOn: 3 });
    const poisoned = mid.slice();
    poisoned[6] = 1e6;
    poisoned[7] = 1e-6;
    const q = lobcastLabels(poisoned, { horizon: 2, fitRows: 6, sigma: 0.5 });
    expect(q.alphaUp).toBe(r.alphaUp);
    expect(q.alphaDown).toBe(r.alphaDown);
  });

  it('includeCurrent reproduces the code window mid[t..t+k-1], and refuses k=1 where it is degenerate', () => {
    const r = lobcastLabels(mid, { horizon: 2, fitRows: 8, includeCurrent: true });
    // t1: m- = 10, m+ = mean(mid[1..2]) = 11 → 0.1; t2: m- = 11, m+ = mean(mid[2..3]) = 10 → -1/11
    expect(r.change[1]).toBe(0.1);
    expect(r.change[2]).toBe(-1 / 11);
    expect(r.labelEnd[1]).toBe(2);
    expect(r.labelEnd[6]).toBe(7);
    expect(r.labelEnd[7]).toBe(-1);
    expect(() => lobcastLabels(mid, { horizon: 1, fitRows: 8, includeCurrent: true })).toThrow(/k >= 2/);
  });

  it('k=1 (default window) compares mid[t+1] with mid[t]', () => {
    const r = lobcastLabels(mid, { horizon: 1, fitRows: 8 });
    expect(r.change[0]).toBe(0);
    expect(r.change[1]).toBe(0.2);
    expect(r.labelEnd[7]).toBe(-1);
  });

  it('requires fitRows and rejects fit rows with no whole label', () => {
    expect(() => lobcastLabels(mid, { horizon: 2 })).toThrow(/fitRows is required/);
    expect(() => lobcastLabels(mid, { horizon: 2, fitRows: 3 })).toThrow(/empty window/);
    expect(() => lobcastLabels(mid, { horizon: 5, fitRows: 8 })).toThrow(/k=5.*needs 10 samples, got 8/);
  });
});
