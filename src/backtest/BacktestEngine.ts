import { LobsterWindowedReplay } from '../book/LobsterWindowedReplay.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import type { Instrument } from '../data/Instrument.ts';
import type { FeatureColumn } from '../features/Feature.ts';
import type { Sampler } from '../features/Sampler.ts';
import type { Predictor } from '../models/Predictor.ts';
import { ModelSignal } from '../strategy/ModelSignal.ts';
import { MutableOrderUpdate, OrderUpdateKind, RejectReason, Tif, type Strategy } from '../strategy/Strategy.ts';
import type { BacktestResult } from './BacktestResult.ts';
import { FillRecorder } from './FillRecorder.ts';
import type { FeeModel, Liquidity } from './fees/FeeModel.ts';
import type { LatencyModel } from './latency/LatencyModel.ts';
import { LatencyReservoir } from './LatencyReservoir.ts';
import { Portfolio } from './Portfolio.ts';
import type { QueueModel } from './queue/QueueModel.ts';
import { RecordRing } from './RecordRing.ts';
import { SimulatedVenue, type VenueListener } from './SimulatedVenue.ts';
import { summarizeBacktest } from './summarizeBacktest.ts';
import { PreTradeRisk } from '../risk/PreTradeRisk.ts';
import { TradingContextBase } from '../strategy/TradingContextBase.ts';
import type { RiskLimits } from '../risk/RiskLimits.ts';

export interface BacktestModel {
  readonly predictor: Predictor;
  /** The model's input columns, in model order (the artifact's feature list). */
  readonly features: readonly FeatureColumn[];
  /** When the model runs: the sampling it was trained with. */
  readonly sampler: Sampler;
}

export interface BacktestConfig {
  readonly instrument: Instrument;
  readonly originNs: bigint;
  readonly latency: LatencyModel;
  readonly queue: QueueModel;
  readonly fees: FeeModel;
  readonly strategy: Strategy;
  /** The model the strategy reads; null runs the strategy without one (prediction stays NaN). */
  readonly model: BacktestModel | null;
  /** Pre-trade inventory limit: |position + open orders on that side| ≤ this, shares. */
  readonly maxPosition: number;
  /**
   * The full pre-trade risk gate (src/risk), the same object the live engine runs; its position limit
   * applies instead of maxPosition's. The kill switch trips on the day's P&L as the strategy knows it
   * (its fills, marked to the mid it sees; checked at every delivery) and then cancels every open order.
   */
  readonly risk?: RiskLimits;
  /** Strategy timer interval on the local clock, ns (0: no timer). */
  readonly timerNs?: number;
  /** Equity curve sampling interval on the exchange clock, ns (default 1 s). */
  readonly equityIntervalNs?: number;
  /**
   * The strategy trades from this exchange time on (ns from the origin); before it, the book, features
   * and model run (warming up) but the strategy is not called. Use the start of the model's test part:
   * trading on the rows a model was trained on is look-ahead.
   */
  readonly tradeFromNs?: number;
  /** Seed of the run, echoed in reports (latency models and strategies carry their own generators). */
  readonly seed?: number;
  /** Extra settings echoed into the result's config (policy parameters, file names). */
  readonly describe?: { readonly [name: string]: string | number };
}

// Order queue (strategy → venue): arrival time, request, id, side, price, qty, tif.
const O_NEW = 1;
const O_CANCEL = 2;
const O_MODIFY = 3;
// Response queue (venue → strategy): local time, kind, id, side, price, qty, leaves, liquidity, fee, reason, exch time, request, fill row.
const R_STRIDE = 13;
// Market data queue (venue → strategy): local time, exch time, type, side, price, size, bid, ask, bid size, ask size, fresh, outputs….
const M_FIXED = 11;

