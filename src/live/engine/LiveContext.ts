import type { Instrument } from '../../data/Instrument.ts';
import { PreTradeRisk, RiskReject } from '../../risk/PreTradeRisk.ts';
import { OrderUpdateKind, RejectReason, Tif, type OrderUpdate, type TradingContext } from '../../strategy/Strategy.ts';
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

/** The update object handed to onOrderUpdate (one per engine). */
export class LiveUpdate implements OrderUpdate {
  kind: OrderUpdateKind = OrderUpdateKind.Accepted;
  orderId = 0;
  side = 0;
  price = 0;
  qty = 0;
  leavesQty = 0;
  liquidity = 0;
  fee = 0;
  reason: RejectReason = RejectReason.None;
  exchNs = 0;
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
  position = 0;
  openOrders = 0;
  lastReject: RejectReason = RejectReason.None;
  lastRiskReject = 0;
  /** Cash in dollars from received fills (fees included). */
  cash = 0;
  ownBestAsk = NaN;
  ownBestBid = NaN;
  /** Nanoseconds spent inside submit/cancel/modify during the current callback (subtracted from the policy stage). */
  sendNs = 0;
  /** Risk-stage histogram (set by the engine; recorded only while measuring). */
  riskHistogram: LatencyHistogram | null = null;
  measuring = false;
  /** Clock slots of submit (performance.now(), ms). */
  private readonly t = new Float64Array(2);

  // Per strategy order id (= its first token).
  private side = new Int8Array(1024);
  private price = new Float64Array(1024);
  private leaves = new Float64Array(1024);
  private filled = new Float64Array(1024);
  /** Token → strategy order id (replacement tokens map to the order they replace). */
  private owner = new Float64Array(1024);
  /** Strategy order id → its current token at the venue. */
  private current = new Float64Array(1024);
  private openIds = new Float64Array(64);
  private openCount = 0;
  private openBuy = 0;
  private openSell = 0;

  constructor(
    readonly instrument: Instrument,
    readonly risk: PreTradeRisk,
    private readonly port: OrderPort,
    outputs: number,
    features: number,
  ) {
    this.prediction = new Float64Array(outputs).fill(NaN);
    this.features = new Float64Array(features).fill(NaN);
  }

  submit(side: number, price: number, qty: number, tif: Tif): number {
    const t = this.t;
    if (this.measuring) stamp(t, 0);
    this.ownBestAsk = NaN;
    this.ownBestBid = NaN;
    for (let k = 0; k < this.openCount; k++) {
      const o = this.openIds[k];
      const p = this.price[o];
      if (this.side[o] > 0) {
        if (!(p <= this.ownBestBid)) this.ownBestBid = p;
      } else if (!(p >= this.ownBestAsk)) this.ownBestAsk = p;
    }
    const r = this.risk.check(side, price, qty, (this.bestBid + this.bestAsk) / 2, this, this.nowNs);
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
      this.forget(id);
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
    this.port.sendReplace(this.current[orderId], token, price, this.filled[orderId] + qty);
    this.addSendTime();
  }

  /** Adds the time since t[0] to `sendNs` (while measuring). */
  private addSendTime(): void {
    if (!this.measuring) return;
    stamp(this.t, 1);
    this.sendNs += (this.t[1] - this.t[0]) * 1e6;
  }

  leavesQty(orderId: number): number {
    return orderId > 0 && orderId < this.leaves.length ? this.leaves[orderId] : 0;
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
    return orderId > 0 && orderId < this.side.length ? this.side[orderId] : 0;
  }

  priceOf(orderId: number): number {
    return orderId > 0 && orderId < this.price.length ? this.price[orderId] : NaN;
  }

  filledOf(orderId: number): number {
    return orderId > 0 && orderId < this.filled.length ? this.filled[orderId] : 0;
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
    this.track(token, side, price, leaves);
    this.filled[token] = filled;
  }

