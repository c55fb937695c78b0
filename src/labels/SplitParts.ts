/**
 * What the split functions share: label windows, index lists, folds.
 *
 * Sample i's label window is [i, labelEnd[i]] (the samples its label reads from t on); labelEnd[i] = -1
 * marks an unlabeled sample, which is never put in any part.
 */

/** One train/test fold; indices ascending. The test region is [testStart, testEnd). */
export interface Fold {
  readonly fold: number;
  readonly train: Int32Array;
  readonly test: Int32Array;
  readonly testStart: number;
  readonly testEnd: number;
}

/** Throws unless labelEnd has n entries, each -1 or in [i, n-1]. */
export function checkLabelEnd(n: number, labelEnd: Int32Array): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (labelEnd.length !== n) throw new RangeError(`labelEnd has ${labelEnd.length} entries, expected n=${n}`);
  for (let i = 0; i < n; i++) {
    const e = labelEnd[i];
    if (e !== -1 && (e < i || e >= n)) {
      throw new RangeError(`labelEnd[${i}] = ${e}: must be -1 (unlabeled) or in [${i}, ${n - 1}]`);
    }
  }
}

export function checkEmbargo(embargo: number): void {
  if (!Number.isInteger(embargo) || embargo < 0) throw new RangeError(`embargo must be an integer >= 0, got ${embargo}`);
}

/**
 * Indices i in [from, to) that are labelled and whose label window ends at or before `maxEnd`
 * (purging: pass the first index of the later part minus one).
 */
export function labelledIn(labelEnd: Int32Array, from: number, to: number, maxEnd: number): Int32Array {
  const lo = Math.max(0, from);
  const hi = Math.min(labelEnd.length, to);
  if (hi <= lo) return new Int32Array(0);
  const out = new Int32Array(hi - lo);
  let m = 0;
  for (let i = lo; i < hi; i++) {
    const e = labelEnd[i];
    if (e >= 0 && e <= maxEnd) out[m++] = i;
  }
  return m === out.length ? out : out.slice(0, m);
}

/** Joins two ascending index lists where every index of `a` is below every index of `b`. */
export function concatIndices(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** RangeError for a part left with no sample. */
export function emptyWindow(what: string, detail: string): RangeError {
  return new RangeError(`empty window: ${what} has no labelled sample left (${detail})`);
}
