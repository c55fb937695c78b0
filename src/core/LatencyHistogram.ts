/**
 * A latency histogram in the HdrHistogram manner: log-linear buckets (each power of two split into
 * 2^precisionBits linear sub-buckets), so any recorded value is known to within 1/2^precisionBits
 * (≈ 0.8 % at the default 7 bits) from 1 ns to about an hour, in a fixed Uint32Array: recording is a few
 * integer operations and never allocates, so it can sit on a hot path.
 */
export class LatencyHistogram {
  private readonly counts: Uint32Array;
  private readonly subCount: number;
  private readonly half: number;
  private readonly maxBlock: number;
  count = 0;
  min = Infinity;
  max = 0;
  private sum = 0;

  constructor(
    /** Sub-buckets per power of two = 2^(precisionBits − 1); relative error ≤ 2^−(precisionBits − 1). */
    precisionBits = 8,
    /** Highest power of two tracked (2^42 ns ≈ 73 minutes); larger values land in the top bucket. */
    maxExponent = 42,
  ) {
    this.subCount = 1 << precisionBits;
    this.half = this.subCount >> 1;
    this.maxBlock = Math.max(1, maxExponent - precisionBits + 1);
    this.counts = new Uint32Array((this.maxBlock + 2) * this.half);
  }

  /** Records one value (ns; negative values count as 0). */
  record(ns: number): void {
    const v = ns > 0 ? ns : 0;
    this.counts[this.index(v)]++;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /**
   * Block 0 holds [0, subCount) exactly, one value per bucket; block k ≥ 1 holds
   * [2^(b+k−1), 2^(b+k)) in `half` buckets of width 2^k, at indices [(k+1)·half, (k+2)·half).
   */
  private index(v: number): number {
    if (v < this.subCount) return Math.floor(v);
    let k = Math.floor(Math.log2(v)) - Math.log2(this.subCount) + 1;
    if (k > this.maxBlock) return this.counts.length - 1;
    let sub = Math.floor(v / 2 ** k);
    // log2 rounding at exact powers of two can be off by one: fix the block so that sub ∈ [half, 2·half).
    if (sub >= this.subCount) {
      k++;
      sub = Math.floor(v / 2 ** k);
    } else if (sub < this.half) {
      k--;
      sub = Math.floor(v / 2 ** k);
    }
    return k * this.half + sub;
  }

  /** The lowest value of bucket i (the inverse of index). */
  private lowest(i: number): number {
    if (i < this.subCount) return i;
    const k = Math.floor(i / this.half) - 1;
    return (i - k * this.half) * 2 ** k;
  }

  /** Value at quantile q in [0, 1] (the upper edge of its bucket, capped at the maximum seen). */
  percentile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        const upper = i + 1 < this.counts.length ? this.lowest(i + 1) : this.max;
        return Math.min(upper, this.max);
      }
    }
    return this.max;
  }

  mean(): number {
    return this.count ? this.sum / this.count : NaN;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = 0;
  }
}
