import { PriceLadder } from '../book/PriceLadder.ts';
import { writeSnapshot } from '../book/L2Ladder.ts';
import type { Clock } from '../core/time.ts';
import { EventBatch } from '../data/EventBatch.ts';
import { EventFlag, EventType } from '../data/EventType.ts';
import type { Instrument } from '../data/Instrument.ts';
import { type ExecutionListener, NO_EXECUTION_LISTENER } from './ExecutionListener.ts';
import { OrderIdIndex } from '../book/OrderIdIndex.ts';
import { OrderReason, OrderReport, OrderRequest, OrderStatus } from './OrderReport.ts';
import { OrderType } from './OrderType.ts';
import { DEFAULT_SELF_TRADE_PREVENTION, SelfTradePrevention } from './SelfTradePrevention.ts';
import { chainFree, growF64, growI32 } from '../core/typedArrays.ts';

// Hot-path constants as module locals: members of imported `as const` objects are read through
// live-binding accessors when tsx runs the sources (≈10 % of a simulator profile); locals are free.
const EV_ADD = EventType.Add;
const EV_DELETE = EventType.Delete;
const EV_EXECUTE_VISIBLE = EventType.ExecuteVisible;
const EV_REDUCE = EventType.Reduce;
const FLAG_END_OF_MESSAGE = EventFlag.EndOfMessage;
const REASON_DUPLICATE_ORDER_ID = OrderReason.DuplicateOrderId;
const REASON_INVALID_ORDER_ID = OrderReason.InvalidOrderId;
const REASON_INVALID_ORDER_TYPE = OrderReason.InvalidOrderType;
const REASON_INVALID_PRICE = OrderReason.InvalidPrice;
const REASON_INVALID_SIDE = OrderReason.InvalidSide;
const REASON_NONE = OrderReason.None;
const REASON_NON_INTEGER_SIZE = OrderReason.NonIntegerSize;
const REASON_NON_POSITIVE_SIZE = OrderReason.NonPositiveSize;
const REASON_NO_LIQUIDITY = OrderReason.NoLiquidity;
const REASON_OFF_LOT_SIZE = OrderReason.OffLotSize;
const REASON_OFF_TICK_PRICE = OrderReason.OffTickPrice;
const REASON_REQUESTED = OrderReason.Requested;
const REASON_SELF_TRADE = OrderReason.SelfTrade;
const REASON_UNKNOWN_ORDER = OrderReason.UnknownOrder;
const REQ_CANCEL = OrderRequest.Cancel;
const REQ_MODIFY = OrderRequest.Modify;
const REQ_SUBMIT = OrderRequest.Submit;
const STATUS_CANCELLED = OrderStatus.Cancelled;
const STATUS_FILLED = OrderStatus.Filled;
const STATUS_REJECTED = OrderStatus.Rejected;
const STATUS_RESTING = OrderStatus.Resting;
const STP_ALLOW = SelfTradePrevention.Allow;
const STP_CANCEL_BOTH = SelfTradePrevention.CancelBoth;
const STP_CANCEL_INCOMING = SelfTradePrevention.CancelIncoming;
const TYPE_IMMEDIATE_OR_CANCEL = OrderType.ImmediateOrCancel;
const TYPE_LIMIT = OrderType.Limit;
const TYPE_MARKET = OrderType.Market;

export interface MatchingEngineOptions {
  readonly instrument: Instrument;
  /** Source of event timestamps; its origin must be the `originNs` of the event batch. */
  readonly clock: Clock;
  /** Where events are appended; a new one (origin 0) is created when omitted. */
  readonly events?: EventBatch;
  /** Value of the `instrument` column of emitted events (index into `events.instruments`). */
  readonly instrumentIndex?: number;
  readonly listener?: ExecutionListener;
  /** Used by submits that do not name a policy. Default: CancelIncoming. */
  readonly selfTradePrevention?: SelfTradePrevention;
  /** Initial order-pool capacity (grows by doubling). */
  readonly initialCapacity?: number;
}

