import { describe, expect, it } from 'vitest';
import { BacktestEngine } from './BacktestEngine.ts';
import type { BacktestResult } from './BacktestResult.ts';
import { PerShareFees } from './fees/FeeModel.ts';
import type { LatencyModel } from './latency/LatencyModel.ts';
import { forEachDayRow } from '../data/lobster/LobsterDay.ts';
import { L2ConservativeQueue } from './queue/L2ConservativeQueue.ts';
import { L3ExactQueue } from './queue/L3ExactQueue.ts';
import { L2ProbabilisticQueue } from './queue/L2ProbabilisticQueue.ts';
import type { QueueModel } from './queue/QueueModel.ts';
import { MarketScenario, US, px } from './testkit/MarketScenario.ts';
import { ScriptedStrategy, type ScriptStep } from './testkit/ScriptedStrategy.ts';
import { OrderUpdateKind, RejectReason, Tif } from '../strategy/Strategy.ts';
import { RiskReject } from '../risk/PreTradeRisk.ts';

const latency = (feed: number, order: number, response: number): LatencyModel => ({
  description: `test ${feed}/${order}/${response}`,
  feedNs: () => feed,
  orderNs: () => order,
  responseNs: () => response,
});
const ZERO = latency(0, 0, 0);
const NASDAQ = new PerShareFees(-0.002, 0.003, 'test');

function run(
  s: MarketScenario,
  steps: ScriptStep[] | ((engine: BacktestEngine) => ScriptStep[]),
  o: { latency?: LatencyModel; queue?: QueueModel; maxPosition?: number } = {},
): { result: BacktestResult; strategy: ScriptedStrategy; engine: BacktestEngine } {
  const strategy = new ScriptedStrategy();
  const day = s.day();
  const engine = new BacktestEngine({
    instrument: day.instrument,
    originNs: 0n,
    latency: o.latency ?? ZERO,
    queue: o.queue ?? new L3ExactQueue(),
    fees: NASDAQ,
    strategy,
    model: null,
    maxPosition: o.maxPosition ?? 10_000,
  });
  strategy.setSteps(typeof steps === 'function' ? steps(engine) : steps);
  forEachDayRow(day, (b, i, d, base, lv) => engine.onMarketEvent(b, i, d, base, lv));
  return { result: engine.finish(1), strategy, engine };
}

const fills = (r: BacktestResult): [number, number, number][] => Array.from({ length: r.fills.length }, (_, k) => [r.fills.side[k] * r.fills.qty[k], r.fills.price[k], r.fills.liquidity[k]]);

describe('marketable orders walk the replayed book', () => {
  it('fills level by level, and what it took stays taken until the replay adds liquidity', () => {
    const s = new MarketScenario()
      .add(1 * US, 1, -1, px(10.0), 100)
      .add(2 * US, 2, -1, px(10.01), 200)
      .add(3 * US, 3, 1, px(9.99), 100)
      .add(10 * US, 4, 1, px(9.98), 100)
      .add(20 * US, 5, -1, px(10.0), 100)
      .add(30 * US, 6, 1, px(9.97), 100);
    const { result } = run(s, [
      { atNs: 3 * US, run: (c) => c.submit(1, px(10.01), 250, Tif.Ioc) },
      // 10.01 had 200; we took 150 of it: 50 left, 10.00 is empty for us.
      { atNs: 10 * US, run: (c) => c.submit(1, px(10.01), 100, Tif.Ioc) },
      // A new 100 at 10.00: the level shows 200, of which 100 are ours already.
      { atNs: 20 * US, run: (c) => c.submit(1, px(10.0), 150, Tif.Ioc) },
    ]);
    expect(fills(result)).toEqual([
      [100, 10.0, 1],
      [150, 10.01, 1],
      [50, 10.01, 1],
      [100, 10.0, 1],
    ]);
    // Taker fee $0.003/share on 400 shares.
    expect(result.summary.fees).toBeCloseTo(1.2, 10);
    expect(result.summary.fillRatio).toBeCloseTo(400 / 500, 12);
    expect(result.fills.positionAfter[3]).toBe(400);
    // Cash: −(100·10 + 150·10.01 + 50·10.01 + 100·10) − fees.
    expect(result.fills.cashAfter[3]).toBeCloseTo(-(1000 + 1501.5 + 500.5 + 1000) - 1.2, 8);
  });
});

