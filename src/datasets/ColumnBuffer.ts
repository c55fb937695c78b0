/** A growing Float64Array (doubling), for columns whose final length is not known in advance. */
export class ColumnBuffer {
  length = 0;
  private data: Float64Array;

  constructor(initialCapacity = 4096) {
    this.data = new Float64Array(initialCapacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  /** The values so far (a view, not a copy). */
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