const NONE = -1;
/**
 * Ids below this are found through a direct table (slot by id, grown by doubling to the largest such id
 * seen: at most 16 MiB); larger ids through the OrderIdIndex hash. Simulators and most venues number
 * orders 1, 2, 3, …, so the common lookup is one array read.
 */
const DIRECT_ID_LIMIT = 1 << 22;
/**
 * NaN for "none" (the price of an empty side, of an order that is not resting). A module constant, not the
 * global `NaN`: in optimized code a never-taken branch that reads a global has no type feedback, and
 * merging it with the float64 branch makes V8 box the result on every call (a heap allocation per query).
 */
const NOT_A_NUMBER = Number.NaN;

/**
 * A price-time-priority matching engine for one instrument.
 *
 * Orders live in a pool of parallel typed arrays (slot-indexed, recycled through a free list); each price
 * level is a FIFO intrusive doubly-linked list of slots, and levels are found through a sorted PriceLadder
 * per side whose value is the level's slot. Ids map to slots through a direct table (ids below 2^22) or
 * an open-addressing hash (larger ids). Once the pools have grown to the working-set size, a request
 * allocates nothing. A limit order that cannot trade goes straight to its level, and `touchVersion` lets a
 * reader of the touch skip the requests that cannot have moved it.
 *
 * Every change to the visible book is appended to `events` in the normalized model, so replaying them
 * rebuilds this book exactly: Add (an order rests), Reduce (size given back, priority kept), Delete (order
 * removed without trading), ExecuteVisible (a fill, carrying the *resting* order's id, side and price).
 * All events of one request share its timestamp; the last one carries FLAG_END_OF_MESSAGE, the
 * earlier ones none (the book is only consistent after the last). `seq` numbers events from 1.
 * Requests that change nothing visible (rejections, IOC/market remainders) emit nothing.
 */
export class MatchingEngine {
  readonly instrument: Instrument;
  readonly events: EventBatch;
  /** Overwritten by every request; see OrderReport. */
  readonly report = new OrderReport();
  listener: ExecutionListener;
  defaultSelfTradePrevention: SelfTradePrevention;

  private readonly clock: Clock;
  private readonly instrumentIndex: number;
  private readonly tick: number;
  private readonly lot: number;
  /** Tick / lot is a positive integer: the multiple checks divide instead of taking a float remainder. */
  private readonly integerTick: boolean;
  private readonly integerLot: boolean;
  private readonly bids = new PriceLadder(1, 256);
  private readonly asks = new PriceLadder(-1, 256);
  /** Slot by order id for ids below DIRECT_ID_LIMIT (NONE: not resting). */
  private slotById: Int32Array;
  /** Slot by order id for the other ids. */
  private readonly index: OrderIdIndex;

  // Order pool (slot-indexed).
  private oId: Float64Array;
  private oOwner: Float64Array;
  private oPrice: Float64Array;
  private oSize: Float64Array;
  private oSide: Int8Array;
  private oStp: Uint8Array;
  private oPrev: Int32Array;
  private oNext: Int32Array;
  private oLevel: Int32Array;
  private freeOrder = NONE;

  // Level pool (slot-indexed); free levels are chained through lHead.
  private lHead: Int32Array;
  private lTail: Int32Array;
  private lSize: Float64Array;
  private lCount: Int32Array;
  private freeLevel = NONE;

  /** Bumped by every change that may move the touch (see touchVersion). */
  private touch = 0;
  private bidOrders = 0;
  private askOrders = 0;
  private seq = 0;
  /** Timestamp of the request being processed. */
  private ts = 0;
  /** Set by match() when self-trade prevention stopped the incoming order. */
  private stoppedBySelfTrade = false;

