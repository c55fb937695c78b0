import { EventBatch } from '../EventBatch.ts';
import { EventFlag } from '../EventType.ts';
import type { Instrument } from '../Instrument.ts';
import { InputError, InputErrorTally } from '../../core/errors.ts';
import { LineSplitter, type LineHandler } from '../io/LineSplitter.ts';
import { CsvFieldCursor } from '../io/CsvFieldCursor.ts';

const FIELD_NAMES = ['time', 'type', 'order id', 'size', 'price', 'direction'] as const;

export interface LobsterParseOptions {
  /** Count and skip bad rows instead of stopping at the first. */
  lenient?: boolean;
  /** Rows per emitted batch. */
  batchSize?: number;
  /** Epoch ns of the file's midnight (see lobsterOrigin.ts). */
  originNs?: bigint;
  instrument: Instrument;
}

/**
 * Byte-level parser of LOBSTER message files (time,type,order id,size,price,direction). Feed it chunks;
 * it fills EventBatch batches and never builds a string per field. Every row is validated: six integer
 * fields, type 1–7, size ≥ 0, direction ±1, time with ≤ 9 decimals and never decreasing.
 * A bad row throws one InputError naming file, line and field; in lenient mode it is counted and skipped.
 * LOBSTER's message type codes are EventType codes, and seq is the 1-based line number.
 */
export class LobsterMessageParser implements LineHandler {
  readonly errors: InputErrorTally;
  /** Full batches ready to hand out. */
  readonly ready: EventBatch[] = [];
  lines = 0;
  bytes = 0;
  private batch: EventBatch;
  private readonly batchSize: number;
  private readonly splitter = new LineSplitter();
  private readonly cursor = new CsvFieldCursor();
  private lastTime = -1;

  constructor(
    readonly file: string,
    private readonly options: LobsterParseOptions,
  ) {
    this.errors = new InputErrorTally(options.lenient ?? false);
    this.batchSize = options.batchSize ?? 65_536;
    this.batch = this.newBatch();
  }

  private newBatch(): EventBatch {
    return new EventBatch(this.batchSize, this.options.originNs ?? 0n, [this.options.instrument]);
  }

  feed(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.splitter.push(chunk, this);
  }

  /** Flushes the last partial line and the last partial batch. */
  end(): void {
    this.splitter.end(this);
    if (this.batch.length > 0) {
      this.ready.push(this.batch);
      this.batch = this.newBatch();
    }
  }

  /** One line (without its newline), from the LineSplitter. */
  onLine(buf: Uint8Array, start: number, end: number): void {
    this.lines++;
    this.parseRow(buf, start, end);
  }

  private parseRow(buf: Uint8Array, start: number, end: number): void {
    const c = this.cursor;
    c.startLine(start, end);
    if (start === end) c.fail('malformed-row', 0, 'empty line');
    const time = c.readSecondsNs(buf, 0);
    const type = c.readInt(buf, 1);
    const id = c.readInt(buf, 2);
    const size = c.readInt(buf, 3);
    const price = c.readInt(buf, 4);
    const dir = c.readInt(buf, 5);
    if (c.failKind === null) {
      if (!c.atLineEnd()) c.fail('malformed-row', 5, 'more than 6 fields');
      else if (type < 1 || type > 7) c.fail('unknown-type', 1, `unknown message type ${type}`);
      else if (size < 0) c.fail('negative-size', 3, `negative size ${size}`);
      else if (id < 0) c.fail('malformed-row', 2, `negative order id ${id}`);
      else if (dir !== 1 && dir !== -1) c.fail('malformed-row', 5, `direction must be 1 or -1, got ${dir}`);
      else if (time < this.lastTime) c.fail('non-monotonic-time', 0, `time goes back (${time} ns < ${this.lastTime} ns)`);
    }
    if (c.failKind !== null) {
      const text = Buffer.from(buf.subarray(start, Math.min(end, start + 120))).toString('latin1');
      this.errors.report(new InputError(c.failKind, this.file, this.lines, FIELD_NAMES[c.failField], `${c.failDetail} in "${text}"`));
      return;
    }
    this.lastTime = time;
    const b = this.batch;
    b.push(time, time, type, dir, price, size, id, this.lines, EventFlag.EndOfMessage, 0);
    if (b.length === this.batchSize) {
      this.ready.push(b);
      this.batch = this.newBatch();
    }
  }
}
