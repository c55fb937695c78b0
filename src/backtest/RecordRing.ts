/**
 * A FIFO of fixed-width numeric records in one Float64Array (field 0 is the record's time), growing by
 * doubling and otherwise allocation-free: the message queues between strategy and venue. Records are
 * written in place: `push` returns the offset of the new record's first field.
 */
export class RecordRing {
  data: Float64Array;
  private head = 0;
  private count = 0;
  private capacity: number;

  constructor(
    readonly stride: number,
    capacity = 256,
  ) {
    this.capacity = capacity;
    this.data = new Float64Array(capacity * stride);
  }

  get length(): number {
    return this.count;
  }

  /** Time (field 0) of the oldest record, Infinity when empty. */
  headTime(): number {
    return this.count === 0 ? Infinity : this.data[this.head * this.stride];
  }

  /** Offset of the oldest record's first field (valid until the next push or shift). */
  headOffset(): number {
    return this.head * this.stride;
  }

  push(): number {
    if (this.count === this.capacity) this.grow();
    const slot = (this.head + this.count) % this.capacity;
    this.count++;
    return slot * this.stride;
  }

  shift(): void {
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  private grow(): void {
    const s = this.stride;
    const next = new Float64Array(this.capacity * 2 * s);
    for (let k = 0; k < this.count; k++) {
      const from = ((this.head + k) % this.capacity) * s;
      next.set(this.data.subarray(from, from + s), k * s);
    }
    this.data = next;
    this.head = 0;
    this.capacity *= 2;
  }
}