  constructor(options: MatchingEngineOptions) {
    this.instrument = options.instrument;
    this.clock = options.clock;
    this.events = options.events ?? new EventBatch(1024, 0n, [options.instrument]);
    this.instrumentIndex = options.instrumentIndex ?? 0;
    this.listener = options.listener ?? NO_EXECUTION_LISTENER;
    this.defaultSelfTradePrevention = options.selfTradePrevention ?? DEFAULT_SELF_TRADE_PREVENTION;
    this.tick = options.instrument.tickSize;
    this.lot = options.instrument.lotSize;
    this.integerTick = Number.isInteger(this.tick) && this.tick >= 1;
    this.integerLot = Number.isInteger(this.lot) && this.lot >= 1;
    const cap = Math.max(16, options.initialCapacity ?? 1024);
    this.index = new OrderIdIndex(1024);
    this.slotById = new Int32Array(Math.min(cap, DIRECT_ID_LIMIT)).fill(NONE);
    this.oId = new Float64Array(cap);
    this.oOwner = new Float64Array(cap);
    this.oPrice = new Float64Array(cap);
    this.oSize = new Float64Array(cap);
    this.oSide = new Int8Array(cap);
    this.oStp = new Uint8Array(cap);
    this.oPrev = new Int32Array(cap);
    this.oNext = new Int32Array(cap);
    this.oLevel = new Int32Array(cap);
    const lcap = 256;
    this.lHead = new Int32Array(lcap);
    this.lTail = new Int32Array(lcap);
    this.lSize = new Float64Array(lcap);
    this.lCount = new Int32Array(lcap);
    this.freeOrder = chainFree(this.oNext, 0, cap, NONE);
    this.freeLevel = chainFree(this.lHead, 0, lcap, NONE);
  }

  // ───────────────────────────── requests ─────────────────────────────

  /**
   * Submits a new order. `price` is ignored for market orders. `orderId` must be a positive safe integer
   * not currently resting; `owner` is the account compared by self-trade prevention. `side`: 1 buy, -1 sell.
   */
  submit(
    type: OrderType,
    orderId: number,
    owner: number,
    side: number,
    price: number,
    size: number,
    selfTradePrevention: SelfTradePrevention = this.defaultSelfTradePrevention,
  ): OrderReport {
    const r = this.begin(REQ_SUBMIT, orderId);
    const reason = this.checkSubmit(type, orderId, side, price, size);
    if (reason !== REASON_NONE) return this.reject(reason);

    const start = this.events.length;
    r.acceptedSize = size;
    this.enter(type, orderId, owner, side, price, size, selfTradePrevention);
    this.endMessage(start);
    return r;
  }

  /** Cancels a resting order entirely (a Delete event). */
  cancel(orderId: number): OrderReport {
    const r = this.begin(REQ_CANCEL, orderId);
    const o = this.slotOf(orderId);
    if (o === NONE) return this.reject(REASON_UNKNOWN_ORDER);
    const start = this.events.length;
    const size = this.oSize[o];
    this.emit(EV_DELETE, this.oSide[o], this.oPrice[o], size, orderId);
    this.removeOrder(o);
    r.status = STATUS_CANCELLED;
    r.reason = REASON_REQUESTED;
    r.cancelledSize = size;
    this.endMessage(start);
    return r;
  }

