import { L3OrderBook } from './L3OrderBook.ts';
import { L3Replayer } from './L3Replayer.ts';
import { EventType } from '../data/EventType.ts';
import type { EventBatch } from '../data/EventBatch.ts';

/**
 * The book a LOBSTER message file describes, kept exactly equal to LOBSTER's orderbook file.
 *
 * The book is seeded from orderbook row 0 (the state after message 0: message 0's own effect is taken out
 * first when it is an add, so that its id is tracked). After that every message is applied to the L3 book,
 * and the only thing read from the orderbook row is a *window refill*: a level-N message file describes
 * only the N visible levels, so a price that enters the visible window from beyond the previous row's
 * window takes its size from the row (counted in windowRefills when it differs from what the messages
 * said). Row i of the orderbook file is the state after message i, so a refill never looks ahead.
 */
export class LobsterWindowedReplay {
  readonly book = new L3OrderBook(1 << 16, 1 << 12);
  readonly replayer = new L3Replayer(this.book);
  rows = 0;
  levels = 0;
  windowRefills = 0;
  /** Worst visible ask / bid price of the previous row (±Infinity when that side showed fewer levels). */
  private prevAskEnd = Infinity;
  private prevBidEnd = -Infinity;

  /** Applies message `i` of `batch`, with `data[base..]` the orderbook row after it (`levels` levels). */
  apply(batch: EventBatch, i: number, data: Float64Array, base: number, levels: number): void {
    this.levels = levels;
    if (this.rows === 0) this.seed(data, base, batch, i);
    else {
      this.replayer.apply(batch, i);
      this.windowRefills += this.refillSide(data, base, -1) + this.refillSide(data, base, 1);
    }
    this.prevAskEnd = this.windowEnd(data, base, -1);
    this.prevBidEnd = this.windowEnd(data, base, 1);
    this.rows++;
  }

  /** Row 0 is the book after message 0; seed it, then re-apply message 0 if it is an add, to learn its id. */
  private seed(data: Float64Array, base: number, batch: EventBatch, i: number): void {
    const book = this.book;
    for (let l = 0; l < this.levels; l++) {
      const o = base + l * 4;
      if (!Number.isNaN(data[o])) book.addAnonymous(-1, data[o], data[o + 1]);
      if (!Number.isNaN(data[o + 2])) book.addAnonymous(1, data[o + 2], data[o + 3]);
    }
    if (batch.type[i] === EventType.Add && book.reduceAnonymous(batch.side[i], batch.price[i], batch.size[i]) === 0) {
      this.replayer.apply(batch, i);
    }
  }

  private windowEnd(data: Float64Array, base: number, side: number): number {
    const p = data[base + (this.levels - 1) * 4 + (side < 0 ? 0 : 2)];
    return Number.isNaN(p) ? (side < 0 ? Infinity : -Infinity) : p;
  }

  /** True when `p` lay outside the previous row's window on this side. */
  private outsidePrev(side: number, p: number): boolean {
    return side < 0 ? p > this.prevAskEnd : p < this.prevBidEnd;
  }

  /** Brings levels that entered the window from outside it in line with the row; returns refills. */
  private refillSide(data: Float64Array, base: number, side: number): number {
    const book = this.book;
    const k = side < 0 ? 0 : 2;
    const newEnd = this.windowEnd(data, base, side);
    // Only a window that reaches past the previous one can show prices from outside it.
    if (!this.outsidePrev(side, newEnd)) return 0;
    let refills = 0;
    for (let l = 0; l < this.levels; l++) {
      const p = data[base + l * 4 + k];
      if (Number.isNaN(p)) break;
      if (this.outsidePrev(side, p) && book.setLevelSize(side, p, data[base + l * 4 + k + 1])) refills++;
    }
    // Our levels in the newly visible part of the window that the row does not show left unseen.
    for (let r = 0; r < book.depth(side); ) {
      const p = book.priceAt(side, r);
      if (side < 0 ? p > newEnd : p < newEnd) break;
      if (this.outsidePrev(side, p) && !this.rowHasPrice(data, base, k, p)) {
        book.setLevelSize(side, p, 0);
        refills++;
      } else r++;
    }
    return refills;
  }

  private rowHasPrice(data: Float64Array, base: number, k: number, p: number): boolean {
    for (let l = 0; l < this.levels; l++) if (data[base + l * 4 + k] === p) return true;
    return false;
  }
}
