import type { EventBatch } from '../../data/EventBatch.ts';
import { EventType, TradingStateCode } from '../../data/EventType.ts';
import type { LobsterDay } from '../../data/lobster/LobsterDay.ts';
import { OrderStatus } from '../../exchange/OrderReport.ts';
import { OrderType } from '../../exchange/OrderType.ts';
import { SelfTradePrevention } from '../../exchange/SelfTradePrevention.ts';
import { SystemEventCode } from '../protocol/codes.ts';
import { ANON_REF_BASE, CLIENT_REF_BASE, REPLAY_OWNER, REPLAY_TAKER, REPLAY_TAKER_REF, type SandboxVenue } from './SandboxVenue.ts';

/** How a removal of replayed liquidity is published. */
const AS_CANCEL = 0;
const AS_DELETE = 1;
const AS_EXECUTION = 2;

/**
 * A LOBSTER day driving the sandbox's book, message by message, as the real market: every real add
 * rests as an order of REPLAY_OWNER under its LOBSTER id; real executions, partial cancels and deletes
 * reduce or remove the order they name, executions take the liquidity at their price. It keeps the replayed liquidity equal to LOBSTER's book exactly
 * as `LobsterWindowedReplay` does (the book a backtest sees): the book before message 0 is seeded from
 * orderbook row 0 (with message 0's own effect taken out, so that message 0 itself is the first sequenced
 * event); a message naming an order nobody saw takes its size from the seeded (anonymous) liquidity at its
 * price, then from the front of the queue; a level that enters the 10-level window from beyond it takes
 * its size from the orderbook row (a *window refill*: anonymous liquidity added, or orders removed). A
 * message's size is always what leaves the visible book at its price, so level sizes stay exact.
 *
 * Client orders live in the same book. Where a client already took a replayed order (or part of it), a
 * later message about that order finds less than it names: the missing size is counted in `counts`
 * (`shortfall…`) as a discrepancy of the replay, not an error. A replayed add that crosses a client's
 * resting order trades with it (the client is filled as maker). Replayed executions reduce the order they
 * are replayed as the real aggressor (an IOC through the matching engine): a client order with priority
 * over the replayed liquidity is filled first. What the real market would have done differently with us in
 * it beyond that is not known.
 *
 * Each message is published as one market-data packet: its own book changes first, then the window
 * refills it caused (the engine treats a packet as one event, see docs/protocol.md and the sandbox README).
 */
export class ReplayMarket {
  readonly events: EventBatch;
  readonly rows: Float64Array;
  readonly levels: number;
  /** Index of the next message to apply. */
  next = 0;
  readonly counts = {
    messages: 0,
    windowRefills: 0,
    /** Messages whose size was (partly) taken from anonymous or front-of-queue liquidity. */
    unattributed: 0,
    /** Messages that found less replayed liquidity than they name (a client took it), and the quantity. */
    shortfallMessages: 0,
    shortfallQty: 0,
    duplicateAdds: 0,
    rejectedAdds: 0,
    /** Deletes naming less than the order held (the surplus stays as anonymous liquidity). */
    sizeSurplus: 0,
    /** Replayed adds that traded with client orders. */
    clientCrosses: 0,
    /** Replayed executions that filled client orders ahead of (or better priced than) the replayed liquidity. */
    clientTradeThroughs: 0,
  };
  private prevAskEnd = Infinity;
  private prevBidEnd = -Infinity;
  private skipFirst = false;

  constructor(
    readonly venue: SandboxVenue,
    day: LobsterDay,
  ) {
    this.events = day.events;
    this.rows = day.book;
    this.levels = day.levels;
  }

  get length(): number {
    return this.events.length;
  }

  get done(): boolean {
    return this.next >= this.events.length;
  }

  /** Exchange time of message i (ns since the day's origin). */
  timeOf(i: number): number {
    return this.events.exchTs[i];
  }

