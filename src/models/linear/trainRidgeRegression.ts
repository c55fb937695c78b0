import type { RegressionData } from '../TrainingData.ts';
import { Standardizer } from '../../labels/Standardizer.ts';
import { rSquared } from '../metrics/RSquared.ts';
import { RidgeRegression } from './RidgeRegression.ts';
import { choleskySolve } from './cholesky.ts';
import { checkRows, standardizedRowMatrix } from './standardizedRows.ts';

export interface RidgeRegressionOptions {
  /** Penalty α in Σ(y − b − wᵀz)² + α‖w‖² (sklearn Ridge's form). Default 1. */
  readonly alpha?: number;
  /** Candidate penalties: each is fitted, the best validation R² wins (needs validation rows). Overrides `alpha`. */
  readonly alphas?: readonly number[];
}

export interface RidgeTrainingResult {
  readonly model: RidgeRegression;
  readonly alpha: number;
  /** Training rows used (those with a finite target). */
  readonly trainRows: number;
  /** Validation R² per candidate α (empty without validation rows). */
  readonly validationR2: { alpha: number; r2: number }[];
  /** Validation predictions (data.validation order) from the trainer's own code path. */
  readonly validationPredictions: Float64Array;
}

/**
 * Ridge regression in closed form on standardised features: with Zc the centred training matrix and yc
 * the centred target, w = (ZcᵀZc + αI)⁻¹ Zcᵀyc by Cholesky (the system is d × d, so this is one pass to
 * build the Gram matrix plus microseconds of algebra), intercept b = ȳ − w·z̄ (unpenalised). Rows whose
 * target is not finite (the end-of-day forward returns) are left out, and the Standardizer is fitted on
 * the remaining training rows only. Deterministic: no randomness, fixed summation order.
 */
export function trainRidgeRegression(data: RegressionData, options: RidgeRegressionOptions = {}): RidgeTrainingResult {
  const d = data.x.length;
  if (data.featureNames.length !== d) throw new RangeError(`${data.featureNames.length} feature names for ${d} feature columns`);
  checkRows(data.x, data.train, 'train', data.y.length);
  checkRows(data.x, data.validation, 'validation', data.y.length);
  const alphas = options.alphas ?? [options.alpha ?? 1];
  if (alphas.length === 0 || !alphas.every((a) => Number.isFinite(a) && a >= 0)) throw new RangeError(`alphas must be finite numbers ≥ 0, got [${alphas.join(', ')}]`);
  const train = finiteTargetRows(data.y, data.train);
  if (train.length === 0) throw new RangeError('no training rows with a finite target');
  const standardizer = Standardizer.fit(data.x, d === 0 ? new Int32Array(0) : train);
  const z = standardizedRowMatrix(data.x, train, standardizer);
  const n = train.length;

  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += data.y[train[i]];
  yMean /= n;
  const zMean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) zMean[j] += z[i * d + j];
  for (let j = 0; j < d; j++) zMean[j] /= n;
  // Gram matrix of centred rows (lower triangle) and Zcᵀyc; centring explicitly keeps the intercept exact
  // even though z̄ is 0 only up to rounding.
  const gram = new Float64Array(d * d);
  const zty = new Float64Array(d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = z[i * d + j] - zMean[j];
    const yc = data.y[train[i]] - yMean;
    for (let j = 0; j < d; j++) {
      const rj = row[j];
      zty[j] += rj * yc;
      const o = j * d;
      for (let k = 0; k <= j; k++) gram[o + k] += rj * row[k];
    }
  }

  const fit = (alpha: number): RidgeRegression => {
    const a = Float64Array.from(gram);
    for (let j = 0; j < d; j++) a[j * d + j] += alpha;
    const w = d === 0 ? new Float64Array(0) : choleskySolve(a, d, zty);
    let b = yMean;
    for (let j = 0; j < d; j++) b -= w[j] * zMean[j];
    return new RidgeRegression(standardizer, w, b, alpha, data.featureNames);
  };

  const zVal = standardizedRowMatrix(data.x, data.validation, standardizer);
  const yVal = Float64Array.from(data.validation, (r) => data.y[r]);
  const validationR2: { alpha: number; r2: number }[] = [];
  let bestModel: RidgeRegression | null = null;
  let bestPred: Float64Array = new Float64Array(data.validation.length);
  let bestR2 = -Infinity;
  for (const alpha of alphas) {
    const model = fit(alpha);
    const pred = linearPredictions(model, zVal, d);
    if (data.validation.length > 0) {
      const r2 = rSquared(pred, yVal);
      validationR2.push({ alpha, r2 });
      if (bestModel === null || r2 > bestR2) {
        bestModel = model;
        bestPred = pred;
        bestR2 = r2;
      }
    } else if (bestModel === null) {
      if (alphas.length > 1) throw new RangeError('choosing among several alphas needs validation rows');
      bestModel = model;
      bestPred = pred;
    }
  }
  const model = bestModel as RidgeRegression;
  return { model, alpha: model.alpha, trainRows: n, validationR2, validationPredictions: bestPred };
}

/** b + Σ w_j z_j over row-major standardised rows, in the predictor's order (identical bits). */
function linearPredictions(model: RidgeRegression, z: Float64Array, d: number): Float64Array {
  const n = d === 0 ? 0 : z.length / d;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = model.intercept;
    for (let j = 0; j < d; j++) s += model.weights[j] * z[i * d + j];
    out[i] = s;
  }
  return out;
}

function finiteTargetRows(y: Float64Array, rows: Int32Array): Int32Array {
  const kept: number[] = [];
  for (let i = 0; i < rows.length; i++) if (Number.isFinite(y[rows[i]])) kept.push(rows[i]);
  return Int32Array.from(kept);
}
