import { BinanceCaptureReader, type BinanceCaptureOptions, type BinanceGap } from '../data/binance/BinanceCaptureReader.ts';
import type { BinanceMarket } from '../data/binance/BinanceInstrument.ts';
import { EventFlag, EventType } from '../data/EventType.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { L2Ladder } from './L2Ladder.ts';

/**
 * Rebuilds a Binance L2 book from the normalized event stream of a capture (REST snapshot + sequenced
 * diffs, as BinanceCaptureReader emits them) and checks it against every bookTicker whose update id `u`
 * is one at which the book's state is known exactly: a diff's last update id `u` (or the snapshot's
 * lastUpdateId). Best bid price+size and best ask price+size must match.
 *
 * Why only those tickers: a diff event aggregates every change from U to u (100 ms on spot), so the
 * book is observable only at each diff's u; a ticker whose u falls inside a diff's range describes an
 * intermediate state no diff shows. And bookTicker is pushed in real time while the diff is batched,
 * so the matching ticker usually arrives *before* its diff: tickers wait in a queue until the book
 * reaches their u (or passes it: then they are not comparable); tickers arriving after their diff are
 * checked against a short history of recent states.
 */
export interface BinanceVerifyOptions extends BinanceCaptureOptions {
  /** How many mismatches to keep as examples. Default 10. */
  maxMismatchExamples?: number;
  /** Time source for messagesPerSecond (ms). Default performance.now. */
  nowMs?: () => number;
}

export interface BinanceTickerMismatch {
  /** The ticker's (and the book state's) update id. */
  readonly updateId: number;
  /** Local receive time of the ticker, ns from the capture origin. */
  readonly localTs: number;
  readonly ticker: TopOfBook;
  readonly book: TopOfBook;
}

export interface TopOfBook {
  readonly bidPrice: number;
  readonly bidSize: number;
  readonly askPrice: number;
  readonly askSize: number;
}

export interface BinanceVerifyResult {
  /** Diffs applied to the book. */
  diffs: number;
  /** Sequence gaps (each forced a resync). */
  gaps: number;
  /** Tickers compared with the book at the same update id. */
  tickerChecks: number;
  tickerMismatches: number;
  /** Lines (messages) read per second of wall time, reading + decoding + book + checks. */
  messagesPerSecond: number;
  /** Detail. */
  messages: number;
  tickers: number;
  /** Tickers whose u is not a diff's u (inside a diff's aggregated range) or fell in an invalid stretch. */
  tickersNotComparable: number;
  snapshots: number;
  diffsStale: number;
  diffsUnapplied: number;
  bookValidAtEnd: boolean;
  market: BinanceMarket | undefined;
  symbol: string | undefined;
  gapDetails: BinanceGap[];
  firstMismatches: BinanceTickerMismatch[];
  /** Lenient mode: bad lines skipped, per kind. */
  inputErrors: Record<string, number>;
  seconds: number;
}

const HISTORY = 256;

export async function verifyBinanceCapture(files: string[], options: BinanceVerifyOptions = {}): Promise<BinanceVerifyResult> {
  const now = options.nowMs ?? (() => performance.now());
  const started = now();
  const reader = new BinanceCaptureReader(files, options);
  const checker = new BinanceTickerChecker(options.maxMismatchExamples ?? 10);
  for await (const batch of reader.batches()) checker.consume(batch);
  checker.finish();
  const seconds = (now() - started) / 1000;
  const s = reader.stats;
  return {
    diffs: checker.diffs,
    gaps: s.gaps.length,
    tickerChecks: checker.checks,
    tickerMismatches: checker.mismatches,
    messagesPerSecond: seconds > 0 ? Math.round(s.lines / seconds) : 0,
    messages: s.lines,
    tickers: checker.tickers,
    tickersNotComparable: checker.notComparable,
    snapshots: s.snapshots,
    diffsStale: s.diffsStale,
    diffsUnapplied: s.diffsUnapplied,
    bookValidAtEnd: s.bookValidAtEnd,
    market: reader.resolvedMarket,
    symbol: reader.resolvedInstrument?.symbol,
    gapDetails: s.gaps,
    firstMismatches: checker.examples,
    inputErrors: s.errors.toJSON(),
    seconds,
  };
}

/**
 * The book and the check, fed with event batches (usable on a live stream as well as a file replay).
 * Book states known exactly are recorded at each EndOfMessage Level (diff or snapshot); a Gap
 * invalidates the book until the next SnapshotStart.
 */
export class BinanceTickerChecker {
  readonly book = new L2Ladder();
  valid = false;
  diffs = 0;
  tickers = 0;
  checks = 0;
  mismatches = 0;
  notComparable = 0;
  readonly examples: BinanceTickerMismatch[] = [];

