/** How training rows of each class are weighted in the loss. */
export type ClassWeighting = 'none' | 'balanced' | readonly number[];

/**
 * Per-class weights. 'balanced' is sklearn's n / (K · n_k): every class carries the same total weight,
 * which is what macro-F1 rewards when the classes are uneven. A class absent from training gets 0.
 */
export function classWeights(labels: ArrayLike<number>, numClasses: number, weighting: ClassWeighting): number[] {
  if (Array.isArray(weighting)) {
    const w = weighting as readonly number[];
    if (w.length !== numClasses || !w.every((v) => Number.isFinite(v) && v >= 0)) {
      throw new RangeError(`classWeight must be ${numClasses} finite non-negative numbers, got [${w.join(', ')}]`);
    }
    return [...w];
  }
  if (weighting === 'none') return new Array<number>(numClasses).fill(1);
  if (weighting !== 'balanced') throw new RangeError(`classWeight must be "none", "balanced" or an array, got ${String(weighting)}`);
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts.map((c) => (c === 0 ? 0 : labels.length / (numClasses * c)));
}
