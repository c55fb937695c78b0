import { EventFlag } from './EventType.ts';
import type { Instrument } from './Instrument.ts';

/**
 * A columnar batch of normalized events: one typed array per field, `length` rows used.
 * Times are exact integer nanoseconds, as offsets from `originNs` (see core/time.ts); prices and sizes
 * are integers in the instrument's units; `seq` is the venue's sequence number (LOBSTER: 1-based line
 * of the message file; Binance: the update id `u`, or the trade id).
 */
export class EventBatch {
  length = 0;
  exchTs: Float64Array;
  localTs: Float64Array;
  type: Uint8Array;
  side: Int8Array;
  flags: Uint8Array;
  instrument: Uint16Array;
  price: Float64Array;
  size: Float64Array;
  orderId: Float64Array;
  seq: Float64Array;

  constructor(
    capacity: number,
    readonly originNs: bigint,
    /** Instruments referenced by the `instrument` column, by index. */
    readonly instruments: readonly Instrument[],
  ) {
    this.exchTs = new Float64Array(capacity);
    this.localTs = new Float64Array(capacity);
    this.type = new Uint8Array(capacity);
    this.side = new Int8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.instrument = new Uint16Array(capacity);
    this.price = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
    this.orderId = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
  }

  get capacity(): number {
    return this.type.length;
  }

  get full(): boolean {
    return this.length === this.type.length;
  }

  /** Appends one event; grows (doubling) when full. Returns the row index. */
  push(
    exchTs: number,
    localTs: number,
    type: number,
    side: number,
    price: number,
    size: number,
    orderId: number,
    seq: number,
    flags: number = EventFlag.EndOfMessage,
    instrument = 0,
  ): number {
    if (this.length === this.type.length) this.grow(Math.max(16, this.type.length * 2));
    const i = this.length++;
    this.exchTs[i] = exchTs;
    this.localTs[i] = localTs;
    this.type[i] = type;
    this.side[i] = side;
    this.price[i] = price;
    this.size[i] = size;
    this.orderId[i] = orderId;
    this.seq[i] = seq;
    this.flags[i] = flags;
    this.instrument[i] = instrument;
    return i;
  }

  /** Forgets the rows but keeps the arrays, so a reader can refill the same batch without allocating. */
  clear(): void {
    this.length = 0;
  }

  grow(capacity: number): void {
    const copy = <T extends Float64Array | Uint8Array | Int8Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a.subarray(0, this.length) as never);
      return b;
    };
    this.exchTs = copy(this.exchTs, (n) => new Float64Array(n));
    this.localTs = copy(this.localTs, (n) => new Float64Array(n));
    this.type = copy(this.type, (n) => new Uint8Array(n));
    this.side = copy(this.side, (n) => new Int8Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.instrument = copy(this.instrument, (n) => new Uint16Array(n));
    this.price = copy(this.price, (n) => new Float64Array(n));
    this.size = copy(this.size, (n) => new Float64Array(n));
    this.orderId = copy(this.orderId, (n) => new Float64Array(n));
    this.seq = copy(this.seq, (n) => new Float64Array(n));
  }

  /** Copies row `i` of `src` onto the end of this batch. */
  pushRow(src: EventBatch, i: number): void {
    this.push(src.exchTs[i], src.localTs[i], src.type[i], src.side[i], src.price[i], src.size[i], src.orderId[i], src.seq[i], src.flags[i], src.instrument[i]);
  }

  /** A plain-object view of one row, for tests, errors and debugging (allocates: not for hot paths). */
  row(i: number): EventRow {
    return {
      exchTs: this.exchTs[i],
      localTs: this.localTs[i],
      type: this.type[i],
      side: this.side[i],
      price: this.price[i],
      size: this.size[i],
      orderId: this.orderId[i],
      seq: this.seq[i],
      flags: this.flags[i],
      instrument: this.instrument[i],
    };
  }
}

export interface EventRow {
  exchTs: number;
  localTs: number;
  type: number;
  side: number;
  price: number;
  size: number;
  orderId: number;
  seq: number;
  flags: number;
  instrument: number;
}

/** Concatenates batches sharing one origin and instrument list into one (for in-memory replays). */
export function concatBatches(batches: readonly EventBatch[]): EventBatch {
  if (batches.length === 0) throw new RangeError('concatBatches needs at least one batch');
  const total = batches.reduce((n, b) => n + b.length, 0);
  const out = new EventBatch(Math.max(total, 1), batches[0].originNs, batches[0].instruments);
  for (const b of batches) {
    if (b.originNs !== out.originNs) throw new RangeError('concatBatches: batches have different origins');
    for (let i = 0; i < b.length; i++) out.pushRow(b, i);
  }
  return out;
}
