import { OrderIdIndex } from './OrderIdIndex.ts';
import { PriceLadder } from './PriceLadder.ts';
import { writeSnapshot } from './L2Ladder.ts';
import { grow } from '../core/typedArrays.ts';

const NONE = -1;
/** Id carried by the anonymous order that stands for liquidity whose order ids we never saw. */
export const ANONYMOUS_ORDER_ID = -1;

/**
 * Order-by-order (L3) book: orders by id, a FIFO queue per price level, levels sorted per side.
 *
 * Struct-of-arrays pools for orders and levels with free lists, an open-addressing id index and sorted
 * price ladders: after warm-up an event allocates nothing. Liquidity that existed before a file starts
 * (or that entered the visible window without messages) is held as one *anonymous* order at the head of
 * its level: it was there first, so it is ahead of every order we saw arrive, which keeps queue
 * positions conservative.
 *
 * Methods return status numbers rather than throwing, so replayers decide what bad input means.
 */
export class L3OrderBook {
  readonly bids = new PriceLadder(1);
  readonly asks = new PriceLadder(-1);
  private readonly ids: OrderIdIndex;

  // Order pool.
  private oId: Float64Array;
  private oSize: Float64Array;
  private oLevel: Int32Array;
  private oPrev: Int32Array;
  private oNext: Int32Array;
  private oFree = NONE;
  private oUsed = 0;

  // Level pool.
  private lvPrice: Float64Array;
  private lvSize: Float64Array;
  private lvCount: Int32Array;
  private lvHead: Int32Array;
  private lvTail: Int32Array;
  private lvAnon: Int32Array;
  private lvSide: Int8Array;
  private lvFree = NONE;
  private lvUsed = 0;

  /** Orders currently resting with known ids. */
  orderCount = 0;

  constructor(orderCapacity = 4096, levelCapacity = 1024) {
    this.ids = new OrderIdIndex(orderCapacity);
    this.oId = new Float64Array(orderCapacity);
    this.oSize = new Float64Array(orderCapacity);
    this.oLevel = new Int32Array(orderCapacity);
    this.oPrev = new Int32Array(orderCapacity);
    this.oNext = new Int32Array(orderCapacity);
    this.lvPrice = new Float64Array(levelCapacity);
    this.lvSize = new Float64Array(levelCapacity);
    this.lvCount = new Int32Array(levelCapacity);
    this.lvHead = new Int32Array(levelCapacity);
    this.lvTail = new Int32Array(levelCapacity);
    this.lvAnon = new Int32Array(levelCapacity);
    this.lvSide = new Int8Array(levelCapacity);
  }

  // ---- orders with ids -------------------------------------------------------------------------

  /** Adds an order at the back of its level's queue. Returns false when the id is already resting. */
  add(id: number, side: number, price: number, size: number): boolean {
    // Claim the id first (one probe); the slot is known before it is allocated: the free-list head.
    const slot = this.oFree !== NONE ? this.oFree : this.oUsed;
    if (!this.ids.insert(id, slot)) return false;
    const lv = this.levelFor(side, price, true);
    this.allocOrder(id, size, lv);
    this.linkBack(lv, slot);
    this.orderCount++;
    return true;
  }

  /**
   * Removes `size` from a resting order (partial cancel or execution); the order leaves the book at 0.
   * Returns the size actually removed (less than `size` only if the order was smaller), or -1 when the
   * id is not resting.
   */
  reduce(id: number, size: number): number {
    const slot = this.ids.get(id);
    if (slot === NONE) return -1;
    const have = this.oSize[slot];
    const take = size < have ? size : have;
    if (take === have) {
      this.ids.delete(id);
      this.orderCount--;
      this.removeOrder(slot);
    } else {
      this.oSize[slot] = have - take;
      this.lvSize[this.oLevel[slot]] -= take;
    }
    return take;
  }

  /** Deletes a resting order. Returns its remaining size, or -1 when the id is not resting. */
  delete(id: number): number {
    const slot = this.ids.delete(id);
    if (slot === NONE) return -1;
    const size = this.oSize[slot];
    this.orderCount--;
    this.removeOrder(slot);
    return size;
  }

  has(id: number): boolean {
    return this.ids.get(id) !== NONE;
  }

  /** Remaining size of a resting order, or -1. */
  orderSize(id: number): number {
    const slot = this.ids.get(id);
    return slot === NONE ? -1 : this.oSize[slot];
  }

