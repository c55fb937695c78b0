import type { Predictor } from './Predictor.ts';

/**
 * Runs a compiled predictor over dataset rows (column-major features) exactly as live inference would,
 * one row at a time through the same `predict`, and returns row-major outputs (n × numOutputs).
 */
export function predictRows(predictor: Predictor, columns: readonly Float64Array[], rows: Int32Array): Float64Array {
  const d = columns.length;
  if (d !== predictor.numFeatures) throw new RangeError(`the model reads ${predictor.numFeatures} features, the data has ${d}`);
  const k = predictor.numOutputs;
  const x = new Float64Array(d);
  const out = new Float64Array(k);
  const all = new Float64Array(rows.length * k);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let j = 0; j < d; j++) x[j] = columns[j][r];
    predictor.predict(x, out);
    all.set(out, i * k);
  }
  return all;
}
