import { NS_PER_MS } from '../../core/time.ts';
import { L2Ladder } from '../../book/L2Ladder.ts';
import { BinanceDecodeError, BinanceDecoder, type BinanceDecodeErrorKind } from '../../data/binance/BinanceDecoder.ts';
import { BinanceDepthSequencer, DiffAction, SequencerState } from '../../data/binance/BinanceDepthSequencer.ts';
import { decimalsOfScale, type BinanceInstrument } from '../../data/binance/BinanceInstrument.ts';
import { BinanceMessage, BinanceMessageKind } from '../../data/binance/BinanceMessage.ts';
import type { EventBatch } from '../../data/EventBatch.ts';
import { EventFlag, EventType, Side } from '../../data/EventType.ts';

/**
 * The synchronous core of the Binance gateway, with no I/O: one combined-stream frame (bytes) in →
 * decoded by the project's JSON.parse-free BinanceDecoder → depth diffs through BinanceDepthSequencer
 * (Binance's snapshot + diff rules) → the L2 book → normalized events appended to an EventBatch, in the
 * layout BinanceCaptureReader gives a capture (so BinanceTickerChecker and every other consumer reads
 * live and recorded data alike):
 *
 * - applied diff → Level per level (size 0 removes), EndOfMessage on the last, seq = u;
 * - REST snapshot → SnapshotStart (side 0, seq = lastUpdateId) then Level|Snapshot per level;
 * - trade → Trade, side = aggressor, seq = trade id; bookTicker → BestQuote bid, BestQuote ask, seq = u;
 * - lost continuity → Gap (seq = the sequence number received, orderId = the one expected; both -1
 *   when the cause is not a sequence break: disconnect, consumer overflow).
 *
 * Diffs arriving without a valid book are copied into a bounded buffer (oldest dropped beyond it,
 * counted) and replayed against the next snapshot. The handler never throws on bad input: a frame that
 * does not decode, names another symbol, or is a futures diff on spot (or the reverse) is counted per
 * kind and skipped. It never fetches anything either: `needsSnapshot` tells the gateway to.
 *
 * localTs is the caller's receive time (ns from originNs); exchTs is `T` where present, else `E`.
 * Hot path: decode, sequence check, book writes, event pushes; no allocation once warm.
 */
export type MalformedKind =
  | BinanceDecodeErrorKind
  /** A frame for another symbol than the gateway's. */
  | 'wrong-symbol'
  /** A futures diff (has `pu`) on a spot stream, or a spot diff on a futures stream. */
  | 'wrong-market'
  /** A REST depth snapshot arriving on the websocket. */
  | 'unexpected-snapshot'
  /** A binary websocket frame (Binance sends text only). */
  | 'binary-frame';

export const MALFORMED_KINDS: readonly MalformedKind[] = [
  'malformed-message',
  'unparseable-number',
  'negative-size',
  'unknown-type',
  'wrong-symbol',
  'wrong-market',
  'unexpected-snapshot',
  'binary-frame',
];

/** Why the book stopped being valid (a consumer overflow is ConsumerQueue's report, not the book's). */
export type GapCause = 'sequence' | 'disconnect';

/** One loss of continuity, as reported to `onGap`. */
export interface FeedGap {
  readonly cause: GapCause;
  /** Local receive time (ns from origin) when it was detected. */
  readonly localTs: number;
  /** The rule a sequence gap broke (BinanceDepthSequencer's wording); '' for other causes. */
  readonly rule: string;
  /** Sequence number the rule required (`U` on spot, `pu` on futures), or the last applied `u`. */
  readonly expected: number;
  /** What arrived instead (NaN for other causes). */
  readonly received: number;
  /** `U`..`u` of the diff that broke continuity (NaN for other causes). */
  readonly firstUpdateId: number;
  readonly lastUpdateId: number;
}

export const SnapshotOutcome = {
  /** The book is rebuilt from it; buffered diffs were replayed against it. */
  Applied: 0,
  /** Older than the oldest buffered diff (it cannot be bridged): fetch another. Binance's step 4. */
  TooOld: 1,
  /** The body did not decode as a depth snapshot: counted, fetch another. */
  Malformed: 2,
  /** No snapshot was awaited (e.g. a late response after a resync already succeeded): ignored. */
  NotAwaited: 3,
} as const;
export type SnapshotOutcome = (typeof SnapshotOutcome)[keyof typeof SnapshotOutcome];