describe('resting orders and queue position', () => {
  // Bids A (100) and B (200) at 10.00 before us; C (50) joins behind us.
  const scenario = (): MarketScenario =>
    new MarketScenario()
      .add(1 * US, 1, 1, px(10.0), 100)
      .add(2 * US, 2, 1, px(10.0), 200)
      .add(3 * US, 9, -1, px(10.05), 100)
      .add(10 * US, 3, 1, px(10.0), 50)
      .delete(20 * US, 2)
      .execute(30 * US, 1, 100)
      .execute(40 * US, 3, 30)
      .reduce(50 * US, 3, 10)
      .hidden(60 * US, 1, px(10.0), 40)
      .execute(70 * US, 3, 10);
  const join = [{ atNs: 3 * US, run: (c: Parameters<ScriptStep['run']>[0]) => c.submit(1, px(10.0), 100, Tif.Gtc) }];

  it('L3: only orders ahead move us up; volume that passes them fills us (exact, hand-computed)', () => {
    const { result, engine } = run(scenario(), join);
    // Cancel of B (ahead) → 100 ahead; execution of A → 0 ahead; C executes 30 → ours; C's cancel is
    // behind us; hidden 40 → ours; C executes 10 → ours.
    expect(fills(result)).toEqual([
      [30, 10.0, 0],
      [40, 10.0, 0],
      [10, 10.0, 0],
    ]);
    expect(result.summary.fees).toBeCloseTo(-0.002 * 80, 12);
    expect(engine.venue.queueAhead(1)).toBe(0);
  });

  it('L2 conservative: cancels never move us up, so fewer fills come', () => {
    const { result } = run(scenario(), join, { queue: new L2ConservativeQueue() });
    // Ahead 300 → B deleted: the level holds 150, so at most 150 ahead → A executes 100: 50 → C executes
    // 30: 20 → C cut to 10: the level holds 10, so 10 ahead → hidden 40: 10 ahead, 30 ours → C's last
    // 10: ours. The cancel of B (ahead of us) only counted through the level shrinking below the estimate.
    expect(fills(result)).toEqual([
      [30, 10.0, 0],
      [10, 10.0, 0],
    ]);
  });

  it('reports the queue ahead as it shrinks', () => {
    const s = new MarketScenario().add(1 * US, 1, 1, px(10.0), 100).add(2 * US, 2, 1, px(10.0), 200).add(3 * US, 9, -1, px(10.05), 100).delete(20 * US, 2).add(30 * US, 8, -1, px(10.06), 1);
    const seen: number[] = [];
    run(s, (engine) => [...join, { atNs: 20 * US, run: () => seen.push(engine.venue.queueAhead(1)) }]);
    expect(seen).toEqual([100]);
  });

  it('trade-through and crossing orders fill a resting order first', () => {
    const s = new MarketScenario()
      .add(1 * US, 1, 1, px(9.99), 100)
      .add(2 * US, 2, -1, px(10.05), 100)
      // A seller hits 9.99 although our bid at 10.00 was better.
      .execute(10 * US, 1, 30)
      // A new sell at 9.98 would have crossed our 10.00 bid.
      .add(20 * US, 3, -1, px(9.98), 50);
    const { result } = run(s, [{ atNs: 2 * US, run: (c) => c.submit(1, px(10.0), 100, Tif.Gtc) }]);
    expect(fills(result)).toEqual([
      [30, 10.0, 0],
      [50, 10.0, 0],
    ]);
  });

  it('a smaller quantity keeps the queue place; a new price loses it', () => {
    const s = new MarketScenario().add(1 * US, 1, 1, px(10.0), 100).add(2 * US, 9, -1, px(10.05), 100).add(10 * US, 2, 1, px(10.0), 100).add(20 * US, 3, 1, px(9.99), 100).add(30 * US, 4, 1, px(9.99), 5);
    let id = 0;
    const aheads: number[] = [];
    run(s, (engine) => [
      { atNs: 2 * US, run: (c) => (id = c.submit(1, px(10.0), 100, Tif.Gtc)) },
      { atNs: 10 * US, run: (c) => c.modify(id, px(10.0), 50) },
      {
        atNs: 20 * US,
        run: (c) => {
          aheads.push(engine.venue.queueAhead(id));
          c.modify(id, px(9.99), 50);
        },
      },
      { atNs: 30 * US, run: () => aheads.push(engine.venue.queueAhead(id)) },
    ]);
    // At 10.00 we stayed behind A only (100), not behind the later B; at 9.99 we joined behind 100.
    expect(aheads).toEqual([100, 100]);
  });
});

