import { L3OrderBook } from '../book/L3OrderBook.ts';
import { L3Replayer } from '../book/L3Replayer.ts';
import { LobsterWindowedReplay } from '../book/LobsterWindowedReplay.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { EventFlag, EventType } from '../data/EventType.ts';
import type { LobsterDay } from '../data/lobster/LobsterDay.ts';

/** How an order's life ended (see MarketTape.oEnd). */
export const OrderEnd = {
  /** Still resting when the data ends (or it drifted out of a level window and we never saw it leave). */
  Resting: 0,
  /** Left the book by cancellation: a Delete, or Reduces down to zero. */
  Cancelled: 1,
  /** Left the book by execution (its last removal was an execution). */
  Executed: 2,
  /** Deleted and re-entered with the same id in the same message (a modify that lost priority). */
  Replaced: 3,
} as const;
export type OrderEnd = (typeof OrderEnd)[keyof typeof OrderEnd];

export interface MarketTapeOptions {
  /** Levels per side summed into `oDepthAtAdd` (the "depth at the time" an order is compared with). */
  readonly depthLevels?: number;
}

/** Depth measured over the best five levels: what a level-5 feed shows, and where spoof orders act. */
export const DEFAULT_DEPTH_LEVELS = 5;

/**
 * One replay of a day's L3 events into a book, kept as the columns every detector reads:
 * - per event: the best bid and ask after it, and running sums of executed volume per resting side;
 * - per order *incarnation* (each Add starts one; a modify re-adds the same id): side, price, size, the
 *   book it met (distance from its side's touch in ticks, depth of its side, what its price level already
 *   held, what it took as an aggressor in the same message before resting), and how its life went
 *   (executions, cancels, when and how it ended).
 *
 * Only what a venue's market data shows goes in: order ids, times, prices, sizes. Orders that rested
 * before the data starts (or that a level window hid) have no record; events about them still move the
 * book. Times are the events' exchange times (ns offsets); prices and sizes the instrument's integers.
 */
export class MarketTape {
  readonly n: number;
  /** Tick and price scale of the instrument (1 and 1 when the batch names none). */
  readonly tick: number;
  readonly priceScale: number;
  /** Best bid / ask after each event (NaN when that side is empty). */
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  /** Running executed volume (visible and hidden) against resting bids / asks, through each event. */
  readonly execVolBid: Float64Array;
  readonly execVolAsk: Float64Array;
  /** Order incarnation an event is about (-1: none, or an order without a record). */
  readonly eventOrder: Int32Array;

  orders = 0;
  oId: Float64Array;
  oSide: Int8Array;
  oPrice: Float64Array;
  oSize: Float64Array;
  oAddEv: Int32Array;
  /** Event at which the order left the book; -1 while resting at the end. */
  oEndEv: Int32Array;
  oEnd: Uint8Array;
  oExecSize: Float64Array;
  oExecCount: Int32Array;
  oFirstExecEv: Int32Array;
  oCancelSize: Float64Array;
  oReduceCount: Int32Array;
  /**
   * Ticks from its own side's best before the add: 0 at the touch, > 0 behind it (away from the spread),
   * < 0 improving it (inside the spread). NaN when its side was empty.
   */
  oDistTicks: Float64Array;
  /** Ticks from the opposite best before the add (> 0 for any non-crossing order), NaN when empty. */
  oOppDistTicks: Float64Array;
  /** Visible size on its side over the best `depthLevels` levels before the add. */
  oDepthAtAdd: Float64Array;
  /** Visible size already at its price level before the add (its queue ahead on arrival). */
  oLevelAtAdd: Float64Array;
  /** Size the incoming order executed against the other side in the same message before resting. */
  oAggressorFill: Float64Array;

  /** Median size of the day's adds (the yardstick for "big"). */
  readonly medianAddSize: number;
  /** Events about unknown orders that the book could not explain (bad data on a complete feed). */
  readonly unexplained: number;

  private readonly live = new Map<number, number>();

