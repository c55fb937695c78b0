import { describe, expect, it } from 'vitest';
import { NotionalBpsFees } from '../../backtest/fees/FeeModel.ts';
import { ScriptedStrategy } from '../../backtest/testkit/ScriptedStrategy.ts';
import { L2Ladder } from '../../book/L2Ladder.ts';
import { binanceInstrument } from '../../data/binance/BinanceInstrument.ts';
import { Side } from '../../data/EventType.ts';
import { RiskReject } from '../../risk/PreTradeRisk.ts';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../risk/RiskLimits.ts';
import { OrderUpdateKind, RejectReason, Tif, type OrderUpdate, type Strategy, type TradingContext } from '../../strategy/Strategy.ts';
import { CcxtOrderEntry } from './CcxtOrderEntry.ts';
import { PaperOrderEntry } from './PaperOrderEntry.ts';
import { REAL_ORDERS_CONFIRMATION } from './RealVenueConfig.ts';
import { FakeCcxtExchange } from './testkit/FakeCcxtExchange.ts';
import { L2EventScript } from './testkit/L2EventScript.ts';
import { VenueSession } from './VenueSession.ts';

const BTC = binanceInstrument('BTCUSDT', 'spot');
const ONE = 1_000_000;
const P = 6_000_000;
const MS = 1_000_000;
const RISK: RiskLimits = { ...DEFAULT_RISK_LIMITS, maxOrderQty: ONE, maxPosition: 2 * ONE, maxOrderNotional: 100_000, priceCollarBps: 50, maxOpenOrders: 10 };
const BIDS = [[P - 100, 2 * ONE]] as const;
const ASKS = [[P, ONE]] as const;

function paperSession(strategy: Strategy, risk: RiskLimits = RISK) {
  const book = new L2Ladder();
  const paper = new PaperOrderEntry({ instrument: BTC, book, fees: new NotionalBpsFees(10, 10, 'Binance spot VIP 0') });
  const session = new VenueSession({ instrument: BTC, strategy, entry: paper, risk, book, timeBase: 'exchange' });
  return { session, paper, script: new L2EventScript(BTC) };
}

async function realSession(strategy: Strategy, fake: FakeCcxtExchange, maxOutbox = 64) {
  const entry = await CcxtOrderEntry.open(
    { mode: 'real', exchange: 'binance', symbol: 'BTC/USDT', apiKey: 'k', secret: 's', sandbox: true, confirm: REAL_ORDERS_CONFIRMATION },
    { instrument: BTC, exchange: fake, pollIntervalMs: 0, clientOrderIdPrefix: 't-', maxOutbox, cancelOnClose: false },
  );
  const session = new VenueSession({ instrument: BTC, strategy, entry, risk: RISK, timeBase: 'exchange' });
  return { session, entry, script: new L2EventScript(BTC) };
}

