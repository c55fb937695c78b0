import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/time.ts';
import { EventBatch } from '../data/EventBatch.ts';
import { EventFlag, EventType, Side } from '../data/EventType.ts';
import { lobsterInstrument } from '../data/Instrument.ts';
import { FillLog } from './FillLog.ts';
import { MatchingEngine } from './MatchingEngine.ts';
import { OrderReason, OrderStatus } from './OrderReport.ts';
import { OrderType } from './OrderType.ts';
import { SelfTradePrevention } from './SelfTradePrevention.ts';

const T = 100; // one tick in LOBSTER units ($0.01)
const P = 1_000_000; // $100.00

function setup(stp: SelfTradePrevention = SelfTradePrevention.CancelIncoming) {
  const clock = new ManualClock(1_000);
  const fills = new FillLog();
  const events = new EventBatch(16, 0n, [lobsterInstrument('TEST')]);
  const engine = new MatchingEngine({ instrument: lobsterInstrument('TEST'), clock, events, listener: fills, selfTradePrevention: stp });
  return { clock, fills, events, engine };
}

/** Events from row `from` on, as [type, side, price, size, orderId]. */
function rows(events: EventBatch, from = 0): number[][] {
  const out: number[][] = [];
  for (let i = from; i < events.length; i++) out.push([events.type[i], events.side[i], events.price[i], events.size[i], events.orderId[i]]);
  return out;
}

function fillRows(f: FillLog): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < f.length; i++) out.push([f.aggressorId[i], f.restingId[i], f.price[i], f.size[i]]);
  return out;
}

describe('MatchingEngine: limit orders', () => {
  it('rests a non-crossing limit order and emits Add', () => {
    const { engine, events } = setup();
    const r = engine.submit(OrderType.Limit, 1, 7, Side.Buy, P, 10);
    expect(r.status).toBe(OrderStatus.Resting);
    expect(r.restingSize).toBe(10);
    expect(engine.bestBid()).toBe(P);
    expect(Number.isNaN(engine.bestAsk())).toBe(true);
    expect(rows(events)).toEqual([[EventType.Add, Side.Buy, P, 10, 1]]);
    expect(events.flags[0]).toBe(EventFlag.EndOfMessage);
    expect(events.exchTs[0]).toBe(1_000);
    expect(events.seq[0]).toBe(1);
  });

  it('fills fully against a resting order at the resting price', () => {
    const { engine, events, fills } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Sell, P, 10);
    const r = engine.submit(OrderType.Limit, 2, 2, Side.Buy, P + 5 * T, 10);
    expect(r.status).toBe(OrderStatus.Filled);
    expect(r.filledSize).toBe(10);
    expect(r.fillCount).toBe(1);
    expect(rows(events, 1)).toEqual([[EventType.ExecuteVisible, Side.Sell, P, 10, 1]]);
    expect(fillRows(fills)).toEqual([[2, 1, P, 10]]);
    expect(fills.aggressorOwner[0]).toBe(2);
    expect(fills.restingOwner[0]).toBe(1);
    expect(fills.aggressorSide[0]).toBe(Side.Buy);
    expect(engine.orderCount()).toBe(0);
    expect(engine.depth(Side.Sell)).toBe(0);
  });

  it('partially fills, then rests the remainder with an Add (one atomic message)', () => {
    const { engine, events } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Sell, P, 4);
    const r = engine.submit(OrderType.Limit, 2, 2, Side.Buy, P, 10);
    expect(r.status).toBe(OrderStatus.Resting);
    expect(r.filledSize).toBe(4);
    expect(r.restingSize).toBe(6);
    expect(rows(events, 1)).toEqual([
      [EventType.ExecuteVisible, Side.Sell, P, 4, 1],
      [EventType.Add, Side.Buy, P, 6, 2],
    ]);
    expect(events.flags[1]).toBe(0);
    expect(events.flags[2]).toBe(EventFlag.EndOfMessage);
    expect(engine.bestBid()).toBe(P);
    expect(engine.orderSize(2)).toBe(6);
  });

  it('partially fills a resting order, which keeps its place', () => {
    const { engine } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Sell, P, 10);
    engine.submit(OrderType.Limit, 2, 1, Side.Sell, P, 10);
    engine.submit(OrderType.Limit, 3, 2, Side.Buy, P, 3);
    expect(engine.orderSize(1)).toBe(7);
    expect(engine.levelOrderIds(Side.Sell, 0)).toEqual([1, 2]);
    expect(engine.levelSize(Side.Sell, 0)).toBe(17);
  });

  it('walks several levels in price then time priority', () => {
    const { engine, fills, events } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Sell, P + 2 * T, 5);
    engine.submit(OrderType.Limit, 2, 1, Side.Sell, P, 5);
    engine.submit(OrderType.Limit, 3, 3, Side.Sell, P, 5);
    engine.submit(OrderType.Limit, 4, 1, Side.Sell, P + T, 5);
    const before = events.length;
    const r = engine.submit(OrderType.Limit, 5, 2, Side.Buy, P + T, 100);
    expect(fillRows(fills)).toEqual([
      [5, 2, P, 5],
      [5, 3, P, 5],
      [5, 4, P + T, 5],
    ]);
    expect(r.filledSize).toBe(15);
    expect(r.restingSize).toBe(85);
    expect(engine.bestBid()).toBe(P + T);
    expect(engine.bestAsk()).toBe(P + 2 * T);
    expect(rows(events, before).map((e) => e[0])).toEqual([EventType.ExecuteVisible, EventType.ExecuteVisible, EventType.ExecuteVisible, EventType.Add]);
  });

  it('sells match bids from the highest price down', () => {
    const { engine, fills } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P - 2 * T, 5);
    engine.submit(OrderType.Limit, 2, 1, Side.Buy, P, 5);
    engine.submit(OrderType.Limit, 3, 1, Side.Buy, P - T, 5);
    engine.submit(OrderType.Limit, 4, 2, Side.Sell, P - 2 * T, 12);
    expect(fillRows(fills)).toEqual([
      [4, 2, P, 5],
      [4, 3, P - T, 5],
      [4, 1, P - 2 * T, 2],
    ]);
    expect(engine.orderSize(1)).toBe(3);
  });
});

