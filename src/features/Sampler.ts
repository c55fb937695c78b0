import type { FeatureContext } from './FeatureContext.ts';
import { NS_PER_MS, NS_PER_SECOND } from '../core/time.ts';

/**
 * When a dataset row (or a live model call) is taken. Asked after each event with the context after it,
 * so a sample never contains anything later than its own event.
 */
export interface Sampler {
  readonly description: string;
  shouldSample(ctx: FeatureContext): boolean;
  reset(): void;
}

export class EveryEvent implements Sampler {
  readonly description = 'every event';
  shouldSample(): boolean {
    return true;
  }
  reset(): void {}
}

export class EveryNEvents implements Sampler {
  readonly description: string;
  private count = 0;
  constructor(private readonly n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`sampling every n events needs an integer n ≥ 1, got ${n}`);
    this.description = `every ${n} events`;
  }
  shouldSample(): boolean {
    if (++this.count < this.n) return false;
    this.count = 0;
    return true;
  }
  reset(): void {
    this.count = 0;
  }
}

/** Every event that changes the mid price (the sampling of most mid-price prediction studies). */
export class OnMidChange implements Sampler {
  readonly description = 'every mid-price change';
  private last = NaN;
  shouldSample(ctx: FeatureContext): boolean {
    const m = ctx.mid;
    if (m !== m || m === this.last) return false;
    this.last = m;
    return true;
  }
  reset(): void {
    this.last = NaN;
  }
}

/**
 * On an exchange-time clock: the first event in each new interval (e.g. every 100 ms) is sampled, with
 * the state after it. Quiet intervals produce no row (no event, nothing new to say).
 */
export class OnClock implements Sampler {
  readonly description: string;
  private bucket = -Infinity;
  constructor(private readonly intervalNs: number) {
    if (!(intervalNs > 0)) throw new RangeError(`a sampling clock needs a positive interval, got ${intervalNs} ns`);
    this.description = `every ${intervalNs / NS_PER_MS} ms of exchange time`;
  }
  shouldSample(ctx: FeatureContext): boolean {
    const b = Math.floor(ctx.timeNs / this.intervalNs);
    if (b <= this.bucket) return false;
    this.bucket = b;
    return true;
  }
  reset(): void {
    this.bucket = -Infinity;
  }
}

/** Parses `event`, `n:<count>`, `mid`, or `clock:<duration>` (e.g. clock:100ms, clock:1s). */
export function parseSampler(spec: string): Sampler {
  if (spec === 'event' || spec === 'every event') return new EveryEvent();
  if (spec === 'mid' || spec === 'every mid-price change') return new OnMidChange();
  // Descriptions (what datasets and model artifacts record) parse back to the same sampler.
  let m = /^every (\d+) events$/.exec(spec);
  if (m) return new EveryNEvents(Number(m[1]));
  m = /^every (\d+(?:\.\d+)?) ms of exchange time$/.exec(spec);
  if (m) return new OnClock(Math.round(Number(m[1]) * NS_PER_MS));
  m = /^n:(\d+)$/.exec(spec);
  if (m) return new EveryNEvents(Number(m[1]));
  m = /^clock:(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(spec);
  if (m) {
    const unit = { us: 1_000, ms: NS_PER_MS, s: NS_PER_SECOND, m: 60 * NS_PER_SECOND, h: 3600 * NS_PER_SECOND }[m[2] as 'us'];
    return new OnClock(Math.round(Number(m[1]) * unit));
  }
  throw new RangeError(`unknown sampling "${spec}": use event, n:<count>, mid or clock:<duration> (e.g. clock:100ms)`);
}
