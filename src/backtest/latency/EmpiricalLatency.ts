import { SeededRng } from '../../core/rng.ts';
import { formatDurationNs } from './ConstantLatency.ts';
import type { LatencyModel } from './LatencyModel.ts';

/** A recorded latency distribution: the samples themselves (the empirical distribution is uniform over them). */
export interface LatencyDistribution {
  /** Latencies in integer ns, >= 0, in any order. */
  readonly samples: Float64Array;
  /** What was measured, for reports. */
  readonly source: string;
}

/** Quantile (nearest rank) of a sorted array. */
function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** min / median / p99 / max of a distribution, ns. */
export interface LatencySummary {
  readonly count: number;
  readonly minNs: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly maxNs: number;
  readonly meanNs: number;
}

export function summarizeLatency(samples: Float64Array): LatencySummary {
  if (samples.length === 0) throw new RangeError('no latency samples');
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i];
  return {
    count: sorted.length,
    minNs: sorted[0],
    p50Ns: quantile(sorted, 0.5),
    p99Ns: quantile(sorted, 0.99),
    maxNs: sorted[sorted.length - 1],
    meanNs: sum / sorted.length,
  };
}

/** A private, validated copy: the model must not change if the caller reuses its array. */
function checkedCopy(d: LatencyDistribution, what: string): Float64Array {
  if (d.samples.length === 0) throw new RangeError(`${what} distribution "${d.source}" has no samples`);
  const out = Float64Array.from(d.samples);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isSafeInteger(out[i]) || out[i] < 0) {
      throw new RangeError(`${what} distribution "${d.source}": sample ${i} is ${out[i]}, not a non-negative integer of ns`);
    }
  }
  return out;
}

export interface EmpiricalLatencyOptions {
  /** Seed of the draws (default 1): same seed, same latencies. */
  readonly seed?: number;
  /** Distribution of the order leg; default: the feed's (a capture of market data only measures that leg). */
  readonly order?: LatencyDistribution;
  /** Distribution of the response leg; default: the order leg's. */
  readonly response?: LatencyDistribution;
}

/**
 * Latencies drawn (uniformly, with replacement) from recorded samples, with the project's seeded RNG.
 * Each call is one RNG draw and one typed-array read: no allocation.
 *
 * Each direction has its own RNG stream, derived from the seed, so the feed latencies a backtest sees do
 * not depend on how many orders the strategy sends: two strategies compared on the same seed see the
 * same market-data timing.
 */
export class EmpiricalLatency implements LatencyModel {
  readonly description: string;
  readonly feedSummary: LatencySummary;
  private readonly feed: Float64Array;
  private readonly order: Float64Array;
  private readonly response: Float64Array;
  private readonly feedRng: SeededRng;
  private readonly orderRng: SeededRng;
  private readonly responseRng: SeededRng;

  constructor(feed: LatencyDistribution, options: EmpiricalLatencyOptions = {}) {
    const order = options.order ?? feed;
    const response = options.response ?? order;
    this.feed = checkedCopy(feed, 'feed');
    this.order = order === feed ? this.feed : checkedCopy(order, 'order');
    this.response = response === order ? this.order : response === feed ? this.feed : checkedCopy(response, 'response');
    const seed = options.seed ?? 1;
    const seeder = new SeededRng(seed);
    this.feedRng = new SeededRng(seeder.nextUint32());
    this.orderRng = new SeededRng(seeder.nextUint32());
    this.responseRng = new SeededRng(seeder.nextUint32());
    this.feedSummary = summarizeLatency(this.feed);
    const s = this.feedSummary;
    const legs = order === feed && response === feed ? 'all legs' : 'feed';
    this.description =
      `empirical (${feed.source}; ${s.count} samples, ${legs}: median ${formatDurationNs(s.p50Ns)}, p99 ${formatDurationNs(s.p99Ns)}` +
      `, max ${formatDurationNs(s.maxNs)}; seed ${seed})`;
  }

  feedNs(_exchNs: number): number {
    return this.feed[this.feedRng.nextInt(this.feed.length)];
  }

  orderNs(_localNs: number): number {
    return this.order[this.orderRng.nextInt(this.order.length)];
  }

  responseNs(_exchNs: number): number {
    return this.response[this.responseRng.nextInt(this.response.length)];
  }
}
