import { InputError, InputErrorTally, type InputErrorKind } from '../../core/errors.ts';
import { NS_PER_MS, NS_PER_SECOND, utcMidnightOfNs } from '../../core/time.ts';
import { EventBatch } from '../EventBatch.ts';
import { EventFlag, EventType, Side } from '../EventType.ts';
import { BinanceDecodeError, BinanceDecoder } from './BinanceDecoder.ts';
import { BinanceDepthSequencer, DiffAction, SequencerState } from './BinanceDepthSequencer.ts';
import { binanceInstrument, BINANCE_MAX_DECIMALS, decimalsOfScale, type BinanceInstrument, type BinanceMarket } from './BinanceInstrument.ts';
import { BinanceMessage, BinanceMessageKind } from './BinanceMessage.ts';
import { LineSplitter, type LineHandler } from '../io/LineSplitter.ts';
import { openByteStream } from '../io/byteStream.ts';

/**
 * Reads the files of one Binance capture (lines `<local receive ns> <json>`, `.gz` or plain, in order)
 * as a stream of normalized EventBatches, with constant memory in file size:
 *
 * - depth diff → Level per level (side, price, size; size 0 removes), EndOfMessage on the last level,
 *   seq = u. Only diffs the sequencer accepts are emitted: the Level stream is always a valid book.
 * - REST snapshot → SnapshotStart (side 0) then Level|Snapshot per level, seq = lastUpdateId.
 * - trade → Trade, side = aggressor (m = buyer is maker → the seller hit the bid → Sell), seq = trade id.
 * - bookTicker → BestQuote bid then BestQuote ask (EndOfMessage), both seq = u.
 * - sequence gap → Gap: seq = the sequence number received, orderId = the one expected.
 *
 * localTs is the exact line prefix as an offset from originNs (UTC midnight of the first line's day).
 * exchTs: `T` where the message has it (futures depth/bookTicker/snapshot, all trades), else `E`; spot
 * bookTicker and spot snapshot carry no exchange time (NaN). T is the matching-engine time of the change
 * itself, while E is when the stream pushed it (after batching), so T orders the streams correctly.
 */
export interface BinanceCaptureOptions {
  /** Default: inferred from the first messages (symbol, `pu` presence) with binanceInstrument(). */
  instrument?: BinanceInstrument;
  /** Default: instrument.market, else detected (`pu` present → futures; `_` in the symbol → COIN-M). */
  market?: BinanceMarket;
  /** Count bad lines per kind instead of throwing on the first. */
  lenient?: boolean;
  /** Rows per yielded batch (approximate: a message is never split across batches). Default 8192. */
  batchSize?: number;
  /** Most diffs kept while awaiting a snapshot; the oldest are dropped beyond it. Default 10000. */
  maxBufferedDiffs?: number;
}

/** A sequence gap: where it happened, the rule broken, expected and received sequence numbers. */
export interface BinanceGap {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly expected: number;
  readonly received: number;
  /** `U`..`u` of the diff that broke continuity. */
  readonly firstUpdateId: number;
  readonly lastUpdateId: number;
}

export interface BinanceCaptureStats {
  lines: number;
  depthMessages: number;
  tradeMessages: number;
  bookTickerMessages: number;
  snapshots: number;
  /** Diffs applied to the book (emitted as Level events). */
  diffsApplied: number;
  /** Diffs already contained in a snapshot or the book. */
  diffsStale: number;
  /** Diffs dropped because the awaiting-snapshot buffer was full. */
  diffsOverflowed: number;
  /** Diffs still buffered at the end: no snapshot came to apply them to. */
  diffsUnapplied: number;
  gaps: BinanceGap[];
  /** Whether the book was valid (snapshot + continuous diffs) at the end of the capture. */
  bookValidAtEnd: boolean;
  /** Lines skipped (lenient mode), by kind. */
  errors: InputErrorTally;
}

const DEFAULT_BATCH = 8192;

interface BufferedDiff {
  message: BinanceMessage;
  localTs: number;
  file: string;
  line: number;
}

export class BinanceCaptureReader implements LineHandler {
  readonly stats: BinanceCaptureStats;
  private instrument: BinanceInstrument | undefined;
  private market: BinanceMarket | undefined;
  private decoder: BinanceDecoder | undefined;
  private symbolBytes: Uint8Array = new Uint8Array(0);
  private readonly sequencer = new BinanceDepthSequencer();
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  private batch: EventBatch | undefined;
  private originNs = 0n;
  private originSec = 0;
  private originMs = 0;
  private prevLocalTs = -Infinity;
  private file = '';
  private lineNo = 0;
  /** Diffs awaiting a snapshot, oldest first; `spare` recycles their message objects. */
  private buffered: BufferedDiff[] = [];
  private spare: BinanceMessage[] = [];

