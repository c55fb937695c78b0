import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chronologicalSplit, DEFAULT_SPLIT_FRACTIONS } from './ChronologicalSplit.ts';
import { arbLabelEnd, expectDisjoint } from './splitTestSupport.ts';

describe('chronologicalSplit', () => {
  it('purges label windows that reach the next part (hand-computed, n=20, k=2)', () => {
    // labelEnd = i+2, last two unlabeled. train [0,14), validation [14,17), test [17,20).
    const labelEnd = Int32Array.from({ length: 20 }, (_, i) => (i + 2 < 20 ? i + 2 : -1));
    const s = chronologicalSplit(20, DEFAULT_SPLIT_FRACTIONS, labelEnd);
    expect(s.validationStart).toBe(14);
    expect(s.testStart).toBe(17);
    expect(Array.from(s.train)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]); // 12, 13 reach 14, 15
    expect(Array.from(s.validation)).toEqual([14]); // 15, 16 reach 17, 18
    expect(Array.from(s.test)).toEqual([17]); // 18, 19 unlabeled
  });

  it('embargo leaves a gap after each boundary', () => {
    const labelEnd = Int32Array.from({ length: 100 }, (_, i) => (i + 1 < 100 ? i + 1 : -1));
    const s = chronologicalSplit(100, { train: 0.6, validation: 0.2 }, labelEnd, 3);
    expect(s.train[s.train.length - 1]).toBe(58);
    expect(s.validation[0]).toBe(63);
    expect(s.validation[s.validation.length - 1]).toBe(78);
    expect(s.test[0]).toBe(83);
    expect(s.test[s.test.length - 1]).toBe(98);
  });

  it('allows no validation part when its fraction is 0', () => {
    const labelEnd = Int32Array.from({ length: 10 }, (_, i) => i);
    const s = chronologicalSplit(10, { train: 0.5, validation: 0 }, labelEnd);
    expect(s.validation.length).toBe(0);
    expect(Array.from(s.test)).toEqual([5, 6, 7, 8, 9]);
  });

  it('an empty part is a clear RangeError', () => {
    const labelEnd = Int32Array.from({ length: 10 }, (_, i) => (i < 8 ? 9 : -1));
    expect(() => chronologicalSplit(10, DEFAULT_SPLIT_FRACTIONS, labelEnd)).toThrow(/empty window: the train part/);
    expect(() => chronologicalSplit(10, { train: 1.2, validation: 0 }, labelEnd)).toThrow(RangeError);
    expect(() => chronologicalSplit(10, DEFAULT_SPLIT_FRACTIONS, new Int32Array(9))).toThrow(/labelEnd has 9/);
    expect(() => chronologicalSplit(3, DEFAULT_SPLIT_FRACTIONS, Int32Array.from([1, 0, -1]))).toThrow(/labelEnd\[1\]/);
  });

  it('property: disjoint, ordered, purged, embargoed, no unlabeled sample', () => {
    fc.assert(
      fc.property(arbLabelEnd(), fc.integer({ min: 0, max: 5 }), ({ n, labelEnd }, embargo) => {
        let s;
        try {
          s = chronologicalSplit(n, { train: 0.6, validation: 0.2 }, labelEnd, embargo);
        } catch (e) {
          expect((e as Error).message).toMatch(/empty window/);
          return;
        }
        expectDisjoint([s.train, s.validation, s.test], labelEnd);
        for (const i of s.train) expect(labelEnd[i]).toBeLessThan(s.validationStart);
        for (const i of s.validation) {
          expect(i).toBeGreaterThanOrEqual(s.validationStart + embargo);
          expect(labelEnd[i]).toBeLessThan(s.testStart);
        }
        for (const i of s.test) expect(i).toBeGreaterThanOrEqual(s.testStart + embargo);
        // Every train label window ends before the first test index.
        for (const i of s.train) expect(labelEnd[i]).toBeLessThan(s.test[0]);
      }),
      { numRuns: 500 },
    );
  });
});