describe('VenueSession: the pre-trade risk gate sits in front of every entry', () => {
  it('real entry: an order the gate refuses never reaches the exchange; one it passes does', async () => {
    const fake = new FakeCcxtExchange();
    const strategy = new ScriptedStrategy();
    const { session, entry, script } = await realSession(strategy, fake);
    const ids: number[] = [];
    const risk: number[] = [];
    strategy.setSteps([
      {
        atNs: 0,
        run: (ctx) => {
          ids.push(ctx.submit(Side.Buy, P - 100, 2 * ONE, Tif.Gtc)); // over maxOrderQty
          risk.push(ctx.lastRiskReject);
          ids.push(ctx.submit(Side.Buy, P + 40_000, ONE / 10, Tif.Gtc)); // 400 USDT (67 bps) over the mid: outside the 50-bps collar
          risk.push(ctx.lastRiskReject);
          ids.push(ctx.submit(Side.Sell, P + 100, ONE / 10, Tif.Gtc)); // fine
        },
      },
    ]);
    session.onEvents(script.snapshot(1 * MS, BIDS, ASKS));
    expect(ids).toEqual([0, 0, 1]);
    expect(risk).toEqual([RiskReject.OrderQty, RiskReject.PriceCollar]);
    await entry.whenIdle();
    const creates = fake.calls.filter((c) => c.method === 'createOrder');
    expect(creates.map((c) => c.args.slice(2, 5))).toEqual([['sell', 0.1, 60001]]);
    expect(session.result()).toMatchObject({ orders: 1, accepted: 1, riskRejects: { OrderQty: 1, PriceCollar: 1 } });
    await entry.close();
  });

  it('a modify is checked as the order replacing the old one: out of the collar → Rejected (Risk), the venue never asked', async () => {
    const fake = new FakeCcxtExchange();
    const strategy = new ScriptedStrategy();
    const { session, entry, script } = await realSession(strategy, fake);
    strategy.setSteps([{ atNs: 0, run: (ctx) => ctx.submit(Side.Buy, P - 100, ONE, Tif.Gtc) }]);
    session.onEvents(script.snapshot(1 * MS, BIDS, ASKS));
    await entry.whenIdle();
    strategy.setSteps([
      {
        atNs: 0,
        run: (ctx) => {
          ctx.modify(1, P - 500, ONE); // within the collar; the account without the old order stays within maxPosition
          ctx.modify(1, P + 40_000, ONE); // 67 bps over the mid: outside
        },
      },
    ]);
    session.onEvents(script.trade(2 * MS, Side.Sell, P - 100, 1));
    await entry.whenIdle();
    expect(fake.methods.filter((m) => m === 'editOrder')).toHaveLength(1);
    const kinds = strategy.updates.map((u) => [u.kind, u.reason]);
    expect(kinds).toEqual([
      [OrderUpdateKind.Accepted, RejectReason.None],
      [OrderUpdateKind.Rejected, RejectReason.Risk], // delivered after the callback, before the venue's answer
      [OrderUpdateKind.Modified, RejectReason.None],
    ]);
    expect(session.ctx.lastRiskReject).toBe(RiskReject.PriceCollar);
    expect(session.ctx.leavesQty(1)).toBe(ONE); // the refused modify changed nothing
    await entry.close();
  });

  it('a full outbox: submit returns 0 (Halted), a refused cancel comes back as Rejected after the callback', async () => {
    const fake = new FakeCcxtExchange();
    const strategy = new ScriptedStrategy();
    const { session, entry, script } = await realSession(strategy, fake, 2);
    const ids: number[] = [];
    let reject = -1;
    strategy.setSteps([
      {
        atNs: 0,
        run: (ctx) => {
          ids.push(ctx.submit(Side.Buy, P - 100, ONE / 10, Tif.Gtc), ctx.submit(Side.Buy, P - 200, ONE / 10, Tif.Gtc), ctx.submit(Side.Buy, P - 300, ONE / 10, Tif.Gtc));
          reject = ctx.lastReject;
          ctx.cancel(1); // the outbox is full: refused
          expect(strategy.updates).toHaveLength(0); // … but not reported inside the callback
        },
      },
    ]);
    session.onEvents(script.snapshot(1 * MS, BIDS, ASKS));
    expect(ids).toEqual([1, 2, 0]);
    expect(reject).toBe(RejectReason.Halted);
    expect(strategy.updates.map((u) => [u.kind, u.orderId, u.reason])).toEqual([[OrderUpdateKind.Rejected, 1, RejectReason.Halted]]);
    expect(session.ctx.openOrders).toBe(2); // the refused cancel changed nothing; the refused order never existed
    await entry.whenIdle();
    expect(session.result()).toMatchObject({ orders: 2, entryRefused: 1, accepted: 2, rejects: { 'cancel:Halted:entry-refused': 1 } });
    await entry.close();
  });
});

