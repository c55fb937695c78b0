/**
 * The few sample statistics the stylized facts need, with one stated convention each so that a test can
 * compute them by hand:
 * - quantiles are nearest-rank (the smallest value whose cumulative share reaches q; the median of an even
 *   count is the lower middle value), for plain samples and for weighted (e.g. time-weighted) ones alike;
 * - excess kurtosis is the moment estimator m4 / m2² − 3 (population moments, no small-sample correction);
 * - autocorrelation at lag k is the usual sample ACF Σ (x_t − x̄)(x_{t+k} − x̄) / Σ (x_t − x̄)², with x̄
 *   the mean of the whole series; non-finite values (gaps) are left out of both sums and the mean.
 * Statistics of an empty sample (or a constant one, where a ratio would divide by zero) are NaN.
 */

/** Nearest-rank quantile of an ascending-sorted sample (NaN when empty). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.ceil(q * n);
  return sorted[Math.min(n, Math.max(1, rank)) - 1];
}

/** A sorted copy of the first `n` values (typed-array numeric sort). */
export function sortedCopy(values: Float64Array, n = values.length): Float64Array {
  return values.slice(0, n).sort();
}

export function mean(values: ArrayLike<number>, n = values.length): number {
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  return s / n;
}

/** Standard deviation / mean (population standard deviation); NaN when empty or the mean is 0. */
export function coefficientOfVariation(values: ArrayLike<number>, n = values.length): number {
  const m = mean(values, n);
  if (!(m !== 0)) return NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - m) ** 2;
  return Math.sqrt(ss / n) / m;
}

/** Population standard deviation of the finite values. */
export function standardDeviation(values: ArrayLike<number>, n = values.length): number {
  const { count, m2 } = centralMoments(values, n);
  return count === 0 ? NaN : Math.sqrt(m2);
}

/** Excess kurtosis m4 / m2² − 3 of the finite values (0 for a normal distribution). */
export function excessKurtosis(values: ArrayLike<number>, n = values.length): number {
  const { count, m2, m4 } = centralMoments(values, n);
  if (count === 0 || !(m2 > 0)) return NaN;
  return m4 / (m2 * m2) - 3;
}

function centralMoments(values: ArrayLike<number>, n: number): { count: number; m2: number; m4: number } {
  let count = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (Number.isFinite(x)) {
      s += x;
      count++;
    }
  }
  if (count === 0) return { count, m2: NaN, m4: NaN };
  const m = s / count;
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) continue;
    const d2 = (x - m) * (x - m);
    s2 += d2;
    s4 += d2 * d2;
  }
  return { count, m2: s2 / count, m4: s4 / count };
}

/** Sample autocorrelation at `lag` (gaps: non-finite values are skipped). */
export function autocorrelation(values: ArrayLike<number>, lag: number, n = values.length): number {
  if (!(lag >= 1) || !Number.isInteger(lag)) throw new RangeError(`autocorrelation: lag must be a positive integer (${lag})`);
  let count = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(values[i])) {
      s += values[i];
      count++;
    }
  }
  if (count === 0) return NaN;
  const m = s / count;
  let den = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) den += (values[i] - m) ** 2;
  if (!(den > 0)) return NaN;
  let num = 0;
  let pairs = 0;
  for (let i = 0; i + lag < n; i++) {
    const a = values[i];
    const b = values[i + lag];
    if (Number.isFinite(a) && Number.isFinite(b)) {
      num += (a - m) * (b - m);
      pairs++;
    }
  }
  return pairs === 0 ? NaN : num / den;
}

/**
 * Total weight per value (values taken as exact keys: integer ticks, shares): a time-weighted
 * distribution where each value is held for a duration. Quantiles use the same nearest-rank rule.
 */
export class WeightedHistogram {
  private readonly weights = new Map<number, number>();
  total = 0;

  add(value: number, weight: number): void {
    if (!(weight > 0)) return;
    this.weights.set(value, (this.weights.get(value) ?? 0) + weight);
    this.total += weight;
  }

  get empty(): boolean {
    return this.total === 0;
  }

  mean(): number {
    if (this.total === 0) return NaN;
    let s = 0;
    for (const [v, w] of this.weights) s += v * w;
    return s / this.total;
  }

  /** The smallest value whose cumulative weight reaches q × total (NaN when empty). */
  quantile(q: number): number {
    if (this.total === 0) return NaN;
    const values = [...this.weights.keys()].sort((a, b) => a - b);
    const target = q * this.total;
    let cum = 0;
    for (const v of values) {
      cum += this.weights.get(v) as number;
      // A relative epsilon keeps q = 0.5 of two equal halves on the lower value despite rounding.
      if (cum >= target - 1e-12 * this.total) return v;
    }
    return values[values.length - 1];
  }
}

/** A growable Float64Array of samples. */
export class SampleBuffer {
  values = new Float64Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = x;
  }

  /** The samples (a view, valid until the next push). */
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}