  /**
   * Builds the book as it was before message `from`, without publishing anything (it is the venue's
   * initial state, which clients learn from a snapshot): row 0 seeded before message 0, then messages
   * [0, from) applied silently. The next `step()` publishes message `from` as sequence number 1.
   */
  start(from = 0): void {
    const feed = this.venue.feed;
    feed.silent = true;
    try {
      this.seedBeforeFirst();
      for (let i = 0; i < from && i < this.events.length; i++) this.apply(i);
      this.next = Math.min(from, this.events.length);
    } finally {
      feed.silent = false;
    }
  }

  /** Applies (and publishes) the next message. */
  step(): void {
    this.apply(this.next++);
  }

  private apply(i: number): void {
    const ev = this.events;
    const venue = this.venue;
    const t = ev.exchTs[i];
    venue.clock.set(t);
    venue.feed.begin(venue.clock.nowNs());
    this.counts.messages++;
    const id = ev.orderId[i];
    const side = ev.side[i];
    const price = ev.price[i];
    const size = ev.size[i];
    if (!(i === 0 && this.skipFirst)) {
      switch (ev.type[i]) {
        case EventType.Add:
          this.add(id, side, price, size);
          break;
        case EventType.Reduce:
          this.reduce(id, side, price, size, AS_CANCEL);
          break;
        case EventType.ExecuteVisible:
          this.execute(side, price, size);
          break;
        case EventType.Delete:
          this.delete(id, side, price, size);
          break;
        case EventType.ExecuteHidden:
        case EventType.CrossTrade:
          venue.feed.tradeMessage(side === 0 ? 1 : side, size, price, ++venue.matchNumber);
          break;
        case EventType.TradingState: {
          const halted = price !== TradingStateCode.Resume;
          venue.setHalted(halted);
          const code = price === TradingStateCode.Halt ? SystemEventCode.Halted : price === TradingStateCode.Quoting ? SystemEventCode.QuotationOnly : SystemEventCode.TradingResumed;
          venue.feed.systemEvent(code, venue.originHigh, venue.originLow);
          break;
        }
      }
    }
    const base = i * this.levels * 4;
    if (i > 0) this.counts.windowRefills += this.refillSide(base, -1) + this.refillSide(base, 1);
    this.prevAskEnd = this.windowEnd(base, -1);
    this.prevBidEnd = this.windowEnd(base, 1);
    venue.feed.end();
  }

  // ---- message kinds --------------------------------------------------------------------------

  private add(id: number, side: number, price: number, size: number): void {
    const venue = this.venue;
    venue.beginRequest();
    const r = venue.me.submit(OrderType.Limit, id, REPLAY_OWNER, side, price, size, SelfTradePrevention.CancelResting);
    if (r.status === OrderStatus.Rejected) {
      if (venue.me.hasOrder(id)) this.counts.duplicateAdds++;
      else this.counts.rejectedAdds++;
      venue.me.events.clear();
      return;
    }
    if (r.filledSize > 0) this.counts.clientCrosses++;
    venue.publishEvents();
    venue.reportFills();
  }

  /**
   * A visible execution of `size` against resting `side` orders at `price`: the real aggressor, replayed
   * as an immediate-or-cancel order of REPLAY_TAKER through the matching engine. It meets the book in
   * price-time priority, so a client order at a better price, or ahead in the queue at this price, is
   * filled first (as maker) — what the real aggressor would have done with our order in the book; with no
   * client order in the way it takes exactly the liquidity the message names (the front of the level:
   * level sizes stay LOBSTER's; which replayed id absorbs it may differ, which later messages about those
   * ids tolerate). What it cannot find (a client took it) is a shortfall.
   */
  private execute(side: number, price: number, size: number): void {
    const venue = this.venue;
    venue.beginRequest();
    const r = venue.me.submit(OrderType.ImmediateOrCancel, REPLAY_TAKER_REF, REPLAY_TAKER, -side, price, size, SelfTradePrevention.Allow);
    if (r.status === OrderStatus.Rejected) {
      venue.me.events.clear();
      this.counts.rejectedAdds++;
      return;
    }
    const clientFills = venue.clientFillsPending();
    if (clientFills > 0) this.counts.clientTradeThroughs++;
    venue.publishEvents();
    venue.reportFills();
    if (r.filledSize < size) {
      this.counts.shortfallMessages++;
      this.counts.shortfallQty += size - r.filledSize;
    }
  }