  /** Price of a resting order, or NaN. */
  orderPrice(id: number): number {
    const slot = this.ids.get(id);
    return slot === NONE ? NaN : this.lvPrice[this.oLevel[slot]];
  }

  /** Side of a resting order (1 bid, -1 ask), or 0. */
  orderSide(id: number): number {
    const slot = this.ids.get(id);
    return slot === NONE ? 0 : this.lvSide[this.oLevel[slot]];
  }

  /**
   * Queue position of a resting order: the visible size ahead of it at its price (anonymous liquidity
   * included, since it was there first). -1 when the id is not resting.
   */
  queueAhead(id: number): number {
    const slot = this.ids.get(id);
    if (slot === NONE) return -1;
    let ahead = 0;
    for (let s = this.lvHead[this.oLevel[slot]]; s !== slot; s = this.oNext[s]) ahead += this.oSize[s];
    return ahead;
  }

  /** Number of orders ahead of it in its level's queue (anonymous liquidity counts as one), or -1. */
  queueIndex(id: number): number {
    const slot = this.ids.get(id);
    if (slot === NONE) return -1;
    let n = 0;
    for (let s = this.lvHead[this.oLevel[slot]]; s !== slot; s = this.oNext[s]) n++;
    return n;
  }

  // ---- liquidity without ids -------------------------------------------------------------------

  /** Adds liquidity of unknown orders at the head of a level (seeding, refills). */
  addAnonymous(side: number, price: number, size: number): void {
    if (size <= 0) return;
    const lv = this.levelFor(side, price, true);
    let slot = this.lvAnon[lv];
    if (slot === NONE) {
      slot = this.allocOrder(ANONYMOUS_ORDER_ID, 0, lv);
      this.linkFront(lv, slot);
      this.lvAnon[lv] = slot;
    }
    this.oSize[slot] += size;
    this.lvSize[lv] += size;
  }

  /**
   * Removes up to `size` of anonymous liquidity at a price (a cancel or execution of an order that
   * existed before we started watching). Returns the part that could not be explained (0 when all was).
   */
  reduceAnonymous(side: number, price: number, size: number): number {
    const lv = this.levelFor(side, price, false);
    if (lv === NONE) return size;
    const slot = this.lvAnon[lv];
    if (slot === NONE) return size;
    const have = this.oSize[slot];
    if (size >= have) {
      this.removeOrder(slot);
      return size - have;
    }
    this.oSize[slot] = have - size;
    this.lvSize[lv] -= size;
    return 0;
  }

  /**
   * Removes `size` at a price for an order whose id is unknown: anonymous liquidity first, then known
   * orders from the front of the queue. Level-windowed data (LOBSTER's N levels) hides cancels that
   * happened while a price was outside the window, so an order we still hold may be gone, and the venue's
   * real order there is one we never saw; executions take from the front, so the front is the best guess.
   * Returns the part that could not be removed (0 when all was); `attributedToKnown` counts the size taken
   * from known orders.
   */
  reduceUnattributed(side: number, price: number, size: number): number {
    let rest = this.reduceAnonymous(side, price, size);
    if (rest === 0) return 0;
    const lv = this.levelFor(side, price, false);
    if (lv === NONE) return rest;
    while (rest > 0 && this.lvCount[lv] > 0) {
      const front = this.lvHead[lv];
      const have = this.oSize[front];
      const take = rest < have ? rest : have;
      this.attributedToKnown += take;
      rest -= take;
      if (take === have) {
        this.ids.delete(this.oId[front]);
        this.orderCount--;
        this.removeOrder(front);
        if (have === take && rest === 0) break;
        if (this.lvCount[lv] === 0 || this.lvPrice[lv] !== price) break; // level freed
      } else {
        this.oSize[front] = have - take;
        this.lvSize[lv] -= take;
      }
    }
    return rest;
  }

  /** Size taken from known orders by reduceUnattributed (a measure of how much the data hid). */
  attributedToKnown = 0;