  constructor(
    readonly files: readonly string[],
    options: BinanceCaptureOptions = {},
  ) {
    if (files.length === 0) throw new RangeError('BinanceCaptureReader needs at least one file');
    this.instrument = options.instrument;
    // The market decides the sequencing rules: explicit, else detected from the diffs themselves.
    this.market = options.market ?? options.instrument?.market;
    this.batchSize = Math.max(16, options.batchSize ?? DEFAULT_BATCH);
    this.maxBuffered = Math.max(1, options.maxBufferedDiffs ?? 10_000);
    this.stats = {
      lines: 0,
      depthMessages: 0,
      tradeMessages: 0,
      bookTickerMessages: 0,
      snapshots: 0,
      diffsApplied: 0,
      diffsStale: 0,
      diffsOverflowed: 0,
      diffsUnapplied: 0,
      gaps: [],
      bookValidAtEnd: false,
      errors: new InputErrorTally(options.lenient ?? false),
    };
  }

  /** The instrument in use (known after the first batch, or given). */
  get resolvedInstrument(): BinanceInstrument | undefined {
    return this.instrument;
  }

  get resolvedMarket(): BinanceMarket | undefined {
    return this.market;
  }

  /** Epoch ns that every localTs/exchTs offset is relative to (known after the first batch). */
  get origin(): bigint {
    return this.originNs;
  }

  /**
   * Yields batches of events in line order (buffered diffs are emitted when their snapshot arrives,
   * stamped with its localTs: that is when they could first be applied). Each batch is a new object.
   */
  async *batches(): AsyncGenerator<EventBatch> {
    await this.prepare();
    const splitter = new LineSplitter();
    for (const file of this.files) {
      this.file = file;
      this.lineNo = 0;
      for await (const chunk of openByteStream(file)) {
        splitter.push(chunk as Uint8Array, this);
        if (this.batch!.length >= this.batchSize) yield this.takeBatch();
      }
      splitter.end(this);
    }
    this.stats.diffsUnapplied = this.buffered.length;
    this.stats.bookValidAtEnd = this.sequencer.state === SequencerState.Synced;
    if (this.batch!.length > 0) yield this.takeBatch();
  }

  /** Resolves origin, instrument and market from the first lines when not given. */
  private async prepare(): Promise<void> {
    const peek = await peekBinanceCapture(this.files);
    this.originNs = peek.originNs;
    this.originSec = Number(peek.originNs / BigInt(NS_PER_SECOND));
    this.originMs = Number(peek.originNs / BigInt(NS_PER_MS));
    if (this.market === undefined) this.market = peek.market;
    if (this.instrument === undefined) {
      if (peek.symbol === undefined) throw new InputError('malformed-message', this.files[0], 1, 's', 'no message with a symbol in the capture');
      this.instrument = binanceInstrument(peek.symbol, this.market ?? 'spot');
    }
    this.sequencer.market = this.market;
    this.decoder = new BinanceDecoder({
      priceDecimals: decimalsOfScale(this.instrument.priceScale, 'priceScale'),
      sizeDecimals: decimalsOfScale(this.instrument.sizeScale, 'sizeScale'),
    });
    this.symbolBytes = Buffer.from(this.instrument.symbol, 'utf8');
    this.batch = new EventBatch(this.batchSize + 2048, this.originNs, [this.instrument]);
  }

  private takeBatch(): EventBatch {
    const out = this.batch!;
    this.batch = new EventBatch(this.batchSize + 2048, this.originNs, out.instruments);
    return out;
  }