  /** A partial cancel (`as` cancel) of order `id`: `size` leaves the book at its price. */
  private reduce(id: number, side: number, price: number, size: number, as: number): void {
    const have = this.replayedSize(id);
    let take = 0;
    if (have > 0) {
      take = size < have ? size : have;
      this.remove(id, have, take, as);
    }
    if (take < size) this.unattributed(side, price, size - take, as);
  }

  private delete(id: number, side: number, price: number, size: number): void {
    const have = this.replayedSize(id);
    if (have <= 0) {
      this.unattributed(side, price, size, AS_DELETE);
      return;
    }
    this.remove(id, have, have, AS_DELETE);
    if (have > size) {
      // The venue says less left than we held: the rest belongs to orders we cannot name.
      this.counts.sizeSurplus++;
      this.addAnonymous(side, price, have - size);
    } else if (have < size) this.unattributed(side, price, size - have, AS_DELETE);
  }

  // ---- replayed liquidity ---------------------------------------------------------------------

  /** Open size of a replayed order (0 when it is not resting, or is a client's). */
  private replayedSize(id: number): number {
    if (!(id > 0 && id < CLIENT_REF_BASE)) return 0;
    return this.venue.me.orderSize(id);
  }

  /** Takes `take` of resting replayed order `id` (of size `have`) and publishes it as `as`. */
  private remove(id: number, have: number, take: number, as: number): void {
    const venue = this.venue;
    const me = venue.me;
    venue.beginRequest();
    if (take >= have) me.cancel(id);
    else me.modify(id, me.orderPrice(id), have - take);
    me.events.clear();
    const feed = venue.feed;
    if (as === AS_EXECUTION) feed.orderExecuted(id, take, ++venue.matchNumber);
    else if (as === AS_DELETE && take >= have) feed.orderDelete(id);
    else feed.orderCancel(id, take);
  }

  private addAnonymous(side: number, price: number, size: number): void {
    const venue = this.venue;
    venue.beginRequest();
    const r = venue.me.submit(OrderType.Limit, venue.nextAnonRef++, REPLAY_OWNER, side, price, size, SelfTradePrevention.CancelResting);
    if (r.status === OrderStatus.Rejected) {
      venue.me.events.clear();
      this.counts.rejectedAdds++;
      return;
    }
    venue.publishEvents();
    venue.reportFills();
  }

  /**
   * `size` leaves the book at a price for an order we cannot name: the anonymous (seeded, refilled)
   * liquidity first, then replayed orders from the front of the queue; client orders are never touched.
   * What cannot be found is a shortfall (a client took it).
   */
  private unattributed(side: number, price: number, size: number, as: number): void {
    this.counts.unattributed++;
    const ids = this.levelIds(side, price);
    let rest = size;
    for (let pass = 0; pass < 2 && rest > 0; pass++) {
      for (const id of ids) {
        if (rest <= 0) break;
        const anon = id >= ANON_REF_BASE;
        if (id >= CLIENT_REF_BASE && !anon) continue; // a client's
        if ((pass === 0) !== anon) continue;
        const have = this.venue.me.orderSize(id);
        if (have <= 0) continue;
        const take = rest < have ? rest : have;
        this.remove(id, have, take, as);
        rest -= take;
      }
    }
    if (rest > 0) {
      this.counts.shortfallMessages++;
      this.counts.shortfallQty += rest;
    }
  }

  /** Replayed quantity at a price: the level's size minus client orders resting there. */
  private replayedSizeAt(side: number, price: number): number {
    return this.venue.me.sizeAtPrice(side, price) - this.venue.clientSizeAt(side, price);
  }

