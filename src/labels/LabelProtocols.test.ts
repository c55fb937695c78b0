import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { directionLabels, LABEL_PROTOCOLS, STANDARD_HORIZONS } from './LabelProtocols.ts';
import { UNLABELED, type LabelProtocolName } from './DirectionLabel.ts';
import { SeededRng } from '../core/rng.ts';

const PROTOCOLS = Object.keys(LABEL_PROTOCOLS) as LabelProtocolName[];

/** Direct O(n·k) restatement of each protocol's formula, for comparison. */
function reference(mid: ArrayLike<number>, protocol: LabelProtocolName, k: number, smoothing = 10): number[] {
  const n = mid.length;
  const mean = (from: number, to: number): number => {
    let s = 0;
    for (let i = from; i <= to; i++) s += mid[i];
    return s / (to - from + 1);
  };
  const out: number[] = [];
  for (let t = 0; t < n; t++) {
    let l = NaN;
    if (protocol === 'fi2010' && t + k < n) l = (mean(t + 1, t + k) - mid[t]) / mid[t];
    if (protocol === 'kahead' && t + k < n) l = (mid[t + k] - mid[t]) / mid[t];
    if (protocol === 'lobcast' && t >= k - 1 && t + k < n) l = (mean(t + 1, t + k) - mean(t - k + 1, t)) / mean(t - k + 1, t);
    const s = Math.min(smoothing, k);
    if (protocol === 'tlob' && t >= s - 1 && t + k < n) l = (mean(t + k - s + 1, t + k) - mean(t - s + 1, t)) / mean(t - s + 1, t);
    out.push(l);
  }
  return out;
}

/** Integer-tick random walk: sums of ticks are exact, so the rolling and direct means agree bit for bit. */
function walk(n: number, seed: number): Float64Array {
  const rng = new SeededRng(seed);
  const mid = new Float64Array(n);
  let p = 10_000;
  for (let i = 0; i < n; i++) {
    p += rng.nextInt(5) - 2;
    mid[i] = p / 2; // half-ticks: mids sit between two integer prices
  }
  return mid;
}

describe('LABEL_PROTOCOLS', () => {
  it('registers the four protocols with a description, a source and defaults', () => {
    expect(PROTOCOLS.sort()).toEqual(['fi2010', 'kahead', 'lobcast', 'tlob']);
    for (const name of PROTOCOLS) {
      const p = LABEL_PROTOCOLS[name];
      expect(p.name).toBe(name);
      expect(p.describe.length).toBeGreaterThan(10);
      expect(p.source.length).toBeGreaterThan(10);
    }
    expect(LABEL_PROTOCOLS.fi2010.defaults.alpha).toBe(0.002);
    expect(LABEL_PROTOCOLS.kahead.defaults.alpha).toBe(0);
    expect(LABEL_PROTOCOLS.tlob.defaults.smoothing).toBe(10);
  });

  it('rejects an unknown protocol, listing the known ones', () => {
    expect(() => directionLabels(new Float64Array(10).fill(1), { protocol: 'deeplob', horizon: 1 })).toThrow(
      /unknown label protocol "deeplob".*fi2010, lobcast, tlob, kahead/,
    );
  });

  const mid = walk(400, 11);
  for (const protocol of PROTOCOLS) {
    for (const k of STANDARD_HORIZONS) {
      it(`${protocol} k=${k}: matches the formula, labelEnd = t+k, 255 exactly where unlabeled`, () => {
        const r = directionLabels(mid, { protocol, horizon: k, fitRows: 300 });
        expect(r.protocol).toBe(protocol);
        expect(r.horizon).toBe(k);
        const ref = reference(mid, protocol, k);
        let labelled = 0;
        for (let t = 0; t < mid.length; t++) {
          if (Number.isNaN(ref[t])) {
            expect(r.labels[t]).toBe(UNLABELED);
            expect(r.labelEnd[t]).toBe(-1);
            expect(Number.isNaN(r.change[t])).toBe(true);
          } else {
            labelled++;
            expect(r.change[t]).toBe(ref[t]);
            expect(r.labelEnd[t]).toBe(t + k);
            expect(r.labels[t]).toBe(ref[t] > r.alphaUp ? 2 : ref[t] < r.alphaDown ? 0 : 1);
          }
        }
        const b = r.balance;
        expect(b.down + b.stationary + b.up).toBe(labelled);
        expect(b.unlabeled).toBe(mid.length - labelled);
      });
    }
    it(`${protocol}: a horizon longer than the data is a RangeError naming k and n`, () => {
      expect(() => directionLabels(mid.subarray(0, 50), { protocol, horizon: 100, fitRows: 50 })).toThrow(
        /horizon k=100 is longer than the data.*got 50/,
      );
    });
  }

  it('property: a label never reads past labelEnd nor before t - lookBack', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROTOCOLS),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 14, maxLength: 40 }),
        fc.nat(),
        (protocol, k, ticks, pick) => {
          const mid = Float64Array.from(ticks);
          const opts = { protocol, horizon: k, smoothing: 3, fitRows: mid.length };
          const r = directionLabels(mid, opts);
          const t = pick % mid.length;
          if (r.labelEnd[t] < 0) return;
          const ref = reference(ticks, protocol, k, 3);
          expect(r.change[t]).toBe(ref[t]);
          const moved = mid.slice();
          for (let j = 0; j < mid.length; j++) if (j > r.labelEnd[t] || j < t - r.lookBack) moved[j] = 1 + ((j * 7) % 13);
          expect(reference(moved, protocol, k, 3)[t]).toBe(ref[t]);
          // Fixed-threshold protocols: the label itself is unchanged.
          if (protocol === 'fi2010' || protocol === 'kahead') {
            expect(directionLabels(moved, opts).labels[t]).toBe(r.labels[t]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: fitted thresholds ignore every sample at or after fitRows', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<LabelProtocolName>('lobcast', 'tlob'),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 30, maxLength: 60 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (protocol, k, ticks, garbage) => {
          const mid = Float64Array.from(ticks);
          const fitRows = 20;
          const a = directionLabels(mid, { protocol, horizon: k, fitRows });
          const moved = mid.slice();
          for (let j = fitRows; j < moved.length; j++) moved[j] = garbage;
          const b = directionLabels(moved, { protocol, horizon: k, fitRows });
          expect(b.alphaUp).toBe(a.alphaUp);
          expect(b.alphaDown).toBe(a.alphaDown);
        },
      ),
      { numRuns: 200 },
    );
  });
});
