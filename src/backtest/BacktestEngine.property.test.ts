import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BacktestEngine } from './BacktestEngine.ts';
import { PerShareFees } from './fees/FeeModel.ts';
import { forEachDayRow } from '../data/lobster/LobsterDay.ts';
import { L3ExactQueue } from './queue/L3ExactQueue.ts';
import { L2ProbabilisticQueue } from './queue/L2ProbabilisticQueue.ts';
import { MarketScenario, US, px } from './testkit/MarketScenario.ts';
import { ScriptedStrategy } from './testkit/ScriptedStrategy.ts';
import { OrderUpdateKind, Tif } from '../strategy/Strategy.ts';

/** A random market around $10 (adds on both sides, cancels and executions of resting orders). */
const marketOps = fc.array(
  fc.record({ kind: fc.constantFrom('add', 'add', 'cancel', 'exec'), side: fc.constantFrom(1, -1), ticks: fc.integer({ min: 0, max: 4 }), size: fc.integer({ min: 1, max: 300 }), pick: fc.nat() }),
  { minLength: 5, maxLength: 120 },
);
const orderOps = fc.array(
  fc.record({ at: fc.integer({ min: 0, max: 130 }), side: fc.constantFrom(1, -1), ticks: fc.integer({ min: -2, max: 4 }), qty: fc.integer({ min: 1, max: 400 }), ioc: fc.boolean(), cancel: fc.boolean() }),
  { maxLength: 25 },
);

describe('backtest engine properties', () => {
  it('through every fill: cash + position × fill price moves only by the fee; position and cash reconcile with the fills', () => {
    fc.assert(
      fc.property(marketOps, orderOps, fc.boolean(), fc.integer({ min: 0, max: 30 }), (ops, orders, l3, latUs) => {
        const s = new MarketScenario();
        // Bids at or below 9.99, asks at or above 10.01, so the replayed book never crosses.
        s.add(0, 1, 1, px(9.99), 100).add(0, 2, -1, px(10.01), 100);
        const live: number[] = [1, 2];
        let id = 3;
        ops.forEach((o, k) => {
          const t = (k + 1) * US;
          if (o.kind === 'add' || live.length === 0) {
            s.add(t, id, o.side, o.side > 0 ? px(9.99) - o.ticks * 100 : px(10.01) + o.ticks * 100, o.size);
            live.push(id++);
          } else {
            const victim = live[o.pick % live.length];
            if (o.kind === 'cancel') {
              s.delete(t, victim);
              live.splice(live.indexOf(victim), 1);
            } else s.execute(t, victim, 1);
          }
        });
        const strategy = new ScriptedStrategy(
          [...orders]
            .sort((a, b) => a.at - b.at)
            .map((o) => ({
              atNs: o.at * US,
              run: (c) => {
                const oid = c.submit(o.side, px(10) + o.ticks * 100 * o.side, o.qty, o.ioc ? Tif.Ioc : Tif.Gtc);
                if (o.cancel && oid > 0) c.cancel(oid);
              },
            })),
        );
        const day = s.day();
        const lat = { description: 'test', feedNs: () => latUs * US, orderNs: () => latUs * US, responseNs: () => latUs * US };
        const engine = new BacktestEngine({ instrument: day.instrument, originNs: 0n, latency: lat, queue: l3 ? new L3ExactQueue() : new L2ProbabilisticQueue(), fees: new PerShareFees(-0.002, 0.003, 'test'), strategy, model: null, maxPosition: 100_000 });
        forEachDayRow(day, (b, i, d, base, lv) => engine.onMarketEvent(b, i, d, base, lv));
        const r = engine.finish(1);
        const f = r.fills;
        let cash = 0;
        let pos = 0;
        for (let k = 0; k < f.length; k++) {
          const before = cash + pos * f.price[k];
          cash = f.cashAfter[k];
          pos = f.positionAfter[k];
          expect(cash + pos * f.price[k]).toBeCloseTo(before - f.fee[k], 6);
          expect(Number.isInteger(f.qty[k]) && f.qty[k] > 0).toBe(true);
        }
        // What the strategy was told adds up to the venue's position.
        const told = strategy.updates.filter((u) => u.kind === OrderUpdateKind.Filled).reduce((a, u) => a + u.side * u.qty, 0);
        expect(told).toBe(engine.portfolio.position);
        expect(engine.portfolio.position).toBe(f.length ? f.positionAfter[f.length - 1] : 0);
        // Never more filled than ordered.
        expect(r.summary.fillRatio).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 150 },
    );
  });
});
