import { Liquidity, type FeeModel } from '../../backtest/fees/FeeModel.ts';
import type { EventBatch } from '../../data/EventBatch.ts';
import { EventFlag, EventType } from '../../data/EventType.ts';
import type { Instrument } from '../../data/Instrument.ts';
import type { BookView } from '../../features/BookView.ts';
import { RejectReason, Tif } from '../../strategy/Strategy.ts';
import { BoundedQueue } from './BoundedQueue.ts';
import type { VenueEntryReport, VenueOrderEntry } from './VenueOrderEntry.ts';
import {
  acceptedReport,
  cancelledReport,
  fillReport,
  modifiedReport,
  rejectedReport,
  type NewOrderRequest,
  type VenueReport,
  type VenueReportSink,
} from './VenueReport.ts';

/** The book the paper venue matches against: the session's L2 book (L2Ladder). */
export interface PaperBook extends BookView {
  /** Aggregate size at a price on a side (0 when no level). */
  sizeAt(side: number, price: number): number;
}

export interface PaperOrderEntryOptions {
  readonly instrument: Instrument;
  /** The live L2 book, kept by the session from the gateway's events; read, never written. */
  readonly book: PaperBook;
  /** The venue's fee schedule (e.g. VENUE_FEES['binance-spot']()): taker fills pay the taker rate. */
  readonly fees: FeeModel;
  /**
   * Order latency, ns: a request is processed at the first flush at or after it was sent plus this. 0
   * (default): right after the strategy callback that sent it, against the book that callback saw.
   */
  readonly latencyNs?: number;
  /** Requests waiting for the (simulated) venue at most; beyond it submit refuses. Default 1024. */
  readonly maxPending?: number;
}

interface PendingRequest {
  readonly kind: 'new' | 'cancel' | 'modify';
  readonly token: number;
  readonly newToken: number;
  readonly side: number;
  readonly price: number;
  readonly qty: number;
  readonly tif: Tif;
  readonly dueNs: number;
}

interface PaperOrder {
  token: number;
  readonly side: number;
  price: number;
  leaves: number;
  filled: number;
  /** Quantity the venue would fill before us at our price (L2: only trades at our price shrink it). */
  ahead: number;
}

/**
 * The paper venue: our orders simulated locally against the live L2 book. It never sends anything
 * anywhere. Deterministic: the same events and the same requests give the same reports, byte for byte
 * (no clock is read; times are the session's).
 *
 * Rules (conservative where the L2 feed cannot tell):
 * - **Marketable orders** walk the opposite side from the touch up to their limit, taking each level's
 *   size less what we already took there, at the level's price, paying the taker fee. An IOC's rest is
 *   cancelled; a GTC's rest rests.
 * - **Taken liquidity stays taken** (`consumed`, per side and price) until the level disappears, a
 *   snapshot replaces the book, or trades at that price remove it (trades hit the front of the queue,
 *   i.e. what we took); it is also clamped to what the level still shows.
 * - **Resting orders** join behind everything visible at their price (`ahead` = the level's size).
 *   They are filled, at their own price as makers, only by (a) a trade through their price (a sell
 *   printed below our bid: we were first in line), (b) trades at their price beyond the quantity ahead
 *   (cancels never advance us: we cannot tell where in the queue they were), (c) the opposite touch
 *   reaching their price (an ask at or below our bid would have traded with us on arrival; no bids at our
 *   price remain, so none were ahead), up to the size that crossed. `ahead` never exceeds the level.
 *   Not modelled: our impact on anyone else's behaviour.
 * - **Modify** is cancel-replace with FIX total-quantity semantics: a smaller quantity at the same price
 *   keeps the place in the queue, anything else loses it (and may execute at once).
 * - **Rejects**: price off the tick grid or quantity not whole lots (BadPriceOrSize), no valid book (Halted:
 *   after a gap until the next snapshot), an order that would cross our own resting order (SelfTrade),
 *   cancel or modify of an order no longer resting (UnknownOrder).
 */
export class PaperOrderEntry implements VenueOrderEntry {
  readonly mode = 'paper' as const;
  readonly description: string;
  readonly counts = {
    requests: 0,
    refused: 0,
    accepted: 0,
    rejected: 0,
    fills: 0,
    takerFills: 0,
    makerFills: 0,
    filledQty: 0,
    tradeThroughFills: 0,
    queueFills: 0,
    touchFills: 0,
    cancels: 0,
    modifies: 0,
    fees: 0,
  };
  private readonly instrument: Instrument;
  private readonly book: PaperBook;
  private readonly fees: FeeModel;
  private readonly latencyNs: number;
  private readonly pending: BoundedQueue<PendingRequest>;
  private sink: VenueReportSink | null = null;
  /** Live orders by their current token. */
  private readonly orders = new Map<number, PaperOrder>();
  /** Resting orders in priority order per side: bids best (highest) first, then asks best first; ties by time. */
  private readonly resting: PaperOrder[] = [];
  /** Liquidity we took and the book has not refilled, keyed by `side * (price + 1)` (side ±1, price ≥ 0). */
  private readonly consumed = new Map<number, number>();
  private bookValid = false;
  private nowNs = 0;
  private exchNs = NaN;
  private closed = false;

