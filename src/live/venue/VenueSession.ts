import type { BacktestModel } from '../../backtest/BacktestEngine.ts';
import { L2Ladder } from '../../book/L2Ladder.ts';
import type { EventBatch } from '../../data/EventBatch.ts';
import { EventFlag, EventType } from '../../data/EventType.ts';
import type { Instrument } from '../../data/Instrument.ts';
import { PreTradeRisk, RISK_REJECT_NAMES } from '../../risk/PreTradeRisk.ts';
import type { RiskLimits } from '../../risk/RiskLimits.ts';
import { ModelSignal } from '../../strategy/ModelSignal.ts';
import { MutableOrderUpdate, OrderUpdateKind, RejectReason, type Strategy } from '../../strategy/Strategy.ts';
import { VenueContext } from './VenueContext.ts';
import type { VenueOrderEntry } from './VenueOrderEntry.ts';
import type { VenueReport } from './VenueReport.ts';

export interface VenueSessionOptions {
  readonly instrument: Instrument;
  readonly strategy: Strategy;
  readonly entry: VenueOrderEntry;
  readonly risk: RiskLimits;
  /** The model the strategy reads (ModelSignal on the session's book); null: prediction stays NaN. */
  readonly model?: BacktestModel | null;
  /** The book the session keeps from the events (give the paper entry the same one). Default a new one. */
  readonly book?: L2Ladder;
  /**
   * The strategy's clock (ctx.nowNs, the risk gate's token bucket, paper latency): 'local' = the events'
   * receive time (live), 'exchange' = the venue's time stamps, the latest seen (replays: the result then
   * depends on the events alone, not on how fast they were replayed). Default 'local'.
   */
  readonly timeBase?: 'local' | 'exchange';
}

/** One session's figures (sizes in integer instrument units; money in quote currency). */
export interface VenueSessionResult {
  readonly venue: 'paper' | 'real';
  readonly events: number;
  /** Complete venue messages (the book consistent after each). */
  readonly messages: number;
  /** Strategy onBook calls (messages with a valid book). */
  readonly ticks: number;
  readonly gaps: number;
  readonly snapshots: number;
  readonly predictions: number;
  /** Orders that passed the risk gate and were handed to the entry. */
  readonly orders: number;
  readonly riskRejects: Readonly<Record<string, number>>;
  /** Requests the entry refused before they left (full outbox). */
  readonly entryRefused: number;
  readonly cancelsSent: number;
  readonly modifiesSent: number;
  readonly accepted: number;
  readonly fills: number;
  readonly makerFills: number;
  readonly takerFills: number;
  readonly boughtQty: number;
  readonly soldQty: number;
  readonly cancelled: number;
  readonly modified: number;
  readonly rejects: Readonly<Record<string, number>>;
  /** Reports naming an order the session does not know (counted, not applied). */
  readonly unknownReports: number;
  readonly position: number;
  readonly cash: number;
  readonly fees: number;
  /** Cash + position at the last mid (NaN mid: cash alone). */
  readonly pnl: number;
  readonly lastMid: number;
  readonly openOrders: number;
  readonly killSwitch: string | null;
}

const REJECT_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(RejectReason).map(([k, v]) => [v, k]));

/**
 * The live path for a venue reached through a `VenueOrderEntry`: normalized events in (the Binance
 * gateway's consumer, or a recorded capture) → the session's L2 book → the paper venue's market hooks →
 * features and model (ModelSignal, as in the backtester and the sandbox engine) → the strategy on each
 * complete message with a valid book → orders through `VenueContext` (PreTradeRisk on every order) → the
 * entry. The entry's reports come back through `deliver`, become the strategy's OrderUpdates with the
 * field conventions of the backtester and LiveEngine (Accepted / Rejected: side 0, price and leaves NaN,
 * qty 0; Cancelled: qty = the quantity cancelled), update OwnOrders, and mark the kill switch to market.
 *
 * Reports are never delivered inside a strategy callback: the paper entry processes requests at
 * `flush`, which the session calls after callbacks; a real entry reports from promise continuations.
 */
export class VenueSession {
  readonly book: L2Ladder;
  readonly ctx: VenueContext;
  readonly risk: PreTradeRisk;
  readonly signal: ModelSignal | null;
  private readonly strategy: Strategy;
  private readonly entry: VenueOrderEntry;
  private readonly exchangeTime: boolean;
  private readonly update = new MutableOrderUpdate();
  private readonly n = {
    events: 0,
    messages: 0,
    ticks: 0,
    gaps: 0,
    snapshots: 0,
    accepted: 0,
    fills: 0,
    makerFills: 0,
    takerFills: 0,
    boughtQty: 0,
    soldQty: 0,
    cancelled: 0,
    modified: 0,
    unknownReports: 0,
    fees: 0,
  };
  private readonly rejects: Record<string, number> = {};
  private bookValid = false;
  private started = false;
  private ended = false;
  private freshPrediction = false;
  private lastExchNs = NaN;
  private nowNs = -Infinity;
  private killReason: string | null = null;

