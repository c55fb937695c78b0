import { describe, expect, it } from 'vitest';
import { MomentumIgnitionDetector } from './MomentumIgnitionDetector.ts';
import { EventScript, MS, TICK, px } from './testkit/EventScript.ts';

/** Book $100.00 / $100.05 with 20 levels a side; returns the ask ids by level. */
function market(): { s: EventScript; asks: number[] } {
  const s = new EventScript();
  const { asks } = s.book(0, px(100), px(100.05), 20, 100);
  // Ordinary two-sided trading before: spreads of 5 ticks.
  for (let i = 0; i < 20; i++) {
    const id = s.add(900 * MS + i * 100 * MS, 1, px(100) - 25 * TICK, 100);
    s.delete(950 * MS + i * 100 * MS, id);
  }
  return { s, asks };
}

/** Eight aggressive buys 60 ms apart, each taking two ask levels: the ask climbs 16 ticks. */
function run(s: EventScript, asks: number[], t: number): number {
  for (let k = 0; k < 8; k++) {
    const at = t + k * 60 * MS;
    s.execute(at, asks[2 * k]).execute(at, asks[2 * k + 1]);
  }
  return t + 7 * 60 * MS;
}

/** A sell order worked at the best ask minus a tick, cancelled and replaced every 300 ms. */
function unwindChain(s: EventScript, t: number, n: number, price: number): number[] {
  const ids: number[] = [];
  let id = s.add(t, -1, price, 300);
  ids.push(id);
  for (let k = 1; k < n; k++) {
    s.delete(t + k * 300 * MS, id);
    id = s.add(t + k * 300 * MS, -1, price, 300);
    ids.push(id);
  }
  s.delete(t + n * 300 * MS, id);
  return ids;
}

/** Like unwindChain, but the last order is executed in full instead of cancelled; returns its ids and the fill's time. */
function filledChain(s: EventScript, t: number, n: number, price: number): { ids: number[]; filledAt: number } {
  const ids: number[] = [];
  let id = s.add(t, -1, price, 300);
  ids.push(id);
  for (let k = 1; k < n; k++) {
    s.delete(t + k * 300 * MS, id);
    id = s.add(t + k * 300 * MS, -1, price, 300);
    ids.push(id);
  }
  const filledAt = t + n * 300 * MS - 100 * MS;
  s.execute(filledAt, id);
  return { ids, filledAt };
}

describe('MomentumIgnitionDetector', () => {
  it('flags the unwind of an ignition run: a replace chain on the other side starting after the igniter waited', () => {
    const { s, asks } = market();
    const end = run(s, asks, 10_000 * MS);
    const bestAsk = px(100.05) + 16 * TICK;
    const ids = unwindChain(s, end + 600 * MS, 6, bestAsk - TICK);
    // The price falls back: the book refills the asks the run took.
    for (let k = 0; k < 16; k++) s.add(end + 3000 * MS + k * MS, -1, px(100.05) + k * TICK, 100);
    const flags = new MomentumIgnitionDetector().detect(s.batch);
    expect(flags.map((f) => f.orderId)).toEqual(ids);
    expect(flags[0].reason).toMatch(/one of 6 orders of a cancel-and-replace chain on the ask started 600 ms after the run \(an unwind\): 8 aggressive buys \(1600 traded\) in 420 ms moved the mid 8\.0 ticks, 100% given back/);
  });

  it('does not flag market makers re-posting at once after the run, nor anything without a run', () => {
    const { s, asks } = market();
    const end = run(s, asks, 10_000 * MS);
    unwindChain(s, end + 2 * MS, 6, px(100.05) + 16 * TICK); // re-posted 2 ms after: replacing what the run took
    unwindChain(s, 60_000 * MS, 6, px(100.05) + 16 * TICK); // a working order long after
    expect(new MomentumIgnitionDetector().detect(s.batch)).toEqual([]);
  });

  it('follows the unwind past a full fill: the next order on that side within half a second goes on with it', () => {
    const { s, asks } = market();
    const end = run(s, asks, 10_000 * MS);
    const price = px(100.05) + 15 * TICK;
    const first = filledChain(s, end + 600 * MS, 16, price); // filled 5.3 s after the run
    const second = filledChain(s, first.filledAt + 200 * MS, 3, price); // starts too late to count on its own
    const late = unwindChain(s, second.filledAt + 2_000 * MS, 3, price); // two seconds after the last fill: not the same working order
    for (let k = 0; k < 16; k++) s.add(end + 9_000 * MS + k * MS, -1, px(100.05) + k * TICK, 100);
    const flags = new MomentumIgnitionDetector().detect(s.batch);
    expect(flags.map((f) => f.orderId)).toEqual([...first.ids, ...second.ids]);
    expect(flags[0].reason).toMatch(/one of 19 orders of a cancel-and-replace chain \(put up again after 1 full fill\) on the ask/);
    expect(flags.map((f) => f.orderId)).not.toContain(late[0]);
    // Without the continuation only the first chain is the unwind.
    expect(new MomentumIgnitionDetector({ refillNs: 0 }).detect(s.batch).map((f) => f.orderId)).toEqual(first.ids);
  });
});