/**
 * The event-driven backtester, hftbacktest's two clocks on a LOBSTER replay. The venue side applies each
 * replayed event at its exchange time to the book (kept equal to LOBSTER's own) and to our orders there
 * (SimulatedVenue + QueueModel); the strategy side sees the same event at local time = exchange time +
 * feed latency, with the model output computed from the book right after that event. Orders reach the
 * venue after the order latency, and acks and fills come back after the response latency. All of this is
 * one timeline: before a replayed event at time t is applied, every message due before t (order
 * arrivals, responses, market data deliveries, timers) is processed in time order; each direction is a
 * FIFO (no message overtakes an earlier one on the same link). At equal times venue-side messages go
 * first, and replayed events at one instant are applied together (nothing reacts in between).
 *
 * Accounting (position, cash, fees) happens at the venue when a fill happens; the strategy's knowledge
 * of its position changes when the fill report arrives.
 */
export class BacktestEngine implements VenueListener {
  readonly replay = new LobsterWindowedReplay();
  readonly venue: SimulatedVenue;
  readonly portfolio = new Portfolio();
  readonly signal: ModelSignal | null;
  readonly ctx: EngineContext;
  readonly risk: PreTradeRisk | null;
  events = 0;
  private readonly orders = new RecordRing(7);
  private readonly responses = new RecordRing(R_STRIDE);
  private readonly marketData: RecordRing;
  private readonly featureRows: RecordRing;
  private lastOrderArrival = -Infinity;
  private lastResponse = -Infinity;
  private lastDelivery = -Infinity;
  private nextTimer = Infinity;
  private readonly timerNs: number;
  private readonly update = new MutableOrderUpdate();
  private readonly recorder: FillRecorder;
  private readonly feedSample: LatencyReservoir;
  private readonly orderSample: LatencyReservoir;
  private readonly responseSample: LatencyReservoir;
  private readonly outputs: number;
  private readonly priceScale: number;
  private trading = false;
  private readonly tradeFromNs: number;
  /** The request being processed at the venue (for rejects: a refused new order is done, a refused cancel is not). */
  private request = 0;

  constructor(readonly config: BacktestConfig) {
    const inst = config.instrument;
    this.priceScale = inst.priceScale;
    this.venue = new SimulatedVenue(this.replay.book, inst, config.queue, this);
    const m = config.model;
    this.signal = m ? new ModelSignal(m.predictor, m.features, this.replay.book, inst.tickSize, inst.priceScale, m.sampler) : null;
    this.outputs = this.signal ? this.signal.output.length : 0;
    this.marketData = new RecordRing(M_FIXED + this.outputs, 1024);
    this.featureRows = new RecordRing(1 + (m ? m.features.length : 0), 256);
    this.ctx = new EngineContext(this, inst, this.outputs, m ? m.features.length : 0);
    this.risk = config.risk ? new PreTradeRisk(config.risk, 1 / inst.priceScale, () => this.ctx.cancelAll()) : null;
    this.timerNs = config.timerNs ?? 0;
    this.tradeFromNs = config.tradeFromNs ?? -Infinity;
    this.feedSample = new LatencyReservoir(1 << 16);
    this.orderSample = new LatencyReservoir(1 << 16);
    this.responseSample = new LatencyReservoir(1 << 16);
    this.recorder = new FillRecorder(config.equityIntervalNs ?? 1e9, this.portfolio);
  }

  /** Replayed message i with LOBSTER's orderbook row after it at data[base ..] (see LobsterWindowedReplay). */
  onMarketEvent(batch: EventBatch, i: number, data: Float64Array, base: number, levels: number): void {
    const t = batch.exchTs[i];
    if (!this.trading) {
      if (t < this.tradeFromNs) return this.warmUp(batch, i, data, base, levels);
      this.start(t);
    }
    this.drain(t);
    this.recorder.sampleUntil(t, this.mid());
    this.venue.beforeEvent(batch, i, t);
    const refills = this.replay.windowRefills;
    this.replay.apply(batch, i, data, base, levels);
    this.venue.afterEvent(this.replay.windowRefills !== refills);
    const fresh = this.signal !== null && this.signal.onEvent(batch, i);
    this.deliverLater(batch, i, t, fresh);
    this.events++;
  }