  constructor(options: VenueSessionOptions) {
    const inst = options.instrument;
    this.strategy = options.strategy;
    this.entry = options.entry;
    this.exchangeTime = (options.timeBase ?? 'local') === 'exchange';
    this.book = options.book ?? new L2Ladder();
    // Dollars per (price unit × size unit): fractional sizes (crypto) are valued right.
    this.risk = new PreTradeRisk(options.risk, 1 / (inst.priceScale * inst.sizeScale), (reason) => {
      this.killReason = reason;
      this.ctx.cancelAll();
    });
    const m = options.model ?? null;
    this.signal = m === null ? null : new ModelSignal(m.predictor, m.features, this.book, inst.tickSize, inst.priceScale, m.sampler);
    this.ctx = new VenueContext(inst, this.risk, this.entry, this.signal?.output.length ?? 0, this.signal?.features.length ?? 0);
    this.entry.attach((r) => this.deliver(r));
  }

  /** The gateway's consumer (EventConsumer): every event of one or more complete messages. */
  onEvents(batch: EventBatch): void {
    const book = this.book;
    const entry = this.entry;
    const signal = this.signal;
    for (let i = 0; i < batch.length; i++) {
      this.n.events++;
      const type = batch.type[i];
      if (type === EventType.Level) book.setLevel(batch.side[i], batch.price[i], batch.size[i]);
      else if (type === EventType.SnapshotStart) {
        book.clear();
        this.bookValid = true;
        this.n.snapshots++;
      } else if (type === EventType.Gap) {
        book.clear();
        this.bookValid = false;
        this.n.gaps++;
        // The features' history is broken: they warm up again from the next snapshot, as in LiveEngine.
        signal?.pipeline.reset();
      }
      const exch = batch.exchTs[i];
      if (exch === exch && !(exch <= this.lastExchNs)) this.lastExchNs = exch;
      const t = this.exchangeTime ? (this.lastExchNs === this.lastExchNs ? this.lastExchNs : batch.localTs[i]) : batch.localTs[i];
      if (t > this.nowNs) this.nowNs = t; // a monotone clock (streams interleave out of time order)
      const exchNs = exch === exch ? exch : this.lastExchNs;
      entry.onMarketEvent?.(batch, i, this.nowNs, exchNs);
      if (signal !== null && type !== EventType.Gap && signal.onEvent(batch, i)) {
        const ctx = this.ctx;
        ctx.prediction.set(signal.output);
        ctx.features.set(signal.features);
        ctx.predictions = signal.predictions;
        this.freshPrediction = true;
      }
      if ((batch.flags[i] & EventFlag.EndOfMessage) !== 0) this.onMessage(batch, i, exchNs);
    }
  }

  /**
   * A venue report (the entry's sink): mapped to the strategy's order id and delivered as an OrderUpdate.
   * Public for entries that report on their own schedule (a real venue's promise continuations).
   */
  deliver(r: VenueReport): void {
    const ctx = this.ctx;
    const id = ctx.orderOf(r.token);
    if (id === 0) {
      this.n.unknownReports++;
      return;
    }
    switch (r.kind) {
      case OrderUpdateKind.Accepted:
        this.n.accepted++;
        this.emit(OrderUpdateKind.Accepted, id, 0, NaN, 0, NaN, 0, 0, RejectReason.None, r.exchNs, true);
        return;
      case OrderUpdateKind.Filled: {
        const side = ctx.orders.sideOf(id);
        const leaves = ctx.leavesQty(id) - r.qty;
        this.n.fills++;
        if (r.liquidity === 0) this.n.makerFills++;
        else this.n.takerFills++;
        if (side > 0) this.n.boughtQty += r.qty;
        else this.n.soldQty += r.qty;
        this.n.fees += r.fee;
        this.emit(OrderUpdateKind.Filled, id, side, r.price, r.qty, leaves > 0 ? leaves : 0, r.liquidity, r.fee, RejectReason.None, r.exchNs, false);
        this.risk.markToMarket(ctx.knownPnl());
        return;
      }
      case OrderUpdateKind.Cancelled: {
        const leaves = ctx.leavesQty(id) - r.qty;
        this.n.cancelled++;
        this.emit(OrderUpdateKind.Cancelled, id, 0, NaN, r.qty, leaves > 0 ? leaves : 0, 0, 0, RejectReason.None, r.exchNs, false);
        return;
      }
      case OrderUpdateKind.Modified:
        this.n.modified++;
        ctx.replaced(id, r.newToken);
        this.emit(OrderUpdateKind.Modified, id, 0, r.price, r.qty, r.qty, 0, 0, RejectReason.None, r.exchNs, false);
        return;
      case OrderUpdateKind.Rejected: {
        const name = `${r.request}:${REJECT_NAMES[r.reason] ?? r.reason}${r.venueReason ? `:${r.venueReason}` : ''}`;
        this.rejects[name] = (this.rejects[name] ?? 0) + 1;
        this.emit(OrderUpdateKind.Rejected, id, 0, NaN, 0, NaN, 0, 0, r.reason, r.exchNs, r.request === 'new');
        return;
      }
    }
  }

