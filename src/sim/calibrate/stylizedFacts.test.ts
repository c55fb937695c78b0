import { describe, expect, it } from 'vitest';
import { EventBatch } from '../../data/EventBatch.ts';
import { EventType } from '../../data/EventType.ts';
import { lobsterInstrument } from '../../data/Instrument.ts';
import { loadLobsterDay } from '../../data/lobster/LobsterDay.ts';
import { lobsterDayFromEvents } from '../../data/lobster/lobsterDayFromEvents.ts';
import { LOBSTER, realDataPresent } from '../../../test/realData.ts';
import { StylizedFactsCollector } from './StylizedFactsCollector.ts';
import { stylizedFactsOfEvents, stylizedFactsOfLobsterDay, stylizedFactsOfLobsterFiles } from './stylizedFacts.ts';

const S = 1_000_000_000;
const { Add, Reduce, Delete, ExecuteVisible, ExecuteHidden } = EventType;

function batch(rows: [t: number, type: number, side: number, price: number, size: number, id: number][]): EventBatch {
  const b = new EventBatch(rows.length, 0n, [lobsterInstrument('T')]);
  rows.forEach(([t, type, side, price, size, id], i) => b.push(t, t, type, side, price, size, id, i + 1));
  return b;
}

/**
 * Eight events on a one-cent grid (tick 100 units), times in seconds:
 *   0.5  add bid 100 @ 1.0000        (one-sided)
 *   0.5  add ask  50 @ 1.0200        spread 2, mid 1.0100          (same message as the first: same time)
 *   1.5  add ask  30 @ 1.0100        spread 1, mid 1.0050
 *   2.0  execute the ask 30          spread 2, mid 1.0100          buyer-initiated (+1)
 *   3.5  reduce the bid by 40        spread 2, bid 60
 *   4.0  execute the bid 60          (one-sided)                   seller-initiated (−1)
 *   4.0  add bid 150 @ 0.9900        spread 3, mid 1.0050
 *   5.0  delete the ask              (one-sided)
 */
const TINY = batch([
  [0.5 * S, Add, 1, 10_000, 100, 1],
  [0.5 * S, Add, -1, 10_200, 50, 2],
  [1.5 * S, Add, -1, 10_100, 30, 3],
  [2.0 * S, ExecuteVisible, -1, 10_100, 30, 3],
  [3.5 * S, Reduce, 1, 10_000, 40, 1],
  [4.0 * S, ExecuteVisible, 1, 10_000, 60, 1],
  [4.0 * S, Add, 1, 9_900, 150, 4],
  [5.0 * S, Delete, -1, 10_200, 50, 2],
]);