  /** What a venue message tells the strategy about its orders and position (as EngineContext.applyUpdate). */
  applyUpdate(u: OrderUpdate, ofNewOrder: boolean): void {
    const id = u.orderId;
    const side = this.side[id];
    const before = this.leaves[id];
    let after = before;
    switch (u.kind) {
      case OrderUpdateKind.Filled:
        this.cash -= (side * u.qty * u.price) / this.instrument.priceScale + u.fee;
        this.position += side * u.qty;
        this.filled[id] += u.qty;
        after = before - u.qty;
        break;
      case OrderUpdateKind.Cancelled:
        after = u.leavesQty;
        break;
      case OrderUpdateKind.Rejected:
        if (ofNewOrder) after = 0;
        break;
      case OrderUpdateKind.Modified:
        after = u.leavesQty;
        break;
      default:
        return;
    }
    if (after < 0) after = 0;
    this.leaves[id] = after;
    if (side > 0) this.openBuy += after - before;
    else this.openSell += after - before;
    if (u.kind === OrderUpdateKind.Modified && u.price === u.price) this.price[id] = u.price;
    if (before > 0 && after === 0) {
      this.openOrders--;
      this.removeOpen(id);
    }
  }

  /** The day's P&L as the strategy knows it: its fills, marked to the mid it sees. */
  knownPnl(): number {
    const mid = (this.bestBid + this.bestAsk) / 2 / this.instrument.priceScale;
    return this.position === 0 || mid !== mid ? this.cash : this.cash + this.position * mid;
  }

  get openBuyQty(): number {
    return this.openBuy;
  }
  get openSellQty(): number {
    return this.openSell;
  }

  /** The kill switch's cancel-all (and shutdown): every order still open as far as the engine knows. */
  cancelAll(): void {
    for (let k = 0; k < this.openCount; k++) this.port.sendCancel(this.current[this.openIds[k]]);
  }

  /** Strategy ids of the open orders (allocates: reports and reconciliation). */
  openOrderIds(): number[] {
    return Array.from(this.openIds.subarray(0, this.openCount));
  }

  /** Every open order is gone (the venue's session ended or restarted): leaves to 0, no update sent. */
  dropAllOpen(): number[] {
    const ids = this.openOrderIds();
    for (const id of ids) {
      const side = this.side[id];
      const before = this.leaves[id];
      this.leaves[id] = 0;
      if (side > 0) this.openBuy -= before;
      else this.openSell -= before;
    }
    this.openCount = 0;
    this.openOrders = 0;
    return ids;
  }

  private track(id: number, side: number, price: number, qty: number): void {
    this.ensure(id);
    this.side[id] = side;
    this.leaves[id] = qty;
    this.filled[id] = 0;
    this.price[id] = price;
    this.owner[id] = id;
    this.current[id] = id;
    this.addOpen(id);
    if (side > 0) this.openBuy += qty;
    else this.openSell += qty;
    this.openOrders++;
  }

  private forget(id: number): void {
    const qty = this.leaves[id];
    this.leaves[id] = 0;
    if (this.side[id] > 0) this.openBuy -= qty;
    else this.openSell -= qty;
    this.openOrders--;
    this.removeOpen(id);
  }

  private addOpen(id: number): void {
    if (this.openCount === this.openIds.length) {
      const next = new Float64Array(this.openIds.length * 2);
      next.set(this.openIds);
      this.openIds = next;
    }
    this.openIds[this.openCount++] = id;
  }

  private removeOpen(id: number): void {
    for (let k = 0; k < this.openCount; k++) {
      if (this.openIds[k] !== id) continue;
      this.openIds.copyWithin(k, k + 1, this.openCount);
      this.openCount--;
      return;
    }
  }

  private ensure(id: number): void {
    if (id < this.side.length) return;
    let n = this.side.length;
    while (n <= id) n *= 2;
    const grow = <T extends Float64Array | Int8Array>(a: T, b: T): T => {
      b.set(a as ArrayLike<number> & T);
      return b;
    };
    this.side = grow(this.side, new Int8Array(n));
    this.price = grow(this.price, new Float64Array(n));
    this.leaves = grow(this.leaves, new Float64Array(n));
    this.filled = grow(this.filled, new Float64Array(n));
    this.owner = grow(this.owner, new Float64Array(n));
    this.current = grow(this.current, new Float64Array(n));
  }
}
