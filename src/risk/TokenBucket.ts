/**
 * An order-rate limit: `capacity` tokens, refilled continuously at `perSecond`; each order takes one.
 * Time is passed in (integer ns, the caller's clock), so backtest and live limit identically.
 */
export class TokenBucket {
  private tokens: number;
  private lastNs = NaN;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
  ) {
    if (!(capacity >= 1) || !(perSecond > 0)) throw new RangeError(`token bucket needs capacity ≥ 1 and a positive rate, got ${capacity}, ${perSecond}/s`);
    this.tokens = capacity;
  }

  /** Takes a token at time `nowNs` if one is there; false means the order must be refused. */
  take(nowNs: number): boolean {
    this.refill(nowNs);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  available(nowNs: number): number {
    this.refill(nowNs);
    return this.tokens;
  }

  private refill(nowNs: number): void {
    if (this.lastNs === this.lastNs && nowNs > this.lastNs) {
      const t = this.tokens + ((nowNs - this.lastNs) * this.perSecond) / 1e9;
      this.tokens = t < this.capacity ? t : this.capacity;
    }
    if (!(nowNs < this.lastNs)) this.lastNs = nowNs;
  }
}
