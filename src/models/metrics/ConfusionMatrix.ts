/**
 * Counts of (true class, predicted class) pairs: `counts[t][p]`, rows are true classes and columns
 * predicted ones (the sklearn `confusion_matrix` layout).
 */
export type ConfusionMatrix = {
  readonly numClasses: number;
  readonly counts: readonly (readonly number[])[];
};

/** Tallies predictions against truth; a class outside [0, numClasses) is a RangeError naming the row. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): ConfusionMatrix {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be an integer ≥ 1, got ${numClasses}`);
  if (yTrue.length !== yPred.length) throw new RangeError(`yTrue has ${yTrue.length} rows, yPred has ${yPred.length}`);
  const counts: number[][] = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!Number.isInteger(t) || t < 0 || t >= numClasses) throw new RangeError(`yTrue[${i}] = ${t} is not a class in [0, ${numClasses})`);
    if (!Number.isInteger(p) || p < 0 || p >= numClasses) throw new RangeError(`yPred[${i}] = ${p} is not a class in [0, ${numClasses})`);
    counts[t][p]++;
  }
  return { numClasses, counts };
}

/** Rows counted. */
export function confusionTotal(cm: ConfusionMatrix): number {
  let n = 0;
  for (const row of cm.counts) for (const c of row) n += c;
  return n;
}

/** Share of rows on the diagonal; NaN for an empty matrix (no rows: nothing was measured). */
export function accuracy(cm: ConfusionMatrix): number {
  let hit = 0;
  for (let k = 0; k < cm.numClasses; k++) hit += cm.counts[k][k];
  const n = confusionTotal(cm);
  return n === 0 ? NaN : hit / n;
}