describe('MatchingEngine: market and IOC', () => {
  it('a market order sweeps until filled and never rests', () => {
    const { engine, fills } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Sell, P, 5);
    engine.submit(OrderType.Limit, 2, 1, Side.Sell, P + 10 * T, 5);
    const r = engine.submit(OrderType.Market, 3, 2, Side.Buy, 0, 7);
    expect(r.status).toBe(OrderStatus.Filled);
    expect(fillRows(fills)).toEqual([
      [3, 1, P, 5],
      [3, 2, P + 10 * T, 2],
    ]);
    expect(engine.orderCount(Side.Buy)).toBe(0);
  });

  it('a market order larger than the book cancels its remainder (NoLiquidity), no Add', () => {
    const { engine, events } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 5);
    const before = events.length;
    const r = engine.submit(OrderType.Market, 2, 2, Side.Sell, 0, 8);
    expect(r.status).toBe(OrderStatus.Cancelled);
    expect(r.reason).toBe(OrderReason.NoLiquidity);
    expect(r.filledSize).toBe(5);
    expect(r.cancelledSize).toBe(3);
    expect(rows(events, before)).toEqual([[EventType.ExecuteVisible, Side.Buy, P, 5, 1]]);
    expect(engine.orderCount()).toBe(0);
  });

  it('a market order into an empty book emits nothing', () => {
    const { engine, events } = setup();
    const r = engine.submit(OrderType.Market, 1, 1, Side.Buy, 0, 5);
    expect(r.status).toBe(OrderStatus.Cancelled);
    expect(r.cancelledSize).toBe(5);
    expect(events.length).toBe(0);
  });

  it('IOC fills what it can within its limit and cancels the rest', () => {
    const { engine, fills } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Sell, P, 5);
    engine.submit(OrderType.Limit, 2, 1, Side.Sell, P + T, 5);
    const r = engine.submit(OrderType.ImmediateOrCancel, 3, 2, Side.Buy, P, 8);
    expect(r.status).toBe(OrderStatus.Cancelled);
    expect(r.reason).toBe(OrderReason.NoLiquidity);
    expect(r.filledSize).toBe(5);
    expect(r.cancelledSize).toBe(3);
    expect(fillRows(fills)).toEqual([[3, 1, P, 5]]);
    expect(engine.bestAsk()).toBe(P + T);
    expect(engine.depth(Side.Buy)).toBe(0);
  });

  it('IOC that does not cross is cancelled whole', () => {
    const { engine, events } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Sell, P, 5);
    const r = engine.submit(OrderType.ImmediateOrCancel, 2, 2, Side.Buy, P - T, 5);
    expect(r.status).toBe(OrderStatus.Cancelled);
    expect(r.filledSize).toBe(0);
    expect(events.length).toBe(1);
  });
});