  /**
   * Changes a resting order's price and/or open size (`newSize` is the new open size, not a delta).
   * Priority follows NASDAQ's rule: reducing the size at the same price keeps the order's place in the
   * queue (a Reduce event); a price change or a size increase loses it — the order is deleted and re-entered
   * at the back of its (new) level with the same id, where it may trade at once if the new price crosses
   * (a Delete, then any fills, then an Add for what rests).
   */
  modify(orderId: number, newPrice: number, newSize: number): OrderReport {
    const r = this.begin(REQ_MODIFY, orderId);
    const o = this.slotOf(orderId);
    if (o === NONE) return this.reject(REASON_UNKNOWN_ORDER);
    let reason = this.checkPrice(newPrice);
    if (reason === REASON_NONE) reason = this.checkSize(newSize);
    if (reason !== REASON_NONE) return this.reject(reason);

    const start = this.events.length;
    const price = this.oPrice[o];
    const size = this.oSize[o];
    const side = this.oSide[o];
    if (newPrice === price && newSize <= size) {
      if (newSize < size) {
        const delta = size - newSize;
        this.emit(EV_REDUCE, side, price, delta, orderId);
        this.oSize[o] = newSize;
        this.lSize[this.oLevel[o]] -= delta;
        if (this.isBest(side, price)) this.touch++;
        r.cancelledSize = delta;
        r.reason = REASON_REQUESTED;
      }
      r.status = STATUS_RESTING;
      r.restingSize = newSize;
      this.endMessage(start);
      return r;
    }
    const owner = this.oOwner[o];
    const stp = this.oStp[o] as SelfTradePrevention;
    this.emit(EV_DELETE, side, price, size, orderId);
    this.removeOrder(o);
    r.acceptedSize = newSize;
    this.enter(TYPE_LIMIT, orderId, owner, side, newPrice, newSize, stp);
    // The old open size left the book without trading.
    r.cancelledSize += size;
    this.endMessage(start);
    return r;
  }

  // ───────────────────────────── queries ─────────────────────────────

  /** Best bid price, or NaN when there are no bids. */
  bestBid(): number {
    return this.bids.count > 0 ? this.bids.priceAt(0) : NOT_A_NUMBER;
  }

  /** Best ask price, or NaN when there are no asks. */
  bestAsk(): number {
    return this.asks.count > 0 ? this.asks.priceAt(0) : NOT_A_NUMBER;
  }

  /**
   * The touch in one call: out[0] best bid, out[1] best ask (NaN for an empty side), out[2] and out[3]
   * their open sizes (0 for an empty side).
   */
  topOfBook(out: Float64Array): void {
    const bids = this.bids;
    const asks = this.asks;
    if (bids.count > 0) {
      out[0] = bids.priceAt(0);
      out[2] = this.lSize[bids.valueAt(0)];
    } else {
      out[0] = NOT_A_NUMBER;
      out[2] = 0;
    }
    if (asks.count > 0) {
      out[1] = asks.priceAt(0);
      out[3] = this.lSize[asks.valueAt(0)];
    } else {
      out[1] = NOT_A_NUMBER;
      out[3] = 0;
    }
  }

  /**
   * A counter that changes whenever the touch (best bid, best ask, or the open size at either) may have
   * changed; it may also change when they did not. Equal values before and after some requests mean the
   * touch is as it was, so a reader that records the touch after each request can skip reading it.
   */
  get touchVersion(): number {
    return this.touch;
  }

  /** Number of price levels on a side (1 bids, -1 asks). */
  depth(side: number): number {
    return side > 0 ? this.bids.count : this.asks.count;
  }

  /** Price of the `rank`-th best level (0 = best); caller checks rank < depth(side). */
  levelPrice(side: number, rank: number): number {
    return (side > 0 ? this.bids : this.asks).priceAt(rank);
  }

  /** Aggregate open size of the `rank`-th best level. */
  levelSize(side: number, rank: number): number {
    return this.lSize[(side > 0 ? this.bids : this.asks).valueAt(rank)];
  }

  /** Number of orders in the `rank`-th best level. */
  levelOrderCount(side: number, rank: number): number {
    return this.lCount[(side > 0 ? this.bids : this.asks).valueAt(rank)];
  }

  /** Aggregate open size at a price (0 when no level there). */
  sizeAtPrice(side: number, price: number): number {
    const ladder = side > 0 ? this.bids : this.asks;
    const pos = ladder.find(price);
    return pos >= 0 ? this.lSize[ladder.valueAtPos(pos)] : 0;
  }

  /** Resting orders on a side (1, -1), or on both (0). */
  orderCount(side = 0): number {
    return side > 0 ? this.bidOrders : side < 0 ? this.askOrders : this.bidOrders + this.askOrders;
  }

  hasOrder(orderId: number): boolean {
    return this.slotOf(orderId) !== NONE;
  }

