import type { Instrument } from '../../data/Instrument.ts';
import { RiskReject, type PreTradeRisk, type RiskState } from '../../risk/PreTradeRisk.ts';
import { OrderTokens } from '../../strategy/OrderTokens.ts';
import type { OwnOrders } from '../../strategy/OwnOrders.ts';
import { RejectReason, type Tif } from '../../strategy/Strategy.ts';
import { TradingContextBase } from '../../strategy/TradingContextBase.ts';
import type { VenueOrderEntry } from './VenueOrderEntry.ts';
import { rejectedReport, type VenueReport } from './VenueReport.ts';

/**
 * The TradingContext of a session trading through a `VenueOrderEntry` (paper or real): the same contract
 * as the backtester's EngineContext and the sandbox engine's LiveContext. Every new order passes
 * `PreTradeRisk` first, against the strategy's `OwnOrders`, exactly as there. Two things to know:
 *
 * - Money: as in every context (TradingContextBase), OwnOrders values `qty × price` at `priceScale ×
 *   sizeScale`; Binance sizes are integers of 1e-6 BTC, so the size scale matters here. The risk gate
 *   must be built with the same scale (VenueSession does).
 * - Modifies are risk-checked too (size, notional, collar, position, rate), as a new order that replaces
 *   the old: at a real venue a modify to a wild price is a wild order. A refused modify is answered with
 *   a Rejected update (reason Risk) after the callback, and the order stays as it was.
 *
 * Refusals by the entry (a full outbox, a closed entry) of a new order return 0 with lastReject Halted
 * (the venue cannot be reached now), as LiveContext does for an unsent order; of a cancel or modify they
 * are reported as a Rejected update after the callback, never inside it.
 *
 * Order ids the strategy sees are the token of its first request; a modify gives the order a new token
 * (the venue sees a cancel-replace), mapped back here so the strategy's id stays the same.
 */
export class VenueContext extends TradingContextBase {
  /** Requests sent to the entry / refused by the risk gate / refused by the entry. */
  readonly counts = { submitted: 0, cancels: 0, modifies: 0, riskRejects: 0, modifyRiskRejects: 0, entryRefused: 0 };

  private tokenSeq = 0;
  private readonly tokens = new OrderTokens();
  private readonly refusals: VenueReport[] = [];
  private readonly modifyState = new StateWithoutOrder();

  constructor(
    instrument: Instrument,
    readonly risk: PreTradeRisk,
    private readonly entry: VenueOrderEntry,
    outputs: number,
    features: number,
  ) {
    super(instrument, outputs, features);
  }

  submit(side: number, price: number, qty: number, tif: Tif): number {
    if (!this.riskAllows(this.risk, side, price, qty)) {
      this.counts.riskRejects++;
      return 0;
    }
    const orders = this.orders;
    const token = ++this.tokenSeq;
    this.tokens.open(token);
    orders.track(token, side, price, qty);
    if (!this.entry.submit({ token, side, price, qty, tif })) {
      // Refused before leaving: the order never existed.
      orders.forget(token);
      this.counts.entryRefused++;
      this.lastReject = RejectReason.Halted;
      return 0;
    }
    this.counts.submitted++;
    this.lastReject = RejectReason.None;
    return token;
  }

  cancel(orderId: number): void {
    if (this.leavesQty(orderId) <= 0) return;
    const token = this.tokens.tokenOf(orderId);
    if (this.entry.cancel(token)) this.counts.cancels++;
    else this.refuse(token, 'cancel', RejectReason.Halted, 'entry-refused');
  }

  modify(orderId: number, price: number, qty: number): void {
    const leaves = this.leavesQty(orderId);
    if (leaves <= 0) return;
    const orders = this.orders;
    const side = orders.sideOf(orderId);
    const token = this.tokens.tokenOf(orderId);
    // Checked as the order that replaces this one: the account without it, plus the new order.
    orders.refreshOwnBest();
    const r = this.riskCheck(this.risk, side, price, qty, this.modifyState.of(orders, side, leaves));
    if (r !== RiskReject.None) {
      this.lastRiskReject = r;
      this.counts.modifyRiskRejects++;
      this.refuse(token, 'modify', RejectReason.Risk, 'risk');
      return;
    }
    const newToken = ++this.tokenSeq;
    this.tokens.alias(newToken, orderId);
    // The venue gets the new total (FIX): fills still in flight are then not bought twice.
    if (this.entry.modify(token, newToken, price, orders.filledOf(orderId) + qty)) this.counts.modifies++;
    else this.refuse(token, 'modify', RejectReason.Halted, 'entry-refused');
  }

  /** The strategy's order id of a token (0 when unknown). */
  orderOf(token: number): number {
    return this.tokens.orderOf(token);
  }

  /** The token an order carries now. */
  tokenOf(orderId: number): number {
    return this.tokens.tokenOf(orderId);
  }

  /** A replace went through: the order carries `newToken` from now on. */
  replaced(orderId: number, newToken: number): void {
    this.tokens.replaced(orderId, newToken);
  }

  /** The kill switch's cancel-all (and shutdown): every order still open as far as the context knows. */
  cancelAll(): void {
    const orders = this.orders;
    for (let k = 0; k < orders.openIdCount; k++) this.cancel(orders.openIdAt(k));
  }

  /** Refused cancels and modifies since the last call, to be reported after the callback. */
  takeRefusals(): VenueReport[] {
    return this.refusals.length === 0 ? NO_REPORTS : this.refusals.splice(0);
  }

  private refuse(token: number, request: 'cancel' | 'modify', reason: RejectReason, venueReason: string): void {
    this.refusals.push(rejectedReport(token, request, reason, this.exchNs, venueReason));
  }
}

const NO_REPORTS: VenueReport[] = [];

/** The account as the risk gate should see it for a modify: the order being replaced taken out. */
class StateWithoutOrder implements RiskState {
  position = 0;
  openBuyQty = 0;
  openSellQty = 0;
  openOrders = 0;
  ownBestAsk = NaN;
  ownBestBid = NaN;

  of(o: OwnOrders, side: number, leaves: number): this {
    this.position = o.position;
    this.openBuyQty = o.openBuyQty - (side > 0 ? leaves : 0);
    this.openSellQty = o.openSellQty - (side < 0 ? leaves : 0);
    this.openOrders = o.openOrders - 1;
    // Only the other side's own orders can be crossed by this one, and it is not among them.
    this.ownBestAsk = o.ownBestAsk;
    this.ownBestBid = o.ownBestBid;
    return this;
  }
}
