/** A histogram of latency samples in microseconds, with linear or log10-spaced bins. */
export interface LatencyHistogram {
  /** Samples counted (non-finite and negative samples are dropped and counted in `dropped`). */
  readonly count: number;
  readonly dropped: number;
  /** Bin edges in µs (bins + 1 of them, increasing). */
  readonly edgesUs: Float64Array;
  readonly counts: Uint32Array;
  /** True when bins are equal in log10 (the samples spread over ≥ LOG_SPREAD× from smallest to largest). */
  readonly log: boolean;
  /** Samples below the first edge of a log histogram (zero latency), counted in the first bin. */
  readonly zeros: number;
  readonly minUs: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
}

/** Largest / smallest positive sample at and beyond which the bins become log-spaced. */
export const LOG_SPREAD = 50;

/**
 * Bins latency samples given in ns into `bins` bins over [min, max] in µs: equal widths, or equal in
 * log10 when the samples spread wide (a constant 50 µs with rare 5 ms spikes still shows both).
 */
export function latencyHistogram(samplesNs: ArrayLike<number>, bins = 40): LatencyHistogram {
  const us: number[] = [];
  let dropped = 0;
  for (let i = 0; i < samplesNs.length; i++) {
    const v = samplesNs[i];
    if (Number.isFinite(v) && v >= 0) us.push(v / 1e3);
    else dropped++;
  }
  const sorted = Float64Array.from(us).sort();
  const n = sorted.length;
  if (n === 0) {
    return { count: 0, dropped, edgesUs: new Float64Array(0), counts: new Uint32Array(0), log: false, zeros: 0, minUs: NaN, p50Us: NaN, p99Us: NaN, maxUs: NaN, meanUs: NaN };
  }
  const min = sorted[0];
  const max = sorted[n - 1];
  let sum = 0;
  for (const v of sorted) sum += v;
  let firstPositive = 0;
  while (firstPositive < n && sorted[firstPositive] <= 0) firstPositive++;
  const minPositive = firstPositive < n ? sorted[firstPositive] : NaN;
  const log = minPositive > 0 && max / minPositive >= LOG_SPREAD;
  const edges = new Float64Array(bins + 1);
  if (log) {
    const l0 = Math.log10(minPositive);
    const l1 = Math.log10(max);
    for (let k = 0; k <= bins; k++) edges[k] = 10 ** (l0 + ((l1 - l0) * k) / bins);
  } else {
    let lo = min;
    let hi = max;
    if (lo === hi) {
      lo -= lo === 0 ? 0 : Math.max(0.5, lo * 0.05);
      hi += Math.max(0.5, hi * 0.05);
    }
    for (let k = 0; k <= bins; k++) edges[k] = lo + ((hi - lo) * k) / bins;
  }
  edges[0] = Math.min(edges[0], log ? minPositive : min);
  edges[bins] = Math.max(edges[bins], max);
  const counts = new Uint32Array(bins);
  const l0 = Math.log10(edges[0]);
  const width = log ? (Math.log10(edges[bins]) - l0) / bins : (edges[bins] - edges[0]) / bins;
  let zeros = 0;
  for (const v of sorted) {
    let k: number;
    if (log && v < edges[0]) {
      zeros++;
      k = 0;
    } else {
      k = Math.floor(((log ? Math.log10(v) - l0 : v - edges[0]) / width) || 0);
    }
    counts[Math.min(bins - 1, Math.max(0, k))]++;
  }
  const q = (p: number): number => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  return { count: n, dropped, edgesUs: edges, counts, log, zeros, minUs: min, p50Us: q(0.5), p99Us: q(0.99), maxUs: max, meanUs: sum / n };
}
