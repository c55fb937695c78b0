import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRng } from '../core/rng.ts';
import { EventType } from '../data/EventType.ts';
import { LOBSTER, realDataPresent } from '../../test/realData.ts';
import type { BacktestResult } from './BacktestResult.ts';
import { PerShareFees } from './fees/FeeModel.ts';
import { loadLobsterDay, type LobsterDay } from '../data/lobster/LobsterDay.ts';
import { L3ExactQueue } from './queue/L3ExactQueue.ts';
import { runLobsterBacktest } from './runLobsterBacktest.ts';
import { MakerPolicy } from '../strategy/MakerPolicy.ts';
import { Tif, type Strategy, type TradingContext } from '../strategy/Strategy.ts';

/** Every ~400th delivery, buys or sells 300 shares IOC up to two ticks through the touch it sees. */
class RandomTaker implements Strategy {
  readonly name = 'random-taker';
  readonly params = {};
  private readonly rng = new SeededRng(7);
  onBook(c: TradingContext): void {
    if (c.openOrders > 0 || this.rng.nextFloat() > 1 / 400) return;
    const tick = c.instrument.tickSize;
    if (c.position <= 0 && c.bestAsk === c.bestAsk) c.submit(1, c.bestAsk + 2 * tick, 300, Tif.Ioc);
    else if (c.bestBid === c.bestBid) c.submit(-1, c.bestBid - 2 * tick, 300, Tif.Ioc);
  }
}

const latency = { description: 'constant 20/30/30 µs', feedNs: () => 20_000, orderNs: () => 30_000, responseNs: () => 30_000 };

/** Row of the orderbook file describing the book at venue time t: after the last message at or before t. */
function rowAt(day: LobsterDay, t: number): number {
  const ts = day.events.exchTs;
  let lo = 0;
  let hi = day.events.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ts[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

describe.skipIf(!realDataPresent)('backtests on the GOOG level-10 day, checked against LOBSTER’s orderbook file', () => {
  let day: LobsterDay;
  beforeAll(async () => {
    const { messages, orderbook } = LOBSTER.pair('GOOG', 10);
    day = await loadLobsterDay(messages, orderbook);
  });

  const run = (strategy: Strategy): BacktestResult =>
    runLobsterBacktest(day, { strategy, latency, queue: new L3ExactQueue(), fees: new PerShareFees(-0.002, 0.003, 'test'), maxPosition: 2_000, model: null });

  it('taker fills happen at prices and sizes the real book showed when the order arrived', () => {
    const r = run(new RandomTaker());
    const f = r.fills;
    expect(f.length).toBeGreaterThan(50);
    // Sum what we took per (arrival, price) and compare with the orderbook file's level there.
    const taken = new Map<string, number>();
    for (let k = 0; k < f.length; k++) {
      expect(f.liquidity[k]).toBe(1);
      const key = `${f.exchNs[k]}|${f.side[k]}|${f.price[k]}`;
      taken.set(key, (taken.get(key) ?? 0) + f.qty[k]);
    }
    for (const [key, qty] of taken) {
      const [t, side, price] = key.split('|').map(Number);
      const base = rowAt(day, t) * day.levels * 4;
      let shown = 0;
      for (let l = 0; l < day.levels; l++) {
        const o = base + l * 4 + (side > 0 ? 0 : 2); // a buy takes asks
        if (day.book[o] === Math.round(price * 10_000)) shown = day.book[o + 1];
      }
      expect(qty).toBeLessThanOrEqual(shown);
    }
    // A fill report reaches the strategy exactly one response latency after the venue time.
    for (let k = 0; k < f.length; k++) expect(f.localNs[k] - f.exchNs[k]).toBe(30_000);
  });

  it('maker fills only happen when the real flow traded at or through our price at that instant', () => {
    const r = run(new MakerPolicy({ qty: 100, signalTicks: 0, inventoryTicks: 1, maxPosition: 500 }));
    const f = r.fills;
    expect(f.length).toBeGreaterThan(50);
    const ev = day.events;
    for (let k = 0; k < f.length; k++) {
      if (f.liquidity[k] !== 0) continue;
      const t = f.exchNs[k];
      const p = Math.round(f.price[k] * 10_000);
      let explained = false;
      for (let i = rowAt(day, t); i >= 0 && ev.exchTs[i] === t && !explained; i--) {
        const type = ev.type[i];
        const sameSide = ev.side[i] === f.side[k];
        // Executions of resting orders on our side at or through our price, or a new opposite order crossing it.
        if ((type === EventType.ExecuteVisible || type === EventType.ExecuteHidden) && sameSide && (f.side[k] > 0 ? ev.price[i] <= p : ev.price[i] >= p)) explained = true;
        if (type === EventType.Add && !sameSide && (f.side[k] > 0 ? ev.price[i] <= p : ev.price[i] >= p)) explained = true;
      }
      expect(explained, `maker fill ${k} at ${t} ns`).toBe(true);
    }
    expect(Math.abs(r.fills.positionAfter[f.length - 1])).toBeLessThanOrEqual(500 + 100);
  });

  it('is deterministic: the same day, strategy and seed give the same trade log', () => {
    const a = run(new RandomTaker());
    const b = run(new RandomTaker());
    expect(Array.from(b.fills.price)).toEqual(Array.from(a.fills.price));
    expect(Array.from(b.fills.exchNs)).toEqual(Array.from(a.fills.exchNs));
    expect(b.summary.pnl).toBe(a.summary.pnl);
  });
});
