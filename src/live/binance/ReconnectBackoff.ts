import type { SeededRng } from '../../core/rng.ts';

/**
 * Exponential backoff with jitter for reconnects and snapshot retries: attempt k (0-based) waits
 * `min(maxMs, initialMs · multiplier^k)` scaled by a factor drawn uniformly from `[1 - jitter, 1]`
 * ("equal jitter" for jitter 0.5, "full jitter" for 1). The draw comes from an injected seeded RNG, so a
 * run's reconnect schedule is reproducible; the jitter exists so that many clients dropped together do
 * not reconnect together.
 */
export interface BackoffPolicy {
  /** Delay of the first retry before jitter, ms. */
  readonly initialMs: number;
  /** Cap on the delay before jitter, ms. */
  readonly maxMs: number;
  /** Growth per attempt (≥ 1). */
  readonly multiplier: number;
  /** Fraction of the delay that is random, 0..1. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, multiplier: 2, jitter: 0.5 };

export class ReconnectBackoff {
  /** Retries since the last reset. */
  attempt = 0;

  constructor(
    readonly policy: BackoffPolicy,
    private readonly rng: SeededRng,
  ) {
    const { initialMs, maxMs, multiplier, jitter } = policy;
    if (!(initialMs >= 0) || !(maxMs >= initialMs)) throw new RangeError(`backoff: need 0 <= initialMs <= maxMs, got ${initialMs}, ${maxMs}`);
    if (!(multiplier >= 1)) throw new RangeError(`backoff: multiplier must be >= 1, got ${multiplier}`);
    if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`backoff: jitter must be in 0..1, got ${jitter}`);
  }

  /** The delay before the next retry (ms, integer), and counts the attempt. */
  next(): number {
    const { initialMs, maxMs, multiplier, jitter } = this.policy;
    const base = Math.min(maxMs, initialMs * multiplier ** this.attempt);
    this.attempt++;
    return Math.round(base * (1 - jitter * this.rng.nextFloat()));
  }

  /** After a success (the book is live again): the next failure starts from initialMs. */
  reset(): void {
    this.attempt = 0;
  }
}
