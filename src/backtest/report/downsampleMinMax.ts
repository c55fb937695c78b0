/**
 * Picks at most `maxPoints` points of a series to draw, keeping its shape: the points are split into
 * `floor(maxPoints / 2)` buckets of consecutive indices (bucket k holds positions
 * [floor(k·n/B), floor((k+1)·n/B)) of the n points), and each bucket keeps its minimum and its maximum
 * (one point when they coincide), in index order. Spikes survive, so a drawdown or a price jump drawn
 * from the result is as deep as in the full series.
 *
 * Non-finite values (a NaN mid while the book is one-sided) are ignored when finding min and max; a
 * bucket with no finite value keeps its first point, so a line drawn through the result shows the gap.
 *
 * `subset`, when given, lists the indices (increasing) to consider: the result holds indices into
 * `values`, chosen among them. With at most maxPoints candidates, all are returned.
 */
export function downsampleMinMax(values: ArrayLike<number>, maxPoints: number, subset?: ArrayLike<number>): Int32Array {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`downsampleMinMax: maxPoints must be an integer ≥ 2, got ${maxPoints}`);
  const n = subset ? subset.length : values.length;
  const at = subset ? (p: number): number => subset[p] : (p: number): number => p;
  if (n <= maxPoints) return Int32Array.from({ length: n }, (_, p) => at(p));
  const buckets = minMaxBucketCount(maxPoints);
  const out = new Int32Array(2 * buckets);
  let o = 0;
  for (let k = 0; k < buckets; k++) {
    const start = Math.floor((k * n) / buckets);
    const end = Math.floor(((k + 1) * n) / buckets);
    let lo = -1;
    let hi = -1;
    for (let p = start; p < end; p++) {
      const v = values[at(p)];
      if (!Number.isFinite(v)) continue;
      if (lo < 0 || v < values[at(lo)]) lo = p;
      if (hi < 0 || v > values[at(hi)]) hi = p;
    }
    if (lo < 0) {
      out[o++] = at(start);
    } else if (lo === hi) {
      out[o++] = at(lo);
    } else {
      out[o++] = at(Math.min(lo, hi));
      out[o++] = at(Math.max(lo, hi));
    }
  }
  return out.slice(0, o);
}

/** Number of buckets downsampleMinMax uses for a series longer than maxPoints. */
export function minMaxBucketCount(maxPoints: number): number {
  return Math.floor(maxPoints / 2);
}
