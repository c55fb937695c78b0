import type { Instrument } from '../data/Instrument.ts';
import { RiskReject, type PreTradeRisk, type RiskState } from '../risk/PreTradeRisk.ts';
import { OwnOrders } from './OwnOrders.ts';
import { RejectReason, type Tif, type TradingContext } from './Strategy.ts';

/**
 * What every TradingContext keeps, whoever runs the strategy (the backtester's EngineContext, the live
 * engine's LiveContext, the venue session's VenueContext): the strategy's view of the market, the model's
 * output, the last refusal, and its own orders (`OwnOrders`, the risk gate's state), plus the one way the
 * pre-trade risk gate is asked. Subclasses add where orders go.
 */
export abstract class TradingContextBase implements TradingContext {
  nowNs = 0;
  exchNs = 0;
  bestBid = NaN;
  bestAsk = NaN;
  bidSize = 0;
  askSize = 0;
  eventType = 0;
  eventSide = 0;
  eventPrice = 0;
  eventSize = 0;
  readonly prediction: Float64Array;
  predictionFresh = false;
  predictions = 0;
  readonly features: Float64Array;
  lastReject: RejectReason = RejectReason.None;
  lastRiskReject = 0;
  /** The strategy's orders, position and cash as the venue's responses have told it (the risk gate's RiskState). */
  readonly orders: OwnOrders;

  constructor(
    readonly instrument: Instrument,
    outputs: number,
    features: number,
  ) {
    this.prediction = new Float64Array(outputs).fill(NaN);
    this.features = new Float64Array(features).fill(NaN);
    // Cash = price × size / (priceScale × sizeScale): shares have sizeScale 1, Binance sizes are integers of
    // 1e-5…1e-8 of a coin, where priceScale alone would make cash and notional that many times too big.
    this.orders = new OwnOrders(instrument.priceScale * instrument.sizeScale);
  }

  get position(): number {
    return this.orders.position;
  }

  get openOrders(): number {
    return this.orders.openOrders;
  }

  /** Cash (quote currency) from received fills, fees included. */
  get cash(): number {
    return this.orders.cash;
  }

  leavesQty(orderId: number): number {
    return this.orders.leavesQty(orderId);
  }

  /** The day's P&L as the strategy knows it: its fills, marked to the mid it sees. */
  knownPnl(): number {
    return this.orders.knownPnl(this.bestBid, this.bestAsk);
  }

  /**
   * Asks the risk gate about an order at the context's clock, the collar against the mid it sees; on a
   * refusal records it (lastReject Risk, lastRiskReject the check) and returns false.
   */
  protected riskAllows(risk: PreTradeRisk, side: number, price: number, qty: number): boolean {
    this.orders.refreshOwnBest();
    const r = this.riskCheck(risk, side, price, qty, this.orders);
    if (r === RiskReject.None) return true;
    this.lastReject = RejectReason.Risk;
    this.lastRiskReject = r;
    return false;
  }

  /**
   * The risk gate's answer for an order at the context's clock and mid, against `state` (the account as it
   * would stand; its own best prices refreshed by the caller, `orders.refreshOwnBest()`).
   */
  protected riskCheck(risk: PreTradeRisk, side: number, price: number, qty: number, state: RiskState): RiskReject {
    risk.nowNs = this.nowNs;
    risk.referencePrice = (this.bestBid + this.bestAsk) / 2;
    return risk.check(side, price, qty, state);
  }

  abstract submit(side: number, price: number, qty: number, tif: Tif): number;
  abstract cancel(orderId: number): void;
  abstract modify(orderId: number, price: number, qty: number): void;
}
