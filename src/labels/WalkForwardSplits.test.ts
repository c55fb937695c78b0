import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { walkForwardSplits } from './WalkForwardSplits.ts';
import { arbLabelEnd, expectDisjoint } from './splitTestSupport.ts';

describe('walkForwardSplits', () => {
  const labelEnd = Int32Array.from({ length: 20 }, (_, i) => (i + 2 < 20 ? i + 2 : -1));

  it('expanding folds, purged (hand-computed: n=20, 3 folds of 5)', () => {
    const folds = walkForwardSplits(20, { folds: 3 }, labelEnd);
    // testSize = floor(20/4) = 5 → tests [5,10), [10,15), [15,20)
    expect(folds.map((f) => [f.testStart, f.testEnd])).toEqual([[5, 10], [10, 15], [15, 20]]);
    expect(Array.from(folds[0].train)).toEqual([0, 1, 2]); // 3, 4 reach 5, 6
    expect(Array.from(folds[0].test)).toEqual([5, 6, 7, 8, 9]);
    expect(Array.from(folds[2].train)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(folds[2].test)).toEqual([15, 16, 17]); // 18, 19 unlabeled
  });

  it('rolling window of minTrain samples, and an embargo gap at each test start', () => {
    const folds = walkForwardSplits(20, { folds: 2, minTrain: 10, expanding: false }, labelEnd, 2);
    // testSize = floor((20-10)/2) = 5 → tests [10,15), [15,20); train windows [0,10), [5,15)
    expect(Array.from(folds[1].train)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(folds[1].test)).toEqual([17]);
    expect(Array.from(folds[0].test)).toEqual([12, 13, 14]);
  });

  it('rejects impossible layouts and empty windows', () => {
    expect(() => walkForwardSplits(20, { folds: 3, testSize: 7 }, labelEnd)).toThrow(/not enough samples/);
    expect(() => walkForwardSplits(20, { folds: 0 }, labelEnd)).toThrow(/folds/);
    const late = Int32Array.from({ length: 20 }, (_, i) => (i < 10 ? 19 : i));
    expect(() => walkForwardSplits(20, { folds: 2 }, late)).toThrow(/empty window: the train part of fold 0/);
  });

  it('property: train strictly before test, purged, embargoed, disjoint', () => {
    fc.assert(
      fc.property(
        arbLabelEnd(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        ({ n, labelEnd }, folds, embargo, expanding) => {
          let result;
          try {
            result = walkForwardSplits(n, { folds, expanding }, labelEnd, embargo);
          } catch (e) {
            expect((e as Error).message).toMatch(/empty window|not enough samples|testSize/);
            return;
          }
          expect(result.length).toBe(folds);
          for (const f of result) {
            expectDisjoint([f.train, f.test], labelEnd);
            const firstTest = f.test[0];
            for (const i of f.train) {
              expect(i).toBeLessThan(firstTest);
              expect(labelEnd[i]).toBeLessThan(f.testStart);
            }
            for (const i of f.test) {
              expect(i).toBeGreaterThanOrEqual(f.testStart + embargo);
              expect(i).toBeLessThan(f.testEnd);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