  /**
   * Makes the visible size at a price equal `target` without messages: grows or shrinks the anonymous
   * order, and if that is not enough, removes known orders from the back of the queue (they left while
   * unseen). Returns true if anything changed.
   */
  setLevelSize(side: number, price: number, target: number): boolean {
    const lv = this.levelFor(side, price, target > 0);
    if (lv === NONE) return false;
    const current = this.lvSize[lv];
    if (current === target) return false;
    if (target > current) {
      this.addAnonymous(side, price, target - current);
      return true;
    }
    let excess = current - target;
    const anon = this.lvAnon[lv];
    if (anon !== NONE) {
      const have = this.oSize[anon];
      if (excess >= have) {
        excess -= have;
        this.removeOrder(anon);
        if (excess === 0) return true;
      } else {
        this.oSize[anon] = have - excess;
        this.lvSize[lv] -= excess;
        return true;
      }
    }
    // Level may have been freed with the anonymous order if it was the only one.
    while (excess > 0) {
      const back = this.lvTail[lv];
      const have = this.oSize[back];
      if (excess >= have) {
        excess -= have;
        this.ids.delete(this.oId[back]);
        this.orderCount--;
        this.removeOrder(back);
      } else {
        this.oSize[back] = have - excess;
        this.lvSize[lv] -= excess;
        excess = 0;
      }
    }
    return true;
  }

  // ---- reading the book ------------------------------------------------------------------------

  bestBid(): number {
    return this.bids.count > 0 ? this.bids.priceAt(0) : NaN;
  }

  bestAsk(): number {
    return this.asks.count > 0 ? this.asks.priceAt(0) : NaN;
  }

  bestBidSize(): number {
    return this.bids.count > 0 ? this.lvSize[this.bids.valueAt(0)] : 0;
  }

  bestAskSize(): number {
    return this.asks.count > 0 ? this.lvSize[this.asks.valueAt(0)] : 0;
  }

  /** Visible size at a price (0 when no level). */
  sizeAt(side: number, price: number): number {
    const lv = this.levelFor(side, price, false);
    return lv === NONE ? 0 : this.lvSize[lv];
  }

  /** Orders at a price, anonymous liquidity counting as one. */
  ordersAt(side: number, price: number): number {
    const lv = this.levelFor(side, price, false);
    return lv === NONE ? 0 : this.lvCount[lv];
  }

  /** Number of occupied price levels on a side. */
  depth(side: number): number {
    return side > 0 ? this.bids.count : this.asks.count;
  }

  /** Price of the `rank`-th best level on a side (0 = best), NaN past the last level. */
  priceAt(side: number, rank: number): number {
    const ladder = side > 0 ? this.bids : this.asks;
    return rank < ladder.count ? ladder.priceAt(rank) : NaN;
  }

  /** Visible size of the `rank`-th best level, 0 past the last level. */
  sizeAtRank(side: number, rank: number): number {
    const ladder = side > 0 ? this.bids : this.asks;
    return rank < ladder.count ? this.lvSize[ladder.valueAt(rank)] : 0;
  }

  /** Best `n` levels of a side into `prices`/`sizes` (NaN and 0 past the last level); returns levels present. */
  topLevels(side: number, n: number, prices: Float64Array, sizes: Float64Array): number {
    const present = (side > 0 ? this.bids : this.asks).copyTop(n, prices, sizes);
    const lvSize = this.lvSize;
    for (let r = 0; r < present; r++) sizes[r] = lvSize[sizes[r]]; // level slot → its size
    for (let r = present; r < n; r++) {
      prices[r] = NaN;
      sizes[r] = 0;
    }
    return present;
  }

  /** Total visible size of the best `levels` levels of a side. */
  depthSize(side: number, levels: number): number {
    const ladder = side > 0 ? this.bids : this.asks;
    const n = levels < ladder.count ? levels : ladder.count;
    let total = 0;
    for (let r = 0; r < n; r++) total += this.lvSize[ladder.valueAt(r)];
    return total;
  }

  /** Top `levels` levels in LOBSTER's layout (askP, askS, bidP, bidS per level; empty: NaN, 0). */
  snapshot(levels: number, out: Float64Array): void {
    writeSnapshot(this.asks, this.bids, levels, out, this.rankSize);
  }

  private readonly rankSize = (ladder: PriceLadder, rank: number): number => this.lvSize[ladder.valueAt(rank)];

  /** Ids of the resting orders at a price, front of the queue first (anonymous shown as -1). Allocates. */
  queueAt(side: number, price: number): number[] {
    const lv = this.levelFor(side, price, false);
    const out: number[] = [];
    if (lv === NONE) return out;
    for (let s = this.lvHead[lv]; s !== NONE; s = this.oNext[s]) out.push(this.oId[s]);
    return out;
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
    this.ids.clear();
    this.oFree = NONE;
    this.oUsed = 0;
    this.lvFree = NONE;
    this.lvUsed = 0;
    this.orderCount = 0;
  }

