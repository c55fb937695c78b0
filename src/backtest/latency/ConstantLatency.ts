import type { LatencyModel } from './LatencyModel.ts';

/** "50 µs", "1.5 ms", "800 ns": the largest unit that keeps the figure readable. */
export function formatDurationNs(ns: number): string {
  if (ns >= 1_000_000) return `${+(ns / 1_000_000).toFixed(6)} ms`;
  if (ns >= 1_000) return `${+(ns / 1_000).toFixed(3)} µs`;
  return `${ns} ns`;
}

function checkNs(ns: number, what: string): number {
  if (!Number.isSafeInteger(ns) || ns < 0) throw new RangeError(`${what} latency must be a non-negative integer of ns, got ${ns}`);
  return ns;
}

/**
 * The same latency for every message of a direction: the baseline model (and `zero`, which a parity test
 * with the live engine needs). Each direction has its own constant because order entry is usually slower
 * than market data (gateway, risk checks).
 */
export class ConstantLatency implements LatencyModel {
  readonly description: string;
  readonly feed: number;
  readonly order: number;
  readonly response: number;

  /** Order defaults to feed, response to order: `new ConstantLatency(50_000)` is 50 µs everywhere. */
  constructor(feedNs: number, orderNs: number = feedNs, responseNs: number = orderNs) {
    this.feed = checkNs(feedNs, 'feed');
    this.order = checkNs(orderNs, 'order');
    this.response = checkNs(responseNs, 'response');
    this.description =
      this.feed === this.order && this.order === this.response
        ? `constant ${formatDurationNs(this.feed)}`
        : `constant feed ${formatDurationNs(this.feed)}, order ${formatDurationNs(this.order)}, response ${formatDurationNs(this.response)}`;
  }

  feedNs(_exchNs: number): number {
    return this.feed;
  }

  orderNs(_localNs: number): number {
    return this.order;
  }

  responseNs(_exchNs: number): number {
    return this.response;
  }
}