  /** Open size of a resting order, or 0 when it is not resting. */
  orderSize(orderId: number): number {
    const o = this.slotOf(orderId);
    return o === NONE ? 0 : this.oSize[o];
  }

  /** Price of a resting order, or NaN. */
  orderPrice(orderId: number): number {
    const o = this.slotOf(orderId);
    return o === NONE ? NOT_A_NUMBER : this.oPrice[o];
  }

  /** Side of a resting order (1, -1), or 0 when it is not resting. */
  orderSide(orderId: number): number {
    const o = this.slotOf(orderId);
    return o === NONE ? 0 : this.oSide[o];
  }

  /** Owner of a resting order, or NaN. */
  orderOwner(orderId: number): number {
    const o = this.slotOf(orderId);
    return o === NONE ? NOT_A_NUMBER : this.oOwner[o];
  }

  /** Open size queued ahead of a resting order at its level, or -1 when it is not resting. */
  queueAhead(orderId: number): number {
    const target = this.slotOf(orderId);
    if (target === NONE) return -1;
    let ahead = 0;
    for (let o = this.lHead[this.oLevel[target]]; o !== target; o = this.oNext[o]) ahead += this.oSize[o];
    return ahead;
  }

  /** Ids in FIFO order at the `rank`-th best level (allocates: tests and debugging). */
  levelOrderIds(side: number, rank: number): number[] {
    const out: number[] = [];
    const lvl = (side > 0 ? this.bids : this.asks).valueAt(rank);
    for (let o = this.lHead[lvl]; o !== NONE; o = this.oNext[o]) out.push(this.oId[o]);
    return out;
  }

  /** Top `levels` levels in LOBSTER's row layout (askPrice, askSize, bidPrice, bidSize per level). */
  snapshot(levels: number, out: Float64Array): void {
    writeSnapshot(this.asks, this.bids, levels, out, this.levelSizeOfRank);
  }

  private readonly levelSizeOfRank = (ladder: PriceLadder, rank: number): number => this.lSize[ladder.valueAt(rank)];

  // ───────────────────────────── internals ─────────────────────────────

  private begin(request: OrderRequest, orderId: number): OrderReport {
    this.ts = this.clock.nowNs();
    const r = this.report;
    r.request = request;
    r.status = STATUS_REJECTED;
    r.reason = REASON_NONE;
    r.orderId = orderId;
    r.tsNs = this.ts;
    r.acceptedSize = 0;
    r.filledSize = 0;
    r.fillCount = 0;
    r.restingSize = 0;
    r.cancelledSize = 0;
    return r;
  }

  private reject(reason: OrderReason): OrderReport {
    this.report.status = STATUS_REJECTED;
    this.report.reason = reason;
    return this.report;
  }

  private checkSubmit(type: number, orderId: number, side: number, price: number, size: number): OrderReason {
    if (type !== TYPE_LIMIT && type !== TYPE_MARKET && type !== TYPE_IMMEDIATE_OR_CANCEL) {
      return REASON_INVALID_ORDER_TYPE;
    }
    if (side !== 1 && side !== -1) return REASON_INVALID_SIDE;
    if (!Number.isSafeInteger(orderId) || orderId <= 0) return REASON_INVALID_ORDER_ID;
    if (type !== TYPE_MARKET) {
      const priceReason = this.checkPrice(price);
      if (priceReason !== REASON_NONE) return priceReason;
    }
    const sizeReason = this.checkSize(size);
    if (sizeReason !== REASON_NONE) return sizeReason;
    if (this.lookup(orderId) !== NONE) return REASON_DUPLICATE_ORDER_ID;
    return REASON_NONE;
  }

  // The multiple checks. Prices and sizes reach here as doubles, so `x % tick` compiles to a floating-point
  // remainder (an x87 fprem loop, most of a submit's validation). For a positive integer tick (lot) and a
  // safe-integer x, `x / tick` is an integer exactly when `x % tick === 0`: a non-multiple's quotient below
  // 2^53 is more than one rounding step away from any integer. Other ticks and lots keep the remainder; a
  // lot of 1 divides every integer size.