export interface FeedHandlerStats {
  frames: number;
  depthMessages: number;
  tradeMessages: number;
  bookTickerMessages: number;
  snapshotsApplied: number;
  snapshotsTooOld: number;
  snapshotsMalformed: number;
  diffsApplied: number;
  /** Diffs already contained in the snapshot or the book (dropped, per Binance's rules). */
  diffsStale: number;
  /** Diffs kept while awaiting a snapshot. */
  diffsBuffered: number;
  /** Diffs dropped from a full awaiting-snapshot buffer (oldest first). */
  diffsOverflowed: number;
  /** Sequence gaps (each drops the book and asks for a new snapshot). */
  gaps: number;
  /** Malformed frames, all kinds. */
  malformed: number;
}

export interface FeedHandlerOptions {
  instrument: BinanceInstrument;
  /** Epoch ns that localTs and exchTs are offsets from (the EventBatch originNs). */
  originNs: bigint;
  /** Diffs kept while awaiting a snapshot; beyond it the oldest are dropped (counted). Default 4096. */
  maxBufferedDiffs?: number;
  /** Examples kept per malformed kind (the first `n` details). Default 3. */
  malformedExamples?: number;
  onGap?: (gap: FeedGap) => void;
  onMalformed?: (kind: MalformedKind, detail: string) => void;
}

const NO_GAP_SEQ = -1;

export class BinanceFeedHandler {
  readonly book = new L2Ladder();
  readonly sequencer: BinanceDepthSequencer;
  readonly stats: FeedHandlerStats = {
    frames: 0,
    depthMessages: 0,
    tradeMessages: 0,
    bookTickerMessages: 0,
    snapshotsApplied: 0,
    snapshotsTooOld: 0,
    snapshotsMalformed: 0,
    diffsApplied: 0,
    diffsStale: 0,
    diffsBuffered: 0,
    diffsOverflowed: 0,
    gaps: 0,
    malformed: 0,
  };
  /** Malformed frames per kind (every kind present, 0 when none). */
  readonly malformedByKind: Record<MalformedKind, number>;
  /** The first few details per malformed kind. */
  readonly malformedExamples: Partial<Record<MalformedKind, string[]>> = {};
  /** The last loss of continuity (any cause). */
  lastGap: FeedGap | null = null;
  onGap: ((gap: FeedGap) => void) | undefined;
  onMalformed: ((kind: MalformedKind, detail: string) => void) | undefined;

  private readonly decoder: BinanceDecoder;
  /** A second decoder for REST bodies, so that a snapshot never clobbers the stream's reused message. */
  private readonly snapshotDecoder: BinanceDecoder;
  private readonly symbolBytes: Uint8Array;
  private readonly futures: boolean;
  private readonly originMs: number;
  private readonly maxExamples: number;

  // Diffs awaiting a snapshot: a ring of reused message copies (replayed stamped with the snapshot's time).
  private readonly maxBuffered: number;
  private ring: BinanceMessage[] = [];
  private ringHead = 0;
  private ringCount = 0;

  constructor(readonly options: FeedHandlerOptions) {
    const inst = options.instrument;
    this.sequencer = new BinanceDepthSequencer(inst.market);
    this.futures = this.sequencer.futures;
    const scales = { priceDecimals: decimalsOfScale(inst.priceScale, 'priceScale'), sizeDecimals: decimalsOfScale(inst.sizeScale, 'sizeScale') };
    this.decoder = new BinanceDecoder(scales);
    this.snapshotDecoder = new BinanceDecoder(scales);
    this.symbolBytes = Buffer.from(inst.symbol, 'latin1');
    this.originMs = Number(options.originNs / BigInt(NS_PER_MS));
    this.maxBuffered = Math.max(1, options.maxBufferedDiffs ?? 4096);
    this.maxExamples = options.malformedExamples ?? 3;
    this.onGap = options.onGap;
    this.onMalformed = options.onMalformed;
    this.malformedByKind = Object.fromEntries(MALFORMED_KINDS.map((k) => [k, 0])) as Record<MalformedKind, number>;
  }

  /** The book reflects a snapshot (plus continuous diffs): not awaiting a snapshot. */
  get bookValid(): boolean {
    return this.sequencer.state !== SequencerState.AwaitingSnapshot;
  }

  /** Snapshot applied and at least one diff chained onto it: the feed is live. */
  get synced(): boolean {
    return this.sequencer.state === SequencerState.Synced;
  }

  /** The gateway should fetch a snapshot: the book is invalid. */
  get needsSnapshot(): boolean {
    return this.sequencer.state === SequencerState.AwaitingSnapshot;
  }

