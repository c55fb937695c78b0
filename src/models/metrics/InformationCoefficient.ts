/**
 * IC = Pearson correlation of predictions and realised targets; rank IC = Spearman (Pearson of ranks,
 * ties given their average rank, as scipy.stats.spearmanr). Pairs where either value is not finite are
 * dropped (forward returns are NaN near the end of a day). Fewer than 2 pairs, or a constant side: NaN.
 */
export function pearsonIC(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  const [a, b] = finitePairs(predictions, targets);
  return pearson(a, b);
}

export function spearmanRankIC(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  const [a, b] = finitePairs(predictions, targets);
  return pearson(averageRanks(a), averageRanks(b));
}

/** 1-based ranks; tied values share the mean of the ranks they span (scipy `rankdata(method='average')`). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j] || i - j);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    const r = (i + 1 + j) / 2; // mean of ranks i+1 .. j
    for (let k = i; k < j; k++) ranks[order[k]] = r;
    i = j;
  }
  return ranks;
}

/** Copies of the pairs where both values are finite. */
export function finitePairs(a: ArrayLike<number>, b: ArrayLike<number>): [Float64Array, Float64Array] {
  if (a.length !== b.length) throw new RangeError(`predictions have ${a.length} rows, targets ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]) && Number.isFinite(b[i])) m++;
  const x = new Float64Array(m);
  const y = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      x[k] = a[i];
      y[k] = b[i];
      k++;
    }
  }
  return [x, y];
}

function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  // Two-pass on deviations: no cancellation from sum-of-squares formulas.
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return sxy / Math.sqrt(sxx * syy);
}