describe('stylized facts of a tiny hand-computed sequence', () => {
  const f = stylizedFactsOfEvents(TINY, { tickSize: 100 });

  it('spread: time-weighted over the 4.5 s the book is two-sided (1 tick 0.5 s, 2 ticks 3 s, 3 ticks 1 s)', () => {
    expect(f.spread.mean).toBeCloseTo(9.5 / 4.5, 12);
    expect(f.spread.median).toBe(2);
    expect(f.spread.p10).toBe(1);
    expect(f.spread.p90).toBe(3);
  });

  it('depth at the best: time-weighted shares', () => {
    // bid: 100 × 1 + 100 × 0.5 + 100 × 1.5 + 60 × 0.5 + 150 × 1 = 480; ask: 50 + 15 + 75 + 25 + 50 = 215.
    expect(f.depthAtBest.bid).toBeCloseTo(480 / 4.5, 10);
    expect(f.depthAtBest.ask).toBeCloseTo(215 / 4.5, 10);
  });

  it('order sizes of the adds [30, 50, 100, 150]', () => {
    expect(f.orderSize.mean).toBe(82.5);
    expect(f.orderSize.median).toBe(50);
    expect(f.orderSize.p10).toBe(30);
    expect(f.orderSize.p90).toBe(150);
    expect(f.orderSize.roundLotShare).toBe(0.25);
    expect(f.orderSize.oddLotGeoMean).toBeCloseTo(Math.sqrt(1500), 10);
    expect(f.orderSize.oddLotLogSd).toBeCloseTo(Math.log(5 / 3) / 2, 12);
  });

  it('inter-arrival times between messages (events sharing a time are one message): 1000, 500, 1500, 500, 1000 ms', () => {
    expect(f.events).toBe(8);
    expect(f.seconds).toBe(4.5);
    expect(f.eventRate).toBeCloseTo(8 / 4.5, 12);
    expect(f.interArrivalMs.mean).toBe(900);
    expect(f.interArrivalMs.median).toBe(1000);
    expect(f.interArrivalMs.cv).toBeCloseTo(Math.sqrt(140_000) / 900, 12);
  });

  it('cancel-to-add (reduce + delete over adds) and trade rate', () => {
    expect(f.cancelToAdd).toBe(0.5);
    expect(f.tradeRate).toBeCloseTo(2 / 4.5, 12);
  });

  it('1-s mid returns: grid mids 1.0100, 1.0100, 1.0100, 1.0050, (one-sided) → returns [0, 0, r] and a gap', () => {
    const r = Math.log(10_050 / 10_100);
    expect(f.midReturn1s.samples).toBe(3);
    expect(f.midReturn1s.sdBp).toBeCloseTo(((Math.abs(r) * Math.SQRT2) / 3) * 1e4, 9);
    expect(f.midReturn1s.excessKurtosis).toBeCloseTo(-1.5, 9);
    // |r| series [0, 0, a, gap]: lag-1 ACF = (a²/9 − 2a²/9) / (2a²/3) = −1/6; no pairs at lags 5 and 10.
    expect(f.absReturnAcf.lag1).toBeCloseTo(-1 / 6, 12);
    expect(f.absReturnAcf.lag5).toBeNaN();
    expect(f.absReturnAcf.lag10).toBeNaN();
  });

  it('trade signs are the opposite of the resting side: [+1, −1] → lag-1 ACF −0.5', () => {
    expect(f.tradeSignAcf.lag1).toBeCloseTo(-0.5, 12);
    expect(f.tradeSignAcf.lag5).toBeNaN();
  });

  it('the same facts from the LobsterDay shape (orderbook rows), and from the collector fed by hand', () => {
    const viaRows = stylizedFactsOfLobsterDay(lobsterDayFromEvents(TINY, 2));
    expect(viaRows).toEqual(f);
    const c = new StylizedFactsCollector({ tickSize: 100 });
    const quotes: [number, number, number, number][] = [
      [NaN, 0, 10_000, 100],
      [10_200, 50, 10_000, 100],
      [10_100, 30, 10_000, 100],
      [10_200, 50, 10_000, 100],
      [10_200, 50, 10_000, 60],
      [10_200, 50, NaN, 0],
      [10_200, 50, 9_900, 150],
      [NaN, 0, 9_900, 150],
    ];
    quotes.forEach(([a, as, b, bs], i) => c.onEvent(TINY.exchTs[i], TINY.type[i], TINY.side[i], TINY.size[i], a, as, b, bs));
    expect(c.finish()).toEqual(f);
  });

  it('startNs: earlier events only build the state; warmUpNs counts from the first event', () => {
    const late = stylizedFactsOfEvents(TINY, { tickSize: 100, startNs: 3 * S });
    // Counted: reduce (3.5), execute (4.0), add (4.0), delete (5.0); spread 2 from 3 s to 4 s, 3 from 4 s to 5 s.
    expect(late.events).toBe(4);
    expect(late.spread.mean).toBe(2.5);
    expect(late.depthAtBest.bid).toBe((100 * 0.5 + 60 * 0.5 + 150) / 2);
    expect(late.orderSize.mean).toBe(150);
    expect(stylizedFactsOfEvents(TINY, { tickSize: 100, warmUpNs: 2.5 * S })).toEqual(late);
  });

  it('hidden executions count as trades (sign: opposite of the hidden order’s side) but do not move the book', () => {
    const b = batch([
      [1 * S, Add, 1, 10_000, 100, 1],
      [1 * S, Add, -1, 10_200, 100, 2],
      [2 * S, ExecuteHidden, -1, 10_100, 10, 0],
      [3 * S, ExecuteHidden, -1, 10_100, 10, 0],
    ]);
    const h = stylizedFactsOfEvents(b, { tickSize: 100 });
    expect(h.tradeRate).toBe(1);
    expect(h.tradeSignAcf.lag1).toBeNaN(); // constant signs: no variance
    expect(h.spread.mean).toBe(2);
  });
});

