import type { BookView } from './BookView.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { NS_PER_MS, NS_PER_SECOND } from '../core/time.ts';

/**
 * Time constants of the exponentially decaying windows that features share. The engine computes
 * exp(-dt/τ) once per event per τ that its features declare (Feature.decayTaus), so twenty decaying
 * counters cost at most four exponentials, not twenty.
 */
export const DECAY_TAUS_NS = [100 * NS_PER_MS, NS_PER_SECOND, 10 * NS_PER_SECOND, 60 * NS_PER_SECOND] as const;
export const TAU_100MS = 0;
export const TAU_1S = 1;
export const TAU_10S = 2;
export const TAU_60S = 3;
export const TAU_LABELS = ['100ms', '1s', '10s', '60s'] as const;

/** Levels per side that the context copies out of the book for features (features read at most this deep). */
export const TOP_LEVELS = 10;

/**
 * What a feature sees at one event: the event (fields copied out of its batch), the book after it,
 * the mid before and after, and the shared decay factors. One object, reused for every event.
 */
export class FeatureContext {
  book: BookView;
  batch: EventBatch | null = null;
  row = 0;
  type = 0;
  side = 0;
  price = 0;
  size = 0;
  flags = 0;
  /** Exchange time of the event (local time where the venue gave none), ns from the batch origin. */
  timeNs = 0;
  /** Time of the first event seen, for warm-up. */
  startNs = NaN;
  /** Nanoseconds since the previous event (0 for the first). */
  dtNs = 0;
  /**
   * exp(-dt/τ) for each of DECAY_TAUS_NS, for this event: computed for the time constants some feature
   * of the engine declares in `decayTaus`; the others are NaN, so that an undeclared read shows.
   */
  readonly decay = new Float64Array(DECAY_TAUS_NS.length);
  /** Mid after this event, and the last finite mid before it (NaN when a side is empty). */
  mid = NaN;
  prevMid = NaN;
  /** Events seen so far, this one included. */
  events = 0;
  /**
   * The best `levels` levels of each side after this event (best first; NaN price and 0 size past the
   * last level), copied once per event so that every feature reads arrays instead of calling the book.
   * `levels` is the most any feature of the engine declares in `bookLevels` (at least 1); entries past
   * it are NaN, so that an undeclared read shows.
   */
  readonly bidPx = new Float64Array(TOP_LEVELS);
  readonly bidSz = new Float64Array(TOP_LEVELS);
  readonly askPx = new Float64Array(TOP_LEVELS);
  readonly askSz = new Float64Array(TOP_LEVELS);
  /** Levels present on each side among the best `levels` (min(depth, levels)). */
  bidLevels = 0;
  askLevels = 0;
  /** 1 / tickSize, computed once (features that scale by it multiply, as they always did). */
  readonly ticksPerUnit: number;

  constructor(
    book: BookView,
    /** Price units per tick (spread and distances are reported in ticks). */
    readonly tickSize: number,
    /** Price units per currency unit (mid is reported in currency). */
    readonly priceScale: number,
    /** Levels per side copied out of the book per event (1 … TOP_LEVELS). */
    readonly levels: number = TOP_LEVELS,
  ) {
    if (!(Number.isInteger(levels) && levels >= 1 && levels <= TOP_LEVELS)) throw new RangeError(`a feature context holds 1 to ${TOP_LEVELS} levels, not ${levels}`);
    this.book = book;
    this.ticksPerUnit = 1 / tickSize;
    this.bidPx.fill(NaN, levels);
    this.bidSz.fill(NaN, levels);
    this.askPx.fill(NaN, levels);
    this.askSz.fill(NaN, levels);
  }

  reset(): void {
    this.batch = null;
    this.startNs = NaN;
    this.dtNs = 0;
    this.mid = NaN;
    this.prevMid = NaN;
    this.events = 0;
    this.decay.fill(NaN);
  }
}
