import type { Instrument } from '../../data/Instrument.ts';
import type { PreTradeRisk } from '../../risk/PreTradeRisk.ts';
import { OrderTokens } from '../../strategy/OrderTokens.ts';
import { RejectReason, type Tif } from '../../strategy/Strategy.ts';
import { TradingContextBase } from '../../strategy/TradingContextBase.ts';
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
export class LiveContext extends TradingContextBase {
  /** Nanoseconds spent inside submit/cancel/modify during the current callback (subtracted from the policy stage). */
  sendNs = 0;
  /** Risk-stage histogram (set by the engine; recorded only while measuring). */
  riskHistogram: LatencyHistogram | null = null;
  measuring = false;
  /** Clock slots of submit (performance.now(), ms). */
  private readonly t = new Float64Array(2);
  private readonly tokens = new OrderTokens();

  constructor(
    instrument: Instrument,
    readonly risk: PreTradeRisk,
    private readonly port: OrderPort,
    outputs: number,
    features: number,
  ) {
    super(instrument, outputs, features);
  }

  submit(side: number, price: number, qty: number, tif: Tif): number {
    const t = this.t;
    if (this.measuring) stamp(t, 0);
    const allowed = this.riskAllows(this.risk, side, price, qty);
    if (this.measuring) {
      stamp(t, 1);
      if (this.riskHistogram !== null) span(this.riskHistogram, t, 0, 1);
    }
    if (!allowed) {
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
    this.port.sendCancel(this.tokens.tokenOf(orderId));
    this.addSendTime();
  }

  modify(orderId: number, price: number, qty: number): void {
    if (this.leavesQty(orderId) <= 0) return;
    if (this.measuring) stamp(this.t, 0);
    const token = this.port.nextToken();
    this.tokens.alias(token, orderId);
    // The venue gets the new total (FIX): fills still in flight are then not bought twice.
    this.port.sendReplace(this.tokens.tokenOf(orderId), token, price, this.orders.filledOf(orderId) + qty);
    this.addSendTime();
  }

  /** Adds the time since t[0] to `sendNs` (while measuring). */
  private addSendTime(): void {
    if (!this.measuring) return;
    stamp(this.t, 1);
    this.sendNs += (this.t[1] - this.t[0]) * 1e6;
  }

  /** The strategy's order id of a venue token (0 when unknown). */
  orderOf(token: number): number {
    return this.tokens.orderOf(token);
  }

  /** The venue token an order carries now. */
  tokenOf(orderId: number): number {
    return this.tokens.tokenOf(orderId);
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
    this.tokens.alias(token, orderId);
  }

  /** A replace went through: the order carries `newToken` from now on. */
  replaced(orderId: number, newToken: number): void {
    this.tokens.replaced(orderId, newToken);
  }

  /**
   * Registers an order known from elsewhere (recovered from the journal, or found in the venue's replay):
   * it counts toward position limits and open orders like the strategy's own.
   */
  adopt(token: number, side: number, price: number, leaves: number, filled: number): void {
    this.track(token, side, price, leaves, filled);
  }

  /** The kill switch's cancel-all (and shutdown): every order still open as far as the engine knows. */
  cancelAll(): void {
    const orders = this.orders;
    for (let k = 0; k < orders.openIdCount; k++) this.port.sendCancel(this.tokens.tokenOf(orders.openIdAt(k)));
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
    this.tokens.open(id);
    this.orders.track(id, side, price, qty, filled);
  }
}