describe('MatchingEngine: cancel and modify', () => {
  it('cancel emits Delete with the open size and removes an emptied level', () => {
    const { engine, events } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 5);
    engine.submit(OrderType.Limit, 2, 1, Side.Sell, P + T, 1);
    engine.submit(OrderType.Market, 3, 2, Side.Sell, 0, 2);
    const r = engine.cancel(1);
    expect(r.status).toBe(OrderStatus.Cancelled);
    expect(r.cancelledSize).toBe(3);
    expect(rows(events, events.length - 1)).toEqual([[EventType.Delete, Side.Buy, P, 3, 1]]);
    expect(engine.depth(Side.Buy)).toBe(0);
    expect(engine.hasOrder(1)).toBe(false);
  });

  it('size down at the same price keeps priority (Reduce)', () => {
    const { engine, events } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 10);
    engine.submit(OrderType.Limit, 2, 1, Side.Buy, P, 10);
    const r = engine.modify(1, P, 4);
    expect(r.status).toBe(OrderStatus.Resting);
    expect(r.cancelledSize).toBe(6);
    expect(rows(events, 2)).toEqual([[EventType.Reduce, Side.Buy, P, 6, 1]]);
    expect(engine.levelOrderIds(Side.Buy, 0)).toEqual([1, 2]);
    expect(engine.levelSize(Side.Buy, 0)).toBe(14);
    expect(engine.queueAhead(2)).toBe(4);
  });

  it('size up loses priority (Delete + Add at the back)', () => {
    const { engine, events } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 10);
    engine.submit(OrderType.Limit, 2, 1, Side.Buy, P, 10);
    const r = engine.modify(1, P, 12);
    expect(r.status).toBe(OrderStatus.Resting);
    expect(r.acceptedSize).toBe(12);
    expect(r.cancelledSize).toBe(10);
    expect(rows(events, 2)).toEqual([
      [EventType.Delete, Side.Buy, P, 10, 1],
      [EventType.Add, Side.Buy, P, 12, 1],
    ]);
    expect(events.flags[2]).toBe(0);
    expect(events.flags[3]).toBe(EventFlag.EndOfMessage);
    expect(engine.levelOrderIds(Side.Buy, 0)).toEqual([2, 1]);
  });

  it('price change loses priority, even moving back to the old price', () => {
    const { engine } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 10);
    engine.submit(OrderType.Limit, 2, 1, Side.Buy, P, 10);
    engine.modify(1, P - T, 10);
    expect(engine.bestBid()).toBe(P);
    expect(engine.depth(Side.Buy)).toBe(2);
    engine.modify(1, P, 10);
    expect(engine.levelOrderIds(Side.Buy, 0)).toEqual([2, 1]);
  });

  it('a modify to a crossing price trades immediately as aggressor', () => {
    const { engine, fills, events } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Sell, P + T, 4);
    engine.submit(OrderType.Limit, 2, 2, Side.Buy, P, 10);
    const before = events.length;
    const r = engine.modify(2, P + T, 10);
    expect(r.filledSize).toBe(4);
    expect(r.restingSize).toBe(6);
    expect(fillRows(fills)).toEqual([[2, 1, P + T, 4]]);
    expect(rows(events, before)).toEqual([
      [EventType.Delete, Side.Buy, P, 10, 2],
      [EventType.ExecuteVisible, Side.Sell, P + T, 4, 1],
      [EventType.Add, Side.Buy, P + T, 6, 2],
    ]);
  });

  it('a modify to the same price and size changes nothing', () => {
    const { engine, events } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 10);
    const r = engine.modify(1, P, 10);
    expect(r.status).toBe(OrderStatus.Resting);
    expect(events.length).toBe(1);
  });

  it('ids can be reused once the order is gone', () => {
    const { engine } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 10);
    engine.cancel(1);
    expect(engine.submit(OrderType.Limit, 1, 1, Side.Sell, P, 10).status).toBe(OrderStatus.Resting);
  });
});