  constructor(options: PaperOrderEntryOptions) {
    const latency = options.latencyNs ?? 0;
    if (!(latency >= 0 && Number.isFinite(latency))) throw new RangeError(`paper latencyNs must be a finite number ≥ 0, got ${latency}`);
    this.instrument = options.instrument;
    this.book = options.book;
    this.fees = options.fees;
    this.latencyNs = latency;
    this.pending = new BoundedQueue(options.maxPending ?? 1024);
    this.description = `paper (${options.fees.description}; latency ${latency / 1e6} ms)`;
  }

  attach(sink: VenueReportSink): void {
    if (this.sink !== null) throw new Error('PaperOrderEntry is already attached to a session');
    this.sink = sink;
  }

  submit(o: NewOrderRequest): boolean {
    return this.enqueue('new', o.token, 0, o.side, o.price, o.qty, o.tif);
  }

  cancel(token: number): boolean {
    return this.enqueue('cancel', token, 0, 0, NaN, 0, Tif.Gtc);
  }

  modify(token: number, newToken: number, price: number, totalQty: number): boolean {
    return this.enqueue('modify', token, newToken, 0, price, totalQty, Tif.Gtc);
  }

  /** After the session's book applied event i: snapshots and gaps, book changes, trades against our orders. */
  onMarketEvent(batch: EventBatch, i: number, nowNs: number, exchNs: number): void {
    this.nowNs = nowNs;
    this.exchNs = exchNs;
    const type = batch.type[i];
    if (type === EventType.SnapshotStart) {
      this.bookValid = true;
      this.consumed.clear();
    } else if (type === EventType.Gap) {
      this.bookValid = false;
      this.consumed.clear();
    } else if (type === EventType.Level) {
      if (batch.size[i] === 0 && (batch.flags[i] & EventFlag.Snapshot) === 0) this.consumed.delete(key(batch.side[i], batch.price[i]));
    } else if (type === EventType.Trade) {
      this.onTrade(batch.side[i], batch.price[i], batch.size[i]);
    }
  }

