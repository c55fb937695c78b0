import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { purgedKFold } from './PurgedKFold.ts';
import { arbLabelEnd, expectDisjoint } from './splitTestSupport.ts';

describe('purgedKFold', () => {
  const labelEnd = Int32Array.from({ length: 12 }, (_, i) => (i + 2 < 12 ? i + 2 : -1));

  it('purges windows overlapping the test window and embargoes after it (hand-computed)', () => {
    const folds = purgedKFold(12, 3, labelEnd, 1);
    // blocks [0,4), [4,8), [8,12)
    expect(folds.map((f) => [f.testStart, f.testEnd])).toEqual([[0, 4], [4, 8], [8, 12]]);
    // fold 1: test 4..7, whose labels reach 9 → test window [4, 9]; before: i+2 < 4 → 0, 1;
    // after: from 9 + 1 + embargo 1 = 11, but 10, 11 are unlabeled → nothing.
    expect(Array.from(folds[1].test)).toEqual([4, 5, 6, 7]);
    expect(Array.from(folds[1].train)).toEqual([0, 1]);
    // fold 0: test 0..3 reach 5 → train starts at 5 + 1 + 1 = 7: 7, 8, 9
    expect(Array.from(folds[0].train)).toEqual([7, 8, 9]);
    // fold 2: test 8, 9 (10, 11 unlabeled); train before: i+2 < 8 → 0..5
    expect(Array.from(folds[2].test)).toEqual([8, 9]);
    expect(Array.from(folds[2].train)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('splits n unevenly as numpy array_split does, and rejects bad k', () => {
    const ends = Int32Array.from({ length: 10 }, (_, i) => i);
    expect(purgedKFold(10, 3, ends).map((f) => f.testEnd - f.testStart)).toEqual([4, 3, 3]);
    expect(() => purgedKFold(10, 1, ends)).toThrow(/k must be/);
    expect(() => purgedKFold(10, 11, ends)).toThrow(/k must be/);
    const none = Int32Array.from({ length: 9 }, (_, i) => (i >= 3 && i < 6 ? -1 : i));
    expect(() => purgedKFold(9, 3, none)).toThrow(/empty window: the test part of fold 1/);
  });

  it('property: no train window intersects the test range, embargo respected, disjoint', () => {
    fc.assert(
      fc.property(arbLabelEnd(), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 5 }), ({ n, labelEnd }, k, embargo) => {
        if (k > n) return;
        let folds;
        try {
          folds = purgedKFold(n, k, labelEnd, embargo);
        } catch (e) {
          expect((e as Error).message).toMatch(/empty window/);
          return;
        }
        for (const f of folds) {
          expectDisjoint([f.train, f.test], labelEnd);
          const lo = f.test[0];
          let hi = f.test[f.test.length - 1];
          for (const j of f.test) hi = Math.max(hi, labelEnd[j]);
          for (const i of f.train) {
            // [i, labelEnd[i]] ∩ [lo, hi] = ∅ (hi covers the test indices and their label windows)
            expect(labelEnd[i] < lo || i > hi).toBe(true);
            expect(i >= f.testStart && i < f.testEnd).toBe(false);
            expect(i >= f.testEnd && i < f.testEnd + embargo).toBe(false);
            if (i > hi) expect(i).toBeGreaterThan(hi + embargo);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
