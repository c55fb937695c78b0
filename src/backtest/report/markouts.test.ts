import { describe, expect, it } from 'vitest';
import type { EquityCurve, FillLog } from '../BacktestResult.ts';
import { computeMarkouts } from './markouts.ts';

const S = 1e9;

/** Samples every second from 0 to 12 s; the mid is missing (one-sided book) at 12 s. */
function curve(): EquityCurve {
  const mid = [100.0, 100.02, 100.04, 100.01, 99.98, 99.95, 99.97, 100.0, 100.03, 100.05, 100.1, 100.08, NaN];
  const n = mid.length;
  return {
    length: n,
    timeNs: Float64Array.from(mid, (_, k) => k * S),
    equity: new Float64Array(n),
    position: new Float64Array(n),
    mid: Float64Array.from(mid),
  };
}

interface F {
  t: number;
  side: 1 | -1;
  price: number;
  qty: number;
  taker: boolean;
}

function fills(list: F[]): FillLog {
  const n = list.length;
  return {
    length: n,
    exchNs: Float64Array.from(list, (f) => f.t * S),
    localNs: Float64Array.from(list, (f) => f.t * S + 1000),
    orderId: Float64Array.from(list, (_, i) => i + 1),
    side: Int8Array.from(list, (f) => f.side),
    price: Float64Array.from(list, (f) => f.price),
    qty: Float64Array.from(list, (f) => f.qty),
    fee: new Float64Array(n),
    liquidity: Uint8Array.from(list, (f) => (f.taker ? 1 : 0)),
    positionAfter: new Float64Array(n),
    cashAfter: new Float64Array(n),
    midAtFill: new Float64Array(n),
  };
}

const log = fills([
  { t: 0.5, side: 1, price: 99.99, qty: 100, taker: false }, // +1 s: mid(1 s) 100.02; +10 s: mid(10 s) 100.10
  { t: 1, side: -1, price: 100.03, qty: 200, taker: false }, // +1 s lands exactly on the 2 s sample: 100.04; +10 s: 100.08
  { t: 3.2, side: 1, price: 100.02, qty: 100, taker: true }, // +1 s: mid(4 s) 99.98; +10 s: past the end
  { t: 4, side: -1, price: 99.97, qty: 100, taker: true }, // +1 s: 99.95; +10 s: past the end
  { t: 11, side: 1, price: 100.07, qty: 100, taker: false }, // +1 s: NaN mid; +10 s: past the end
  { t: -2, side: 1, price: 100.0, qty: 100, taker: false }, // +1 s: before the first sample; +10 s: mid(8 s) 100.03
]);

const bps = (usd: number, price: number): number => (1e4 * usd) / price;

describe('computeMarkouts', () => {
  const [h1, h10] = computeMarkouts(log, curve());

  it('takes the last mid at or before t + 1 s, signs by side, splits maker and taker', () => {
    expect(h1.horizonNs).toBe(S);
    const m = h1.maker;
    expect([m.fills, m.count, m.beyondEnd, m.noMid]).toEqual([4, 2, 0, 2]);
    // +0.03 (buy at 99.99, mid 100.02) and −0.01 (sell at 100.03, mid 100.04)
    expect(m.meanUsd).toBeCloseTo(0.01, 10);
    expect(m.medianUsd).toBeCloseTo(0.01, 10);
    const makerBps = [bps(0.03, 99.99), bps(-0.01, 100.03)];
    expect(m.meanBps).toBeCloseTo((makerBps[0] + makerBps[1]) / 2, 8);
    expect(m.medianBps).toBeCloseTo((makerBps[0] + makerBps[1]) / 2, 8);
    expect(m.totalUsd).toBeCloseTo(100 * 0.03 + 200 * -0.01, 8);

    const t = h1.taker;
    expect([t.fills, t.count, t.beyondEnd, t.noMid]).toEqual([2, 2, 0, 0]);
    // −0.04 (buy at 100.02, mid 99.98) and +0.02 (sell at 99.97, mid 99.95)
    expect(t.meanUsd).toBeCloseTo(-0.01, 10);
    expect(t.meanBps).toBeCloseTo((bps(-0.04, 100.02) + bps(0.02, 99.97)) / 2, 8);
    expect(t.totalUsd).toBeCloseTo(-2, 8);

    const a = h1.all;
    expect([a.fills, a.count, a.beyondEnd, a.noMid]).toEqual([6, 4, 0, 2]);
    expect(a.meanUsd).toBeCloseTo(0, 10);
    expect(a.medianUsd).toBeCloseTo((-0.01 + 0.02) / 2, 10); // sorted: −0.04, −0.01, 0.02, 0.03
  });

  it('excludes and counts fills whose 10 s horizon passes the end of the curve', () => {
    const m = h10.maker;
    expect([m.fills, m.count, m.beyondEnd, m.noMid]).toEqual([4, 3, 1, 0]);
    // +0.11, −0.05, +0.03
    expect(m.meanUsd).toBeCloseTo(0.03, 10);
    expect(m.medianUsd).toBeCloseTo(0.03, 10);
    expect(m.medianBps).toBeCloseTo(bps(0.03, 100), 8);
    expect(m.totalUsd).toBeCloseTo(11 - 10 + 3, 8);
    const t = h10.taker;
    expect([t.fills, t.count, t.beyondEnd, t.noMid]).toEqual([2, 0, 2, 0]);
    expect(t.meanUsd).toBeNaN();
    expect(t.medianBps).toBeNaN();
    expect(t.totalUsd).toBe(0);
    expect([h10.all.count, h10.all.beyondEnd]).toEqual([3, 3]);
  });

  it('accepts other horizons, including 0 (the mid at the fill itself)', () => {
    const [h0] = computeMarkouts(fills([{ t: 2.5, side: -1, price: 100.05, qty: 1, taker: true }]), curve(), [0]);
    expect(h0.taker.meanUsd).toBeCloseTo(100.05 - 100.04, 10);
  });

  it('handles no fills and an empty curve', () => {
    const [h] = computeMarkouts(fills([]), curve());
    expect(h.all.count).toBe(0);
    const empty: EquityCurve = { length: 0, timeNs: new Float64Array(0), equity: new Float64Array(0), position: new Float64Array(0), mid: new Float64Array(0) };
    const [e] = computeMarkouts(log, empty);
    expect(e.all.beyondEnd).toBe(6);
  });

  it('refuses a curve that goes back in time, and a bad horizon', () => {
    const c = curve();
    c.timeNs[5] = 0;
    expect(() => computeMarkouts(log, c)).toThrow(/timeNs\[5\]/);
    expect(() => computeMarkouts(log, curve(), [NaN])).toThrow(RangeError);
  });
});
