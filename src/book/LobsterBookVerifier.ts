import { L3OrderBook } from './L3OrderBook.ts';
import { L3Replayer } from './L3Replayer.ts';
import { EventType } from '../data/EventType.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import type { OrderbookRows } from '../data/lobster/LobsterOrderbookParser.ts';
import { readLobsterMessages, readLobsterOrderbook } from '../data/lobster/readLobster.ts';

export interface LobsterMismatch {
  /** 1-based line in both files. */
  line: number;
  side: 'ask' | 'bid';
  level: number;
  expected: { price: number; size: number };
  got: { price: number; size: number };
}

export interface LobsterVerifyResult {
  rows: number;
  levels: number;
  mismatchedRows: number;
  windowRefills: number;
  eventsPerSecond: number;
  /** Events whose size no known order or anonymous liquidity explained (outside the window, mostly). */
  unexplainedEvents: number;
  firstMismatches: LobsterMismatch[];
  inputErrors: Record<string, number>;
}

export interface LobsterVerifyOptions {
  lenient?: boolean;
  /** Called now and then with the number of rows checked so far. */
  onProgress?: (rows: number) => void;
  /** Keep at most this many mismatch details. */
  maxMismatchDetails?: number;
}

/**
 * Replays a LOBSTER message file into an L3 book and compares the visible book with every row of the
 * orderbook file, all levels, price and size.
 *
 * The book is seeded from orderbook row 0 (the state after message 0, so message 0's own effect is taken
 * out first when it is an add, letting its id be tracked). After that, the only thing read from the
 * orderbook file is a *window refill*: LOBSTER's message file only describes the requested levels, so
 * when a price enters the visible window from outside the previous row's window, its size there is taken
 * from the orderbook row (counted in windowRefills when it differs from what the messages said). Any
 * other difference is a mismatched row.
 */
export async function verifyLobsterBook(messagesPath: string, orderbookPath: string, options: LobsterVerifyOptions = {}): Promise<LobsterVerifyResult> {
  const started = performance.now();
  const { batches, parser: msgParser } = readLobsterMessages(messagesPath, { lenient: options.lenient });
  const { blocks, parser: obParser } = readLobsterOrderbook(orderbookPath, { lenient: options.lenient });
  const checker = new RowChecker(options.maxMismatchDetails ?? 10);
  let block: OrderbookRows | undefined;
  let rowInBlock = 0;
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      // Only crosses an await at block boundaries, never once per row.
      while (!block || rowInBlock >= block.count) {
        const next = await blocks.next();
        if (next.done) throw new Error(`${orderbookPath}: fewer orderbook rows than messages in ${messagesPath} (message line ${batch.seq[i]})`);
        block = next.value;
        rowInBlock = 0;
      }
      checker.check(batch, i, block.data, rowInBlock++ * block.levels * 4, block.levels);
    }
    options.onProgress?.(checker.rows);
  }
  const extra = await blocks.next();
  if (!extra.done || (block && rowInBlock < block.count)) {
    throw new Error(`${orderbookPath}: more orderbook rows than the ${checker.rows} messages in ${messagesPath}`);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    rows: checker.rows,
    levels: checker.levels,
    mismatchedRows: checker.mismatchedRows,
    windowRefills: checker.windowRefills,
    eventsPerSecond: Math.round(checker.rows / seconds),
    unexplainedEvents: checker.replayer.unexplained,
    firstMismatches: checker.firstMismatches,
    inputErrors: { ...msgParser.errors.toJSON(), ...obParser.errors.toJSON() },
  };
}

/** Applies one message and checks the book against the matching orderbook row. */
class RowChecker {
  readonly book = new L3OrderBook(1 << 16, 1 << 12);
  readonly replayer = new L3Replayer(this.book);
  readonly firstMismatches: LobsterMismatch[] = [];
  rows = 0;
  levels = 0;
  mismatchedRows = 0;
  windowRefills = 0;
  /** Worst visible ask / bid price of the previous row (±Infinity when that side showed fewer levels). */
  private prevAskEnd = Infinity;
  private prevBidEnd = -Infinity;

  constructor(private readonly maxDetails: number) {}

  check(batch: EventBatch, i: number, data: Float64Array, base: number, levels: number): void {
    this.levels = levels;
    if (this.rows === 0) this.seed(data, base, batch, i);
    else {
      this.replayer.apply(batch, i);
      this.windowRefills += this.refillSide(data, base, -1) + this.refillSide(data, base, 1);
    }
    if (!this.sideMatches(data, base, -1) || !this.sideMatches(data, base, 1)) {
      this.mismatchedRows++;
      this.recordMismatch(data, base, batch.seq[i]);
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

  private sideMatches(data: Float64Array, base: number, side: number): boolean {
    const k = side < 0 ? 0 : 2;
    const book = this.book;
    for (let l = 0; l < this.levels; l++) {
      const ep = data[base + l * 4 + k];
      const gp = book.priceAt(side, l);
      if (ep !== gp && !(Number.isNaN(ep) && Number.isNaN(gp))) return false;
      if (data[base + l * 4 + k + 1] !== book.sizeAtRank(side, l)) return false;
    }
    return true;
  }

  private recordMismatch(data: Float64Array, base: number, line: number): void {
    for (let l = 0; l < this.levels && this.firstMismatches.length < this.maxDetails; l++) {
      for (const side of [-1, 1]) {
        const k = side < 0 ? 0 : 2;
        const expected = { price: data[base + l * 4 + k], size: data[base + l * 4 + k + 1] };
        const got = { price: this.book.priceAt(side, l), size: this.book.sizeAtRank(side, l) };
        const same = (expected.price === got.price || (Number.isNaN(expected.price) && Number.isNaN(got.price))) && expected.size === got.size;
        if (!same && this.firstMismatches.length < this.maxDetails) {
          this.firstMismatches.push({ line, side: side < 0 ? 'ask' : 'bid', level: l + 1, expected, got });
        }
      }
    }
  }
}
