/** Serialized form, stored in model artifacts. */
export interface StandardizerJSON {
  readonly kind: 'standardizer';
  readonly mean: number[];
  readonly std: number[];
  /** Finite training values each column's statistics were computed from. */
  readonly count: number[];
}

/**
 * Z-score normalisation whose statistics come from the training rows only.
 *
 * `fit` reads exactly the listed rows of each column and nothing else, so validation and test data can
 * never move the statistics (a test proves it bit for bit). Per column:
 * - mean and population std (divisor count, as sklearn's StandardScaler) over the finite values of the
 *   training rows; NaN and ±Infinity are skipped (missing features, warm-up);
 * - std 0 (a constant column) or no finite value at all becomes std 1, so transforming never divides by
 *   zero: a constant column maps to 0, and a column with no training data (mean 0, std 1, count 0) is
 *   passed through unchanged — check `count` to detect it.
 *
 * Transform: (x − mean) · (1 / std), the same arithmetic in `transformInPlace` (batch) and `transformRow`
 * (live), so both give identical bits.
 */
/** Smallest standard deviation taken as real spread (see fit). */
const MIN_STD = 1e-150;

export class Standardizer {
  private readonly invStd: Float64Array;

  private constructor(
    readonly mean: Float64Array,
    readonly std: Float64Array,
    readonly count: Int32Array,
  ) {
    this.invStd = new Float64Array(std.length);
    for (let c = 0; c < std.length; c++) this.invStd[c] = 1 / std[c];
  }

  get columns(): number {
    return this.mean.length;
  }

  /** Fits per-column statistics on `rows` (indices into every column) only. */
  static fit(columns: readonly Float64Array[], rows: Int32Array): Standardizer {
    const width = columns.length;
    const n = width === 0 ? 0 : columns[0].length;
    for (let c = 0; c < width; c++) {
      if (columns[c].length !== n) throw new RangeError(`column ${c} has ${columns[c].length} rows, column 0 has ${n}`);
    }
    for (let r = 0; r < rows.length; r++) {
      if (rows[r] < 0 || rows[r] >= n) throw new RangeError(`fit row ${rows[r]} (at ${r}) is outside [0, ${n})`);
    }
    const mean = new Float64Array(width);
    const std = new Float64Array(width);
    const count = new Int32Array(width);
    for (let c = 0; c < width; c++) {
      const col = columns[c];
      let m = 0;
      let sum = 0;
      for (let r = 0; r < rows.length; r++) {
        const v = col[rows[r]];
        if (Number.isFinite(v)) {
          sum += v;
          m++;
        }
      }
      if (m === 0) {
        mean[c] = 0;
        std[c] = 1;
        continue;
      }
      const mu = sum / m;
      // Second pass on deviations: accurate where sum of squares minus squared sum would cancel.
      let ss = 0;
      for (let r = 0; r < rows.length; r++) {
        const v = col[rows[r]];
        if (Number.isFinite(v)) ss += (v - mu) * (v - mu);
      }
      const sd = Math.sqrt(ss / m);
      mean[c] = mu;
      // Below 1e-150 the squares above were subnormal and lost their precision: such a column is constant
      // for every purpose, and dividing by its noise would blow it up.
      std[c] = sd > MIN_STD && Number.isFinite(sd) ? sd : 1;
      count[c] = m;
    }
    return new Standardizer(mean, std, count);
  }

  /** Standardizes every row of every column in place (columns in the fitted order). */
  transformInPlace(columns: readonly Float64Array[]): void {
    this.checkWidth(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c];
      const mu = this.mean[c];
      const inv = this.invStd[c];
      for (let i = 0; i < col.length; i++) col[i] = (col[i] - mu) * inv;
    }
  }

  /** Standardizes one row of feature values into `out` (may be the same array); allocates nothing. */
  transformRow(values: ArrayLike<number>, out: Float64Array): Float64Array {
    const width = this.mean.length;
    if (values.length !== width || out.length !== width) {
      throw new RangeError(`transformRow: expected ${width} values and outputs, got ${values.length} and ${out.length}`);
    }
    for (let c = 0; c < width; c++) out[c] = (values[c] - this.mean[c]) * this.invStd[c];
    return out;
  }

  toJSON(): StandardizerJSON {
    return { kind: 'standardizer', mean: Array.from(this.mean), std: Array.from(this.std), count: Array.from(this.count) };
  }

  /** Restores a fitted Standardizer; a malformed artifact is a RangeError naming the field. */
  static fromJSON(json: unknown): Standardizer {
    const o = json as Partial<Record<keyof StandardizerJSON, unknown>> | null;
    if (o === null || typeof o !== 'object' || o.kind !== 'standardizer') {
      throw new RangeError('standardizer artifact: field "kind" must be "standardizer"');
    }
    const mean = numbers(o.mean, 'mean');
    const std = numbers(o.std, 'std');
    const count = numbers(o.count, 'count');
    if (std.length !== mean.length || count.length !== mean.length) {
      throw new RangeError(`standardizer artifact: mean, std and count lengths differ (${mean.length}, ${std.length}, ${count.length})`);
    }
    for (let c = 0; c < std.length; c++) {
      if (!(std[c] > 0) || !Number.isFinite(std[c])) throw new RangeError(`standardizer artifact: field "std[${c}]" must be finite and > 0`);
      if (!Number.isFinite(mean[c])) throw new RangeError(`standardizer artifact: field "mean[${c}]" must be finite`);
    }
    return new Standardizer(Float64Array.from(mean), Float64Array.from(std), Int32Array.from(count));
  }

  private checkWidth(width: number): void {
    if (width !== this.mean.length) throw new RangeError(`expected ${this.mean.length} columns, got ${width}`);
  }
}

function numbers(v: unknown, field: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) {
    throw new RangeError(`standardizer artifact: field "${field}" must be an array of numbers`);
  }
  return v as number[];
}