  /**
   * Ends the run: (by default) a cancel of every open order (a paper venue answers at once, a real one
   * later: await its `close()`), then the strategy's onEnd. No market data reaches the strategy after it.
   */
  end(cancelOpen = true): void {
    if (this.ended) return;
    this.ended = true;
    if (cancelOpen) {
      this.ctx.cancelAll();
      this.afterCallback();
    }
    if (this.started) this.strategy.onEnd?.(this.ctx);
  }

  result(): VenueSessionResult {
    const ctx = this.ctx;
    const n = this.n;
    const riskRejects: Record<string, number> = {};
    this.risk.rejects.forEach((count, code) => {
      if (code !== 0 && count > 0) riskRejects[RISK_REJECT_NAMES[code]] = count;
    });
    const mid = (ctx.bestBid + ctx.bestAsk) / 2;
    return {
      venue: this.entry.mode,
      events: n.events,
      messages: n.messages,
      ticks: n.ticks,
      gaps: n.gaps,
      snapshots: n.snapshots,
      predictions: ctx.predictions,
      orders: ctx.counts.submitted,
      riskRejects,
      entryRefused: ctx.counts.entryRefused,
      cancelsSent: ctx.counts.cancels,
      modifiesSent: ctx.counts.modifies,
      accepted: n.accepted,
      fills: n.fills,
      makerFills: n.makerFills,
      takerFills: n.takerFills,
      boughtQty: n.boughtQty,
      soldQty: n.soldQty,
      cancelled: n.cancelled,
      modified: n.modified,
      rejects: { ...this.rejects },
      unknownReports: n.unknownReports,
      position: ctx.position,
      cash: ctx.cash,
      fees: n.fees,
      pnl: ctx.knownPnl(),
      lastMid: mid,
      openOrders: ctx.openOrders,
      killSwitch: this.killReason,
    };
  }

  private onMessage(batch: EventBatch, i: number, exchNs: number): void {
    this.n.messages++;
    const ctx = this.ctx;
    const book = this.book;
    const type = batch.type[i];
    ctx.nowNs = this.nowNs;
    ctx.exchNs = exchNs;
    ctx.eventType = type;
    ctx.eventSide = batch.side[i];
    ctx.eventPrice = batch.price[i];
    ctx.eventSize = batch.size[i];
    ctx.bestBid = book.bestBid();
    ctx.bestAsk = book.bestAsk();
    ctx.bidSize = book.bestBidSize();
    ctx.askSize = book.bestAskSize();
    // The venue first: resting orders against the new book, requests due by now.
    this.entry.flush?.(this.nowNs, exchNs);
    if (!this.bookValid || this.ended) return;
    const strategy = this.strategy;
    if (!this.started) {
      this.started = true;
      strategy.onStart?.(ctx);
    }
    this.risk.markToMarket(ctx.knownPnl());
    ctx.predictionFresh = this.freshPrediction;
    this.freshPrediction = false;
    this.n.ticks++;
    strategy.onBook(ctx);
    if (type === EventType.Trade) strategy.onTrade?.(ctx);
    this.afterCallback();
  }

  /** After a strategy callback: what the entry refused is reported, what was sent may be processed. */
  private afterCallback(): void {
    for (const r of this.ctx.takeRefusals()) this.deliver(r);
    this.entry.flush?.(this.nowNs, this.ctx.exchNs);
    for (const r of this.ctx.takeRefusals()) this.deliver(r);
  }

  private emit(kind: OrderUpdateKind, id: number, side: number, price: number, qty: number, leaves: number, liquidity: number, fee: number, reason: RejectReason, exchNs: number, ofNewOrder: boolean): void {
    const u = this.update;
    u.kind = kind;
    u.orderId = id;
    u.side = side;
    u.price = price;
    u.qty = qty;
    u.leavesQty = leaves;
    u.liquidity = liquidity;
    u.fee = fee;
    u.reason = reason;
    u.exchNs = exchNs;
    const ctx = this.ctx;
    ctx.nowNs = this.nowNs;
    ctx.orders.applyUpdate(u, ofNewOrder);
    this.strategy.onOrderUpdate?.(ctx, u);
  }
}
