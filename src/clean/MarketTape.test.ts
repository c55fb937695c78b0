import { describe, expect, it } from 'vitest';
import { EventType } from '../data/EventType.ts';
import { MarketTape, OrderEnd } from './MarketTape.ts';
import { EventScript, MS, TICK, px } from './testkit/EventScript.ts';

describe('MarketTape', () => {
  it('records each order against the book it met and how its life ended', () => {
    const s = new EventScript();
    s.book(0, px(100), px(100.05), 3, 100); // bids 100.00, 99.99, 99.98; asks 100.05…100.07
    const behind = s.add(1 * MS, 1, px(100) - 2 * TICK, 500); // joins 99.98
    const inside = s.add(2 * MS, -1, px(100.03), 200); // improves the ask by 2 ticks
    s.execute(3 * MS, inside, 50).execute(4 * MS, inside);
    s.reduce(5 * MS, behind, 100);
    s.delete(6 * MS, behind);
    const tape = MarketTape.fromEvents(s.batch);
    const k = (id: number) => [...Array(tape.orders).keys()].find((q) => tape.oId[q] === id) as number;
    const b = k(behind);
    expect(tape.oDistTicks[b]).toBe(2);
    expect(tape.oOppDistTicks[b]).toBe(7);
    expect(tape.oDepthAtAdd[b]).toBe(300);
    expect(tape.oLevelAtAdd[b]).toBe(100);
    expect(tape.oEnd[b]).toBe(OrderEnd.Cancelled);
    expect(tape.oCancelSize[b]).toBe(500);
    expect(tape.oReduceCount[b]).toBe(1);
    expect(tape.lifetimeNs(b)).toBe(5 * MS);
    const i = k(inside);
    expect(tape.oDistTicks[i]).toBe(-2);
    expect(tape.oLevelAtAdd[i]).toBe(0);
    expect(tape.oEnd[i]).toBe(OrderEnd.Executed);
    expect(tape.oExecCount[i]).toBe(2);
    expect(tape.ask[tape.oAddEv[i]]).toBe(px(100.03));
    expect(tape.execVolume(-1, 0, tape.n - 1)).toBe(200);
    expect(tape.medianAddSize).toBe(100);
  });

  it('knows an aggressor remainder and a cancel-and-replace (Delete then Add of the same id in one message)', () => {
    const s = new EventScript();
    const ask = s.add(0, -1, px(100.05), 100);
    s.add(0, 1, px(100), 100);
    s.execute(1 * MS, ask);
    s.add(1 * MS, 1, px(100.05), 300); // the buyer's remainder rests at the price it took
    const mod = s.add(2 * MS, 1, px(99.9), 100);
    s.raw(3 * MS, EventType.Delete, 1, px(99.9), 100, mod, 0); // not the end of the message…
    s.raw(3 * MS, EventType.Add, 1, px(99.95), 100, mod); // …re-entered with the same id
    const tape = MarketTape.fromEvents(s.batch);
    expect(tape.oAggressorFill[2]).toBe(100);
    expect(tape.oAggressorFill[1]).toBe(0);
    expect(tape.oEnd[3]).toBe(OrderEnd.Replaced);
    expect(tape.oId[4]).toBe(mod);
    expect(tape.oEnd[4]).toBe(OrderEnd.Resting);
  });

  it('refuses a batch mixing instruments', () => {
    const s = new EventScript();
    s.add(0, 1, px(100), 100);
    s.batch.instrument[0] = 1;
    expect(() => MarketTape.fromEvents(s.batch)).toThrow(/one instrument/);
  });
});
