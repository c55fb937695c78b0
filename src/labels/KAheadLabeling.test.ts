import { describe, expect, it } from 'vitest';
import { kAheadLabels } from './KAheadLabeling.ts';
import { DOWN, STATIONARY, UNLABELED, UP } from './DirectionLabel.ts';

describe('kAheadLabels', () => {
  const mid = Float64Array.from([100, 101, 101, 100.5, 102]);

  it('k=1: any move is up or down, no move is stationary (alpha 0)', () => {
    const r = kAheadLabels(mid, { horizon: 1 });
    // l0 = 1/100, l1 = 0, l2 = -0.5/101, l3 = 1.5/100.5
    expect(Array.from(r.labels)).toEqual([UP, STATIONARY, DOWN, UP, UNLABELED]);
    expect(r.change[2]).toBe(-0.5 / 101);
    expect(Array.from(r.labelEnd)).toEqual([1, 2, 3, 4, -1]);
  });

  it('k=2 (hand-computed) and a positive alpha', () => {
    const r = kAheadLabels(mid, { horizon: 2 });
    // l0 = (101-100)/100 = 0.01, l1 = (100.5-101)/101, l2 = (102-101)/101
    expect(Array.from(r.labels)).toEqual([UP, DOWN, UP, UNLABELED, UNLABELED]);
    const wide = kAheadLabels(mid, { horizon: 2, alpha: 0.0099 });
    // |l1| = 0.00495 < alpha → stationary; l2 = 0.0099009... > 0.0099 → up
    expect(Array.from(wide.labels)).toEqual([UP, STATIONARY, UP, UNLABELED, UNLABELED]);
  });

  it('rejects a horizon longer than the data', () => {
    expect(() => kAheadLabels(mid, { horizon: 5 })).toThrow(/horizon k=5.*got 5/);
  });
});