  /** Ends the run: the strategy's last word, every message still in flight, the summary. */
  finish(wallSeconds: number): BacktestResult {
    this.nextTimer = Infinity;
    this.config.strategy.onEnd?.(this.ctx);
    this.drain(Infinity);
    const mid = this.mid();
    this.recorder.sampleFinal(mid);
    const c = this.config;
    return {
      summary: summarizeBacktest(this.recorder, this.portfolio, this.venue.orderedQty, this.events, wallSeconds),
      fills: this.recorder.fillLog(),
      equity: this.recorder.equityCurve(),
      latency: { description: c.latency.description, feedNs: this.feedSample.toArray(), orderNs: this.orderSample.toArray(), responseNs: this.responseSample.toArray() },
      originNs: c.originNs,
      symbol: c.instrument.symbol,
      config: {
        strategy: c.strategy.name,
        ...c.strategy.params,
        latency: c.latency.description,
        queue: c.queue.name,
        fees: c.fees.description,
        maxPosition: c.maxPosition,
        ...(c.seed !== undefined ? { seed: c.seed } : {}),
        ...(c.describe ?? {}),
      },
      events: this.events,
    };
  }

  /** Mid price in dollars at the venue now (NaN while a side is empty). */
  mid(): number {
    const b = this.replay.book;
    return (b.bestBid() + b.bestAsk()) / 2 / this.priceScale;
  }

  /** Before trading starts: the market and the model run, nothing is delivered to the strategy. */
  private warmUp(batch: EventBatch, i: number, data: Float64Array, base: number, levels: number): void {
    this.replay.apply(batch, i, data, base, levels);
    if (this.signal !== null) this.signal.onEvent(batch, i);
    this.events++;
  }

  private start(t: number): void {
    this.trading = true;
    if (this.timerNs > 0) this.nextTimer = t + this.timerNs;
    this.recorder.start(t);
    this.ctx.nowNs = t;
    this.config.strategy.onStart?.(this.ctx);
  }

  // ---- the timeline --------------------------------------------------------------------------

  /** Processes every queued message due strictly before `until`, in time order. */
  private drain(until: number): void {
    const orders = this.orders;
    const responses = this.responses;
    const md = this.marketData;
    for (;;) {
      const a = orders.headTime();
      const r = responses.headTime();
      const m = md.headTime();
      const tm = this.nextTimer;
      if (a <= r && a <= m && a <= tm) {
        if (a >= until) return;
        this.arrive(a);
      } else if (r <= m && r <= tm) {
        if (r >= until) return;
        this.respond();
      } else if (m <= tm) {
        if (m >= until) return;
        this.deliver();
      } else {
        if (tm >= until) return;
        this.ctx.nowNs = tm;
        this.nextTimer = tm + this.timerNs;
        this.config.strategy.onTimer?.(this.ctx);
      }
    }
  }

  /** An order message reaches the venue. */
  private arrive(t: number): void {
    const d = this.orders.data;
    const o = this.orders.headOffset();
    const kind = d[o + 1];
    const id = d[o + 2];
    const side = d[o + 3];
    const price = d[o + 4];
    const qty = d[o + 5];
    const tif = d[o + 6] as Tif;
    this.orders.shift();
    this.request = kind;
    if (kind === O_NEW) this.venue.newOrder(id, side, price, qty, tif, t);
    else if (kind === O_CANCEL) this.venue.cancel(id, t);
    else this.venue.modify(id, price, qty, t);
  }

  /** Queues event i for the strategy, with the book top and (when new) the model output after it. */
  private deliverLater(batch: EventBatch, i: number, t: number, fresh: boolean): void {
    const feed = this.config.latency.feedNs(t);
    this.feedSample.add(feed);
    let at = t + feed;
    if (at < this.lastDelivery) at = this.lastDelivery;
    this.lastDelivery = at;
    const ring = this.marketData;
    const o = ring.push();
    const d = ring.data;
    const b = this.replay.book;
    d[o] = at;
    d[o + 1] = t;
    d[o + 2] = batch.type[i];
    d[o + 3] = batch.side[i];
    d[o + 4] = batch.price[i];
    d[o + 5] = batch.size[i];
    d[o + 6] = b.bestBid();
    d[o + 7] = b.bestAsk();
    d[o + 8] = b.bestBidSize();
    d[o + 9] = b.bestAskSize();
    d[o + 10] = fresh ? 1 : 0;
    if (fresh && this.signal) {
      const out = this.signal.output;
      for (let k = 0; k < out.length; k++) d[o + M_FIXED + k] = out[k];
      const fr = this.featureRows;
      const fo = fr.push();
      const f = this.signal.features;
      fr.data[fo] = at;
      for (let k = 0; k < f.length; k++) fr.data[fo + 1 + k] = f[k];
    }
  }

