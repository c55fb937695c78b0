import type { L3OrderBook } from '../book/L3OrderBook.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { EventType, TradingStateCode } from '../data/EventType.ts';
import type { Instrument } from '../data/Instrument.ts';
import { Liquidity } from './fees/FeeModel.ts';
import type { QueueModel, QueueState } from './queue/QueueModel.ts';
import { RejectReason, Tif } from '../strategy/Strategy.ts';
import { grow } from '../core/typedArrays.ts';

/** What the venue tells the engine, at venue time `t` (ns from the origin). */
export interface VenueListener {
  onAccepted(id: number, t: number): void;
  onFill(id: number, side: number, price: number, qty: number, liquidity: Liquidity, leaves: number, t: number): void;
  /** The order is done without (further) fills: cancelled (requested, or an IOC's rest) or rejected. */
  onCancelled(id: number, leaves: number, t: number): void;
  onRejected(id: number, reason: RejectReason, t: number): void;
  onModified(id: number, price: number, leaves: number, t: number): void;
}

/** Largest number of (side, price) levels we may have taken liquidity from and not yet seen refilled. */
const MAX_CONSUMED = 64;

/**
 * Our orders at a venue whose market is a replay. The replayed book (the real market) is not changed
 * by our orders: what we take from it is remembered per level as *consumed* and stays taken until new
 * liquidity arrives (real executions at that level hit the orders we already took, at the front, so
 * they give nothing back). Our resting orders are virtual: they sit in the queue the
 * QueueModel tracks and are filled by the replayed flow that price-time priority would have sent them:
 * executions at our price past the queue ahead, executions at worse prices (trade-through), and new
 * opposite orders that cross our price.
 *
 * What this cannot know: how the real market would have reacted to our orders (no impact beyond the
 * liquidity we took). Order ids are the engine's (1, 2, …), never reused.
 */
export class SimulatedVenue {
  private side = new Int8Array(1024);
  private price = new Float64Array(1024);
  private leaves = new Float64Array(1024);
  private filled = new Float64Array(1024);
  private resting = new Uint8Array(1024);
  private readonly queue: QueueState = { ahead: new Float64Array(1024), aheadOrders: new Int32Array(1024) };
  /** Ids of resting orders, in the order they started resting. */
  private restingIds = new Int32Array(64);
  private restingCount = 0;
  private readonly cSide = new Int8Array(MAX_CONSUMED);
  private readonly cPrice = new Float64Array(MAX_CONSUMED);
  private readonly cQty = new Float64Array(MAX_CONSUMED);
  private cCount = 0;
  /** The current event is at the side and price of one of our orders or of liquidity we took. */
  private touched = false;
  halted = false;
  /** Shares of accepted orders, including quantity added by modifies (the fill ratio's denominator). */
  orderedQty = 0;

  constructor(
    readonly book: L3OrderBook,
    readonly instrument: Instrument,
    readonly queueModel: QueueModel,
    private readonly listener: VenueListener,
  ) {}

  get openOrders(): number {
    return this.restingCount;
  }

  /** Shares ahead of a resting order in its queue (NaN when not resting). For tests and reports. */
  queueAhead(id: number): number {
    return id < this.resting.length && this.resting[id] ? this.queue.ahead[id] : NaN;
  }

  /** Liquidity we took at (side, price) and the replay has not refilled yet. */
  consumedAt(side: number, price: number): number {
    for (let k = 0; k < this.cCount; k++) if (this.cPrice[k] === price && this.cSide[k] === side) return this.cQty[k];
    return 0;
  }

  // ---- orders arriving at the venue ------------------------------------------------------------

  newOrder(id: number, side: number, price: number, qty: number, tif: Tif, t: number): void {
    this.ensure(id);
    const inst = this.instrument;
    if (!(qty > 0) || qty % inst.lotSize !== 0 || price % inst.tickSize !== 0 || !(price > 0) || (side !== 1 && side !== -1)) {
      this.listener.onRejected(id, RejectReason.BadPriceOrSize, t);
      return;
    }
    if (this.halted) {
      this.listener.onRejected(id, RejectReason.Halted, t);
      return;
    }
    if (this.crossesOwn(side, price)) {
      this.listener.onRejected(id, RejectReason.SelfTrade, t);
      return;
    }
    this.side[id] = side;
    this.price[id] = price;
    this.leaves[id] = qty;
    this.filled[id] = 0;
    this.orderedQty += qty;
    this.listener.onAccepted(id, t);
    this.execute(id, tif, t);
  }

  cancel(id: number, t: number): void {
    if (id >= this.resting.length || !this.resting[id]) {
      this.listener.onRejected(id, RejectReason.UnknownOrder, t);
      return;
    }
    this.unrest(id);
    const left = this.leaves[id];
    this.leaves[id] = 0;
    this.listener.onCancelled(id, left, t);
  }