  /**
   * Makes the replayed size at a price equal `target` (a window refill): grows with anonymous
   * liquidity, or shrinks the anonymous liquidity first and then replayed orders from the back of the
   * queue (they left while unseen). True when anything changed.
   */
  private setLevelSize(side: number, price: number, target: number): boolean {
    const current = this.replayedSizeAt(side, price);
    if (current === target) return false;
    if (target > current) {
      this.addAnonymous(side, price, target - current);
      return true;
    }
    let excess = current - target;
    const ids = this.levelIds(side, price);
    for (let pass = 0; pass < 2 && excess > 0; pass++) {
      for (let k = pass === 0 ? 0 : ids.length - 1; pass === 0 ? k < ids.length : k >= 0; pass === 0 ? k++ : k--) {
        if (excess <= 0) break;
        const id = ids[k];
        const anon = id >= ANON_REF_BASE;
        if (id >= CLIENT_REF_BASE && !anon) continue;
        if ((pass === 0) !== anon) continue;
        const have = this.venue.me.orderSize(id);
        if (have <= 0) continue;
        const take = excess < have ? excess : have;
        this.remove(id, have, take, AS_DELETE);
        excess -= take;
      }
    }
    return true;
  }

  /** Order ids at a price, front of the queue first (allocates: refills and unseen ids only). */
  private levelIds(side: number, price: number): number[] {
    const me = this.venue.me;
    const n = me.depth(side);
    for (let r = 0; r < n; r++) {
      const p = me.levelPrice(side, r);
      if (p === price) return me.levelOrderIds(side, r);
      if (side > 0 ? p < price : p > price) break;
    }
    return [];
  }

  // ---- the window (mirrors LobsterWindowedReplay) ---------------------------------------------

  /** Row 0 is the book after message 0: seed it, then take message 0's own effect out of it. */
  private seedBeforeFirst(): void {
    const ev = this.events;
    if (ev.length === 0) return;
    const venue = this.venue;
    venue.clock.set(ev.exchTs[0]);
    venue.feed.begin(venue.clock.nowNs());
    const d = this.rows;
    for (let l = 0; l < this.levels; l++) {
      const o = l * 4;
      if (!Number.isNaN(d[o])) this.addAnonymous(-1, d[o], d[o + 1]);
      if (!Number.isNaN(d[o + 2])) this.addAnonymous(1, d[o + 2], d[o + 3]);
    }
    const type = ev.type[0];
    const side = ev.side[0];
    const price = ev.price[0];
    const size = ev.size[0];
    if (type === EventType.Add) {
      const anon = this.replayedSizeAt(side, price);
      if (anon >= size) this.setLevelSize(side, price, anon - size);
      else {
        // As LobsterWindowedReplay: the seed cannot hold the add; its level is dropped and message 0 not applied.
        this.setLevelSize(side, price, 0);
        this.skipFirst = true;
      }
    } else if (type === EventType.Reduce || type === EventType.Delete || type === EventType.ExecuteVisible) {
      this.addAnonymous(side, price, size);
    }
    venue.feed.end();
  }

  private windowEnd(base: number, side: number): number {
    const p = this.rows[base + (this.levels - 1) * 4 + (side < 0 ? 0 : 2)];
    return Number.isNaN(p) ? (side < 0 ? Infinity : -Infinity) : p;
  }

  private outsidePrev(side: number, p: number): boolean {
    return side < 0 ? p > this.prevAskEnd : p < this.prevBidEnd;
  }

  private refillSide(base: number, side: number): number {
    const d = this.rows;
    const me = this.venue.me;
    const k = side < 0 ? 0 : 2;
    const newEnd = this.windowEnd(base, side);
    if (!this.outsidePrev(side, newEnd)) return 0;
    let refills = 0;
    for (let l = 0; l < this.levels; l++) {
      const p = d[base + l * 4 + k];
      if (Number.isNaN(p)) break;
      if (this.outsidePrev(side, p) && this.setLevelSize(side, p, d[base + l * 4 + k + 1])) refills++;
    }
    // Replayed levels in the newly visible part of the window that the row does not show left unseen.
    for (let r = 0; r < me.depth(side); ) {
      const p = me.levelPrice(side, r);
      if (side < 0 ? p > newEnd : p < newEnd) break;
      const depth = me.depth(side);
      if (this.outsidePrev(side, p) && !this.rowHasPrice(base, k, p) && this.setLevelSize(side, p, 0)) refills++;
      if (me.depth(side) === depth) r++;
    }
    return refills;
  }

  private rowHasPrice(base: number, k: number, p: number): boolean {
    for (let l = 0; l < this.levels; l++) if (this.rows[base + l * 4 + k] === p) return true;
    return false;
  }
}
