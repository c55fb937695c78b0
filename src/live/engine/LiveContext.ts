import type { Instrument } from '../../data/Instrument.ts';
import { PreTradeRisk, RiskReject } from '../../risk/PreTradeRisk.ts';
import { OwnOrders } from '../../strategy/OwnOrders.ts';
import { RejectReason, Tif, type TradingContext } from '../../strategy/Strategy.ts';
import type { LatencyHistogram } from '../../core/LatencyHistogram.ts';
import { span, stamp } from './clock.ts';

/** What the context sends orders through (the engine: journal, encode, socket). */
export interface OrderPort {
  /** A fresh client order token (unique for the journal's life, above every token used before). */
  nextToken(): number;
  /** Journals and sends Enter Order; false when it could not be sent (not connected, back-pressure). */
  sendEnter(token: number, side: number, price: number, qty: number, tif: Tif): boolean;
  sendCancel(token: number): boolean;
  /** Cancel-replace to `newToken` with the order's new total quantity (fills included). */
  sendReplace(token: number, newToken: number, price: number, totalQty: number): boolean;
}

/**
 * The live engine's TradingContext: the same contract as the backtester's EngineContext (src/backtest),
 * with the real clock and the socket venue behind it. The strategy's view of the book is the engine's
 * book rebuilt from the feed; what it knows of its orders and position comes from the venue's order-entry
 * messages. Every order passes PreTradeRisk first. Order ids the strategy sees are the token of the
 * order's Enter Order; a replace gives the order a new token at the venue, mapped back here, so the
 * strategy's id stays the same (as in the backtester). Per-order state lives in typed arrays indexed by
 * token; nothing is allocated per order after the arrays have grown to the session's size.
 */
export class LiveContext implements TradingContext {
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
  prediction: Float64Array;
  predictionFresh = false;
  predictions = 0;
  features: Float64Array;
  lastReject: RejectReason = RejectReason.None;
  lastRiskReject = 0;
  /** The strategy's orders, position and cash from the venue's messages (the risk gate's RiskState). */
  readonly orders: OwnOrders;
  /** Nanoseconds spent inside submit/cancel/modify during the current callback (subtracted from the policy stage). */
  sendNs = 0;
  /** Risk-stage histogram (set by the engine; recorded only while measuring). */
  riskHistogram: LatencyHistogram | null = null;
  measuring = false;
  /** Clock slots of submit (performance.now(), ms). */
  private readonly t = new Float64Array(2);

  /** Token → strategy order id (replacement tokens map to the order they replace). */
  private owner = new Float64Array(1024);
  /** Strategy order id (= its first token) → its current token at the venue. */
  private current = new Float64Array(1024);

  constructor(
    readonly instrument: Instrument,
    readonly risk: PreTradeRisk,
    private readonly port: OrderPort,
    outputs: number,
    features: number,
  ) {
    this.prediction = new Float64Array(outputs).fill(NaN);
    this.features = new Float64Array(features).fill(NaN);
    this.orders = new OwnOrders(instrument.priceScale);
  }

  get position(): number {
    return this.orders.position;
  }

  get openOrders(): number {
    return this.orders.openOrders;
  }

  /** Cash in dollars from received fills (fees included). */
  get cash(): number {
    return this.orders.cash;
  }

  submit(side: number, price: number, qty: number, tif: Tif): number {
    const t = this.t;
    if (this.measuring) stamp(t, 0);
    this.orders.refreshOwnBest();
    const risk = this.risk;
    risk.nowNs = this.nowNs;
    risk.referencePrice = (this.bestBid + this.bestAsk) / 2;
    const r = risk.check(side, price, qty, this.orders);
    if (this.measuring) {
      stamp(t, 1);
      if (this.riskHistogram !== null) span(this.riskHistogram, t, 0, 1);
    }
    if (r !== RiskReject.None) {
      this.lastReject = RejectReason.Risk;
      this.lastRiskReject = r;
      if (this.measuring) this.sendNs += (t[1] - t[0]) * 1e6;
      return 0;
    }
    const id = this.port.nextToken();
    this.track(id, side, price, qty);
    if (!this.port.sendEnter(id, side, price, qty, tif)) {
      // Not sent (venue unreachable): the order never existed.
      this.orders.forget(id);
      this.lastReject = RejectReason.Halted;
      this.addSendTime();
      return 0;
    }
    this.lastReject = RejectReason.None;
    this.addSendTime();
    return id;
  }