describe('two clocks', () => {
  it('market data, orders and fills travel with their latencies, in order', () => {
    const s = new MarketScenario()
      .add(1 * US, 1, -1, px(10.0), 100)
      .add(2 * US, 2, 1, px(9.99), 100)
      .reduce(25 * US, 1, 60)
      // Arrives at the same instant as our order: the venue applies the market first.
      .add(32 * US, 3, -1, px(10.0), 100)
      .add(50 * US, 4, 1, px(9.98), 1)
      .add(55 * US, 5, 1, px(9.97), 1);
    const { result, strategy } = run(s, [{ atNs: 0, run: (c) => c.submit(1, px(10.0), 100, Tif.Ioc) }], { latency: latency(10 * US, 20 * US, 30 * US) });
    // First delivery: event 1 (1 µs) at 11 µs → order at the venue at 31 µs: book then 40 (reduced) +
    // nothing yet at 32 µs… the order arrives at 31 µs, before the add at 32 µs.
    expect(strategy.deliveries[0]).toEqual({ nowNs: 11 * US, exchNs: 1 * US, position: 0 });
    expect(fills(result)).toEqual([[40, 10.0, 1]]);
    expect(result.fills.exchNs[0]).toBe(31 * US);
    expect(result.fills.localNs[0]).toBe(61 * US);
    const fill = strategy.updates.find((u) => u.kind === OrderUpdateKind.Filled);
    expect(fill).toMatchObject({ exchNs: 31 * US, localNs: 61 * US, qty: 40 });
    // The strategy knows its position only once the fill report arrived (61 µs).
    const at = (ex: number): number | undefined => strategy.deliveries.find((d) => d.exchNs === ex)?.position;
    expect(at(50 * US)).toBe(0); // delivered at 60 µs
    expect(at(55 * US)).toBe(40); // delivered at 65 µs
  });

  it('an order arriving at the same instant as a market event sees that event', () => {
    const s = new MarketScenario()
      .add(1 * US, 1, -1, px(10.0), 40)
      .add(2 * US, 2, 1, px(9.99), 100)
      .add(32 * US, 3, -1, px(10.0), 100)
      .add(40 * US, 4, 1, px(9.98), 1);
    // Delivered at 12 µs (event 2), the order reaches the venue at 32 µs, together with the add.
    const { result } = run(s, [{ atNs: 12 * US, run: (c) => c.submit(1, px(10.0), 100, Tif.Ioc) }], { latency: latency(10 * US, 20 * US, 0) });
    expect(fills(result)).toEqual([[100, 10.0, 1]]);
  });
});

describe('pre-trade and venue checks', () => {
  const s = (): MarketScenario => new MarketScenario().add(1 * US, 1, -1, px(10.0), 100).add(2 * US, 2, 1, px(9.99), 100).add(10 * US, 3, 1, px(9.98), 1);

  it('refuses an order that would pass the inventory limit, counting open orders', () => {
    const rejects: number[] = [];
    run(
      s(),
      [
        {
          atNs: 2 * US,
          run: (c) => {
            expect(c.submit(1, px(9.99), 100, Tif.Gtc)).toBeGreaterThan(0);
            expect(c.submit(1, px(9.99), 1, Tif.Gtc)).toBe(0);
            rejects.push(c.lastReject);
          },
        },
      ],
      { maxPosition: 100 },
    );
    expect(rejects).toEqual([RejectReason.InventoryLimit]);
  });

  it('rejects off-tick prices, self-crossing orders and cancels of finished orders', () => {
    const { strategy } = run(s(), [
      {
        atNs: 2 * US,
        run: (c) => {
          c.submit(1, px(9.995), 100, Tif.Gtc);
          c.submit(-1, px(10.05), 100, Tif.Gtc);
          c.submit(1, px(10.05), 10, Tif.Gtc);
        },
      },
    ]);
    const rejected = strategy.updates.filter((u) => u.kind === OrderUpdateKind.Rejected).map((u) => [u.orderId, u.reason]);
    expect(rejected).toEqual([
      [1, RejectReason.BadPriceOrSize],
      [3, RejectReason.SelfTrade],
    ]);
  });
});