describe('the level window of a simulated day', () => {
  it('counts only events within the best `levels` price levels, as a LOBSTER file of that level would', () => {
    const b = batch([
      [1 * S, Add, 1, 10_000, 100, 1],
      [1 * S, Add, -1, 10_200, 100, 2],
      [2 * S, Add, 1, 9_900, 7, 3], // second bid level: outside a 1-level window
      [3 * S, Delete, 1, 9_900, 7, 3], // still outside
      [4 * S, Add, 1, 10_100, 9, 4], // improves the bid: inside
      [5 * S, Delete, 1, 10_000, 100, 1], // now the second level: outside
    ]);
    const one = stylizedFactsOfEvents(b, { tickSize: 100, levels: 1 });
    expect(one.events).toBe(3);
    expect(one.orderSize.mean).toBe((100 + 100 + 9) / 3);
    const all = stylizedFactsOfEvents(b, { tickSize: 100, levels: Infinity });
    expect(all.events).toBe(6);
    expect(all.cancelToAdd).toBe(2 / 4);
    expect(stylizedFactsOfEvents(b, { tickSize: 100, levels: 2 }).events).toBe(6);
  });

  it('refuses events about orders it never saw (a simulated day starts from an empty book)', () => {
    const b = batch([[1 * S, Delete, 1, 10_000, 5, 99]]);
    expect(() => stylizedFactsOfEvents(b, { tickSize: 100 })).toThrow(/never added/);
  });
});

describe.skipIf(!realDataPresent)('stylized facts of the real GOOG day (LOBSTER level 10)', () => {
  it('the streaming and in-memory paths agree on the 2,000-row fixture', async () => {
    const { messages, orderbook } = LOBSTER.fixture;
    const streamed = await stylizedFactsOfLobsterFiles(messages, orderbook);
    const day = await loadLobsterDay(messages, orderbook);
    expect(stylizedFactsOfLobsterDay(day)).toEqual(streamed.facts);
    expect(streamed.levels).toBe(10);
    expect(streamed.tickSize).toBe(100);
    expect(streamed.facts.events).toBe(2000);
  });

  it('GOOG 2012-06-21: a wide-spread, round-lot, bursty market with long memory in trade signs', async () => {
    const { messages, orderbook } = LOBSTER.pair('GOOG', 10);
    const { facts: f, firstMid } = await stylizedFactsOfLobsterFiles(messages, orderbook, { warmUpNs: 60 * S });
    expect(firstMid).toBeGreaterThan(5_700_000);
    expect(firstMid).toBeLessThan(5_900_000);
    // The figures the calibration targets (computed once; the definitions are pinned by the tests above).
    expect(f.events).toBe(146_831);
    expect(f.spread.mean).toBeCloseTo(27.16, 1);
    expect(f.spread.median).toBe(25);
    expect([f.spread.p10, f.spread.p90]).toEqual([14, 42]);
    expect(f.orderSize.median).toBe(100);
    expect(f.orderSize.roundLotShare).toBeCloseTo(0.512, 2);
    expect(f.cancelToAdd).toBeCloseTo(0.912, 2);
    expect(f.interArrivalMs.median).toBeLessThan(2); // millisecond bursts
    expect(f.interArrivalMs.cv).toBeGreaterThan(3);
    expect(f.midReturn1s.excessKurtosis).toBeGreaterThan(10); // fat tails
    expect(f.absReturnAcf.lag1).toBeGreaterThan(0.05); // volatility clustering
    expect(f.tradeSignAcf.lag1).toBeGreaterThan(0.6);
    expect(f.tradeSignAcf.lag10).toBeGreaterThan(0.1); // slow decay
  }, 20_000);
});
