import { NS_PER_MS, type Clock } from '../../core/time.ts';

/**
 * The host's clock as the live gateways need it: integer ns offsets from an origin (the EventBatch
 * `originNs`), anchored to the epoch once (`performance.timeOrigin`) and monotonic after that
 * (`performance.now()`), so that a wall-clock adjustment never makes receive times go back.
 * Reading it allocates nothing (no BigInt per call). Core code never reads it: it is injected.
 */
export class HostClock implements Clock {
  /** ms from the origin to performance's time origin. */
  private readonly offsetMs: number;

  constructor(readonly originNs: bigint) {
    this.offsetMs = performance.timeOrigin - Number(originNs / BigInt(NS_PER_MS));
  }

  nowNs(): number {
    return Math.round((this.offsetMs + performance.now()) * NS_PER_MS);
  }
}