describe('strategy callbacks', () => {
  it('timers fire on the local clock between deliveries; onTrade follows onBook for executions', () => {
    const s = new MarketScenario()
      .add(10 * US, 1, -1, px(10.0), 100)
      .add(20 * US, 2, 1, px(9.99), 100)
      .execute(40 * US, 1, 30)
      .add(50 * US, 3, 1, px(9.98), 1);
    const seen: string[] = [];
    const strategy = {
      name: 'recorder',
      params: {},
      onBook: (c: { nowNs: number }): void => void seen.push(`book@${c.nowNs / US}`),
      onTrade: (c: { nowNs: number; eventSize: number }): void => void seen.push(`trade ${c.eventSize}@${c.nowNs / US}`),
      onTimer: (c: { nowNs: number }): void => void seen.push(`timer@${c.nowNs / US}`),
    };
    const day = s.day();
    const engine = new BacktestEngine({ instrument: day.instrument, originNs: 0n, latency: latency(5 * US, 0, 0), queue: new L3ExactQueue(), fees: NASDAQ, strategy, model: null, maxPosition: 100, timerNs: 15 * US });
    forEachDayRow(day, (b, i, d, base, lv) => engine.onMarketEvent(b, i, d, base, lv));
    engine.finish(1);
    // Events at 10, 20, 40, 50 µs are delivered 5 µs later; timers every 15 µs from the first event
    // (25, 40, 55); at equal times market data goes before the timer. No timers after the last event.
    expect(seen).toEqual(['book@15', 'book@25', 'timer@25', 'timer@40', 'book@45', 'trade 30@45', 'book@55']);
  });
});

describe('pre-trade risk in the backtest', () => {
  it('the kill switch trips on the known loss, cancels the open orders, and refuses new ones', () => {
    const s = new MarketScenario()
      .add(1 * US, 1, -1, px(10.0), 100)
      .add(2 * US, 2, 1, px(9.99), 100)
      // The market falls a dollar: long 100 shares lose $100 at the mid.
      .delete(10 * US, 2)
      .add(11 * US, 3, 1, px(8.99), 100)
      .add(12 * US, 4, -1, px(9.01), 100)
      .delete(13 * US, 1)
      .add(20 * US, 5, 1, px(8.98), 1);
    const seen: number[] = [];
    const day = s.day();
    const strategy = new ScriptedStrategy();
    const engine = new BacktestEngine({
      instrument: day.instrument,
      originNs: 0n,
      latency: ZERO,
      queue: new L3ExactQueue(),
      fees: NASDAQ,
      strategy,
      model: null,
      maxPosition: 1_000,
      risk: { maxOrderQty: 1_000, maxOrderNotional: 1e6, priceCollarBps: 5_000, maxPosition: 1_000, maxOpenOrders: 10, maxOrdersBurst: 10, maxOrdersPerSecond: 10, maxDailyLoss: 50 },
    });
    strategy.setSteps([
      {
        atNs: 2 * US,
        run: (c) => {
          c.submit(1, px(10.0), 100, Tif.Ioc);
          c.submit(1, px(9.5), 100, Tif.Gtc); // a resting bid far below
        },
      },
      {
        atNs: 20 * US,
        run: (c) => {
          seen.push(c.submit(1, px(8.98), 10, Tif.Gtc), c.lastReject, c.lastRiskReject);
        },
      },
    ]);
    forEachDayRow(day, (b, i, d, base, lv) => engine.onMarketEvent(b, i, d, base, lv));
    engine.finish(1);
    expect(engine.risk?.killed).toBe(true);
    expect(engine.risk?.tripReason).toMatch(/daily loss/);
    // The resting bid (order 2) was cancelled by the switch; the new order was refused.
    expect(strategy.updates.some((u) => u.orderId === 2 && u.kind === OrderUpdateKind.Cancelled)).toBe(true);
    expect(seen).toEqual([0, RejectReason.Risk, RiskReject.KillSwitch]);
  });
});

describe('estimated queues', () => {
  it('fills whole lots even when the probabilistic queue estimate is fractional', () => {
    const s = new MarketScenario()
      .add(1 * US, 1, 1, px(10.0), 100)
      .add(2 * US, 2, 1, px(10.0), 100)
      .add(3 * US, 9, -1, px(10.05), 100)
      .add(5 * US, 3, 1, px(10.0), 100) // behind us
      // Cancel of 70 with 200 ahead and 100 behind: from the front with probability 200³/(200³ + 100³)
      // = 8/9, so the estimate ahead becomes 200 − 70·8/9 = 137.78.
      .reduce(10 * US, 2, 70)
      .execute(20 * US, 1, 100) // 37.78 ahead
      .execute(30 * US, 2, 30) // 7.78 ahead
      .execute(40 * US, 3, 50); // 42.22 reach us: 42 whole shares fill
    const { result } = run(s, [{ atNs: 3 * US, run: (c) => c.submit(1, px(10.0), 100, Tif.Gtc) }], { queue: new L2ProbabilisticQueue() });
    expect(fills(result)).toEqual([[42, 10.0, 0]]);
    expect(result.fills.length).toBeGreaterThan(0);
    for (let k = 0; k < result.fills.length; k++) expect(Number.isInteger(result.fills.qty[k])).toBe(true);
  });
});