  /** Diffs currently buffered for the next snapshot. */
  get bufferedDiffs(): number {
    return this.ringCount;
  }

  /** The `u` the book is at (NaN without a valid book). */
  get bookUpdateId(): number {
    return this.bookValid ? this.sequencer.lastAppliedUpdateId : NaN;
  }

  /**
   * One websocket frame: bytes[start, end) hold the combined-stream JSON. Appends its events to `out`.
   * Never throws on bad input.
   */
  onFrame(bytes: Uint8Array, start: number, end: number, localTs: number, out: EventBatch): void {
    this.stats.frames++;
    const decoder = this.decoder;
    let m: BinanceMessage;
    try {
      m = decoder.decode(bytes, start, end);
    } catch (e) {
      this.decodeFailure(e, bytes, start, end);
      return;
    }
    const kind = m.kind;
    if (kind === BinanceMessageKind.DepthSnapshot) {
      this.malformed('unexpected-snapshot', 'a REST depth snapshot arrived on the stream');
      return;
    }
    if (!decoder.symbolEquals(this.symbolBytes)) {
      this.malformed('wrong-symbol', `symbol "${decoder.symbol()}" is not ${this.options.instrument.symbol}`);
      return;
    }
    if (kind === BinanceMessageKind.DepthUpdate) {
      this.stats.depthMessages++;
      const hasPu = m.prevUpdateId === m.prevUpdateId;
      if (hasPu !== this.futures) {
        this.malformed('wrong-market', `${hasPu ? 'futures diff (has "pu")' : 'spot diff (no "pu")'} on a ${this.options.instrument.market} stream`);
        return;
      }
      this.onDiff(m, localTs, out);
    } else if (kind === BinanceMessageKind.Trade) {
      this.stats.tradeMessages++;
      out.push(this.exchTs(m.transactionTime), localTs, EventType.Trade, m.buyerIsMaker ? Side.Sell : Side.Buy, m.tradePrice, m.tradeSize, 0, m.tradeId);
    } else {
      this.stats.bookTickerMessages++;
      const ts = this.exchTs(m.transactionTime === m.transactionTime ? m.transactionTime : m.eventTime);
      out.push(ts, localTs, EventType.BestQuote, Side.Buy, m.bestBidPrice, m.bestBidSize, 0, m.lastUpdateId, 0);
      out.push(ts, localTs, EventType.BestQuote, Side.Sell, m.bestAskPrice, m.bestAskSize, 0, m.lastUpdateId, EventFlag.EndOfMessage);
    }
  }

  /**
   * A REST depth snapshot body (bytes). Applied only while a snapshot is awaited and only if it can be
   * bridged: the oldest buffered diff must not start after it (spot: U <= lastUpdateId+1, futures:
   * U <= lastUpdateId); otherwise it is TooOld and the gateway fetches another (Binance's step 4).
   * Applied: the book is rebuilt, SnapshotStart + levels are emitted, then the buffered diffs run
   * through the sequencer (stale ones dropped, the bridging one applied, the rest chained), stamped
   * with `localTs` (when they could first be applied).
   */
  applySnapshot(bytes: Uint8Array, start: number, end: number, localTs: number, out: EventBatch): SnapshotOutcome {
    if (this.sequencer.state !== SequencerState.AwaitingSnapshot) return SnapshotOutcome.NotAwaited;
    let m: BinanceMessage;
    try {
      m = this.snapshotDecoder.decode(bytes, start, end);
    } catch (e) {
      this.stats.snapshotsMalformed++;
      this.lastSnapshotError = e instanceof Error ? e.message : String(e);
      return SnapshotOutcome.Malformed;
    }
    if (m.kind !== BinanceMessageKind.DepthSnapshot) {
      this.stats.snapshotsMalformed++;
      this.lastSnapshotError = `not a depth snapshot (decoded kind ${m.kind})`;
      return SnapshotOutcome.Malformed;
    }
    const L = m.lastUpdateId;
    if (this.ringCount > 0) {
      const oldestU = this.ring[this.ringHead].firstUpdateId;
      if (this.futures ? oldestU > L : oldestU > L + 1) {
        this.stats.snapshotsTooOld++;
        return SnapshotOutcome.TooOld;
      }
    }
    this.stats.snapshotsApplied++;
    const book = this.book;
    book.clear();
    const nb = m.bidCount;
    const na = m.askCount;
    for (let k = 0; k < nb; k++) if (m.bidSize[k] !== 0) book.setLevel(Side.Buy, m.bidPrice[k], m.bidSize[k]);
    for (let k = 0; k < na; k++) if (m.askSize[k] !== 0) book.setLevel(Side.Sell, m.askPrice[k], m.askSize[k]);
    const exch = this.exchTs(m.transactionTime === m.transactionTime ? m.transactionTime : m.eventTime);
    out.push(exch, localTs, EventType.SnapshotStart, Side.None, 0, 0, 0, L, nb + na === 0 ? EventFlag.EndOfMessage : 0);
    this.emitLevels(m, exch, localTs, L, EventFlag.Snapshot, out);
    this.sequencer.onSnapshot(L);
    this.replayBuffered(localTs, out);
    return SnapshotOutcome.Applied;
  }