  /** One line: `<ns> <json>`. Called by LineSplitter; the bytes are valid only during the call. */
  onLine(bytes: Uint8Array, start: number, end: number): void {
    this.lineNo++;
    this.stats.lines++;
    // Local time: digits up to the space, split as seconds and 9 ns digits so the offset stays exact.
    let i = start;
    while (i < end && bytes[i] !== 32) i++;
    const digits = i - start;
    if (digits === 0 || i === end) {
      this.bad('malformed-row', 'localTs', start === end ? 'empty line' : 'expected "<ns> <json>"');
      return;
    }
    let hi = 0;
    let lo = 0;
    const split = i - 9;
    for (let k = start; k < i; k++) {
      const d = bytes[k] - 48;
      if (d < 0 || d > 9) {
        this.bad('unparseable-number', 'localTs', 'receive time is not an integer of nanoseconds');
        return;
      }
      if (k < split) hi = hi * 10 + d;
      else lo = lo * 10 + d;
    }
    if (digits > 19) {
      this.bad('unparseable-number', 'localTs', 'receive time out of range');
      return;
    }
    const localTs = (hi - this.originSec) * NS_PER_SECOND + lo;
    if (localTs < this.prevLocalTs) {
      // Counted (lenient) but still processed: the message itself is well-formed.
      this.bad('non-monotonic-time', 'localTs', `receive time goes back by ${this.prevLocalTs - localTs} ns`);
    } else {
      this.prevLocalTs = localTs;
    }

    const decoder = this.decoder!;
    let m: BinanceMessage;
    try {
      m = decoder.decode(bytes, i + 1, end);
    } catch (e) {
      if (e instanceof BinanceDecodeError) {
        this.bad(e.kind, e.field, e.detail);
        return;
      }
      throw e;
    }
    if (m.kind !== BinanceMessageKind.DepthSnapshot && !decoder.symbolEquals(this.symbolBytes)) {
      this.bad('unknown-type', 's', `symbol "${decoder.symbol()}" is not the capture's ${this.instrument!.symbol}`);
      return;
    }
    const batch = this.batch!;
    switch (m.kind) {
      case BinanceMessageKind.DepthUpdate:
        this.stats.depthMessages++;
        this.onDiff(m, localTs);
        return;
      case BinanceMessageKind.DepthSnapshot:
        this.stats.snapshots++;
        this.onSnapshot(m, localTs);
        return;
      case BinanceMessageKind.Trade: {
        this.stats.tradeMessages++;
        batch.push(this.exchTs(m.transactionTime), localTs, EventType.Trade, m.buyerIsMaker ? Side.Sell : Side.Buy, m.tradePrice, m.tradeSize, 0, m.tradeId);
        return;
      }
      case BinanceMessageKind.BookTicker: {
        this.stats.bookTickerMessages++;
        const ts = this.exchTs(m.transactionTime === m.transactionTime ? m.transactionTime : m.eventTime);
        batch.push(ts, localTs, EventType.BestQuote, Side.Buy, m.bestBidPrice, m.bestBidSize, 0, m.lastUpdateId, 0);
        batch.push(ts, localTs, EventType.BestQuote, Side.Sell, m.bestAskPrice, m.bestAskSize, 0, m.lastUpdateId, EventFlag.EndOfMessage);
        return;
      }
    }
  }

  private onDiff(m: BinanceMessage, localTs: number): void {
    const futures = m.prevUpdateId === m.prevUpdateId;
    if (this.sequencer.market === undefined) {
      this.market = futures ? (this.instrument!.symbol.includes('_') ? 'coinm' : 'usdm') : 'spot';
      this.sequencer.market = this.market;
    } else if (futures !== this.sequencer.futures) {
      this.bad('malformed-message', 'pu', `${futures ? 'futures diff (has "pu")' : 'spot diff (no "pu")'} in a ${this.market} capture`);
      return;
    }
    this.handleDiff(m, localTs, this.file, this.lineNo, true);
  }

  /** Runs one diff through the sequencer; `fresh` = decoded now (vs. replayed from the buffer). */
  private handleDiff(m: BinanceMessage, localTs: number, file: string, line: number, fresh: boolean): void {
    const action = this.sequencer.check(m.firstUpdateId, m.lastUpdateId, m.prevUpdateId);
    if (action === DiffAction.Apply) {
      this.stats.diffsApplied++;
      this.emitLevels(m, this.exchTs(m.transactionTime === m.transactionTime ? m.transactionTime : m.eventTime), localTs, m.lastUpdateId, 0);
    } else if (action === DiffAction.Stale) {
      this.stats.diffsStale++;
    } else {
      if (action === DiffAction.Gap) {
        const g = this.sequencer.lastGap!;
        this.stats.gaps.push({ file, line, rule: g.rule, expected: g.expected, received: g.received, firstUpdateId: m.firstUpdateId, lastUpdateId: m.lastUpdateId });
        this.batch!.push(this.exchTs(m.eventTime), localTs, EventType.Gap, Side.None, 0, 0, g.expected, g.received);
      }
      // Keep it for a later snapshot (the gap diff too: a new snapshot may make it applicable).
      if (fresh) this.bufferDiff(m, localTs, file, line);
      else this.buffered.push({ message: m, localTs, file, line });
      return;
    }
    if (!fresh) this.spare.push(m);
  }

  private bufferDiff(m: BinanceMessage, localTs: number, file: string, line: number): void {
    if (this.buffered.length >= this.maxBuffered) {
      const old = this.buffered.shift()!;
      this.spare.push(old.message);
      this.stats.diffsOverflowed++;
    }
    const copy = this.spare.pop() ?? new BinanceMessage(Math.max(m.bidCount, m.askCount, 16));
    copy.copyFrom(m);
    this.buffered.push({ message: copy, localTs, file, line });
  }

