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
  const book = new L3OrderBook(1 << 16, 1 << 12);
  const replayer = new L3Replayer(book);
  const maxDetails = options.maxMismatchDetails ?? 10;
  const firstMismatches: LobsterMismatch[] = [];

  let block: OrderbookRows | undefined;
  let rowInBlock = 0;
  let rows = 0;
  let events = 0;
  let mismatchedRows = 0;
  let windowRefills = 0;
  let levels = 0;
  let prevAskEnd = Infinity;
  let prevBidEnd = -Infinity;

  const nextRow = async (): Promise<number> => {
    while (!block || rowInBlock >= block.count) {
      const r = await blocks.next();
      if (r.done) throw new Error(`${orderbookPath}: fewer orderbook rows (${rows}) than messages`);
      block = r.value;
      rowInBlock = 0;
      levels = block.levels;
    }
    return (rowInBlock++ * block.levels) * 4;
  };

  /** Worst visible price of a side in a row, or ±Infinity when the side shows fewer than `levels` levels. */
  const windowEnd = (data: Float64Array, base: number, k: 0 | 2): number => {
    const p = data[base + (levels - 1) * 4 + k];
    return Number.isNaN(p) ? (k === 0 ? Infinity : -Infinity) : p;
  };

  /** Brings levels that entered the window from outside it in line with the row; returns refills. */
  const refillSide = (data: Float64Array, base: number, side: 1 | -1): number => {
    const k = side < 0 ? 0 : 2;
    const prevEnd = side < 0 ? prevAskEnd : prevBidEnd;
    const newEnd = windowEnd(data, base, k);
    const outside = (p: number): boolean => (side < 0 ? p > prevEnd : p < prevEnd);
    let refills = 0;
    for (let l = 0; l < levels; l++) {
      const p = data[base + l * 4 + k];
      if (Number.isNaN(p)) break;
      if (outside(p) && book.setLevelSize(side, p, data[base + l * 4 + k + 1])) refills++;
    }
    // Our levels in the new part of the window that the row does not show left while unseen.
    for (let r = 0; r < book.depth(side); ) {
      const p = book.priceAt(side, r);
      if (side < 0 ? p > newEnd : p < newEnd) break;
      if (outside(p) && !rowHasPrice(data, base, k, p)) {
        book.setLevelSize(side, p, 0);
        refills++;
      } else r++;
    }
    return refills;
  };

  const rowHasPrice = (data: Float64Array, base: number, k: number, p: number): boolean => {
    for (let l = 0; l < levels; l++) if (data[base + l * 4 + k] === p) return true;
    return false;
  };

  const compareRow = (data: Float64Array, base: number, line: number): void => {
    let bad = false;
    for (let l = 0; l < levels; l++) {
      for (const side of [-1, 1] as const) {
        const k = side < 0 ? 0 : 2;
        const ep = data[base + l * 4 + k];
        const es = data[base + l * 4 + k + 1];
        const gp = book.priceAt(side, l);
        const gs = book.sizeAtRank(side, l);
        const priceOk = ep === gp || (Number.isNaN(ep) && Number.isNaN(gp));
        if (!priceOk || es !== gs) {
          bad = true;
          if (firstMismatches.length < maxDetails) {
            firstMismatches.push({ line, side: side < 0 ? 'ask' : 'bid', level: l + 1, expected: { price: ep, size: es }, got: { price: gp, size: gs } });
          }
        }
      }
    }
    if (bad) mismatchedRows++;
  };

  const seed = (data: Float64Array, base: number, batch: EventBatch, i: number): void => {
    for (let l = 0; l < levels; l++) {
      const o = base + l * 4;
      if (!Number.isNaN(data[o])) book.addAnonymous(-1, data[o], data[o + 1]);
      if (!Number.isNaN(data[o + 2])) book.addAnonymous(1, data[o + 2], data[o + 3]);
    }
    // Row 0 already includes message 0. Re-apply an add with its id so later messages can name it.
    if (batch.type[i] === EventType.Add && book.reduceAnonymous(batch.side[i], batch.price[i], batch.size[i]) === 0) {
      replayer.apply(batch, i);
    }
  };

  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      const base = await nextRowFast();
      const data = (block as OrderbookRows).data;
      const line = batch.seq[i];
      if (rows === 0) seed(data, base, batch, i);
      else {
        replayer.apply(batch, i);
        windowRefills += refillSide(data, base, -1) + refillSide(data, base, 1);
      }
      compareRow(data, base, line);
      prevAskEnd = windowEnd(data, base, 0);
      prevBidEnd = windowEnd(data, base, 2);
      rows++;
      events++;
    }
    options.onProgress?.(rows);
  }

  async function nextRowFast(): Promise<number> {
    // Fast path without awaiting a promise per row: only cross an await at block boundaries.
    if (block && rowInBlock < block.count) return (rowInBlock++ * block.levels) * 4;
    return nextRow();
  }

  const extra = await blocks.next();
  if (!extra.done || (block && rowInBlock < block.count)) {
    throw new Error(`${orderbookPath}: more orderbook rows than the ${rows} messages in ${messagesPath}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const inputErrors = { ...msgParser.errors.toJSON(), ...obParser.errors.toJSON() };
  return {
    rows,
    levels,
    mismatchedRows,
    windowRefills,
    eventsPerSecond: Math.round(events / seconds),
    unexplainedEvents: replayer.unexplained,
    firstMismatches,
    inputErrors,
  };
}