describe('MatchingEngine: self-trade prevention', () => {
  function book(stp: SelfTradePrevention) {
    const s = setup(stp);
    s.engine.submit(OrderType.Limit, 1, 9, Side.Sell, P, 5); // other owner, first in queue
    s.engine.submit(OrderType.Limit, 2, 7, Side.Sell, P, 5); // same owner as the aggressor
    s.engine.submit(OrderType.Limit, 3, 9, Side.Sell, P, 5);
    return s;
  }

  it('CancelIncoming (default): fills ahead of the own order, then cancels the incoming remainder', () => {
    const { engine, fills, events } = book(SelfTradePrevention.CancelIncoming);
    const before = events.length;
    const r = engine.submit(OrderType.Limit, 10, 7, Side.Buy, P, 12);
    expect(r.status).toBe(OrderStatus.Cancelled);
    expect(r.reason).toBe(OrderReason.SelfTrade);
    expect(r.filledSize).toBe(5);
    expect(r.cancelledSize).toBe(7);
    expect(fillRows(fills)).toEqual([[10, 1, P, 5]]);
    expect(engine.levelOrderIds(Side.Sell, 0)).toEqual([2, 3]);
    expect(rows(events, before)).toEqual([[EventType.ExecuteVisible, Side.Sell, P, 5, 1]]);
    expect(engine.depth(Side.Buy)).toBe(0);
  });

  it('CancelResting: deletes the own resting order and keeps matching', () => {
    const { engine, fills, events } = book(SelfTradePrevention.CancelResting);
    const before = events.length;
    const r = engine.submit(OrderType.Limit, 10, 7, Side.Buy, P, 12);
    expect(r.status).toBe(OrderStatus.Resting);
    expect(r.filledSize).toBe(10);
    expect(r.restingSize).toBe(2);
    expect(fillRows(fills)).toEqual([
      [10, 1, P, 5],
      [10, 3, P, 5],
    ]);
    expect(fills.restingCancels).toBe(1);
    expect(fills.restingCancelledSize).toBe(5);
    expect(rows(events, before)).toEqual([
      [EventType.ExecuteVisible, Side.Sell, P, 5, 1],
      [EventType.Delete, Side.Sell, P, 5, 2],
      [EventType.ExecuteVisible, Side.Sell, P, 5, 3],
      [EventType.Add, Side.Buy, P, 2, 10],
    ]);
  });

  it('CancelBoth: deletes the own resting order and cancels the incoming remainder', () => {
    const { engine, fills, events } = book(SelfTradePrevention.CancelBoth);
    const before = events.length;
    const r = engine.submit(OrderType.Limit, 10, 7, Side.Buy, P, 12);
    expect(r.status).toBe(OrderStatus.Cancelled);
    expect(r.reason).toBe(OrderReason.SelfTrade);
    expect(r.filledSize).toBe(5);
    expect(r.cancelledSize).toBe(7);
    expect(fillRows(fills)).toEqual([[10, 1, P, 5]]);
    expect(rows(events, before)).toEqual([
      [EventType.ExecuteVisible, Side.Sell, P, 5, 1],
      [EventType.Delete, Side.Sell, P, 5, 2],
    ]);
    expect(engine.levelOrderIds(Side.Sell, 0)).toEqual([3]);
  });

  it('Allow: trades with itself', () => {
    const { engine, fills } = book(SelfTradePrevention.Allow);
    engine.submit(OrderType.Limit, 10, 7, Side.Buy, P, 12);
    expect(fillRows(fills).map((f) => f[1])).toEqual([1, 2, 3]);
  });

  it('the per-order policy overrides the engine default', () => {
    const { engine, fills } = book(SelfTradePrevention.CancelIncoming);
    engine.submit(OrderType.Market, 10, 7, Side.Buy, 0, 12, SelfTradePrevention.CancelResting);
    expect(fillRows(fills).map((f) => f[1])).toEqual([1, 3]);
  });
});