  private checkPrice(price: number): OrderReason {
    if (!Number.isSafeInteger(price) || price <= 0) return REASON_INVALID_PRICE;
    if (!(this.integerTick ? Number.isInteger(price / this.tick) : price % this.tick === 0)) return REASON_OFF_TICK_PRICE;
    return REASON_NONE;
  }

  private checkSize(size: number): OrderReason {
    if (!Number.isInteger(size)) return REASON_NON_INTEGER_SIZE;
    if (size <= 0) return REASON_NON_POSITIVE_SIZE;
    if (!Number.isSafeInteger(size)) return REASON_NON_INTEGER_SIZE;
    if (this.lot !== 1 && !(this.integerLot ? Number.isInteger(size / this.lot) : size % this.lot === 0)) return REASON_OFF_LOT_SIZE;
    return REASON_NONE;
  }

  private slotOf(orderId: number): number {
    // Non-numbers and non-positive ids are never indexed; the hash needs a positive key.
    return orderId > 0 && Number.isSafeInteger(orderId) ? this.lookup(orderId) : NONE;
  }

  /** Slot of a resting order by its (positive, safe integer) id, or NONE. */
  private lookup(orderId: number): number {
    const direct = this.slotById;
    if (orderId < direct.length) return direct[orderId];
    return orderId < DIRECT_ID_LIMIT ? NONE : this.index.get(orderId);
  }

  private indexOrder(orderId: number, o: number): void {
    if (orderId >= DIRECT_ID_LIMIT) this.index.set(orderId, o);
    else {
      if (orderId >= this.slotById.length) this.growDirectIds(orderId);
      this.slotById[orderId] = o;
    }
  }

  private unindexOrder(orderId: number): void {
    if (orderId < DIRECT_ID_LIMIT) this.slotById[orderId] = NONE;
    else this.index.delete(orderId);
  }

  /** Grows the direct id table (doubling) to cover `orderId`. */
  private growDirectIds(orderId: number): void {
    let n = this.slotById.length * 2;
    while (n <= orderId) n *= 2;
    const next = new Int32Array(Math.min(n, DIRECT_ID_LIMIT)).fill(NONE);
    next.set(this.slotById);
    this.slotById = next;
  }

  /** Matches, then rests or cancels the remainder; fills in the report's fill/rest/cancel fields. */
  private enter(
    type: OrderType,
    orderId: number,
    owner: number,
    side: number,
    price: number,
    size: number,
    stp: SelfTradePrevention,
  ): void {
    const r = this.report;
    if (type === TYPE_LIMIT && !this.crosses(side, price)) {
      // Nothing to take (what match() finds at the best opposite price): the order rests whole.
      this.stoppedBySelfTrade = false;
      this.rest(orderId, owner, side, price, size, stp);
      r.status = STATUS_RESTING;
      r.restingSize = size;
      return;
    }
    const remaining = this.match(type === TYPE_MARKET, orderId, owner, side, price, size, stp);
    r.filledSize = size - remaining;
    if (remaining === 0) {
      r.status = STATUS_FILLED;
    } else if (this.stoppedBySelfTrade) {
      r.status = STATUS_CANCELLED;
      r.reason = REASON_SELF_TRADE;
      r.cancelledSize = remaining;
    } else if (type !== TYPE_LIMIT) {
      r.status = STATUS_CANCELLED;
      r.reason = REASON_NO_LIQUIDITY;
      r.cancelledSize = remaining;
    } else {
      this.rest(orderId, owner, side, price, remaining, stp);
      r.status = STATUS_RESTING;
      r.restingSize = remaining;
    }
  }

  /** A limit order at `price` on `side` would trade with the best opposite level (if any). */
  private crosses(side: number, price: number): boolean {
    const opp = side > 0 ? this.asks : this.bids;
    if (opp.count === 0) return false;
    const px = opp.priceAtPos(opp.count - 1);
    return side > 0 ? px <= price : px >= price;
  }

