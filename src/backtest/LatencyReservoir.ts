import type { SeededRng } from '../core/rng.ts';

/**
 * A uniform sample of at most `capacity` values from a stream of unknown length (Vitter's algorithm R),
 * for reporting the latencies a run used without keeping one number per message.
 */
export class LatencyReservoir {
  private readonly values: Float64Array;
  seen = 0;

  constructor(
    capacity: number,
    private readonly rng: SeededRng,
  ) {
    this.values = new Float64Array(capacity);
  }

  add(v: number): void {
    const n = this.seen++;
    if (n < this.values.length) this.values[n] = v;
    else {
      const j = Math.floor(this.rng.nextFloat() * (n + 1));
      if (j < this.values.length) this.values[j] = v;
    }
  }

  /** The sample (a copy). */
  toArray(): Float64Array {
    return this.values.slice(0, Math.min(this.seen, this.values.length));
  }
}
