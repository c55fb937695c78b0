import type { Clock } from '../../core/time.ts';
import { dollarsForCpuSeconds, resolveDollarsPerCoreHour } from './pricing.ts';
import { childrenCpuSeconds, processCpuSeconds } from './processCpu.ts';

/** What a training run cost. Stored in model artifacts and printed by `tachyon train --json`. */
export interface TrainingCost {
  /** User + system CPU seconds of the process (all its threads) and of child processes it waited for. */
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  /** Peak resident set size during the run, MiB (2^20 bytes). */
  readonly peakRssMB: number;
  /** How the peak was found: the kernel's high-water mark (exact) or the largest sample (a lower bound). */
  readonly peakRssSource: 'maxrss' | 'samples';
  /** cpuSeconds / 3600 × dollarsPerCoreHour. */
  readonly dollars: number;
  readonly dollarsPerCoreHour: number;
}

/** Handed to the measured function: call `sample()` inside long synchronous loops to record RSS. */
export interface CostMeter {
  sample(): void;
}

export interface MeasureTrainingCostOptions {
  /** Overrides TACHYON_DOLLARS_PER_CORE_HOUR and the default (src/models/cost/pricing.ts). */
  readonly dollarsPerCoreHour?: number;
  /** RSS sampling period while the event loop is free (async work). Default 25 ms. */
  readonly sampleIntervalMs?: number;
  /** Injected for deterministic tests; default: the monotonic high-resolution clock. */
  readonly clock?: Clock;
  /** Cumulative CPU seconds (process + children); default: process.cpuUsage() + /proc children. */
  readonly cpuSeconds?: () => number;
  /** Current RSS in bytes; default process.memoryUsage.rss(). */
  readonly rssBytes?: () => number;
  /** The process's lifetime RSS high-water mark in bytes; default process.resourceUsage().maxRSS × 1024. */
  readonly maxRssBytes?: () => number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const MIB = 1024 * 1024;

/** Nanoseconds from process.hrtime: monotonic, unaffected by wall-clock adjustments. */
const monotonicClock: Clock = {
  nowNs: () => Number(process.hrtime.bigint()),
};

function defaultCpuSeconds(): number {
  return processCpuSeconds() + (childrenCpuSeconds() ?? 0);
}

/**
 * Runs `fn` and measures what it cost: CPU seconds, wall seconds, peak memory and dollars.
 *
 * Peak RSS: the kernel's maxRSS (getrusage) is exact but is a high-water mark over the whole process life
 * and cannot be reset. So it is read at start and end: if it rose during the run, the run set the
 * process's peak and that value is the run's exact peak. If not (an earlier, bigger run already set it),
 * the peak is the largest of the RSS samples taken at start, end, on a timer (only fires while `fn`
 * awaits: a synchronous loop blocks the event loop) and whenever `fn` calls `meter.sample()` — a lower
 * bound, flagged as such in `peakRssSource`.
 *
 * A throwing `fn` rethrows its error (a failed run has no cost record).
 */
export async function measureTrainingCost<T>(
  fn: (meter: CostMeter) => T | Promise<T>,
  options: MeasureTrainingCostOptions = {},
): Promise<{ result: T; cost: TrainingCost }> {
  const rate = resolveDollarsPerCoreHour(options.dollarsPerCoreHour, options.env);
  const clock = options.clock ?? monotonicClock;
  const cpu = options.cpuSeconds ?? defaultCpuSeconds;
  const rss = options.rssBytes ?? ((): number => process.memoryUsage.rss());
  const maxRss = options.maxRssBytes ?? ((): number => process.resourceUsage().maxRSS * 1024);
  const interval = options.sampleIntervalMs ?? 25;

  let peakSample = 0;
  const meter: CostMeter = {
    sample(): void {
      const v = rss();
      if (v > peakSample) peakSample = v;
    },
  };
  const maxRssStart = maxRss();
  meter.sample();
  const cpuStart = cpu();
  const wallStart = clock.nowNs();
  const timer = setInterval(() => meter.sample(), interval);
  timer.unref(); // never keeps the process alive on its own
  let result: T;
  try {
    result = await fn(meter);
  } finally {
    clearInterval(timer);
  }
  const wallEnd = clock.nowNs();
  const cpuEnd = cpu();
  meter.sample();
  const maxRssEnd = maxRss();
  const cpuSeconds = Math.max(0, cpuEnd - cpuStart);
  const raised = maxRssEnd > maxRssStart;
  const peakBytes = raised ? Math.max(maxRssEnd, peakSample) : peakSample;
  return {
    result,
    cost: {
      cpuSeconds,
      wallSeconds: (wallEnd - wallStart) / 1e9,
      peakRssMB: peakBytes / MIB,
      peakRssSource: raised ? 'maxrss' : 'samples',
      dollars: dollarsForCpuSeconds(cpuSeconds, rate),
      dollarsPerCoreHour: rate,
    },
  };
}