  /** `price` is the best price of `side` (which has a level there). */
  private isBest(side: number, price: number): boolean {
    const ladder = side > 0 ? this.bids : this.asks;
    return ladder.priceAtPos(ladder.count - 1) === price;
  }

  /** Takes liquidity from the opposite side; returns the unmatched size. */
  private match(
    isMarket: boolean,
    aggId: number,
    aggOwner: number,
    aggSide: number,
    limit: number,
    size: number,
    stp: SelfTradePrevention,
  ): number {
    this.stoppedBySelfTrade = false;
    const opp = aggSide > 0 ? this.asks : this.bids;
    const r = this.report;
    const listener = this.listener;
    let remaining = +size; // a number, not an untyped parameter: the loop keeps it unboxed
    while (remaining > 0 && opp.count > 0) {
      const pos = opp.count - 1;
      const px = opp.priceAtPos(pos);
      if (!isMarket && (aggSide > 0 ? px > limit : px < limit)) break;
      const lvl = opp.valueAtPos(pos);
      this.touch++; // it takes from (or cancels at) the opposite best
      let o = this.lHead[lvl];
      while (o !== NONE && remaining > 0) {
        const next = this.oNext[o];
        if (stp !== STP_ALLOW && this.oOwner[o] === aggOwner) {
          if (stp === STP_CANCEL_INCOMING) {
            this.stoppedBySelfTrade = true;
            break;
          }
          const restingId = this.oId[o];
          const restingSize = this.oSize[o];
          this.emit(EV_DELETE, this.oSide[o], px, restingSize, restingId);
          this.unlinkOrder(o);
          listener.onRestingCancelled(this.ts, restingId, aggOwner, -aggSide, px, restingSize, REASON_SELF_TRADE);
          if (stp === STP_CANCEL_BOTH) {
            this.stoppedBySelfTrade = true;
            break;
          }
          o = next;
          continue;
        }
        const restSize = this.oSize[o];
        const q = restSize < remaining ? restSize : remaining;
        const restingId = this.oId[o];
        this.emit(EV_EXECUTE_VISIBLE, this.oSide[o], px, q, restingId);
        remaining -= q;
        r.fillCount++;
        const left = restSize - q;
        const restingOwner = this.oOwner[o];
        if (left === 0) this.unlinkOrder(o);
        else {
          this.oSize[o] = left;
          this.lSize[lvl] -= q;
        }
        listener.onFill(this.ts, aggId, aggOwner, aggSide, restingId, restingOwner, px, q, left);
        o = next;
      }
      if (this.lCount[lvl] === 0) {
        opp.removeAt(pos);
        this.releaseLevel(lvl);
      }
      if (this.stoppedBySelfTrade) break;
    }
    return remaining;
  }

  /** Appends an order at the back of its price level (creating the level) and emits Add. */
  private rest(orderId: number, owner: number, side: number, price: number, size: number, stp: SelfTradePrevention): void {
    const ladder = side > 0 ? this.bids : this.asks;
    let pos = ladder.find(price);
    let lvl: number;
    if (pos >= 0) lvl = ladder.valueAtPos(pos);
    else {
      lvl = this.allocLevel();
      pos = -pos - 1;
      ladder.insertAt(pos, price, lvl);
    }
    if (pos === ladder.count - 1) this.touch++; // joins or opens the best level
    const o = this.allocOrder();
    this.oId[o] = orderId;
    this.oOwner[o] = owner;
    this.oPrice[o] = price;
    this.oSize[o] = size;
    this.oSide[o] = side;
    this.oStp[o] = stp;
    this.oLevel[o] = lvl;
    const tail = this.lTail[lvl];
    this.oPrev[o] = tail;
    this.oNext[o] = NONE;
    if (tail === NONE) this.lHead[lvl] = o;
    else this.oNext[tail] = o;
    this.lTail[lvl] = o;
    this.lSize[lvl] += size;
    this.lCount[lvl]++;
    if (side > 0) this.bidOrders++;
    else this.askOrders++;
    this.indexOrder(orderId, o);
    this.emit(EV_ADD, side, price, size, orderId);
  }

