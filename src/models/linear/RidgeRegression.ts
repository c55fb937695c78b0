import type { Predictor } from '../Predictor.ts';
import { Standardizer, type StandardizerJSON } from '../../labels/Standardizer.ts';
import { checkRows, inverseStd } from './standardizedRows.ts';
import { finiteNumbers, modelBodyError, objectOf } from './jsonFields.ts';

/** The artifact body of a trained ridge regression (kind "ridge"). */
export interface RidgeRegressionJSON {
  readonly kind: 'ridge';
  readonly numFeatures: number;
  readonly featureNames: string[];
  /** Per standardised feature. */
  readonly weights: number[];
  readonly intercept: number;
  /** The penalty the weights were fitted with. */
  readonly alpha: number;
  readonly standardizer: StandardizerJSON;
}

/**
 * A fitted ridge regression on standardised features, Standardizer baked in: `predict` takes a raw row
 * and writes b + Σ_j w_j·z_j (features in order; a non-finite feature counts as its training mean) into
 * out[0]. No allocation per call.
 */
export class RidgeRegression implements Predictor {
  readonly kind = 'ridge';
  readonly numFeatures: number;
  readonly numOutputs = 1;
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;

  constructor(
    readonly standardizer: Standardizer,
    readonly weights: Float64Array,
    readonly intercept: number,
    readonly alpha: number,
    readonly featureNames: readonly string[],
  ) {
    const d = standardizer.columns;
    if (weights.length !== d) throw new RangeError(`weights has ${weights.length} values, expected ${d}`);
    if (featureNames.length !== d) throw new RangeError(`${featureNames.length} feature names for ${d} features`);
    this.numFeatures = d;
    this.mean = standardizer.mean;
    this.invStd = inverseStd(standardizer);
  }

  predict(x: Float64Array, out: Float64Array): void {
    const d = this.numFeatures;
    if (x.length !== d || out.length < 1) throw new RangeError(`predict: expected ${d} features and 1 output, got ${x.length} and ${out.length}`);
    const w = this.weights;
    let s = this.intercept;
    for (let j = 0; j < d; j++) {
      let z = (x[j] - this.mean[j]) * this.invStd[j];
      if (z - z !== 0) z = 0;
      s += w[j] * z;
    }
    out[0] = s;
  }

  /** Predictions for many rows, through `predict` itself. */
  predictRows(columns: readonly Float64Array[], rows: Int32Array): Float64Array {
    if (columns.length !== this.numFeatures) throw new RangeError(`expected ${this.numFeatures} feature columns, got ${columns.length}`);
    checkRows(columns, rows, 'predict');
    const out = new Float64Array(rows.length);
    const x = new Float64Array(this.numFeatures);
    const p = new Float64Array(1);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < x.length; j++) x[j] = columns[j][rows[i]];
      this.predict(x, p);
      out[i] = p[0];
    }
    return out;
  }

  toJSON(): RidgeRegressionJSON {
    return {
      kind: 'ridge',
      numFeatures: this.numFeatures,
      featureNames: [...this.featureNames],
      weights: Array.from(this.weights),
      intercept: this.intercept,
      alpha: this.alpha,
      standardizer: this.standardizer.toJSON(),
    };
  }

  static fromJSON(json: unknown): RidgeRegression {
    const o = objectOf(json, 'ridge');
    if (o.kind !== 'ridge') throw modelBodyError('ridge', 'kind', 'must be "ridge"');
    const d = o.numFeatures;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) throw modelBodyError('ridge', 'numFeatures', 'must be an integer ≥ 0');
    const names = o.featureNames;
    if (!Array.isArray(names) || names.length !== d || !names.every((n) => typeof n === 'string')) {
      throw modelBodyError('ridge', 'featureNames', `must be ${d} strings`);
    }
    const weights = finiteNumbers(o.weights, 'ridge', 'weights', d);
    const intercept = o.intercept;
    if (typeof intercept !== 'number' || !Number.isFinite(intercept)) throw modelBodyError('ridge', 'intercept', 'must be a finite number');
    const alpha = o.alpha;
    if (typeof alpha !== 'number' || !(alpha >= 0) || !Number.isFinite(alpha)) throw modelBodyError('ridge', 'alpha', 'must be a finite number ≥ 0');
    let standardizer: Standardizer;
    try {
      standardizer = Standardizer.fromJSON(o.standardizer);
    } catch (e) {
      throw modelBodyError('ridge', 'standardizer', (e as Error).message);
    }
    if (standardizer.columns !== d) throw modelBodyError('ridge', 'standardizer', `has ${standardizer.columns} columns, expected ${d}`);
    return new RidgeRegression(standardizer, weights, intercept, alpha, names as string[]);
  }
}