describe('VenueSession: reports become the strategy API’s updates', () => {
  it('with the backtester’s field conventions, and never inside a strategy callback', () => {
    class Recorder implements Strategy {
      readonly name = 'recorder';
      readonly params = {};
      inCallback = false;
      reentered = false;
      readonly seen: OrderUpdate[] = [];
      id = 0;
      onBook(ctx: TradingContext): void {
        this.inCallback = true;
        if (this.id === 0) this.id = ctx.submit(Side.Buy, P, ONE / 2, Tif.Ioc);
        this.inCallback = false;
      }
      onOrderUpdate(_ctx: TradingContext, u: OrderUpdate): void {
        if (this.inCallback) this.reentered = true;
        this.seen.push({ ...u });
      }
    }
    const strategy = new Recorder();
    const { session, script } = paperSession(strategy);
    session.onEvents(script.snapshot(1 * MS, BIDS, [[P, ONE / 4]]));
    expect(strategy.reentered).toBe(false);
    const [accepted, filled, cancelled] = strategy.seen;
    expect(accepted).toMatchObject({ kind: OrderUpdateKind.Accepted, orderId: 1, side: 0, qty: 0, reason: RejectReason.None });
    expect(accepted.price).toBeNaN();
    expect(accepted.leavesQty).toBeNaN();
    expect(filled).toMatchObject({ kind: OrderUpdateKind.Filled, orderId: 1, side: 1, price: P, qty: ONE / 4, leavesQty: ONE / 4, liquidity: 1 });
    expect(filled.fee).toBeCloseTo(0.25 * 60000 * 0.001, 12);
    expect(cancelled).toMatchObject({ kind: OrderUpdateKind.Cancelled, orderId: 1, side: 0, qty: ONE / 4, leavesQty: 0 });
    expect(cancelled.price).toBeNaN();
    expect(session.ctx.position).toBe(ONE / 4);
    // Cash is in dollars: qty (1e-6 BTC) × price (cents) over priceScale × sizeScale.
    expect(session.ctx.cash).toBeCloseTo(-(0.25 * 60000) * 1.001, 9);
  });

  it('real entry: fills reported later (polling) reach the strategy and its position; the kill switch cancels what is open', async () => {
    const fake = new FakeCcxtExchange();
    const strategy = new ScriptedStrategy();
    const entry = await CcxtOrderEntry.open(
      { mode: 'real', exchange: 'binance', symbol: 'BTC/USDT', apiKey: 'k', secret: 's', sandbox: true, confirm: REAL_ORDERS_CONFIRMATION },
      { instrument: BTC, exchange: fake, pollIntervalMs: 0, clientOrderIdPrefix: 't-', cancelOnClose: false },
    );
    const session = new VenueSession({ instrument: BTC, strategy, entry, risk: { ...RISK, maxDailyLoss: 50 }, timeBase: 'exchange' });
    const script = new L2EventScript(BTC);
    strategy.setSteps([
      {
        atNs: 0,
        run: (ctx) => {
          ctx.submit(Side.Buy, P - 100, ONE / 2, Tif.Gtc);
          ctx.submit(Side.Sell, P + 200, ONE / 2, Tif.Gtc);
        },
      },
    ]);
    session.onEvents(script.snapshot(1 * MS, BIDS, ASKS));
    await entry.whenIdle();
    fake.fill('v1', 0.5, 59999);
    await entry.pollOnce();
    expect(session.ctx.position).toBe(ONE / 2);
    // The market falls 300 USDT: 0.5 BTC lose 150 > 50: the switch trips at the next message and cancels the open sell.
    session.onEvents(script.snapshot(2 * MS, [[P - 30_000, ONE]], [[P - 29_900, ONE]]));
    expect(session.risk.killed).toBe(true);
    await entry.whenIdle();
    expect(fake.calls.filter((c) => c.method === 'cancelOrder').map((c) => c.args[0])).toEqual(['v2']);
    expect(session.result()).toMatchObject({ fills: 1, position: ONE / 2, cancelled: 1, openOrders: 0 });
    expect(session.result().killSwitch).toMatch(/^daily loss 179\.\d\d > 50$/);
    await entry.close();
  });
});
