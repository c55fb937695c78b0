import { describe, expect, it } from 'vitest';
import { WashTradeDetector } from './WashTradeDetector.ts';
import { EventScript, MS, px, TICK } from './testkit/EventScript.ts';

/** A book $100.00 / $100.05 and a day of ordinary executions (odd lots and round lots at the touch). */
function market(): EventScript {
  const s = new EventScript();
  s.book(0, px(100), px(100.05), 5, 100);
  for (let i = 0; i < 30; i++) {
    const id = s.add(100 * MS + i * 10 * MS, -1, px(100.05), i % 3 === 0 ? 100 : 37);
    s.execute(60_000 * MS + i * 1000 * MS, id);
  }
  return s;
}

/**
 * A one-order-a-side quote that moves up `stepTicks` per round (re-quoted 100 ms before each round) with
 * the spread of that round, and in each round a quick exact match of 1000 placed `at(bid, ask)` by
 * whoever; then the day's ordinary executions, far above, for the size-digit statistics. Returns the
 * matched orders' ids.
 */
function movingQuoteRounds(s: EventScript, spreads: readonly number[], stepTicks: number, at: (bid: number, ask: number) => number): number[] {
  let bid = s.add(0, 1, px(100), 100);
  let ask = s.add(0, -1, px(100) + spreads[0] * TICK, 100);
  const ids: number[] = [];
  for (let r = 0; r < spreads.length; r++) {
    const t = 10_000 * MS + r * 800 * MS;
    const b = px(100) + r * stepTicks * TICK;
    const a = b + spreads[r] * TICK;
    s.delete(t - 100 * MS, bid).delete(t - 100 * MS, ask);
    bid = s.add(t - 100 * MS, 1, b, 100);
    ask = s.add(t - 100 * MS, -1, a, 100);
    const id = s.add(t, r % 2 === 0 ? 1 : -1, at(b, a), 1000);
    s.execute(t + 3 * MS, id);
    ids.push(id);
  }
  for (let i = 0; i < 30; i++) {
    const id = s.add(20_000 * MS + i * 10 * MS, -1, px(101), i % 3 === 0 ? 100 : 37);
    s.execute(60_000 * MS + i * 1000 * MS, id);
  }
  return ids;
}

describe('WashTradeDetector', () => {
  it('flags a wash series: round orders placed inside the spread and taken whole by an exactly-sized order ms later, back and forth', () => {
    const s = market();
    const ids: number[] = [];
    for (let r = 0; r < 4; r++) {
      const t = 10_000 * MS + r * 800 * MS;
      const id = s.add(t, r % 2 === 0 ? 1 : -1, px(100.02), 1000);
      s.execute(t + 3 * MS, id);
      ids.push(id);
    }
    const flags = new WashTradeDetector().detect(s.batch);
    expect(flags.map((f) => f.orderId).sort()).toEqual(ids.sort());
    for (const f of flags) {
      expect(f.kind).toBe('wash');
      expect(f.score).toBeGreaterThan(0.9);
      expect(f.reason).toMatch(/placed inside the spread and taken whole by one exactly-sized execution 3\.0 ms later; one of 4 such trades \(both sides\)/);
    }
  });

  it('does not flag a lone quick match, slow matches, or fills that were part of a bigger order', () => {
    const s = market();
    const lone = s.add(10_000 * MS, 1, px(100.02), 1000);
    s.execute(10_003 * MS, lone); // no series
    for (let r = 0; r < 3; r++) {
      const id = s.add(20_000 * MS + r * 800 * MS, 1, px(100.02), 1000);
      s.execute(20_000 * MS + r * 800 * MS + 500 * MS, id); // waited half a second: a real counterparty
    }
    for (let r = 0; r < 3; r++) {
      const t = 40_000 * MS + r * 800 * MS;
      const a = s.add(t, 1, px(100.02), 500);
      const b = s.add(t, 1, px(100.01), 100);
      s.execute(t + 3 * MS, a).execute(t + 3 * MS, b); // the same incoming order took a second one
    }
    expect(new WashTradeDetector().detect(s.batch)).toEqual([]);
  });

  it('follows a series that re-prices to stay at the middle of a moving spread (8 ticks a round), but not orders merely near one side of it', () => {
    const s = new EventScript();
    const ids = movingQuoteRounds(s, [20, 20, 20, 20], 8, (b, a) => (b + a) / 2);
    const flags = new WashTradeDetector().detect(s.batch);
    expect(flags.map((f) => f.orderId).sort()).toEqual(ids.sort());
    expect(flags[0].reason).toMatch(/one of 4 such trades \(both sides\)/);
    // Linked by their place in the spread, not by price: without that link each is a lone match.
    expect(new WashTradeDetector({ maxMidOffsetDriftTicks: -1 }).detect(s.batch)).toEqual([]);

    // One tick above the bid while the spread swings between 20 and 6 ticks: 2–7 ticks apart from the mid
    // each time, and 8 or more ticks apart in price: no series.
    const t = new EventScript();
    movingQuoteRounds(t, [20, 10, 16, 6], 8, (b) => b + TICK);
    expect(new WashTradeDetector().detect(t.batch)).toEqual([]);
  });
});