  private constructor(
    readonly events: EventBatch,
    readonly depthLevels: number,
  ) {
    const n = events.length;
    this.n = n;
    const inst = events.instruments[0];
    this.tick = inst ? inst.tickSize : 1;
    this.priceScale = inst ? inst.priceScale : 1;
    this.bid = new Float64Array(n);
    this.ask = new Float64Array(n);
    this.execVolBid = new Float64Array(n);
    this.execVolAsk = new Float64Array(n);
    this.eventOrder = new Int32Array(n).fill(-1);
    let adds = 0;
    for (let i = 0; i < n; i++) if (events.type[i] === EventType.Add) adds++;
    const cap = Math.max(1, adds);
    this.oId = new Float64Array(cap);
    this.oSide = new Int8Array(cap);
    this.oPrice = new Float64Array(cap);
    this.oSize = new Float64Array(cap);
    this.oAddEv = new Int32Array(cap);
    this.oEndEv = new Int32Array(cap).fill(-1);
    this.oEnd = new Uint8Array(cap);
    this.oExecSize = new Float64Array(cap);
    this.oExecCount = new Int32Array(cap);
    this.oFirstExecEv = new Int32Array(cap).fill(-1);
    this.oCancelSize = new Float64Array(cap);
    this.oReduceCount = new Int32Array(cap);
    this.oDistTicks = new Float64Array(cap);
    this.oOppDistTicks = new Float64Array(cap);
    this.oDepthAtAdd = new Float64Array(cap);
    this.oLevelAtAdd = new Float64Array(cap);
    this.oAggressorFill = new Float64Array(cap);
    this.medianAddSize = medianOfAdds(events);
    this.unexplained = 0;
  }

  /**
   * Replays order-level events that start from an empty book (a simulated day, a hand-built sequence, or
   * any L3 feed seen from its start). Events about orders never added take from liquidity we cannot name.
   */
  static fromEvents(events: EventBatch, options: MarketTapeOptions = {}): MarketTape {
    assertOneInstrument(events);
    const tape = new MarketTape(events, options.depthLevels ?? DEFAULT_DEPTH_LEVELS);
    const book = new L3OrderBook(1 << 12, 1 << 10);
    const replayer = new L3Replayer(book);
    for (let i = 0; i < events.length; i++) {
      tape.before(book, i);
      replayer.apply(events, i);
      tape.after(book, i);
    }
    (tape as { unexplained: number }).unexplained = replayer.unexplained;
    return tape;
  }

  /** Replays a LOBSTER day with its orderbook rows (seeded from row 0, window refills), so the book is LOBSTER's. */
  static fromLobsterDay(day: LobsterDay, options: MarketTapeOptions = {}): MarketTape {
    const events = day.events;
    assertOneInstrument(events);
    const tape = new MarketTape(events, options.depthLevels ?? DEFAULT_DEPTH_LEVELS);
    const replay = new LobsterWindowedReplay();
    const w = day.levels * 4;
    for (let i = 0; i < events.length; i++) {
      tape.before(replay.book, i);
      replay.apply(events, i, day.book, i * w, day.levels);
      tape.after(replay.book, i);
    }
    (tape as { unexplained: number }).unexplained = replay.replayer.unexplained;
    return tape;
  }

  /** Exchange time of event i (ns offset). */
  ts(i: number): number {
    return this.events.exchTs[i];
  }

  /** Lifetime of an order in ns (to its end, or to the last event when still resting). */
  lifetimeNs(k: number): number {
    const end = this.oEndEv[k] >= 0 ? this.oEndEv[k] : this.n - 1;
    return this.events.exchTs[end] - this.events.exchTs[this.oAddEv[k]];
  }

  /** Executed volume against resting orders of `side` in events (from, to]: a trade count of the other side's aggression. */
  execVolume(side: number, from: number, to: number): number {
    if (to <= from) return 0;
    const a = side > 0 ? this.execVolBid : this.execVolAsk;
    return a[to] - (from >= 0 ? a[from] : 0);
  }

  /** Mid after event i (NaN when a side is empty). */
  mid(i: number): number {
    return (this.bid[i] + this.ask[i]) / 2;
  }

  /** A price as a decimal string in the quote currency, for reasons. */
  formatPrice(price: number): string {
    return String(price / this.priceScale);
  }