  /** Why the last snapshot body was Malformed. */
  lastSnapshotError = '';

  /**
   * Drops the book (the connection ended): empties the diff buffer, awaits a new
   * snapshot, and emits a Gap if the book was valid. Called by the gateway.
   */
  invalidate(cause: GapCause, localTs: number, out: EventBatch): void {
    this.ringHead = 0;
    this.ringCount = 0;
    const wasValid = this.bookValid;
    const expected = this.sequencer.lastAppliedUpdateId;
    this.sequencer.state = SequencerState.AwaitingSnapshot;
    if (!wasValid) return;
    out.push(NaN, localTs, EventType.Gap, Side.None, 0, 0, NO_GAP_SEQ, NO_GAP_SEQ);
    this.reportGap({ cause, localTs, rule: '', expected, received: NaN, firstUpdateId: NaN, lastUpdateId: NaN });
  }

  /**
   * Writes the current book as a snapshot (SnapshotStart, then Level|Snapshot per level, best first;
   * seq = the book's `u`): how a consumer that lost events is resynced from the gateway's own book,
   * without a REST request. Nothing is written when the book is not valid.
   */
  writeBookSnapshot(localTs: number, out: EventBatch): boolean {
    if (!this.bookValid) return false;
    const u = this.sequencer.lastAppliedUpdateId;
    const bids = this.book.bids;
    const asks = this.book.asks;
    const total = bids.count + asks.count;
    out.push(NaN, localTs, EventType.SnapshotStart, Side.None, 0, 0, 0, u, total === 0 ? EventFlag.EndOfMessage : 0);
    let k = 0;
    for (let r = 0; r < bids.count; r++, k++) {
      out.push(NaN, localTs, EventType.Level, Side.Buy, bids.priceAt(r), bids.valueAt(r), 0, u, k === total - 1 ? EventFlag.Snapshot | EventFlag.EndOfMessage : EventFlag.Snapshot);
    }
    for (let r = 0; r < asks.count; r++, k++) {
      out.push(NaN, localTs, EventType.Level, Side.Sell, asks.priceAt(r), asks.valueAt(r), 0, u, k === total - 1 ? EventFlag.Snapshot | EventFlag.EndOfMessage : EventFlag.Snapshot);
    }
    return true;
  }

  /** Counts a frame the handler could not even look at (binary), through the same path as the rest. */
  countMalformed(kind: MalformedKind, detail: string): void {
    this.stats.frames++;
    this.malformed(kind, detail);
  }

  // ---- depth ---------------------------------------------------------------------------------------

  /** A freshly decoded diff (in the decoder's reused message). */
  private onDiff(m: BinanceMessage, localTs: number, out: EventBatch): void {
    const action = this.sequencer.check(m.firstUpdateId, m.lastUpdateId, m.prevUpdateId);
    if (action === DiffAction.Apply) {
      this.applyDiff(m, localTs, out);
    } else if (action === DiffAction.Stale) {
      this.stats.diffsStale++;
    } else {
      if (action === DiffAction.Gap) this.sequenceGap(m, localTs, out);
      // Buffer (also the diff that broke the chain: the next snapshot may make it applicable).
      this.buffer(m);
    }
  }

  /**
   * The buffered diffs against a just-applied snapshot, oldest first: stale ones dropped, the bridging
   * one applied, the rest chained. A break inside the buffer is a gap: the breaking diff and those after
   * it stay buffered, in order, for the next snapshot.
   */
  private replayBuffered(localTs: number, out: EventBatch): void {
    const seq = this.sequencer;
    while (this.ringCount > 0) {
      const m = this.ring[this.ringHead];
      const action = seq.check(m.firstUpdateId, m.lastUpdateId, m.prevUpdateId);
      if (action === DiffAction.Gap) {
        this.sequenceGap(m, localTs, out);
        return;
      }
      this.ringHead = (this.ringHead + 1) % this.ring.length;
      this.ringCount--;
      if (action === DiffAction.Apply) this.applyDiff(m, localTs, out);
      else this.stats.diffsStale++;
    }
  }