  /** Removes an order outside matching: unlinks it and drops its level from the ladder if it empties. */
  private removeOrder(o: number): void {
    const lvl = this.oLevel[o];
    const side = this.oSide[o];
    const price = this.oPrice[o];
    if (this.isBest(side, price)) this.touch++;
    this.unlinkOrder(o);
    if (this.lCount[lvl] === 0) {
      (side > 0 ? this.bids : this.asks).delete(price);
      this.releaseLevel(lvl);
    }
  }

  /**
   * Unlinks an order from its level's FIFO, frees its slot and id. Leaves an emptied level in the ladder:
   * match() removes it by position, which it already holds.
   */
  private unlinkOrder(o: number): void {
    const lvl = this.oLevel[o];
    const prev = this.oPrev[o];
    const next = this.oNext[o];
    if (prev === NONE) this.lHead[lvl] = next;
    else this.oNext[prev] = next;
    if (next === NONE) this.lTail[lvl] = prev;
    else this.oPrev[next] = prev;
    this.lSize[lvl] -= this.oSize[o];
    this.lCount[lvl]--;
    if (this.oSide[o] > 0) this.bidOrders--;
    else this.askOrders--;
    this.unindexOrder(this.oId[o]);
    this.oSize[o] = 0;
    this.oNext[o] = this.freeOrder;
    this.freeOrder = o;
  }

  private allocOrder(): number {
    if (this.freeOrder === NONE) this.growOrders();
    const o = this.freeOrder;
    this.freeOrder = this.oNext[o];
    return o;
  }

  private allocLevel(): number {
    if (this.freeLevel === NONE) this.growLevels();
    const l = this.freeLevel;
    this.freeLevel = this.lHead[l];
    this.lHead[l] = NONE;
    this.lTail[l] = NONE;
    this.lSize[l] = 0;
    this.lCount[l] = 0;
    return l;
  }

  private releaseLevel(l: number): void {
    this.lHead[l] = this.freeLevel;
    this.freeLevel = l;
  }

  /** Doubles the order pool and chains the new slots onto the free list (amortized; not per order). */
  private growOrders(): void {
    const old = this.oId.length;
    const n = old * 2;
    this.oId = growF64(this.oId, n);
    this.oOwner = growF64(this.oOwner, n);
    this.oPrice = growF64(this.oPrice, n);
    this.oSize = growF64(this.oSize, n);
    const side = new Int8Array(n);
    side.set(this.oSide);
    this.oSide = side;
    const stp = new Uint8Array(n);
    stp.set(this.oStp);
    this.oStp = stp;
    this.oPrev = growI32(this.oPrev, n);
    this.oNext = growI32(this.oNext, n);
    this.oLevel = growI32(this.oLevel, n);
    this.freeOrder = chainFree(this.oNext, old, n, this.freeOrder);
  }

  private growLevels(): void {
    const old = this.lHead.length;
    const n = old * 2;
    this.lHead = growI32(this.lHead, n);
    this.lTail = growI32(this.lTail, n);
    this.lSize = growF64(this.lSize, n);
    this.lCount = growI32(this.lCount, n);
    this.freeLevel = chainFree(this.lHead, old, n, this.freeLevel);
  }

  private emit(type: number, side: number, price: number, size: number, orderId: number): void {
    this.events.push(this.ts, this.ts, type, side, price, size, orderId, ++this.seq, 0, this.instrumentIndex);
  }

  /** Marks the last event of a request as the end of an atomic message. */
  private endMessage(start: number): void {
    const ev = this.events;
    if (ev.length > start) ev.flags[ev.length - 1] |= FLAG_END_OF_MESSAGE;
  }
}

