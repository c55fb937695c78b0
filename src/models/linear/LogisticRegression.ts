import type { Predictor } from '../Predictor.ts';
import { Standardizer, type StandardizerJSON } from '../../labels/Standardizer.ts';
import { inverseStd } from './standardizedRows.ts';
import { softmaxInPlace } from '../softmax.ts';
import { checkRows } from './standardizedRows.ts';
import { finiteNumbers, modelBodyError, objectOf } from './jsonFields.ts';

/** The artifact body of a trained multinomial logistic regression (kind "logistic"). */
export interface LogisticRegressionJSON {
  readonly kind: 'logistic';
  readonly numFeatures: number;
  readonly numClasses: number;
  readonly featureNames: string[];
  /** Feature-major: weights[j·numClasses + k] multiplies standardised feature j for class k. */
  readonly weights: number[];
  readonly intercepts: number[];
  readonly standardizer: StandardizerJSON;
}

/**
 * A fitted multinomial logistic regression with its train-only Standardizer baked in: `predict` takes a
 * raw feature row. One pass over the features: standardise, impute (a non-finite value becomes the
 * training mean, i.e. 0 after standardisation, as in training), add into K logits; then a stable
 * softmax. Flat Float64Arrays and a preallocated logit buffer: nothing is allocated per call.
 */
export class LogisticRegression implements Predictor {
  readonly kind = 'logistic';
  readonly numFeatures: number;
  readonly numOutputs: number;
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;

  constructor(
    readonly standardizer: Standardizer,
    /** Feature-major d × K. */
    readonly weights: Float64Array,
    readonly intercepts: Float64Array,
    readonly featureNames: readonly string[],
  ) {
    const d = standardizer.columns;
    const K = intercepts.length;
    if (K < 2) throw new RangeError(`logistic regression needs ≥ 2 classes, got ${K}`);
    if (weights.length !== d * K) throw new RangeError(`weights has ${weights.length} values, expected ${d} features × ${K} classes`);
    if (featureNames.length !== d) throw new RangeError(`${featureNames.length} feature names for ${d} features`);
    this.numFeatures = d;
    this.numOutputs = K;
    this.mean = standardizer.mean;
    this.invStd = inverseStd(standardizer);
  }

  predict(x: Float64Array, out: Float64Array): void {
    const d = this.numFeatures;
    const K = this.numOutputs;
    if (x.length !== d || out.length < K) throw new RangeError(`predict: expected ${d} features and ${K} outputs, got ${x.length} and ${out.length}`);
    const w = this.weights;
    const mean = this.mean;
    const inv = this.invStd;
    if (K === 3) {
      // The direction classifiers: three logits in registers. Same operation order as the generic path
      // and the trainer (b + Σ_j w·z in feature order, then softmaxInPlace's arithmetic).
      let l0 = this.intercepts[0];
      let l1 = this.intercepts[1];
      let l2 = this.intercepts[2];
      for (let j = 0; j < d; j++) {
        let z = (x[j] - mean[j]) * inv[j];
        if (z - z !== 0) z = 0;
        const o = j * 3;
        l0 += w[o] * z;
        l1 += w[o + 1] * z;
        l2 += w[o + 2] * z;
      }
      let m = l0;
      if (l1 > m) m = l1;
      if (l2 > m) m = l2;
      const e0 = Math.exp(l0 - m);
      const e1 = Math.exp(l1 - m);
      const e2 = Math.exp(l2 - m);
      const s = e0 + e1 + e2;
      out[0] = e0 / s;
      out[1] = e1 / s;
      out[2] = e2 / s;
      return;
    }
    for (let k = 0; k < K; k++) out[k] = this.intercepts[k];
    for (let j = 0; j < d; j++) {
      let z = (x[j] - mean[j]) * inv[j];
      if (z - z !== 0) z = 0;
      const o = j * K;
      for (let k = 0; k < K; k++) out[k] += w[o + k] * z;
    }
    softmaxInPlace(out, 0, K);
  }

  /** Probabilities for many rows (row-major rows × K), through `predict` itself so batch = live exactly. */
  predictRows(columns: readonly Float64Array[], rows: Int32Array): Float64Array {
    if (columns.length !== this.numFeatures) throw new RangeError(`expected ${this.numFeatures} feature columns, got ${columns.length}`);
    checkRows(columns, rows, 'predict');
    const K = this.numOutputs;
    const out = new Float64Array(rows.length * K);
    const x = new Float64Array(this.numFeatures);
    const p = new Float64Array(K);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < x.length; j++) x[j] = columns[j][rows[i]];
      this.predict(x, p);
      out.set(p, i * K);
    }
    return out;
  }

  toJSON(): LogisticRegressionJSON {
    return {
      kind: 'logistic',
      numFeatures: this.numFeatures,
      numClasses: this.numOutputs,
      featureNames: [...this.featureNames],
      weights: Array.from(this.weights),
      intercepts: Array.from(this.intercepts),
      standardizer: this.standardizer.toJSON(),
    };
  }

  /** Restores a model from its body; a malformed body is a RangeError naming the field. */
  static fromJSON(json: unknown): LogisticRegression {
    const o = objectOf(json, 'logistic');
    if (o.kind !== 'logistic') throw modelBodyError('logistic', 'kind', 'must be "logistic"');
    const K = o.numClasses;
    const d = o.numFeatures;
    if (typeof K !== 'number' || !Number.isInteger(K) || K < 2) throw modelBodyError('logistic', 'numClasses', 'must be an integer ≥ 2');
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) throw modelBodyError('logistic', 'numFeatures', 'must be an integer ≥ 0');
    const names = o.featureNames;
    if (!Array.isArray(names) || names.length !== d || !names.every((n) => typeof n === 'string')) {
      throw modelBodyError('logistic', 'featureNames', `must be ${d} strings`);
    }
    const weights = finiteNumbers(o.weights, 'logistic', 'weights', d * K);
    const intercepts = finiteNumbers(o.intercepts, 'logistic', 'intercepts', K);
    let standardizer: Standardizer;
    try {
      standardizer = Standardizer.fromJSON(o.standardizer);
    } catch (e) {
      throw modelBodyError('logistic', 'standardizer', (e as Error).message);
    }
    if (standardizer.columns !== d) throw modelBodyError('logistic', 'standardizer', `has ${standardizer.columns} columns, expected ${d}`);
    return new LogisticRegression(standardizer, weights, intercepts, names as string[]);
  }
}
