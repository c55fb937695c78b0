import { describe, expect, it } from 'vitest';
import { NotionalBpsFees } from '../../backtest/fees/FeeModel.ts';
import { ScriptedStrategy } from '../../backtest/testkit/ScriptedStrategy.ts';
import { L2Ladder } from '../../book/L2Ladder.ts';
import { binanceInstrument } from '../../data/binance/BinanceInstrument.ts';
import { Side } from '../../data/EventType.ts';
import type { Instrument } from '../../data/Instrument.ts';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../risk/RiskLimits.ts';
import { OrderUpdateKind, RejectReason, Tif, type TradingContext } from '../../strategy/Strategy.ts';
import { PaperOrderEntry } from './PaperOrderEntry.ts';
import { L2EventScript } from './testkit/L2EventScript.ts';
import { VenueSession } from './VenueSession.ts';

/**
 * The paper venue through the session (as the CLI runs it), on hand-written L2 messages. BTCUSDT spot
 * units: price in cents (6 000 000 = 60 000.00 USDT), size in 1e-6 BTC (1 000 000 = 1 BTC).
 */
const BTC = binanceInstrument('BTCUSDT', 'spot');
const ONE = 1_000_000; // 1 BTC
const P = 6_000_000; // 60 000.00
const MS = 1_000_000;
const RISK: RiskLimits = { ...DEFAULT_RISK_LIMITS, maxOrderQty: 10 * ONE, maxPosition: 10 * ONE, maxOrderNotional: 1e7, maxOpenOrders: 50 };

function setup(options: { latencyNs?: number; instrument?: Instrument; risk?: RiskLimits } = {}) {
  const instrument = options.instrument ?? BTC;
  const book = new L2Ladder();
  const paper = new PaperOrderEntry({ instrument, book, fees: new NotionalBpsFees(10, 10, 'Binance spot VIP 0'), latencyNs: options.latencyNs });
  const strategy = new ScriptedStrategy();
  const session = new VenueSession({ instrument, strategy, entry: paper, risk: options.risk ?? RISK, book, timeBase: 'exchange' });
  const script = new L2EventScript(instrument);
  /** Runs `action` inside the strategy's next onBook (at the next message). */
  const onNext = (action: (ctx: TradingContext) => void) => strategy.setSteps([{ atNs: 0, run: action }]);
  return { book, paper, strategy, session, script, onNext };
}

/** The updates the strategy saw, compactly. */
function seen(s: ScriptedStrategy): string[] {
  const names = Object.fromEntries(Object.entries(OrderUpdateKind).map(([k, v]) => [v, k]));
  return s.updates.map((u) => {
    if (u.kind === OrderUpdateKind.Filled) return `Filled ${u.orderId} ${u.qty}@${u.price} leaves ${u.leavesQty} ${u.liquidity ? 'taker' : 'maker'}`;
    if (u.kind === OrderUpdateKind.Cancelled) return `Cancelled ${u.orderId} ${u.qty} leaves ${u.leavesQty}`;
    if (u.kind === OrderUpdateKind.Modified) return `Modified ${u.orderId} ${u.qty}@${u.price}`;
    if (u.kind === OrderUpdateKind.Rejected) return `Rejected ${u.orderId} reason ${u.reason}`;
    return `${names[u.kind]} ${u.orderId}`;
  });
}

const BOOK = {
  bids: [
    [P - 100, 2 * ONE], // 59 999.00 × 2
    [P - 200, 1 * ONE],
  ] as const,
  asks: [
    [P, ONE / 2], // 60 000.00 × 0.5
    [P + 1, (3 * ONE) / 10], // 60 000.01 × 0.3
    [P + 5, ONE],
  ] as const,
};