  /** First order incarnation added at or after event i (orders are numbered in add order). */
  firstOrderFrom(i: number): number {
    let lo = 0;
    let hi = this.orders;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (this.oAddEv[m] < i) lo = m + 1;
      else hi = m;
    }
    return lo;
  }

  /** Index of the first event at or after time t, searching from `from` (events are in time order). */
  firstAtOrAfter(t: number, from = 0): number {
    const ts = this.events.exchTs;
    let lo = from;
    let hi = this.n;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (ts[m] < t) lo = m + 1;
      else hi = m;
    }
    return lo;
  }

  private before(book: L3OrderBook, i: number): void {
    const ev = this.events;
    const type = ev.type[i];
    const id = ev.orderId[i];
    if (type === EventType.Add) {
      const side = ev.side[i];
      const price = ev.price[i];
      const prev = this.live.get(id);
      if (prev !== undefined) this.live.delete(id); // duplicate add: the old incarnation is forgotten
      const k = this.orders++;
      this.live.set(id, k);
      this.eventOrder[i] = k;
      this.oId[k] = id;
      this.oSide[k] = side;
      this.oPrice[k] = price;
      this.oSize[k] = ev.size[i];
      this.oAddEv[k] = i;
      const own = side > 0 ? book.bestBid() : book.bestAsk();
      const opp = side > 0 ? book.bestAsk() : book.bestBid();
      this.oDistTicks[k] = (side > 0 ? own - price : price - own) / this.tick;
      this.oOppDistTicks[k] = (side > 0 ? opp - price : price - opp) / this.tick;
      this.oDepthAtAdd[k] = book.depthSize(side, this.depthLevels);
      this.oLevelAtAdd[k] = book.sizeAt(side, price);
      this.oAggressorFill[k] = this.aggressorFillBefore(i, side);
      return;
    }
    if (type !== EventType.Reduce && type !== EventType.Delete && type !== EventType.ExecuteVisible) return;
    const k = this.live.get(id);
    if (k === undefined) return;
    this.eventOrder[i] = k;
    const size = ev.size[i];
    const left = this.oSize[k] - this.oExecSize[k] - this.oCancelSize[k];
    if (type === EventType.ExecuteVisible) {
      this.oExecSize[k] += size;
      if (this.oExecCount[k]++ === 0) this.oFirstExecEv[k] = i;
      if (size >= left) this.end(k, i, OrderEnd.Executed);
    } else if (type === EventType.Reduce) {
      this.oCancelSize[k] += size;
      this.oReduceCount[k]++;
      if (size >= left) this.end(k, i, OrderEnd.Cancelled);
    } else {
      this.oCancelSize[k] += left > 0 ? left : 0;
      this.end(k, i, this.readdedInSameMessage(i, id) ? OrderEnd.Replaced : OrderEnd.Cancelled);
    }
  }

  private end(k: number, i: number, how: OrderEnd): void {
    this.oEndEv[k] = i;
    this.oEnd[k] = how;
    this.live.delete(this.oId[k]);
  }

  private after(book: L3OrderBook, i: number): void {
    this.bid[i] = book.bestBid();
    this.ask[i] = book.bestAsk();
    const ev = this.events;
    const type = ev.type[i];
    const pb = i > 0 ? this.execVolBid[i - 1] : 0;
    const pa = i > 0 ? this.execVolAsk[i - 1] : 0;
    this.execVolBid[i] = pb;
    this.execVolAsk[i] = pa;
    if (type === EventType.ExecuteVisible || type === EventType.ExecuteHidden) {
      if (ev.side[i] > 0) this.execVolBid[i] += ev.size[i];
      else if (ev.side[i] < 0) this.execVolAsk[i] += ev.size[i];
    }
  }

  /**
   * Executions against the other side immediately before event i, in the same message: an incoming order
   * that traded and then rested its remainder. The executions of one incoming order share its exchange
   * time and immediately precede its Add (the matching engine emits them in one message; LOBSTER gives
   * them one row each, at the same time), so contiguity and equal time identify them.
   */
  private aggressorFillBefore(i: number, side: number): number {
    const ev = this.events;
    let fill = 0;
    const t = ev.exchTs[i];
    for (let j = i - 1; j >= 0; j--) {
      const type = ev.type[j];
      if (type !== EventType.ExecuteVisible && type !== EventType.ExecuteHidden) break;
      if (ev.side[j] !== -side || ev.exchTs[j] !== t) break;
      fill += ev.size[j];
    }
    return fill;
  }

  /** True when the Delete at i is followed, in the same message, by an Add with the same id. */
  private readdedInSameMessage(i: number, id: number): boolean {
    const ev = this.events;
    if ((ev.flags[i] & EventFlag.EndOfMessage) !== 0) return false;
    for (let j = i + 1; j < this.n; j++) {
      if (ev.type[j] === EventType.Add && ev.orderId[j] === id) return true;
      if ((ev.flags[j] & EventFlag.EndOfMessage) !== 0) return false;
    }
    return false;
  }
}

function medianOfAdds(events: EventBatch): number {
  const sizes: number[] = [];
  for (let i = 0; i < events.length; i++) if (events.type[i] === EventType.Add && events.size[i] > 0) sizes.push(events.size[i]);
  if (sizes.length === 0) return 1;
  const a = Float64Array.from(sizes).sort();
  return a[a.length >> 1];
}

function assertOneInstrument(events: EventBatch): void {
  for (let i = 0; i < events.length; i++) {
    if (events.instrument[i] !== 0) {
      throw new RangeError(`MarketTape: event ${i} (seq ${events.seq[i]}) is for instrument ${events.instrument[i]}; detectors run on one instrument's events (split the batch first)`);
    }
  }
}
