/**
 * A systematic sample of at most `capacity` values from a stream of unknown length, for reporting the
 * latencies a run used without keeping one number per message: every value is kept until the buffer is
 * full, then every second one is dropped and only every second new value is kept, and so on (stride
 * doubling). Deterministic, and one comparison per value on the hot path (a reservoir draw per message
 * would cost a random number each).
 */
export class LatencyReservoir {
  private readonly values: Float64Array;
  private count = 0;
  private stride = 1;
  private skip = 0;

  constructor(capacity: number) {
    if (!(capacity >= 2) || capacity % 2 !== 0) throw new RangeError(`reservoir capacity must be an even number ≥ 2, got ${capacity}`);
    this.values = new Float64Array(capacity);
  }

  add(v: number): void {
    if (++this.skip < this.stride) return;
    this.skip = 0;
    if (this.count === this.values.length) this.halve();
    this.values[this.count++] = v;
  }

  /** The sample (a copy). */
  toArray(): Float64Array {
    return this.values.slice(0, this.count);
  }

  private halve(): void {
    const v = this.values;
    const half = v.length / 2;
    for (let k = 0; k < half; k++) v[k] = v[2 * k + 1];
    this.count = half;
    this.stride *= 2;
  }
}