describe('PaperOrderEntry', () => {
  it('a marketable order walks the book at the levels’ prices with the taker fee; an IOC rest is cancelled', () => {
    const { session, script, strategy, onNext } = setup();
    session.onEvents(script.snapshot(1 * MS, BOOK.bids, BOOK.asks));
    let id = 0;
    onNext((ctx) => (id = ctx.submit(Side.Buy, P + 2, ONE, Tif.Ioc)));
    session.onEvents(script.trade(2 * MS, Side.Sell, P - 100, 1000)); // any message: the strategy acts
    expect(id).toBe(1);
    expect(seen(strategy)).toEqual(['Accepted 1', 'Filled 1 500000@6000000 leaves 500000 taker', 'Filled 1 300000@6000001 leaves 200000 taker', 'Cancelled 1 200000 leaves 0']);
    const r = session.result();
    const notional = 0.5 * 60000 + 0.3 * 60000.01;
    expect(r.position).toBe(800_000);
    expect(r.fees).toBeCloseTo(notional * 0.001, 9);
    expect(r.cash).toBeCloseTo(-notional - notional * 0.001, 6);
    expect(r).toMatchObject({ venue: 'paper', orders: 1, accepted: 1, fills: 2, takerFills: 2, cancelled: 1, openOrders: 0 });
  });

  it('liquidity we took stays taken until the level goes; the venue’s update refills it', () => {
    const { session, script, strategy, onNext, paper } = setup();
    session.onEvents(script.snapshot(1 * MS, BOOK.bids, BOOK.asks));
    onNext((ctx) => ctx.submit(Side.Buy, P, ONE / 5, Tif.Ioc));
    session.onEvents(script.diff(2 * MS, [[Side.Buy, P - 200, ONE]]));
    expect(paper.consumedAt(Side.Sell, P)).toBe(ONE / 5);
    session.onEvents(script.trade(2 * MS, Side.Buy, P, 1)); // a buyer took 1e-6 BTC at the ask: the front, i.e. ours first
    expect(paper.consumedAt(Side.Sell, P)).toBe(ONE / 5 - 1);
    onNext((ctx) => ctx.submit(Side.Buy, P, ONE, Tif.Ioc));
    session.onEvents(script.diff(3 * MS, [[Side.Buy, P - 100, 2 * ONE]])); // unrelated change
    // 0.5 shown, 0.2 − 1e-6 ours already: 0.3 + 1e-6 left.
    expect(seen(strategy).slice(-3)).toEqual(['Accepted 2', 'Filled 2 300001@6000000 leaves 699999 taker', 'Cancelled 2 699999 leaves 0']);
    session.onEvents(script.diff(4 * MS, [[Side.Sell, P, 0]])); // the level is gone …
    expect(paper.consumedAt(Side.Sell, P)).toBe(0);
    session.onEvents(script.diff(5 * MS, [[Side.Sell, P, ONE / 10]])); // … and new liquidity there is all available
    onNext((ctx) => ctx.submit(Side.Buy, P, ONE, Tif.Ioc));
    session.onEvents(script.trade(6 * MS, Side.Sell, P - 100, 1));
    expect(seen(strategy).slice(-3)).toEqual(['Accepted 3', 'Filled 3 100000@6000000 leaves 900000 taker', 'Cancelled 3 900000 leaves 0']);
  });

  it('a resting order joins behind the level: only trades at its price beyond the queue ahead fill it, then a trade-through', () => {
    const { session, script, strategy, onNext, paper } = setup();
    session.onEvents(script.snapshot(1 * MS, BOOK.bids, BOOK.asks));
    onNext((ctx) => ctx.submit(Side.Buy, P - 100, ONE, Tif.Gtc));
    session.onEvents(script.diff(2 * MS, [[Side.Sell, P + 5, ONE]]));
    expect(paper.queueAhead(1)).toBe(2 * ONE);
    session.onEvents(script.trade(3 * MS, Side.Buy, P - 100, ONE)); // a buyer: not against our bid
    session.onEvents(script.diff(4 * MS, [[Side.Buy, P - 100, ONE + ONE / 2]])); // cancels ahead of us? unknown: we stay behind …
    expect(paper.queueAhead(1)).toBe(ONE + ONE / 2); // … except that nothing can be ahead beyond the level's size
    session.onEvents(script.trade(5 * MS, Side.Sell, P - 100, ONE)); // sellers at our price: the queue shrinks
    expect(paper.queueAhead(1)).toBe(ONE / 2);
    expect(strategy.updates.filter((u) => u.kind === OrderUpdateKind.Filled)).toHaveLength(0);
    session.onEvents(script.trade(6 * MS, Side.Sell, P - 100, ONE)); // 0.5 ahead, 0.5 to us
    session.onEvents(script.trade(7 * MS, Side.Sell, P - 200, ONE)); // printed below our bid: we were first
    expect(seen(strategy)).toEqual(['Accepted 1', 'Filled 1 500000@5999900 leaves 500000 maker', 'Filled 1 500000@5999900 leaves 0 maker']);
    expect(session.result()).toMatchObject({ makerFills: 2, position: ONE, openOrders: 0 });
    expect(session.result().fees).toBeCloseTo(59999 * 0.001, 9);
  });

  it('the opposite touch reaching a resting price fills it at its own price, up to what crossed', () => {
    const { session, script, strategy, onNext } = setup();
    session.onEvents(script.snapshot(1 * MS, BOOK.bids, BOOK.asks));
    onNext((ctx) => ctx.submit(Side.Sell, P + 3, ONE, Tif.Gtc)); // rests above the ask of 60 000.01
    session.onEvents(script.diff(2 * MS, [[Side.Buy, P - 100, 2 * ONE]]));
    session.onEvents(script.diff(3 * MS, [[Side.Buy, P + 4, ONE / 4]])); // a bid at 60 000.04 ≥ our ask of 60 000.03
    expect(seen(strategy)).toEqual(['Accepted 1', 'Filled 1 250000@6000003 leaves 750000 maker']);
    session.onEvents(script.diff(4 * MS, [[Side.Sell, P + 1, 0]])); // nothing new crossed: the bid we matched stays taken
    expect(strategy.updates).toHaveLength(2);
  });

  it('modify: a smaller quantity at the same price keeps the queue place; a new price loses it and may execute at once', () => {
    const { session, script, strategy, onNext, paper } = setup();
    session.onEvents(script.snapshot(1 * MS, BOOK.bids, BOOK.asks));
    onNext((ctx) => ctx.submit(Side.Buy, P - 100, ONE, Tif.Gtc));
    session.onEvents(script.diff(2 * MS, [[Side.Buy, P - 200, ONE]]));
    session.onEvents(script.trade(3 * MS, Side.Sell, P - 100, ONE / 2)); // ahead 2 → 1.5
    onNext((ctx) => ctx.modify(1, P - 100, ONE / 2));
    session.onEvents(script.trade(4 * MS, Side.Buy, P, 1));
    expect(paper.queueAhead(2)).toBe(ONE + ONE / 2);
    onNext((ctx) => ctx.modify(1, P, ONE / 2)); // up to the ask, where 0.5 is shown
    session.onEvents(script.trade(5 * MS, Side.Buy, P + 5, 1));
    expect(seen(strategy)).toEqual(['Accepted 1', 'Modified 1 500000@5999900', 'Modified 1 500000@6000000', 'Filled 1 500000@6000000 leaves 0 taker']);
    expect(session.result()).toMatchObject({ position: ONE / 2, openOrders: 0, modified: 2 });
  });

  it('cancel: Cancelled for the open quantity; the context sends nothing for an order already done', () => {
    const { session, script, strategy, onNext, paper } = setup();
    session.onEvents(script.snapshot(1 * MS, BOOK.bids, BOOK.asks));
    onNext((ctx) => ctx.submit(Side.Sell, P + 10, ONE, Tif.Gtc));
    session.onEvents(script.trade(2 * MS, Side.Buy, P, 1));
    onNext((ctx) => {
      ctx.cancel(1);
      ctx.cancel(1); // both go: the first is not answered yet
    });
    session.onEvents(script.trade(3 * MS, Side.Buy, P, 1));
    onNext((ctx) => ctx.cancel(1)); // known done: not sent
    session.onEvents(script.trade(4 * MS, Side.Buy, P, 1));
    expect(seen(strategy)).toEqual(['Accepted 1', 'Cancelled 1 1000000 leaves 0', `Rejected 1 reason ${RejectReason.UnknownOrder}`]);
    expect(paper.report()).toMatchObject({ requests: 3, cancels: 1, rejected: 1, restingAtEnd: 0 });
  });

  it('rejects: off the tick grid or not whole lots, no valid book, crossing our own order', () => {
    const coarse: Instrument = { ...BTC, tickSize: 10, lotSize: 10 };
    const { session, script, strategy, onNext } = setup({ instrument: coarse });
    session.onEvents(script.trade(1 * MS, Side.Buy, P, 1)); // no book yet: the strategy is not even called
    expect(strategy.deliveries).toHaveLength(0);
    session.onEvents(script.snapshot(2 * MS, BOOK.bids, BOOK.asks));
    onNext((ctx) => {
      ctx.submit(Side.Buy, P - 105, 10, Tif.Gtc); // off the 10-unit tick
      ctx.submit(Side.Buy, P - 100, 15, Tif.Gtc); // not whole lots
      ctx.submit(Side.Buy, P - 100, 10, Tif.Gtc); // fine: rests
    });
    session.onEvents(script.trade(3 * MS, Side.Buy, P, 1));
    session.onEvents(script.gap(4 * MS));
    session.onEvents(script.snapshot(5 * MS, BOOK.bids, BOOK.asks));
    onNext((ctx) => ctx.submit(Side.Sell, P - 100, 10, Tif.Gtc)); // would trade with our own bid
    session.onEvents(script.trade(6 * MS, Side.Buy, P, 1));
    expect(seen(strategy)).toEqual([`Rejected 1 reason ${RejectReason.BadPriceOrSize}`, `Rejected 2 reason ${RejectReason.BadPriceOrSize}`, 'Accepted 3']);
    // The self-trade was refused by the risk gate before it reached the venue (the gate checks it first).
    expect(session.result().riskRejects).toEqual({ SelfTrade: 1 });
  });

  it('after a gap the book is invalid: the strategy is not called and the venue refuses new orders until the next snapshot', () => {
    const { session, script, strategy, paper } = setup();
    session.onEvents(script.snapshot(1 * MS, BOOK.bids, BOOK.asks));
    paper.submit({ token: 99, side: Side.Buy, price: P, qty: ONE, tif: Tif.Ioc }); // as if sent just before the gap
    const before = strategy.deliveries.length;
    session.onEvents(script.gap(2 * MS));
    expect(strategy.deliveries).toHaveLength(before);
    expect(paper.report()).toMatchObject({ rejected: 1 });
    expect(session.result()).toMatchObject({ gaps: 1, unknownReports: 1 }); // token 99 is no order of the session's
  });

  it('latency: a request is processed at the first message at or after its arrival, against that book', () => {
    const { session, script, strategy, onNext } = setup({ latencyNs: 5 * MS });
    session.onEvents(script.snapshot(1 * MS, BOOK.bids, BOOK.asks));
    onNext((ctx) => ctx.submit(Side.Buy, P, ONE, Tif.Ioc)); // sent at 2 ms, arrives at 7 ms
    session.onEvents(script.trade(2 * MS, Side.Sell, P - 100, 1));
    session.onEvents(script.diff(4 * MS, [[Side.Sell, P, ONE / 10]])); // not yet: 0.1 left at the ask
    expect(strategy.updates).toHaveLength(0);
    session.onEvents(script.diff(7 * MS, [[Side.Sell, P, ONE / 4]])); // arrives now: 0.25 at the ask
    expect(seen(strategy)).toEqual(['Accepted 1', 'Filled 1 250000@6000000 leaves 750000 taker', 'Cancelled 1 750000 leaves 0']);
  });

  it('is deterministic: the same messages and requests give the same reports and result', () => {
    const run = () => {
      const { session, script, strategy, onNext } = setup();
      session.onEvents(script.snapshot(1 * MS, BOOK.bids, BOOK.asks));
      onNext((ctx) => {
        ctx.submit(Side.Buy, P - 100, ONE, Tif.Gtc);
        ctx.submit(Side.Sell, P + 1, ONE / 2, Tif.Gtc);
        ctx.submit(Side.Buy, P, ONE / 4, Tif.Ioc);
      });
      session.onEvents(script.trade(2 * MS, Side.Sell, P - 100, ONE));
      for (let k = 0; k < 20; k++) session.onEvents(script.trade((3 + k) * MS, k % 2 ? Side.Sell : Side.Buy, k % 2 ? P - 100 : P + 1, ONE / 5));
      return JSON.stringify({ updates: strategy.updates, result: session.result() });
    };
    expect(run()).toBe(run());
  });
});