describe('MatchingEngine: rejections (reason codes, no exceptions, no events)', () => {
  const cases: [string, (e: MatchingEngine) => { status: number; reason: number }, OrderReason][] = [
    ['zero size', (e) => e.submit(OrderType.Limit, 5, 1, Side.Buy, P, 0), OrderReason.NonPositiveSize],
    ['negative size', (e) => e.submit(OrderType.Market, 5, 1, Side.Buy, 0, -3), OrderReason.NonPositiveSize],
    ['fractional size', (e) => e.submit(OrderType.Limit, 5, 1, Side.Buy, P, 1.5), OrderReason.NonIntegerSize],
    ['NaN size', (e) => e.submit(OrderType.Limit, 5, 1, Side.Buy, P, NaN), OrderReason.NonIntegerSize],
    ['off-tick price', (e) => e.submit(OrderType.Limit, 5, 1, Side.Buy, P + 50, 1), OrderReason.OffTickPrice],
    ['off-tick IOC price', (e) => e.submit(OrderType.ImmediateOrCancel, 5, 1, Side.Buy, P + 1, 1), OrderReason.OffTickPrice],
    ['zero price', (e) => e.submit(OrderType.Limit, 5, 1, Side.Buy, 0, 1), OrderReason.InvalidPrice],
    ['fractional price', (e) => e.submit(OrderType.Limit, 5, 1, Side.Buy, 100.5, 1), OrderReason.InvalidPrice],
    ['bad side', (e) => e.submit(OrderType.Limit, 5, 1, 0, P, 1), OrderReason.InvalidSide],
    ['bad type', (e) => e.submit(9 as OrderType, 5, 1, Side.Buy, P, 1), OrderReason.InvalidOrderType],
    ['bad id', (e) => e.submit(OrderType.Limit, 0, 1, Side.Buy, P, 1), OrderReason.InvalidOrderId],
    ['duplicate id', (e) => e.submit(OrderType.Limit, 1, 1, Side.Buy, P, 1), OrderReason.DuplicateOrderId],
    ['cancel unknown', (e) => e.cancel(42), OrderReason.UnknownOrder],
    ['cancel bad id', (e) => e.cancel(-1), OrderReason.UnknownOrder],
    ['modify unknown', (e) => e.modify(42, P, 1), OrderReason.UnknownOrder],
    ['modify off tick', (e) => e.modify(1, P + 7, 1), OrderReason.OffTickPrice],
    ['modify to zero', (e) => e.modify(1, P, 0), OrderReason.NonPositiveSize],
  ];
  for (const [name, act, reason] of cases) {
    it(name, () => {
      const { engine, events } = setup();
      engine.submit(OrderType.Limit, 1, 1, Side.Sell, P + 5 * T, 3);
      const before = events.length;
      const r = act(engine);
      expect(r.status).toBe(OrderStatus.Rejected);
      expect(r.reason).toBe(reason);
      expect(events.length).toBe(before);
      expect(engine.orderSize(1)).toBe(3);
    });
  }

  it('cancelling twice: the second is UnknownOrder', () => {
    const { engine } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 3);
    expect(engine.cancel(1).status).toBe(OrderStatus.Cancelled);
    expect(engine.cancel(1).reason).toBe(OrderReason.UnknownOrder);
  });

  it('honours the lot size', () => {
    const clock = new ManualClock();
    const engine = new MatchingEngine({ instrument: { ...lobsterInstrument('X'), lotSize: 100 }, clock });
    expect(engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 150).reason).toBe(OrderReason.OffLotSize);
    expect(engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 200).status).toBe(OrderStatus.Resting);
  });

  it('checks tick and lot multiples exactly as the remainder does, for any tick and lot', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const prices = [1, 2, 3, 5, 7, 99, 100, 101, 250, 2500, 999_999, 1_000_000, 2 ** 31 + 1, 2 ** 52 + 1, 2 ** 52 + 3, big - 4, big - 3, big - 1, big];
    for (const step of [1, 2, 3, 5, 7, 100, 1e6, 0.5, 2.5, 0.1]) {
      const clock = new ManualClock();
      const onTick = new MatchingEngine({ instrument: { ...lobsterInstrument('X'), tickSize: step }, clock });
      const onLot = new MatchingEngine({ instrument: { ...lobsterInstrument('X'), lotSize: step }, clock });
      let id = 1;
      for (const x of prices) {
        const tickReason = onTick.submit(OrderType.Limit, id++, 1, Side.Buy, x, 1).reason;
        expect(tickReason === OrderReason.OffTickPrice).toBe(x % step !== 0);
        const lotReason = onLot.submit(OrderType.Limit, id++, 1, Side.Buy, P, x).reason;
        expect(lotReason === OrderReason.OffLotSize).toBe(x % step !== 0);
      }
    }
  });
});

