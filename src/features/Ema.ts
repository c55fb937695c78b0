/**
 * Exponential moving average with smoothing 2/(period + 1), seeded with the first input: the textbook
 * definition (and trading-signals' EMA, which bench/features compares against, value for value).
 */
export class Ema {
  value = NaN;
  private readonly k: number;

  constructor(readonly period: number) {
    if (!(period >= 1)) throw new RangeError(`EMA period must be ≥ 1, got ${period}`);
    this.k = 2 / (period + 1);
  }

  /** Adds one input and returns the new average. */
  update(x: number): number {
    const prev = this.value;
    this.value = x * this.k + (prev === prev ? prev : x) * (1 - this.k);
    return this.value;
  }

  reset(): void {
    this.value = NaN;
  }
}