  /** A market event reaches the strategy. */
  private deliver(): void {
    const ring = this.marketData;
    const d = ring.data;
    const o = ring.headOffset();
    const ctx = this.ctx;
    ctx.nowNs = d[o];
    ctx.exchNs = d[o + 1];
    ctx.eventType = d[o + 2];
    ctx.eventSide = d[o + 3];
    ctx.eventPrice = d[o + 4];
    ctx.eventSize = d[o + 5];
    ctx.bestBid = d[o + 6];
    ctx.bestAsk = d[o + 7];
    ctx.bidSize = d[o + 8];
    ctx.askSize = d[o + 9];
    const fresh = d[o + 10] === 1;
    ctx.predictionFresh = fresh;
    if (fresh) {
      for (let k = 0; k < this.outputs; k++) ctx.prediction[k] = d[o + M_FIXED + k];
      const fr = this.featureRows;
      const fo = fr.headOffset();
      for (let k = 0; k < ctx.features.length; k++) ctx.features[k] = fr.data[fo + 1 + k];
      fr.shift();
      ctx.predictions++;
    }
    ring.shift();
    if (this.risk !== null) this.risk.markToMarket(ctx.knownPnl());
    const strategy = this.config.strategy;
    strategy.onBook(ctx);
    const type = ctx.eventType;
    if (strategy.onTrade && (type === EventType.ExecuteVisible || type === EventType.ExecuteHidden || type === EventType.CrossTrade || type === EventType.Trade)) {
      strategy.onTrade(ctx);
    }
  }

  /** A venue response reaches the strategy. */
  private respond(): void {
    const ring = this.responses;
    const d = ring.data;
    const o = ring.headOffset();
    const u = this.update;
    const ctx = this.ctx;
    ctx.nowNs = d[o];
    u.kind = d[o + 1] as OrderUpdateKind;
    u.orderId = d[o + 2];
    u.side = d[o + 3];
    u.price = d[o + 4];
    u.qty = d[o + 5];
    u.leavesQty = d[o + 6];
    u.liquidity = d[o + 7];
    u.fee = d[o + 8];
    u.reason = d[o + 9] as RejectReason;
    u.exchNs = d[o + 10];
    const request = d[o + 11];
    if (d[o + 12] >= 0) this.recorder.arrived(d[o + 12], ctx.nowNs);
    ring.shift();
    ctx.orders.applyUpdate(u, request === O_NEW);
    if (this.risk !== null && u.kind === OrderUpdateKind.Filled) this.risk.markToMarket(ctx.knownPnl());
    this.config.strategy.onOrderUpdate?.(ctx, u);
  }

  // ---- strategy → venue ----------------------------------------------------------------------

  /** Queues an order message sent now (local time), to arrive one order latency later (FIFO). */
  send(kind: number, id: number, side: number, price: number, qty: number, tif: number): void {
    const now = this.ctx.nowNs;
    const lat = this.config.latency.orderNs(now);
    this.orderSample.add(lat);
    let at = now + lat;
    if (at < this.lastOrderArrival) at = this.lastOrderArrival;
    this.lastOrderArrival = at;
    const ring = this.orders;
    const o = ring.push();
    const d = ring.data;
    d[o] = at;
    d[o + 1] = kind;
    d[o + 2] = id;
    d[o + 3] = side;
    d[o + 4] = price;
    d[o + 5] = qty;
    d[o + 6] = tif;
  }

  // ---- venue → strategy (VenueListener) ---------------------------------------------------------

  onAccepted(id: number, t: number): void {
    this.respondLater(OrderUpdateKind.Accepted, id, 0, NaN, 0, NaN, 0, 0, RejectReason.None, t);
  }