  /**
   * Cancel-replace with FIX semantics: `total` is the order's new total quantity, fills included, so
   * fills the sender had not yet heard of are not bought again (open = total − filled; nothing open
   * left: the order is cancelled). Shrinking keeps the queue place; a new price or more loses it.
   */
  modify(id: number, price: number, total: number, t: number): void {
    if (id >= this.resting.length || !this.resting[id]) {
      this.listener.onRejected(id, RejectReason.UnknownOrder, t);
      return;
    }
    const inst = this.instrument;
    if (!(total > 0) || total % inst.lotSize !== 0 || price % inst.tickSize !== 0 || !(price > 0)) {
      this.listener.onRejected(id, RejectReason.BadPriceOrSize, t);
      return;
    }
    const qty = total - this.filled[id];
    if (qty <= 0) {
      this.cancel(id, t);
      return;
    }
    if (qty > this.leaves[id]) this.orderedQty += qty - this.leaves[id];
    if (price === this.price[id] && qty <= this.leaves[id]) {
      this.leaves[id] = qty;
      this.listener.onModified(id, price, qty, t);
      return;
    }
    if (price !== this.price[id] && this.crossesOwn(this.side[id], price, id)) {
      this.listener.onRejected(id, RejectReason.SelfTrade, t);
      return;
    }
    this.unrest(id);
    this.price[id] = price;
    this.leaves[id] = qty;
    this.listener.onModified(id, price, qty, t);
    this.execute(id, Tif.Gtc, t);
  }

  // ---- the replay, event by event --------------------------------------------------------------

  /** Before event i is applied to the book: fills it causes to our resting orders, queue updates. */
  beforeEvent(batch: EventBatch, i: number, t: number): void {
    const type = batch.type[i];
    if (type === EventType.TradingState) {
      this.halted = batch.price[i] === TradingStateCode.Halt;
      return;
    }
    const evSide = batch.side[i];
    const evPrice = batch.price[i];
    if (this.cCount > 0) {
      for (let k = 0; k < this.cCount; k++) if (this.cPrice[k] === evPrice && this.cSide[k] === evSide) this.touched = true;
      if (type === EventType.ExecuteVisible) this.unconsume(evSide, evPrice, batch.size[i]);
    }
    if (this.restingCount === 0) return;
    let volume = batch.size[i];
    const book = this.book;
    const isExec = type === EventType.ExecuteVisible || type === EventType.ExecuteHidden;
    for (let k = 0; k < this.restingCount && volume > 0; k++) {
      const id = this.restingIds[k];
      const side = this.side[id];
      const price = this.price[id];
      let reach = 0;
      if (evSide === side) {
        if (evPrice === price) {
          this.touched = true;
          reach = this.queueModel.onLevelEvent(book, batch, i, this.queue, id);
        }
        // Someone sold below our bid (or bought above our ask): we were first in line.
        else if (isExec && (side > 0 ? evPrice < price : evPrice > price)) reach = volume;
      } else if (type === EventType.Add && (side > 0 ? evPrice <= price : evPrice >= price)) {
        // A new opposite order crossing our resting price would have traded with us on arrival.
        reach = volume;
        const take = reach < this.leaves[id] ? reach : this.leaves[id];
        this.consume(evSide, evPrice, take);
      }
      if (reach <= 0) continue;
      if (reach > volume) reach = volume;
      let fill = reach < this.leaves[id] ? reach : this.leaves[id];
      // Estimated queues (L2 probabilistic) are fractional; fills are whole lots.
      const lot = this.instrument.lotSize;
      fill = Math.floor(fill / lot) * lot;
      if (fill <= 0) continue;
      volume -= fill;
      this.fillResting(id, fill, t);
      if (!this.resting[id]) k--; // the list shifted down
    }
  }

  /**
   * After event i was applied: nothing can stay ahead of us that the level no longer holds. Only levels
   * the event touched can have shrunk, unless the replay refilled its window (`refilled`).
   */
  afterEvent(refilled: boolean): void {
    if (!this.touched && !refilled) return;
    this.touched = false;
    const book = this.book;
    for (let k = 0; k < this.restingCount; k++) {
      const id = this.restingIds[k];
      const size = book.sizeAt(this.side[id], this.price[id]);
      if (this.queue.ahead[id] > size) this.queue.ahead[id] = size;
    }
    for (let k = 0; k < this.cCount; k++) {
      const size = book.sizeAt(this.cSide[k], this.cPrice[k]);
      if (this.cQty[k] > size) this.cQty[k] = size;
    }
    this.compactConsumed();
  }

  // ---- internals -------------------------------------------------------------------------------