  private onSnapshot(m: BinanceMessage, localTs: number): void {
    const exch = this.exchTs(m.transactionTime === m.transactionTime ? m.transactionTime : m.eventTime);
    const L = m.lastUpdateId;
    const batch = this.batch!;
    const levels = m.bidCount + m.askCount;
    batch.push(exch, localTs, EventType.SnapshotStart, Side.None, 0, 0, 0, L, levels === 0 ? EventFlag.EndOfMessage : 0);
    this.emitLevels(m, exch, localTs, L, EventFlag.Snapshot);
    this.sequencer.onSnapshot(L);
    // Replay what was buffered, in arrival order, against the new snapshot.
    const pending = this.buffered;
    this.buffered = [];
    for (const b of pending) {
      if (this.sequencer.state === SequencerState.AwaitingSnapshot) {
        this.buffered.push(b);
        continue;
      }
      this.handleDiff(b.message, localTs, b.file, b.line, false);
    }
  }

  /** Bids then asks; EndOfMessage on the very last level. */
  private emitLevels(m: BinanceMessage, exchTs: number, localTs: number, seq: number, flags: number): void {
    const batch = this.batch!;
    const nb = m.bidCount;
    const na = m.askCount;
    const last = nb + na - 1;
    for (let k = 0; k < nb; k++) {
      batch.push(exchTs, localTs, EventType.Level, Side.Buy, m.bidPrice[k], m.bidSize[k], 0, seq, k === last ? flags | EventFlag.EndOfMessage : flags);
    }
    for (let k = 0; k < na; k++) {
      batch.push(exchTs, localTs, EventType.Level, Side.Sell, m.askPrice[k], m.askSize[k], 0, seq, nb + k === last ? flags | EventFlag.EndOfMessage : flags);
    }
  }

  /** Exchange ms → exact ns offset from the origin (the subtraction happens in ms, where it is exact). */
  private exchTs(ms: number): number {
    return ms === ms ? (ms - this.originMs) * NS_PER_MS : NaN;
  }

  private bad(kind: InputErrorKind, field: string, detail: string): void {
    this.stats.errors.report(new InputError(kind, this.file, this.lineNo, field, detail));
  }
}

/** What the first lines of a capture tell: origin (UTC midnight of the first line), symbol, market. */
export interface BinanceCapturePeek {
  originNs: bigint;
  symbol: string | undefined;
  market: BinanceMarket | undefined;
}

/**
 * Reads the first lines of a capture (until a depth diff, at most `maxLines`) to learn the origin, the
 * symbol and the market (`pu` present → futures). Decodes with 8 decimals, which accepts any Binance string.
 */
export async function peekBinanceCapture(files: readonly string[], maxLines = 100_000): Promise<BinanceCapturePeek> {
  const decoder = new BinanceDecoder({ priceDecimals: BINANCE_MAX_DECIMALS, sizeDecimals: BINANCE_MAX_DECIMALS });
  const result: BinanceCapturePeek = { originNs: -1n, symbol: undefined, market: undefined };
  let lines = 0;
  let done = false;
  let firstError: InputError | undefined;
  for (const file of files) {
    let lineNo = 0;
    const handler: LineHandler = {
      onLine(bytes, start, end) {
        if (done) return;
        lineNo++;
        lines++;
        const sp = bytes.indexOf(32, start);
        if (sp < 0 || sp >= end) {
          firstError ??= new InputError('malformed-row', file, lineNo, 'localTs', 'expected "<ns> <json>"');
          done = true;
          return;
        }
        if (result.originNs < 0n) {
          const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, sp - start).toString('latin1');
          if (!/^\d{1,19}$/.test(text)) {
            firstError = new InputError('unparseable-number', file, lineNo, 'localTs', `receive time "${text}" is not integer ns`);
            done = true;
            return;
          }
          result.originNs = utcMidnightOfNs(BigInt(text));
        }
        try {
          const m = decoder.decode(bytes, sp + 1, end);
          if (m.kind !== BinanceMessageKind.DepthSnapshot && result.symbol === undefined) result.symbol = decoder.symbol();
          if (m.kind === BinanceMessageKind.DepthUpdate) {
            const futures = m.prevUpdateId === m.prevUpdateId;
            result.market = futures ? (decoder.symbol().includes('_') ? 'coinm' : 'usdm') : 'spot';
            done = true;
          }
        } catch {
          // Bad lines are reported by the reader itself, with its strict/lenient policy.
        }
        if (lines >= maxLines) done = true;
      },
    };
    const splitter = new LineSplitter();
    const stream = openByteStream(file, 1 << 16);
    for await (const chunk of stream) {
      splitter.push(chunk as Uint8Array, handler);
      if (done) break;
    }
    stream.destroy();
    if (!done) splitter.end(handler);
    if (done) break;
  }
  if (firstError && result.originNs < 0n) throw firstError;
  if (result.originNs < 0n) throw new InputError('malformed-row', files[0], 1, 'localTs', 'capture is empty');
  return result;
}