  cancel(orderId: number): void {
    if (this.leavesQty(orderId) <= 0) return;
    if (this.measuring) stamp(this.t, 0);
    this.port.sendCancel(this.current[orderId]);
    this.addSendTime();
  }

  modify(orderId: number, price: number, qty: number): void {
    if (this.leavesQty(orderId) <= 0) return;
    if (this.measuring) stamp(this.t, 0);
    const token = this.port.nextToken();
    this.ensure(token);
    this.owner[token] = orderId;
    // The venue gets the new total (FIX): fills still in flight are then not bought twice.
    this.port.sendReplace(this.current[orderId], token, price, this.orders.filledOf(orderId) + qty);
    this.addSendTime();
  }

  /** Adds the time since t[0] to `sendNs` (while measuring). */
  private addSendTime(): void {
    if (!this.measuring) return;
    stamp(this.t, 1);
    this.sendNs += (this.t[1] - this.t[0]) * 1e6;
  }

  leavesQty(orderId: number): number {
    return this.orders.leavesQty(orderId);
  }

  /** The strategy's order id of a venue token (0 when unknown). */
  orderOf(token: number): number {
    return token > 0 && token < this.owner.length ? this.owner[token] : 0;
  }

  /** The venue token an order carries now. */
  tokenOf(orderId: number): number {
    return orderId > 0 && orderId < this.current.length ? this.current[orderId] : 0;
  }

  sideOf(orderId: number): number {
    return this.orders.sideOf(orderId);
  }

  priceOf(orderId: number): number {
    return this.orders.priceOf(orderId);
  }

  filledOf(orderId: number): number {
    return this.orders.filledOf(orderId);
  }

  /** Makes `token` name order `orderId` (a replacement token not yet confirmed). */
  aliasToken(token: number, orderId: number): void {
    this.ensure(token);
    this.owner[token] = orderId;
  }

  /** A replace went through: the order carries `newToken` from now on. */
  replaced(orderId: number, newToken: number): void {
    this.ensure(newToken);
    this.owner[newToken] = orderId;
    this.current[orderId] = newToken;
  }

  /**
   * Registers an order known from elsewhere (recovered from the journal, or found in the venue's replay):
   * it counts toward position limits and open orders like the strategy's own.
   */
  adopt(token: number, side: number, price: number, leaves: number, filled: number): void {
    this.track(token, side, price, leaves, filled);
  }

  /** The day's P&L as the strategy knows it: its fills, marked to the mid it sees. */
  knownPnl(): number {
    return this.orders.knownPnl(this.bestBid, this.bestAsk);
  }

  /** The kill switch's cancel-all (and shutdown): every order still open as far as the engine knows. */
  cancelAll(): void {
    const orders = this.orders;
    for (let k = 0; k < orders.openIdCount; k++) this.port.sendCancel(this.current[orders.openIdAt(k)]);
  }

  /** Strategy ids of the open orders (allocates: reports and reconciliation). */
  openOrderIds(): number[] {
    return Array.from({ length: this.orders.openIdCount }, (_, k) => this.orders.openIdAt(k));
  }

  /** Every open order is gone (the venue's session ended or restarted): leaves to 0, no update sent. */
  dropAllOpen(): number[] {
    return this.orders.dropAllOpen();
  }

  private track(id: number, side: number, price: number, qty: number, filled = 0): void {
    this.ensure(id);
    this.owner[id] = id;
    this.current[id] = id;
    this.orders.track(id, side, price, qty, filled);
  }

  /** Grows the token maps (the per-order state grows inside OwnOrders). */
  private ensure(id: number): void {
    if (id < this.owner.length) return;
    let n = this.owner.length;
    while (n <= id) n *= 2;
    const owner = new Float64Array(n);
    owner.set(this.owner);
    const current = new Float64Array(n);
    current.set(this.current);
    this.owner = owner;
    this.current = current;
  }
}
