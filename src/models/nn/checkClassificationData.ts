import type { ClassificationData } from '../TrainingData.ts';

/** Rejects inconsistent training data with a message naming what is wrong (before any training work). */
export function checkClassificationData(data: ClassificationData, trainer: string): void {
  const n = data.y.length;
  if (data.x.length === 0) throw new RangeError(`${trainer}: no feature columns`);
  if (data.featureNames.length !== data.x.length) {
    throw new RangeError(`${trainer}: ${data.featureNames.length} feature names for ${data.x.length} columns`);
  }
  data.x.forEach((col, c) => {
    if (col.length !== n) throw new RangeError(`${trainer}: feature "${data.featureNames[c]}" has ${col.length} rows, labels ${n}`);
  });
  if (!Number.isInteger(data.numClasses) || data.numClasses < 2) throw new RangeError(`${trainer}: numClasses must be an integer ≥ 2, got ${data.numClasses}`);
  checkRows(data.train, n, 'train', trainer);
  checkRows(data.validation, n, 'validation', trainer);
  if (data.train.length === 0) throw new RangeError(`${trainer}: no training rows`);
  for (const rows of [data.train, data.validation]) {
    for (let i = 0; i < rows.length; i++) {
      if (data.y[rows[i]] >= data.numClasses) throw new RangeError(`${trainer}: label ${data.y[rows[i]]} at row ${rows[i]} is not a class in [0, ${data.numClasses})`);
    }
  }
}

export function checkRows(rows: Int32Array, n: number, part: string, trainer: string, first = 0): void {
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] < first || rows[i] >= n) throw new RangeError(`${trainer}: ${part} row ${rows[i]} (at ${i}) is outside [${first}, ${n})`);
  }
}
