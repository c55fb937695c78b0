/** How the cross-entropy weighs classes: not at all, inversely to their training frequency, or as given. */
export type ClassWeighting = 'none' | 'balanced' | readonly number[];

/**
 * Per-class loss weights from the training rows only. 'balanced' is sklearn's n / (k · count_c), so a
 * balanced training set gets weight 1 everywhere; a class absent from training gets 0 (nothing to weigh).
 */
export function classWeights(y: Uint8Array, rows: Int32Array, numClasses: number, weighting: ClassWeighting): Float64Array {
  const w = new Float64Array(numClasses);
  if (weighting === 'none') return w.fill(1);
  if (weighting !== 'balanced') {
    if (!Array.isArray(weighting)) throw new RangeError(`classWeights: "none", "balanced" or one weight per class, got ${String(weighting)}`);
    if (weighting.length !== numClasses || !weighting.every((v) => Number.isFinite(v) && v >= 0)) {
      throw new RangeError(`classWeights: expected ${numClasses} finite weights ≥ 0, got [${weighting.join(', ')}]`);
    }
    for (let c = 0; c < numClasses; c++) w[c] = weighting[c];
    return w;
  }
  const count = new Float64Array(numClasses);
  for (let i = 0; i < rows.length; i++) count[y[rows[i]]]++;
  for (let c = 0; c < numClasses; c++) w[c] = count[c] > 0 ? rows.length / (numClasses * count[c]) : 0;
  return w;
}
