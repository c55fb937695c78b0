import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forwardReturnBps, forwardReturnBpsClock, forwardReturnLabelEnd } from './ForwardReturn.ts';
import { STANDARD_HORIZONS } from './LabelProtocols.ts';

describe('forwardReturnBps', () => {
  it('is 1e4·(mid[t+k]/mid[t] − 1), NaN past the end (hand-computed)', () => {
    const r = forwardReturnBps(Float64Array.from([100, 101, 99]), 1);
    expect(r[0]).toBeCloseTo(100, 9);
    expect(r[1]).toBe(1e4 * (99 / 101 - 1));
    expect(Number.isNaN(r[2])).toBe(true);
    expect(Array.from(forwardReturnLabelEnd(3, 1))).toEqual([1, 2, -1]);
  });

  for (const k of STANDARD_HORIZONS) {
    it(`k=${k}: NaN exactly on the last k samples`, () => {
      const mid = Float64Array.from({ length: 150 }, (_, i) => 100 + (i % 7));
      const r = forwardReturnBps(mid, k);
      const end = forwardReturnLabelEnd(150, k);
      for (let t = 0; t < 150; t++) {
        expect(Number.isNaN(r[t])).toBe(t + k >= 150);
        expect(end[t]).toBe(t + k < 150 ? t + k : -1);
      }
    });
  }

  it('rejects a horizon longer than the data', () => {
    expect(() => forwardReturnBps(Float64Array.from([1, 2]), 2)).toThrow(/k=2.*got 2/);
  });
});

describe('forwardReturnBpsClock', () => {
  it('uses the last sample at or before t+Δ (hand-computed)', () => {
    const time = Float64Array.from([0, 10, 20, 20, 35, 50]);
    const mid = Float64Array.from([100, 101, 102, 103, 104, 105]);
    const r = forwardReturnBpsClock(mid, time, 15);
    // t0 → 15 → sample 1; t1 → 25 → sample 3 (last at 20); t2, t3 → 35 → sample 4; t4 → 50 → 5; t5 → 65 > 50
    expect(Array.from(r.labelEnd)).toEqual([1, 3, 4, 4, 5, -1]);
    expect(r.bps[0]).toBe(1e4 * (101 / 100 - 1));
    expect(r.bps[1]).toBe(1e4 * (103 / 101 - 1));
    expect(r.bps[3]).toBe(1e4 * (104 / 103 - 1));
    expect(Number.isNaN(r.bps[5])).toBe(true);
  });

  it('rejects bad input: decreasing time, non-positive horizon, horizon longer than the data', () => {
    const mid = Float64Array.from([1, 2, 3]);
    expect(() => forwardReturnBpsClock(mid, Float64Array.from([0, 5, 4]), 1)).toThrow(/timeNs\[2\]/);
    expect(() => forwardReturnBpsClock(mid, Float64Array.from([0, 1, 2]), 0)).toThrow(/horizonNs/);
    expect(() => forwardReturnBpsClock(mid, Float64Array.from([0, 1, 2]), 3)).toThrow(/longer than the data/);
  });

  it('property: matches a direct search, labelEnd >= t', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 60 }),
        fc.integer({ min: 1, max: 40 }),
        (gaps, horizon) => {
          const time = new Float64Array(gaps.length);
          for (let i = 1; i < gaps.length; i++) time[i] = time[i - 1] + gaps[i];
          if (time[0] + horizon > time[time.length - 1]) return;
          const mid = Float64Array.from(gaps, (g, i) => 50 + g + i);
          const r = forwardReturnBpsClock(mid, time, horizon);
          for (let t = 0; t < mid.length; t++) {
            const target = time[t] + horizon;
            let j = -1;
            for (let i = 0; i < mid.length; i++) if (time[i] <= target) j = i;
            if (target > time[time.length - 1]) {
              expect(r.labelEnd[t]).toBe(-1);
              expect(Number.isNaN(r.bps[t])).toBe(true);
            } else {
              expect(r.labelEnd[t]).toBe(j);
              expect(j).toBeGreaterThanOrEqual(t);
              expect(r.bps[t]).toBe(1e4 * (mid[j] / mid[t] - 1));
            }
          }
        },
      ),
    );
  });
});
