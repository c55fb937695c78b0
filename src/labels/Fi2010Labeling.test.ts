import { describe, expect, it } from 'vitest';
import { fi2010Labels, FI2010_DEFAULT_ALPHA } from './Fi2010Labeling.ts';
import { DOWN, STATIONARY, UNLABELED, UP } from './DirectionLabel.ts';

describe('fi2010Labels', () => {
  it('compares the mean of the next k mids with the current mid (hand-computed, k=2)', () => {
    const mid = Float64Array.from([100, 101, 102, 100, 100, 99.5]);
    const r = fi2010Labels(mid, { horizon: 2 });
    // t0: m+ = (101+102)/2 = 101.5, l = 1.5/100 = 0.015        → up
    // t1: m+ = (102+100)/2 = 101,   l = 0                       → stationary
    // t2: m+ = (100+100)/2 = 100,   l = -2/102 ≈ -0.0196        → down
    // t3: m+ = (100+99.5)/2 = 99.75, l = -0.25/100 = -0.0025    → down (< -0.002)
    // t4, t5: fewer than 2 mids ahead                            → unlabeled
    expect(Array.from(r.labels)).toEqual([UP, STATIONARY, DOWN, DOWN, UNLABELED, UNLABELED]);
    expect(Array.from(r.labelEnd)).toEqual([2, 3, 4, 5, -1, -1]);
    expect(r.change[0]).toBe(0.015);
    expect(r.change[1]).toBe(0);
    expect(r.change[2]).toBe(-2 / 102);
    expect(r.change[3]).toBe(-0.0025);
    expect(Number.isNaN(r.change[4])).toBe(true);
    expect(r.alphaUp).toBe(FI2010_DEFAULT_ALPHA);
    expect(r.alphaDown).toBe(-FI2010_DEFAULT_ALPHA);
    expect(r.lookBack).toBe(0);
    expect(r.balance).toEqual({ down: 2, stationary: 1, up: 1, unlabeled: 2 });
  });

  it('uses the given alpha, with strict inequalities', () => {
    const mid = Float64Array.from([100, 101, 102, 100, 100, 99.5]);
    const r = fi2010Labels(mid, { horizon: 2, alpha: 0.0025 });
    expect(r.labels[3]).toBe(STATIONARY); // l = -0.0025 is not < -0.0025
    expect(r.labels[2]).toBe(DOWN);
  });

  it('k=1 compares the next mid with the current one', () => {
    const r = fi2010Labels(Float64Array.from([100, 100.1, 100.5, 100.5]), { horizon: 1 });
    // l0 = 0.001 (< 0.002: stationary), l1 = 0.4/100.1 ≈ 0.004 (up), l2 = 0
    expect(Array.from(r.labels)).toEqual([STATIONARY, UP, STATIONARY, UNLABELED]);
  });

  it('rejects a horizon longer than the data, naming both', () => {
    expect(() => fi2010Labels(new Float64Array([1, 2, 3]), { horizon: 3 })).toThrow(/k=3.*got 3/);
    expect(() => fi2010Labels(new Float64Array([1, 2, 3]), { horizon: 0 })).toThrow(RangeError);
    expect(() => fi2010Labels(new Float64Array([1, 0, 3]), { horizon: 1 })).toThrow(/mid\[1\]/);
  });
});
