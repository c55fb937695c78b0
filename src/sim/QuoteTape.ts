import type { QuoteView } from './QuoteView.ts';

/**
 * The history of the best quotes, recorded by the simulator after every venue message that changed them,
 * so that an agent can be shown the book as it was `feedLatency` ago (market data reaches it late).
 * A ring of typed arrays (the last `capacity` changes; older lookups clamp to the oldest record kept),
 * looked up by binary search on time. Allocation-free after construction.
 */
export class QuoteTape {
  private readonly mask: number;
  private readonly time: Float64Array;
  private readonly bid: Float64Array;
  private readonly ask: Float64Array;
  private readonly bidSize: Float64Array;
  private readonly askSize: Float64Array;
  private readonly mid: Float64Array;
  /** Records written so far (the newest is at (count − 1) & mask). */
  count = 0;
  private lastMid = 0;

  constructor(
    /** Reference mid before the book is two-sided (the opening price). */
    openingMid: number,
    startNs: number,
    capacityLog2 = 17,
  ) {
    const capacity = 1 << capacityLog2;
    this.mask = capacity - 1;
    this.time = new Float64Array(capacity);
    this.bid = new Float64Array(capacity);
    this.ask = new Float64Array(capacity);
    this.bidSize = new Float64Array(capacity);
    this.askSize = new Float64Array(capacity);
    this.mid = new Float64Array(capacity);
    this.lastMid = openingMid;
    this.record(startNs, NaN, NaN, 0, 0);
  }

  /** Appends the book's best quotes at `timeNs` (non-decreasing) unless nothing changed. */
  record(timeNs: number, bid: number, ask: number, bidSize: number, askSize: number): void {
    if (this.count > 0) {
      const j = (this.count - 1) & this.mask;
      // NaN-safe equality (an empty side is NaN on both sides of the comparison).
      const same =
        (this.bid[j] === bid || (bid !== bid && this.bid[j] !== this.bid[j])) &&
        (this.ask[j] === ask || (ask !== ask && this.ask[j] !== this.ask[j])) &&
        this.bidSize[j] === bidSize &&
        this.askSize[j] === askSize;
      if (same) return;
    }
    if (bid === bid && ask === ask) this.lastMid = (bid + ask) / 2;
    const i = this.count++ & this.mask;
    this.time[i] = timeNs;
    this.bid[i] = bid;
    this.ask[i] = ask;
    this.bidSize[i] = bidSize;
    this.askSize[i] = askSize;
    this.mid[i] = this.lastMid;
  }

  /** Fills `view` with the book as it stood at `timeNs` (the last record at or before it). */
  fill(view: QuoteView, timeNs: number): void {
    const i = this.find(timeNs);
    view.timeNs = this.time[i];
    view.bid = this.bid[i];
    view.ask = this.ask[i];
    view.bidSize = this.bidSize[i];
    view.askSize = this.askSize[i];
    view.mid = this.mid[i];
  }

  /** Reference mid at `timeNs`. */
  midAt(timeNs: number): number {
    return this.mid[this.find(timeNs)];
  }

  /** Ring index of the last record at or before `timeNs` (the oldest kept when all are later). */
  private find(timeNs: number): number {
    const mask = this.mask;
    const time = this.time;
    const newest = this.count - 1;
    // Most looks are a little behind the present: gallop back from the newest record, then bisect.
    if (time[newest & mask] <= timeNs) return newest & mask;
    const oldest = this.count > mask + 1 ? this.count - (mask + 1) : 0;
    let hi = newest;
    let step = 1;
    let lo = newest - step;
    while (lo > oldest && time[lo & mask] > timeNs) {
      hi = lo;
      step *= 2;
      lo = newest - step;
    }
    if (lo <= oldest) {
      lo = oldest;
      if (time[lo & mask] > timeNs) return lo & mask;
    }
    // Invariant: time[lo] <= timeNs < time[hi].
    while (hi - lo > 1) {
      const m = lo + ((hi - lo) >> 1);
      if (time[m & mask] <= timeNs) lo = m;
      else hi = m;
    }
    return lo & mask;
  }
}