  // Recent exact states (ring): update id and top of book.
  private readonly histU = new Float64Array(HISTORY).fill(NaN);
  private readonly histTop = new Float64Array(HISTORY * 4);
  private histNext = 0;
  private lastStateU = -Infinity;
  // Tickers waiting for the book to reach their u (FIFO; grows rarely).
  private pend = new Float64Array(64 * 6);
  private pendHead = 0;
  private pendTail = 0;
  private bidPrice = NaN;
  private bidSize = NaN;

  constructor(private readonly maxExamples = 10) {}

  consume(b: EventBatch): void {
    const book = this.book;
    for (let i = 0; i < b.length; i++) {
      const type = b.type[i];
      if (type === EventType.Level) {
        book.setLevel(b.side[i], b.price[i], b.size[i]);
        if ((b.flags[i] & EventFlag.EndOfMessage) !== 0) {
          if ((b.flags[i] & EventFlag.Snapshot) === 0) this.diffs++;
          if (this.valid) this.onState(b.seq[i]);
        }
      } else if (type === EventType.BestQuote) {
        if (b.side[i] > 0) {
          this.bidPrice = b.price[i];
          this.bidSize = b.size[i];
        } else {
          this.onTicker(b.seq[i], this.bidPrice, this.bidSize, b.price[i], b.size[i], b.localTs[i]);
        }
      } else if (type === EventType.SnapshotStart) {
        book.clear();
        this.valid = true;
        if ((b.flags[i] & EventFlag.EndOfMessage) !== 0) this.onState(b.seq[i]);
      } else if (type === EventType.Gap) {
        this.valid = false;
      }
    }
  }

  /** Tickers still waiting at the end never met their state. */
  finish(): void {
    this.notComparable += (this.pendTail - this.pendHead) / 6;
    this.pendHead = this.pendTail = 0;
  }

  private onState(u: number): void {
    const book = this.book;
    const bp = book.bestBid();
    const bs = book.bestBidSize();
    const ap = book.bestAsk();
    const as = book.bestAskSize();
    const h = this.histNext;
    this.histU[h] = u;
    this.histTop[h * 4] = bp;
    this.histTop[h * 4 + 1] = bs;
    this.histTop[h * 4 + 2] = ap;
    this.histTop[h * 4 + 3] = as;
    this.histNext = (h + 1) % HISTORY;
    this.lastStateU = u;
    const p = this.pend;
    while (this.pendHead < this.pendTail) {
      const o = this.pendHead;
      const tu = p[o];
      if (tu > u) break;
      if (tu === u) this.compare(tu, p[o + 1], p[o + 2], p[o + 3], p[o + 4], p[o + 5], bp, bs, ap, as);
      else this.notComparable++;
      this.pendHead += 6;
    }
    if (this.pendHead === this.pendTail) this.pendHead = this.pendTail = 0;
  }

  private onTicker(u: number, bp: number, bs: number, ap: number, as: number, localTs: number): void {
    this.tickers++;
    if (u > this.lastStateU || !this.valid) {
      // The book has not reached u yet: wait for it.
      if (this.pendTail + 6 > this.pend.length) this.compactOrGrowPending();
      const o = this.pendTail;
      const p = this.pend;
      p[o] = u;
      p[o + 1] = bp;
      p[o + 2] = bs;
      p[o + 3] = ap;
      p[o + 4] = as;
      p[o + 5] = localTs;
      this.pendTail = o + 6;
      return;
    }
    // Late ticker: look for the exact state in the recent history.
    for (let k = 0; k < HISTORY; k++) {
      if (this.histU[k] === u) {
        const t = this.histTop;
        this.compare(u, bp, bs, ap, as, localTs, t[k * 4], t[k * 4 + 1], t[k * 4 + 2], t[k * 4 + 3]);
        return;
      }
    }
    this.notComparable++;
  }

  private compare(u: number, tbp: number, tbs: number, tap: number, tas: number, localTs: number, bp: number, bs: number, ap: number, as: number): void {
    this.checks++;
    if (tbp === bp && tbs === bs && tap === ap && tas === as) return;
    this.mismatches++;
    if (this.examples.length < this.maxExamples) {
      this.examples.push({
        updateId: u,
        localTs,
        ticker: { bidPrice: tbp, bidSize: tbs, askPrice: tap, askSize: tas },
        book: { bidPrice: bp, bidSize: bs, askPrice: ap, askSize: as },
      });
    }
  }

  private compactOrGrowPending(): void {
    const used = this.pendTail - this.pendHead;
    const target = used + 6 > this.pend.length / 2 ? new Float64Array(this.pend.length * 2) : this.pend;
    if (target === this.pend) this.pend.copyWithin(0, this.pendHead, this.pendTail);
    else target.set(this.pend.subarray(this.pendHead, this.pendTail));
    this.pend = target;
    this.pendHead = 0;
    this.pendTail = used;
  }
}