  // ---- internals -------------------------------------------------------------------------------

  private levelFor(side: number, price: number, create: boolean): number {
    const ladder = side > 0 ? this.bids : this.asks;
    const pos = ladder.find(price);
    if (pos >= 0) return ladder.valueAtPos(pos);
    if (!create) return NONE;
    const lv = this.allocLevel(side, price);
    ladder.insertAt(-pos - 1, price, lv);
    return lv;
  }

  private allocLevel(side: number, price: number): number {
    let lv = this.lvFree;
    if (lv !== NONE) this.lvFree = this.lvHead[lv];
    else {
      if (this.lvUsed === this.lvPrice.length) this.growLevels();
      lv = this.lvUsed++;
    }
    this.lvPrice[lv] = price;
    this.lvSize[lv] = 0;
    this.lvCount[lv] = 0;
    this.lvHead[lv] = NONE;
    this.lvTail[lv] = NONE;
    this.lvAnon[lv] = NONE;
    this.lvSide[lv] = side > 0 ? 1 : -1;
    return lv;
  }

  private allocOrder(id: number, size: number, lv: number): number {
    let slot = this.oFree;
    if (slot !== NONE) this.oFree = this.oNext[slot];
    else {
      if (this.oUsed === this.oId.length) this.growOrders();
      slot = this.oUsed++;
    }
    this.oId[slot] = id;
    this.oSize[slot] = size;
    this.oLevel[slot] = lv;
    return slot;
  }

  private linkBack(lv: number, slot: number): void {
    const tail = this.lvTail[lv];
    this.oPrev[slot] = tail;
    this.oNext[slot] = NONE;
    if (tail === NONE) this.lvHead[lv] = slot;
    else this.oNext[tail] = slot;
    this.lvTail[lv] = slot;
    this.lvCount[lv]++;
    this.lvSize[lv] += this.oSize[slot];
  }

  private linkFront(lv: number, slot: number): void {
    const head = this.lvHead[lv];
    this.oPrev[slot] = NONE;
    this.oNext[slot] = head;
    if (head === NONE) this.lvTail[lv] = slot;
    else this.oPrev[head] = slot;
    this.lvHead[lv] = slot;
    this.lvCount[lv]++;
    this.lvSize[lv] += this.oSize[slot];
  }

  /** Unlinks an order (known or anonymous), frees its slot, and frees its level if now empty. */
  private removeOrder(slot: number): void {
    const lv = this.oLevel[slot];
    const prev = this.oPrev[slot];
    const next = this.oNext[slot];
    if (prev === NONE) this.lvHead[lv] = next;
    else this.oNext[prev] = next;
    if (next === NONE) this.lvTail[lv] = prev;
    else this.oPrev[next] = prev;
    if (this.lvAnon[lv] === slot) this.lvAnon[lv] = NONE;
    this.lvSize[lv] -= this.oSize[slot];
    this.oNext[slot] = this.oFree;
    this.oFree = slot;
    if (--this.lvCount[lv] === 0) {
      const ladder = this.lvSide[lv] > 0 ? this.bids : this.asks;
      ladder.removeAt(ladder.find(this.lvPrice[lv]));
      this.lvHead[lv] = this.lvFree;
      this.lvFree = lv;
    }
  }

  private growOrders(): void {
    const n = this.oId.length * 2;
    this.oId = grow(this.oId, new Float64Array(n));
    this.oSize = grow(this.oSize, new Float64Array(n));
    this.oLevel = grow(this.oLevel, new Int32Array(n));
    this.oPrev = grow(this.oPrev, new Int32Array(n));
    this.oNext = grow(this.oNext, new Int32Array(n));
  }

  private growLevels(): void {
    const n = this.lvPrice.length * 2;
    this.lvPrice = grow(this.lvPrice, new Float64Array(n));
    this.lvSize = grow(this.lvSize, new Float64Array(n));
    this.lvCount = grow(this.lvCount, new Int32Array(n));
    this.lvHead = grow(this.lvHead, new Int32Array(n));
    this.lvTail = grow(this.lvTail, new Int32Array(n));
    this.lvAnon = grow(this.lvAnon, new Int32Array(n));
    this.lvSide = grow(this.lvSide, new Int8Array(n));
  }
}