describe('MatchingEngine: clock, snapshot, pool growth', () => {
  it('stamps events with the injected clock', () => {
    const { engine, events, clock } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 3);
    clock.set(5_000);
    engine.submit(OrderType.Limit, 2, 2, Side.Sell, P, 1);
    expect(events.exchTs[1]).toBe(5_000);
    expect(events.localTs[1]).toBe(5_000);
    expect(engine.report.tsNs).toBe(5_000);
  });

  it('writes LOBSTER-layout snapshots', () => {
    const { engine } = setup();
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 3);
    engine.submit(OrderType.Limit, 2, 1, Side.Buy, P, 4);
    engine.submit(OrderType.Limit, 3, 1, Side.Sell, P + T, 5);
    const out = new Float64Array(8);
    engine.snapshot(2, out);
    expect([...out]).toEqual([P + T, 5, P, 7, NaN, 0, NaN, 0]);
  });

  it('reads the touch in one call', () => {
    const { engine } = setup();
    const top = new Float64Array(4);
    engine.topOfBook(top);
    expect([...top]).toEqual([NaN, NaN, 0, 0]);
    engine.submit(OrderType.Limit, 1, 1, Side.Buy, P, 3);
    engine.submit(OrderType.Limit, 2, 1, Side.Buy, P, 4);
    engine.submit(OrderType.Limit, 3, 1, Side.Buy, P - T, 9);
    engine.topOfBook(top);
    expect([...top]).toEqual([P, NaN, 7, 0]);
    engine.submit(OrderType.Limit, 4, 2, Side.Sell, P + 2 * T, 5);
    engine.submit(OrderType.Limit, 5, 2, Side.Sell, P + T, 6);
    engine.topOfBook(top);
    expect([...top]).toEqual([engine.bestBid(), engine.bestAsk(), engine.levelSize(Side.Buy, 0), engine.levelSize(Side.Sell, 0)]);
    expect([...top]).toEqual([P, P + T, 7, 6]);
  });

  it('touchVersion changes whenever the touch does (property)', () => {
    const op = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(1, -1), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 9 }), fc.nat());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), fc.constantFrom(0, 1, 2, 3), (ops, stp) => {
        const { engine } = setup(stp as SelfTradePrevention);
        const before = new Float64Array(4);
        const after = new Float64Array(4);
        let next = 1;
        for (const [kind, side, ticks, size, pick] of ops) {
          engine.topOfBook(before);
          const version = engine.touchVersion;
          const owner = 1 + (pick % 2);
          if (kind === 0 || next === 1) engine.submit(OrderType.Limit, next++, owner, side, P + ticks * T, size);
          else if (kind === 1) engine.submit(pick % 2 ? OrderType.Market : OrderType.ImmediateOrCancel, next++, owner, side, P + ticks * T, size);
          else if (kind === 2) engine.cancel(1 + (pick % (next - 1)));
          else engine.modify(1 + (pick % (next - 1)), P + ticks * T, size);
          engine.topOfBook(after);
          if (!Object.is(before[0], after[0]) || !Object.is(before[1], after[1]) || before[2] !== after[2] || before[3] !== after[3]) {
            expect(engine.touchVersion).not.toBe(version);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('grows the pools past their initial capacity and keeps every order', () => {
    const clock = new ManualClock();
    const engine = new MatchingEngine({ instrument: lobsterInstrument('X'), clock, initialCapacity: 16 });
    for (let i = 1; i <= 5000; i++) engine.submit(OrderType.Limit, i, 1, i % 2 ? Side.Buy : Side.Sell, i % 2 ? P - (i % 700) * T : P + (1 + (i % 700)) * T, i);
    expect(engine.orderCount()).toBe(5000);
    for (let i = 1; i <= 5000; i += 97) expect(engine.orderSize(i)).toBe(i);
    for (let i = 1; i <= 5000; i += 2) engine.cancel(i);
    expect(engine.orderCount(Side.Buy)).toBe(0);
    expect(engine.orderCount(Side.Sell)).toBe(2500);
    expect(engine.depth(Side.Buy)).toBe(0);
  });
});

describe('MatchingEngine: order ids in any range', () => {
  /** Runs a script of submits, cancels and modifies with ids mapped by `idOf`; returns everything observable. */
  function run(ops: [number, number, number, number, number][], idOf: (n: number) => number): unknown[] {
    const { engine, events, fills, clock } = setup();
    const out: unknown[] = [];
    let next = 1;
    for (const [kind, side, ticks, size, pick] of ops) {
      clock.advance(1);
      let r;
      if (kind === 0 || next === 1) r = engine.submit(OrderType.Limit, idOf(next++), 1 + (pick % 3), side, P + ticks * T, size);
      else if (kind === 1) r = engine.cancel(idOf(1 + (pick % (next - 1))));
      else r = engine.modify(idOf(1 + (pick % (next - 1))), P + ticks * T, size);
      const id = idOf(1 + (pick % next));
      out.push([r.status, r.reason, r.filledSize, r.restingSize, r.cancelledSize, engine.hasOrder(id), engine.orderSize(id), engine.queueAhead(id)]);
    }
    const ids = new Map<number, number>();
    for (let n = 1; n < next; n++) ids.set(idOf(n), n);
    out.push(rows(events).map((row) => [...row.slice(0, 4), ids.get(row[4])]));
    out.push(fillRows(fills).map(([a, b, p, q]) => [ids.get(a), ids.get(b), p, q]));
    return out;
  }

  it('dense small ids, sparse ids and ids past the direct table behave the same (property)', () => {
    const op = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom(1, -1), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 9 }), fc.nat());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const dense = run(ops, (n) => n);
        expect(run(ops, (n) => n * 40_009)).toEqual(dense); // spread out: the direct table grows, then the hash takes over
        expect(run(ops, (n) => 2 ** 40 + n)).toEqual(dense); // hash only
        expect(run(ops, (n) => (n % 2 ? n : Number.MAX_SAFE_INTEGER - n))).toEqual(dense); // mixed
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a duplicate of a resting id in either range and finds both', () => {
    const { engine } = setup();
    for (const id of [3, (1 << 22) - 1, 1 << 22, 2 ** 50]) {
      expect(engine.submit(OrderType.Limit, id, 1, Side.Buy, P, 5).status).toBe(OrderStatus.Resting);
      expect(engine.submit(OrderType.Limit, id, 1, Side.Buy, P, 5).reason).toBe(OrderReason.DuplicateOrderId);
      expect(engine.orderSize(id)).toBe(5);
    }
    expect(engine.orderCount()).toBe(4);
    expect(engine.levelOrderIds(Side.Buy, 0)).toEqual([3, (1 << 22) - 1, 1 << 22, 2 ** 50]);
  });
});