  onFill(id: number, side: number, price: number, qty: number, liquidity: Liquidity, leaves: number, t: number): void {
    const dollars = price / this.priceScale;
    const fee = this.config.fees.fee(dollars, qty, liquidity);
    this.portfolio.onFill(side, dollars, qty, fee);
    const row = this.recorder.fill(t, id, side, dollars, qty, fee, liquidity, this.mid());
    this.respondLater(OrderUpdateKind.Filled, id, side, price, qty, leaves, liquidity, fee, RejectReason.None, t, row);
  }

  onCancelled(id: number, leaves: number, t: number): void {
    this.respondLater(OrderUpdateKind.Cancelled, id, 0, NaN, leaves, 0, 0, 0, RejectReason.None, t);
  }

  onRejected(id: number, reason: RejectReason, t: number): void {
    this.respondLater(OrderUpdateKind.Rejected, id, 0, NaN, 0, NaN, 0, 0, reason, t);
  }

  onModified(id: number, price: number, leaves: number, t: number): void {
    this.respondLater(OrderUpdateKind.Modified, id, 0, price, leaves, leaves, 0, 0, RejectReason.None, t);
  }

  private respondLater(kind: number, id: number, side: number, price: number, qty: number, leaves: number, liquidity: number, fee: number, reason: number, t: number, fillRow = -1): void {
    const lat = this.config.latency.responseNs(t);
    this.responseSample.add(lat);
    let at = t + lat;
    if (at < this.lastResponse) at = this.lastResponse;
    this.lastResponse = at;
    const ring = this.responses;
    const o = ring.push();
    const d = ring.data;
    d[o] = at;
    d[o + 1] = kind;
    d[o + 2] = id;
    d[o + 3] = side;
    d[o + 4] = price;
    d[o + 5] = qty;
    d[o + 6] = leaves;
    d[o + 7] = liquidity;
    d[o + 8] = fee;
    d[o + 9] = reason;
    d[o + 10] = t;
    d[o + 11] = this.request;
    d[o + 12] = fillRow;
  }
}

/**
 * The strategy's side of the backtest: its delayed view of the market and what it knows of its orders
 * (updated only by responses that have arrived). One object per engine, reused for every callback.
 */
export class EngineContext extends TradingContextBase {
  private nextId = 0;

  constructor(
    private readonly engine: BacktestEngine,
    instrument: Instrument,
    outputs: number,
    features: number,
  ) {
    super(instrument, outputs, features);
  }

  submit(side: number, price: number, qty: number, tif: Tif): number {
    const risk = this.engine.risk;
    const orders = this.orders;
    if (risk !== null) {
      if (!this.riskAllows(risk, side, price, qty)) return 0;
    } else {
      const max = this.engine.config.maxPosition;
      if (side > 0 ? orders.position + orders.openBuyQty + qty > max : orders.position - orders.openSellQty - qty < -max) {
        this.lastReject = RejectReason.InventoryLimit;
        return 0;
      }
    }
    const id = ++this.nextId;
    orders.track(id, side, price, qty);
    this.lastReject = RejectReason.None;
    this.engine.send(O_NEW, id, side, price, qty, tif);
    return id;
  }

  cancel(orderId: number): void {
    if (this.leavesQty(orderId) > 0) this.engine.send(O_CANCEL, orderId, 0, 0, 0, 0);
  }

  modify(orderId: number, price: number, qty: number): void {
    // The venue gets the new total (FIX): fills still in flight are then not bought twice.
    if (this.leavesQty(orderId) > 0) this.engine.send(O_MODIFY, orderId, this.orders.sideOf(orderId), price, this.orders.filledOf(orderId) + qty, Tif.Gtc);
  }

  override leavesQty(orderId: number): number {
    return orderId <= this.nextId ? this.orders.leavesQty(orderId) : 0;
  }

  /** The kill switch's cancel-all: every order still open as far as the strategy knows. */
  cancelAll(): void {
    const orders = this.orders;
    for (let k = 0; k < orders.openIdCount; k++) this.engine.send(O_CANCEL, orders.openIdAt(k), 0, 0, 0, 0);
  }
}
