import { InputError, InputErrorTally } from '../../core/errors.ts';
import { LineSplitter, type LineHandler } from '../io/LineSplitter.ts';
import { CsvFieldCursor } from '../io/CsvFieldCursor.ts';

/** LOBSTER's placeholders for levels beyond the book's depth. */
export const LOBSTER_EMPTY_ASK = 9_999_999_999;
export const LOBSTER_EMPTY_BID = -9_999_999_999;

/**
 * A block of orderbook rows: row r, level l (0-based) is at data[(r * levels + l) * 4 + k] with
 * k = 0 ask price, 1 ask size, 2 bid price, 3 bid size. Empty levels hold NaN price and size 0.
 */
export interface OrderbookRows {
  readonly levels: number;
  readonly count: number;
  readonly data: Float64Array;
  /** 1-based line number of the block's first row. */
  readonly firstLine: number;
}

const FIELD = ['ask price', 'ask size', 'bid price', 'bid size'] as const;

/**
 * Byte-level parser of LOBSTER orderbook files. The level count is taken from the first row (4 columns
 * per level) unless given, and every later row must have the same count.
 */
export class LobsterOrderbookParser implements LineHandler {
  readonly errors: InputErrorTally;
  readonly ready: OrderbookRows[] = [];
  lines = 0;
  levels: number;
  private data: Float64Array = new Float64Array(0);
  private count = 0;
  private firstLine = 1;
  private readonly splitter = new LineSplitter();
  private readonly cursor = new CsvFieldCursor();

  constructor(
    readonly file: string,
    options: { levels?: number; lenient?: boolean; blockRows?: number } = {},
    private readonly blockRows = options.blockRows ?? 16_384,
  ) {
    this.errors = new InputErrorTally(options.lenient ?? false);
    this.levels = options.levels ?? 0;
  }

  feed(chunk: Uint8Array): void {
    this.splitter.push(chunk, this);
  }

  end(): void {
    this.splitter.end(this);
    this.flush();
  }

  private flush(): void {
    if (this.count === 0) return;
    this.ready.push({ levels: this.levels, count: this.count, data: this.data, firstLine: this.firstLine });
    this.data = new Float64Array(this.blockRows * this.levels * 4);
    this.firstLine += this.count;
    this.count = 0;
  }

  /** One line (without its newline), from the LineSplitter. */
  onLine(buf: Uint8Array, start: number, end: number): void {
    this.lines++;
    if (this.levels === 0) this.levels = countLevels(buf, start, end, this.file, this.lines);
    if (this.data.length === 0) this.data = new Float64Array(this.blockRows * this.levels * 4);
    this.parseRow(buf, start, end);
  }

  private parseRow(buf: Uint8Array, start: number, end: number): void {
    const c = this.cursor;
    c.startLine(start, end);
    const width = this.levels * 4;
    const base = this.count * width;
    const d = this.data;
    for (let k = 0; k < width; k++) {
      const v = c.readInt(buf, k);
      const col = k & 3;
      if (col === 1 || col === 3) {
        if (v < 0) c.fail('negative-size', k, `negative size ${v}`);
        d[base + k] = v;
      } else d[base + k] = v === LOBSTER_EMPTY_ASK || v === LOBSTER_EMPTY_BID ? NaN : v;
    }
    if (c.failKind === null && !c.atLineEnd()) c.fail('malformed-row', width - 1, `more than ${width} columns`);
    if (c.failKind !== null) {
      const level = Math.floor(c.failField / 4) + 1;
      const field = `${FIELD[c.failField & 3]} ${level}`;
      this.errors.report(new InputError(c.failKind, this.file, this.lines, field, c.failDetail));
      return;
    }
    if (++this.count === this.blockRows) this.flush();
  }
}

function countLevels(buf: Uint8Array, start: number, end: number, file: string, line: number): number {
  let commas = 0;
  for (let p = start; p < end; p++) if (buf[p] === 44) commas++;
  const cols = commas + 1;
  if (cols % 4 !== 0) {
    throw new InputError('malformed-row', file, line, 'columns', `${cols} columns is not 4 per level`);
  }
  return cols / 4;
}