  /** Takes what crosses, then rests (GTC) or cancels (IOC) the rest. */
  private execute(id: number, tif: Tif, t: number): void {
    const side = this.side[id];
    const limit = this.price[id];
    const book = this.book;
    const opp = -side;
    for (let r = 0; r < book.depth(opp) && this.leaves[id] > 0; r++) {
      const p = book.priceAt(opp, r);
      if (side > 0 ? p > limit : p < limit) break;
      const avail = book.sizeAtRank(opp, r) - this.consumedAt(opp, p);
      if (avail <= 0) continue;
      const take = avail < this.leaves[id] ? avail : this.leaves[id];
      this.consume(opp, p, take);
      this.leaves[id] -= take;
      this.filled[id] += take;
      this.listener.onFill(id, side, p, take, Liquidity.Taker, this.leaves[id], t);
    }
    if (this.leaves[id] <= 0) return;
    if (tif === Tif.Ioc) {
      const left = this.leaves[id];
      this.leaves[id] = 0;
      this.listener.onCancelled(id, left, t);
      return;
    }
    const visible = book.sizeAt(side, limit) - this.consumedAt(side, limit);
    this.queueModel.onJoin(book, side, limit, visible > 0 ? visible : 0, this.queue, id);
    this.rest(id);
  }

  private fillResting(id: number, qty: number, t: number): void {
    this.leaves[id] -= qty;
    this.filled[id] += qty;
    const left = this.leaves[id];
    if (left <= 0) this.unrest(id);
    this.listener.onFill(id, this.side[id], this.price[id], qty, Liquidity.Maker, left, t);
  }

  /** True when a buy at `price` would meet one of our resting sells (or the reverse). */
  private crossesOwn(side: number, price: number, except = -1): boolean {
    for (let k = 0; k < this.restingCount; k++) {
      const o = this.restingIds[k];
      if (o === except || this.side[o] === side) continue;
      if (side > 0 ? price >= this.price[o] : price <= this.price[o]) return true;
    }
    return false;
  }

  private rest(id: number): void {
    if (this.restingCount === this.restingIds.length) {
      const next = new Int32Array(this.restingIds.length * 2);
      next.set(this.restingIds);
      this.restingIds = next;
    }
    this.restingIds[this.restingCount++] = id;
    this.resting[id] = 1;
  }

  private unrest(id: number): void {
    this.resting[id] = 0;
    const ids = this.restingIds;
    for (let k = 0; k < this.restingCount; k++) {
      if (ids[k] !== id) continue;
      ids.copyWithin(k, k + 1, this.restingCount);
      this.restingCount--;
      return;
    }
  }

  private consume(side: number, price: number, qty: number): void {
    for (let k = 0; k < this.cCount; k++) {
      if (this.cPrice[k] === price && this.cSide[k] === side) {
        this.cQty[k] += qty;
        return;
      }
    }
    if (this.cCount === MAX_CONSUMED) throw new Error(`took liquidity at more than ${MAX_CONSUMED} price levels that the replay has not refilled`);
    this.cSide[this.cCount] = side;
    this.cPrice[this.cCount] = price;
    this.cQty[this.cCount++] = qty;
  }

  /**
   * The replay executed `size` at a level we took from: executions hit the front of the queue, i.e. the
   * orders we already took, so they leave the book without giving anything back to us (what is left for
   * us stays the same). Cancels are not treated so: they come mostly from the back (the newest orders),
   * and afterEvent only clamps what we took to what the level still holds.
   */
  private unconsume(side: number, price: number, size: number): void {
    for (let k = 0; k < this.cCount; k++) {
      if (this.cPrice[k] !== price || this.cSide[k] !== side) continue;
      this.cQty[k] = this.cQty[k] > size ? this.cQty[k] - size : 0;
      return;
    }
  }

  private compactConsumed(): void {
    let w = 0;
    for (let k = 0; k < this.cCount; k++) {
      if (this.cQty[k] <= 0) continue;
      this.cSide[w] = this.cSide[k];
      this.cPrice[w] = this.cPrice[k];
      this.cQty[w++] = this.cQty[k];
    }
    this.cCount = w;
  }

  private ensure(id: number): void {
    if (id < this.side.length) return;
    let n = this.side.length;
    while (n <= id) n *= 2;
    this.side = grow(this.side, new Int8Array(n));
    this.price = grow(this.price, new Float64Array(n));
    this.leaves = grow(this.leaves, new Float64Array(n));
    this.filled = grow(this.filled, new Float64Array(n));
    this.resting = grow(this.resting, new Uint8Array(n));
    this.queue.ahead = grow(this.queue.ahead, new Float64Array(n));
    this.queue.aheadOrders = grow(this.queue.aheadOrders, new Int32Array(n));
  }
}

