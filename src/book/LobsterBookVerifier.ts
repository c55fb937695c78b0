import { LobsterWindowedReplay } from './LobsterWindowedReplay.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { forEachLobsterRow } from '../data/lobster/forEachLobsterRow.ts';

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
 * Replays a LOBSTER message file into an L3 book (LobsterWindowedReplay: seeded from row 0, window
 * refills the only other thing read from the orderbook file) and compares the visible book with every
 * row of the orderbook file, all levels, price and size. Any difference is a mismatched row.
 */
export async function verifyLobsterBook(messagesPath: string, orderbookPath: string, options: LobsterVerifyOptions = {}): Promise<LobsterVerifyResult> {
  const started = performance.now();
  const checker = new RowChecker(options.maxMismatchDetails ?? 10);
  const { rows, levels, inputErrors } = await forEachLobsterRow(messagesPath, orderbookPath, (batch, i, data, base, n) => checker.check(batch, i, data, base, n), options);
  const seconds = (performance.now() - started) / 1000;
  return {
    rows,
    levels,
    mismatchedRows: checker.mismatchedRows,
    windowRefills: checker.replay.windowRefills,
    eventsPerSecond: Math.round(rows / seconds),
    unexplainedEvents: checker.replay.replayer.unexplained,
    firstMismatches: checker.firstMismatches,
    inputErrors,
  };
}

/** Applies one message and checks the book against the matching orderbook row. */
class RowChecker {
  readonly replay = new LobsterWindowedReplay();
  readonly firstMismatches: LobsterMismatch[] = [];
  mismatchedRows = 0;

  constructor(private readonly maxDetails: number) {}

  check(batch: EventBatch, i: number, data: Float64Array, base: number, levels: number): void {
    this.replay.apply(batch, i, data, base, levels);
    if (!this.sideMatches(data, base, levels, -1) || !this.sideMatches(data, base, levels, 1)) {
      this.mismatchedRows++;
      this.recordMismatch(data, base, levels, batch.seq[i]);
    }
  }

  private sideMatches(data: Float64Array, base: number, levels: number, side: number): boolean {
    const k = side < 0 ? 0 : 2;
    const book = this.replay.book;
    for (let l = 0; l < levels; l++) {
      const ep = data[base + l * 4 + k];
      const gp = book.priceAt(side, l);
      if (ep !== gp && !(Number.isNaN(ep) && Number.isNaN(gp))) return false;
      if (data[base + l * 4 + k + 1] !== book.sizeAtRank(side, l)) return false;
    }
    return true;
  }

  private recordMismatch(data: Float64Array, base: number, levels: number, line: number): void {
    const book = this.replay.book;
    for (let l = 0; l < levels && this.firstMismatches.length < this.maxDetails; l++) {
      for (const side of [-1, 1]) {
        const k = side < 0 ? 0 : 2;
        const expected = { price: data[base + l * 4 + k], size: data[base + l * 4 + k + 1] };
        const got = { price: book.priceAt(side, l), size: book.sizeAtRank(side, l) };
        const same = (expected.price === got.price || (Number.isNaN(expected.price) && Number.isNaN(got.price))) && expected.size === got.size;
        if (!same && this.firstMismatches.length < this.maxDetails) {
          this.firstMismatches.push({ line, side: side < 0 ? 'ask' : 'bid', level: l + 1, expected, got });
        }
      }
    }
  }
}
