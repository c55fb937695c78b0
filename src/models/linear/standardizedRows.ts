import type { Standardizer } from '../../labels/Standardizer.ts';

/**
 * 1/std per column, computed exactly as Standardizer does internally, so (x − mean)·invStd here gives the
 * same bits as Standardizer.transformRow.
 */
export function inverseStd(standardizer: Standardizer): Float64Array {
  const inv = new Float64Array(standardizer.columns);
  for (let c = 0; c < inv.length; c++) inv[c] = 1 / standardizer.std[c];
  return inv;
}

/**
 * The listed rows as a row-major n × d matrix of standardised values, with every non-finite value
 * (missing feature, warm-up NaN, ±Infinity) replaced by 0, i.e. by the training mean. The linear
 * predictors impute the same way, so training and inference see the same numbers.
 *
 * Row-major because the trainers stream rows: one pass computes a row's logits and its gradient
 * contribution while the row is in cache.
 */
export function standardizedRowMatrix(columns: readonly Float64Array[], rows: Int32Array, standardizer: Standardizer): Float64Array {
  const d = columns.length;
  if (d !== standardizer.columns) throw new RangeError(`expected ${standardizer.columns} feature columns, got ${d}`);
  const mean = standardizer.mean;
  const inv = inverseStd(standardizer);
  const out = new Float64Array(rows.length * d);
  for (let j = 0; j < d; j++) {
    const col = columns[j];
    const mu = mean[j];
    const s = inv[j];
    for (let i = 0; i < rows.length; i++) {
      const z = (col[rows[i]] - mu) * s;
      // z − z is 0 for finite z and NaN for NaN/±Infinity: one branch covers every missing case.
      out[i * d + j] = z - z === 0 ? z : 0;
    }
  }
  return out;
}

/**
 * Throws unless every column has the same length and every row index lies inside it. `rowCount` is the
 * dataset length when there are no columns (a features-free model still has rows).
 */
export function checkRows(columns: readonly Float64Array[], rows: Int32Array, what: string, rowCount?: number): void {
  const n = columns.length === 0 ? (rowCount ?? Infinity) : columns[0].length;
  for (let c = 0; c < columns.length; c++) {
    if (columns[c].length !== n) throw new RangeError(`feature column ${c} has ${columns[c].length} rows, column 0 has ${n}`);
  }
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] < 0 || rows[i] >= n) throw new RangeError(`${what} row ${rows[i]} (at ${i}) is outside [0, ${n})`);
  }
}
