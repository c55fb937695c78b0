import type { SeededRng } from '../../core/rng.ts';

/**
 * Quantile binning of raw features (LightGBM-style): each feature's non-missing values fall into at most
 * `maxBins` bins of roughly equal training mass, a value heavy enough to fill a bin gets one of its own,
 * and NaN has a bin of its own after the others. A value v is in the first bin b with v ≤ upper[b], so a
 * split "bin ≤ b" is exactly "v ≤ upper[b]" on raw values: the predictor needs no binning.
 */
export interface FeatureBins {
  /** Per feature: ascending upper bounds of the non-missing bins; the last is +Infinity. */
  readonly upper: readonly Float64Array[];
  /** Per feature: start of its slots in a histogram (upper.length + 1 slots: the last is NaN); length F + 1. */
  readonly offsets: Int32Array;
  /** Per feature: 1 if a training row had NaN there (only then is a default direction learned). */
  readonly hasNan: Uint8Array;
}

/** Fits bin boundaries on (a seeded sample of at most `sampleRows` of) the training rows. */
export function fitFeatureBins(x: readonly Float64Array[], rows: Int32Array, maxBins: number, sampleRows: number, rng: SeededRng): FeatureBins {
  const sample = sampleRowsOf(rows, sampleRows, rng);
  const upper: Float64Array[] = [];
  const offsets = new Int32Array(x.length + 1);
  const hasNan = new Uint8Array(x.length);
  const values = new Float64Array(sample.length);
  for (let f = 0; f < x.length; f++) {
    const col = x[f];
    let m = 0;
    for (let i = 0; i < sample.length; i++) {
      const v = col[sample[i]];
      if (v === v) values[m++] = v;
    }
    // NaN is judged on every training row, not the sample: a rare NaN must still get a learned direction.
    for (let i = 0; i < rows.length && !hasNan[f]; i++) if (col[rows[i]] !== col[rows[i]]) hasNan[f] = 1;
    const ub = quantileUpperBounds(values.subarray(0, m).sort(), maxBins);
    upper.push(ub);
    offsets[f + 1] = offsets[f] + ub.length + 1;
  }
  return { upper, offsets, hasNan };
}

/**
 * Upper bounds from sorted values: walk the distinct values, closing a bin once it holds its share of
 * the rows still to place. Bounds sit halfway to the next distinct value (so unseen values in the gap
 * split evenly), or on the value itself when the two are adjacent doubles.
 */
export function quantileUpperBounds(sorted: Float64Array, maxBins: number): Float64Array {
  const m = sorted.length;
  const bounds: number[] = [];
  let i = 0;
  let placed = 0;
  while (i < m && bounds.length < maxBins - 1) {
    const target = (m - placed) / (maxBins - bounds.length);
    let inBin = 0;
    // Take whole runs of equal values until the bin has its share.
    while (i < m) {
      const v = sorted[i];
      let j = i + 1;
      while (j < m && sorted[j] === v) j++;
      inBin += j - i;
      i = j;
      if (inBin >= target) break;
    }
    placed += inBin;
    if (i >= m) break;
    const a = sorted[i - 1];
    const b = sorted[i];
    const mid = a / 2 + b / 2;
    bounds.push(mid > a && mid < b ? mid : a);
  }
  bounds.push(Infinity);
  return Float64Array.from(bounds);
}

/** Bin of a raw value: the first b with v ≤ upper[b]; NaN gets upper.length. */
export function binOf(upper: Float64Array, v: number): number {
  if (v !== v) return upper.length;
  let lo = 0;
  let hi = upper.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= upper[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Bins of a set of rows, kept in two layouts. Row-major (`stride` bytes per row, padded to whole 32-bit
 * words with bin 0): histogram building reads a row's bins four at a time and its gradient once, the
 * layout that makes row-wise histograms fast (XGBoost's). Column-major: partitioning a leaf on one
 * feature and walking rows through a tree read one byte per row, sequentially.
 */
export interface BinnedRows {
  readonly rows: number;
  readonly features: number;
  /** Bytes per row in `byRow`: features rounded up to a multiple of 4. */
  readonly stride: number;
  readonly byRow: Uint8Array;
  /** Feature f of row i at byColumn[f * rows + i]. */
  readonly byColumn: Uint8Array;
}

export function binRows(x: readonly Float64Array[], rows: Int32Array, bins: FeatureBins): BinnedRows {
  const F = x.length;
  const n = rows.length;
  const stride = Math.ceil(F / 4) * 4;
  const byRow = new Uint8Array(n * stride);
  const byColumn = new Uint8Array(n * F);
  for (let f = 0; f < F; f++) {
    const col = x[f];
    const ub = bins.upper[f];
    for (let i = 0; i < n; i++) {
      const b = binOf(ub, col[rows[i]]);
      byColumn[f * n + i] = b;
      byRow[i * stride + f] = b;
    }
  }
  return { rows: n, features: F, stride, byRow, byColumn };
}

function sampleRowsOf(rows: Int32Array, n: number, rng: SeededRng): Int32Array {
  if (rows.length <= n) return rows;
  const copy = Int32Array.from(rows);
  for (let i = 0; i < n; i++) {
    const j = i + rng.nextInt(copy.length - i);
    const t = copy[i];
    copy[i] = copy[j];
    copy[j] = t;
  }
  return copy.subarray(0, n).sort();
}