  private applyDiff(m: BinanceMessage, localTs: number, out: EventBatch): void {
    this.stats.diffsApplied++;
    const book = this.book;
    const nb = m.bidCount;
    const na = m.askCount;
    for (let k = 0; k < nb; k++) book.setLevel(Side.Buy, m.bidPrice[k], m.bidSize[k]);
    for (let k = 0; k < na; k++) book.setLevel(Side.Sell, m.askPrice[k], m.askSize[k]);
    this.emitLevels(m, this.exchTs(m.transactionTime === m.transactionTime ? m.transactionTime : m.eventTime), localTs, m.lastUpdateId, 0, out);
  }

  private sequenceGap(m: BinanceMessage, localTs: number, out: EventBatch): void {
    this.stats.gaps++;
    const g = this.sequencer.lastGap!;
    out.push(this.exchTs(m.eventTime), localTs, EventType.Gap, Side.None, 0, 0, g.expected, g.received);
    this.reportGap({
      cause: 'sequence',
      localTs,
      rule: g.rule,
      expected: g.expected,
      received: g.received,
      firstUpdateId: m.firstUpdateId,
      lastUpdateId: m.lastUpdateId,
    });
  }

  /** Copies a diff into the awaiting-snapshot ring; a full ring drops its oldest (counted). */
  private buffer(m: BinanceMessage): void {
    this.stats.diffsBuffered++;
    if (this.ringCount === this.maxBuffered) {
      this.ringHead = (this.ringHead + 1) % this.ring.length;
      this.ringCount--;
      this.stats.diffsOverflowed++;
    }
    if (this.ringCount === this.ring.length) this.growRing();
    const slot = (this.ringHead + this.ringCount) % this.ring.length;
    this.ring[slot].copyFrom(m);
    this.ringCount++;
  }

  /** Doubles the ring (rare: warm-up only), unrolling it so the head is at 0. */
  private growRing(): void {
    const n = this.ring.length;
    const size = Math.min(this.maxBuffered, Math.max(16, n * 2));
    const ring: BinanceMessage[] = [];
    for (let i = 0; i < n; i++) ring.push(this.ring[(this.ringHead + i) % n]);
    while (ring.length < size) ring.push(new BinanceMessage(64));
    this.ring = ring;
    this.ringHead = 0;
  }

  /** Bids then asks; EndOfMessage on the very last level (the book is consistent after it). */
  private emitLevels(m: BinanceMessage, exchTs: number, localTs: number, seq: number, flags: number, out: EventBatch): void {
    const nb = m.bidCount;
    const na = m.askCount;
    const last = nb + na - 1;
    for (let k = 0; k < nb; k++) {
      out.push(exchTs, localTs, EventType.Level, Side.Buy, m.bidPrice[k], m.bidSize[k], 0, seq, k === last ? flags | EventFlag.EndOfMessage : flags);
    }
    for (let k = 0; k < na; k++) {
      out.push(exchTs, localTs, EventType.Level, Side.Sell, m.askPrice[k], m.askSize[k], 0, seq, nb + k === last ? flags | EventFlag.EndOfMessage : flags);
    }
  }

  /** Exchange ms → exact ns offset from the origin (subtracting in ms, where it is exact). */
  private exchTs(ms: number): number {
    return ms === ms ? (ms - this.originMs) * NS_PER_MS : NaN;
  }

  // ---- reporting (cold paths) ----------------------------------------------------------------------

  private reportGap(gap: FeedGap): void {
    this.lastGap = gap;
    this.onGap?.(gap);
  }

  private decodeFailure(e: unknown, bytes: Uint8Array, start: number, end: number): void {
    const kind: MalformedKind = e instanceof BinanceDecodeError ? e.kind : 'malformed-message';
    const preview = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(end - start, 80)).toString('latin1');
    this.malformed(kind, `${e instanceof Error ? e.message : String(e)} in ${JSON.stringify(preview)}${end - start > 80 ? '…' : ''}`);
  }

  private malformed(kind: MalformedKind, detail: string): void {
    this.stats.malformed++;
    this.malformedByKind[kind]++;
    const ex = (this.malformedExamples[kind] ??= []);
    if (ex.length < this.maxExamples) ex.push(detail);
    this.onMalformed?.(kind, detail);
  }
}