  /**
   * Resting orders against the touch, then every request due by `nowNs`, in the order sent. Requests that
   * reports trigger (the strategy answering an update) wait for the next flush.
   */
  flush(nowNs: number, exchNs: number): void {
    this.nowNs = nowNs;
    this.exchNs = exchNs;
    if (this.bookValid) this.matchRestingAgainstBook();
    for (let n = this.pending.length; n > 0; n--) {
      const r = this.pending.peek()!;
      if (r.dueNs > nowNs) break;
      this.pending.shift();
      if (r.kind === 'new') this.newOrder(r.token, r.side, r.price, r.qty, r.tif);
      else if (r.kind === 'cancel') this.cancelOrder(r.token, 'cancel');
      else this.modifyOrder(r.token, r.newToken, r.price, r.qty);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pending.clear();
  }

  /** Our open quantity resting at the paper venue (for tests and reports). */
  get restingOrders(): number {
    return this.resting.length;
  }

  /** What we took at (side, price) and the book has not refilled. */
  consumedAt(side: number, price: number): number {
    return this.consumed.get(key(side, price)) ?? 0;
  }

  /** Quantity ahead of a resting order (NaN when it is not resting). */
  queueAhead(token: number): number {
    const o = this.orders.get(token);
    return o === undefined ? NaN : o.ahead;
  }

  report(): VenueEntryReport {
    return { mode: this.mode, description: this.description, ...this.counts, pendingHighWater: this.pending.highWater, restingAtEnd: this.resting.length };
  }

  // ---- requests ---------------------------------------------------------------------------------

  private enqueue(kind: PendingRequest['kind'], token: number, newToken: number, side: number, price: number, qty: number, tif: Tif): boolean {
    if (this.closed || this.sink === null) return false;
    this.counts.requests++;
    if (!this.pending.push({ kind, token, newToken, side, price, qty, tif, dueNs: this.nowNs + this.latencyNs })) {
      this.counts.refused++;
      return false;
    }
    return true;
  }

  private newOrder(token: number, side: number, price: number, qty: number, tif: Tif): void {
    if (!this.validPriceAndSize(price, qty) || (side !== 1 && side !== -1)) return this.reject(token, 'new', RejectReason.BadPriceOrSize, 'bad-price-or-size');
    if (!this.bookValid) return this.reject(token, 'new', RejectReason.Halted, 'no-book');
    if (this.crossesOwn(side, price, null)) return this.reject(token, 'new', RejectReason.SelfTrade, 'self-trade');
    const o: PaperOrder = { token, side, price, leaves: qty, filled: 0, ahead: 0 };
    this.orders.set(token, o);
    this.counts.accepted++;
    this.emit(acceptedReport(token, this.exchNs));
    this.execute(o, tif);
  }

  private cancelOrder(token: number, request: 'cancel' | 'modify'): void {
    const o = this.orders.get(token);
    if (o === undefined) return this.reject(token, request, RejectReason.UnknownOrder, 'unknown-order');
    this.unrest(o);
    this.orders.delete(token);
    const left = o.leaves;
    o.leaves = 0;
    this.counts.cancels++;
    this.emit(cancelledReport(token, left, this.exchNs));
  }

  private modifyOrder(token: number, newToken: number, price: number, total: number): void {
    const o = this.orders.get(token);
    if (o === undefined) return this.reject(token, 'modify', RejectReason.UnknownOrder, 'unknown-order');
    if (!this.validPriceAndSize(price, total)) return this.reject(token, 'modify', RejectReason.BadPriceOrSize, 'bad-price-or-size');
    const qty = total - o.filled;
    if (qty <= 0) return this.cancelOrder(token, 'modify');
    if (price !== o.price && this.crossesOwn(o.side, price, o)) return this.reject(token, 'modify', RejectReason.SelfTrade, 'self-trade');
    this.counts.modifies++;
    this.orders.delete(token);
    o.token = newToken;
    this.orders.set(newToken, o);
    if (price === o.price && qty <= o.leaves) {
      o.leaves = qty; // a smaller order keeps its place
      this.emit(modifiedReport(token, newToken, price, qty, this.exchNs));
      return;
    }
    this.unrest(o);
    o.price = price;
    o.leaves = qty;
    this.emit(modifiedReport(token, newToken, price, qty, this.exchNs));
    this.execute(o, Tif.Gtc);
  }

  /** Takes what crosses at the levels' prices, then rests (GTC) or cancels (IOC) the rest. */
  private execute(o: PaperOrder, tif: Tif): void {
    const book = this.book;
    const opp = -o.side;
    for (let r = 0; r < book.depth(opp) && o.leaves > 0; r++) {
      const p = book.priceAt(opp, r);
      if (o.side > 0 ? p > o.price : p < o.price) break;
      const avail = book.sizeAtRank(opp, r) - this.consumedAt(opp, p);
      const take = this.lots(avail < o.leaves ? avail : o.leaves);
      if (take <= 0) continue;
      this.consume(opp, p, take);
      this.counts.takerFills++;
      this.fill(o, p, take, Liquidity.Taker);
    }
    if (o.leaves <= 0) return;
    if (tif === Tif.Ioc) {
      const left = o.leaves;
      o.leaves = 0;
      this.orders.delete(o.token);
      this.counts.cancels++;
      this.emit(cancelledReport(o.token, left, this.exchNs, 'ioc-remainder'));
      return;
    }
    const visible = book.sizeAt(o.side, o.price) - this.consumedAt(o.side, o.price);
    o.ahead = visible > 0 ? visible : 0;
    this.rest(o);
  }

  // ---- the market against our resting orders ----------------------------------------------------

  /** A trade print (`side` = aggressor): trade-throughs and trades at our price past the queue fill us. */
  private onTrade(aggressor: number, price: number, size: number): void {
    // Trades hit the front of the level: what we took there is what they took first.
    const k = key(-aggressor, price);
    const c = this.consumed.get(k);
    if (c !== undefined) {
      if (c > size) this.consumed.set(k, c - size);
      else this.consumed.delete(k);
    }
    let volume = size;
    for (let j = 0; j < this.resting.length && volume > 0; j++) {
      const o = this.resting[j];
      if (o.side !== -aggressor) continue;
      let reach: number;
      let through = false;
      if (o.side > 0 ? price < o.price : price > o.price) {
        reach = volume; // printed through our price: we were first in line
        through = true;
      } else if (price === o.price) {
        reach = volume - o.ahead;
        o.ahead = o.ahead > volume ? o.ahead - volume : 0;
      } else continue;
      const q = this.lots(reach < o.leaves ? reach : o.leaves);
      if (q <= 0) continue;
      volume -= q;
      if (through) this.counts.tradeThroughFills++;
      else this.counts.queueFills++;
      this.counts.makerFills++;
      this.fill(o, o.price, q, Liquidity.Maker);
      if (o.leaves <= 0) j--; // it left the list
    }
  }

  /** After a message: the opposite touch at or through a resting price fills it; queues and takes clamp to the book. */
  private matchRestingAgainstBook(): void {
    const book = this.book;
    for (let j = 0; j < this.resting.length; j++) {
      const o = this.resting[j];
      const opp = -o.side;
      for (let r = 0; r < book.depth(opp) && o.leaves > 0; r++) {
        const p = book.priceAt(opp, r);
        if (o.side > 0 ? p > o.price : p < o.price) break;
        const avail = book.sizeAtRank(opp, r) - this.consumedAt(opp, p);
        const q = this.lots(avail < o.leaves ? avail : o.leaves);
        if (q <= 0) continue;
        this.consume(opp, p, q);
        this.counts.touchFills++;
        this.counts.makerFills++;
        this.fill(o, o.price, q, Liquidity.Maker);
      }
      if (o.leaves <= 0) {
        j--;
        continue;
      }
      const level = book.sizeAt(o.side, o.price);
      if (o.ahead > level) o.ahead = level;
    }
    for (const [k, c] of this.consumed) {
      const side = k > 0 ? 1 : -1;
      const size = book.sizeAt(side, k * side - 1);
      if (size <= 0) this.consumed.delete(k);
      else if (c > size) this.consumed.set(k, size);
    }
  }

  // ---- internals ---------------------------------------------------------------------------------

  private fill(o: PaperOrder, price: number, qty: number, liquidity: Liquidity): void {
    const inst = this.instrument;
    const fee = this.fees.fee(price / inst.priceScale, qty / inst.sizeScale, liquidity);
    o.leaves -= qty;
    o.filled += qty;
    this.counts.fills++;
    this.counts.filledQty += qty;
    this.counts.fees += fee;
    const token = o.token;
    if (o.leaves <= 0) {
      this.unrest(o);
      this.orders.delete(token);
    }
    this.emit(fillReport(token, price, qty, fee, liquidity, this.exchNs));
  }

  private validPriceAndSize(price: number, qty: number): boolean {
    const inst = this.instrument;
    return Number.isSafeInteger(price) && price > 0 && price % inst.tickSize === 0 && Number.isSafeInteger(qty) && qty > 0 && qty % inst.lotSize === 0;
  }

  /** Whole lots of `qty` (book sizes are whole lots already; this guards odd fractional arithmetic). */
  private lots(qty: number): number {
    const lot = this.instrument.lotSize;
    return qty > 0 ? Math.floor(qty / lot) * lot : 0;
  }

  /** True when an order at `price` on `side` would meet one of our resting orders on the other side. */
  private crossesOwn(side: number, price: number, except: PaperOrder | null): boolean {
    for (const o of this.resting) {
      if (o === except || o.side === side) continue;
      if (side > 0 ? price >= o.price : price <= o.price) return true;
    }
    return false;
  }

  private rest(o: PaperOrder): void {
    // Bids before asks; within a side better prices first, then time (after equal prices).
    let at = 0;
    const list = this.resting;
    while (at < list.length && before(list[at], o)) at++;
    list.splice(at, 0, o);
  }

  private unrest(o: PaperOrder): void {
    const at = this.resting.indexOf(o);
    if (at >= 0) this.resting.splice(at, 1);
  }

  private consume(side: number, price: number, qty: number): void {
    const k = key(side, price);
    this.consumed.set(k, (this.consumed.get(k) ?? 0) + qty);
  }

  private reject(token: number, request: 'new' | 'cancel' | 'modify', reason: RejectReason, venueReason: string): void {
    this.counts.rejected++;
    this.emit(rejectedReport(token, request, reason, this.exchNs, venueReason));
  }

  private emit(r: VenueReport): void {
    this.sink!(r);
  }
}

/** Map key of a (side, price): sign is the side, magnitude price + 1 (so price 0 keeps its sign). */
function key(side: number, price: number): number {
  return side > 0 ? price + 1 : -(price + 1);
}

/** Whether resting order `a` comes before `b` in priority (a was there first at equal price). */
function before(a: PaperOrder, b: PaperOrder): boolean {
  if (a.side !== b.side) return a.side > b.side;
  return a.side > 0 ? a.price >= b.price : a.price <= b.price;
}
