import type { ClassificationData } from '../TrainingData.ts';
import { Standardizer, type StandardizerJSON } from '../../labels/Standardizer.ts';
import { loadTfWasm } from './tfWasm.ts';
import { MlpPredictor } from './MlpPredictor.ts';
import { mlpLogitsTf, mlpWeightSpecs, standardizedMatrix, type MlpShape } from './MlpNetwork.ts';
import { weightsFromJSON, weightsToJSON, type WeightTensorJSON } from './WeightTensor.ts';
import { trainingSummaryFromJSON, type TrainingSummary } from './TrainingSummary.ts';

/** The MLP's artifact body. */
export interface MlpJSON {
  readonly kind: 'mlp';
  readonly version: 1;
  readonly featureNames: string[];
  readonly numClasses: number;
  readonly hidden: number[];
  readonly activation: 'relu';
  readonly standardizer: StandardizerJSON;
  readonly weights: WeightTensorJSON[];
  readonly training: TrainingSummary;
}

/** A trained MLP: train-only standardisation, float32 weights, how it was trained. */
export class MlpModel {
  readonly shape: MlpShape;

  constructor(
    readonly featureNames: readonly string[],
    readonly numClasses: number,
    readonly hidden: readonly number[],
    readonly standardizer: Standardizer,
    /** dense_k/kernel [in, out], dense_k/bias [out] per layer (MlpNetwork order). */
    readonly weights: readonly Float32Array[],
    readonly training: TrainingSummary,
  ) {
    this.shape = { inputs: featureNames.length, hidden, outputs: numClasses };
  }

  get epochs(): number {
    return this.training.epochs;
  }

  /** NaN when trained without validation rows. */
  get bestValidationLoss(): number {
    return this.training.bestValidationLoss ?? NaN;
  }

  /** The compiled predictor (plain JS, no allocation per call). */
  predictor(): MlpPredictor {
    return new MlpPredictor(this.standardizer, this.weights, [this.shape.inputs, ...this.hidden, this.numClasses]);
  }

  /**
   * Class probabilities from tfjs (float32) for `rows` of raw columns in `featureNames` order, row-major
   * rows × numClasses: the trainer's own arithmetic, for batch evaluation and the parity test.
   */
  async predictBatch(x: ClassificationData['x'], rows: Int32Array): Promise<Float64Array> {
    if (x.length !== this.shape.inputs) throw new RangeError(`mlp: expected ${this.shape.inputs} feature columns, got ${x.length}`);
    const tf = await loadTfWasm();
    const out = new Float64Array(rows.length * this.numClasses);
    const chunk = 8192;
    const params = this.weights.map((w, i) => tf.tensor(w, mlpWeightSpecs(this.shape)[i].shape as number[]));
    try {
      for (let s = 0; s < rows.length; s += chunk) {
        const part = rows.subarray(s, Math.min(rows.length, s + chunk));
        const probs = tf.tidy(() => tf.softmax(mlpLogitsTf(tf, params, tf.tensor2d(standardizedMatrix(this.standardizer, x, part), [part.length, this.shape.inputs]))));
        out.set(probs.dataSync(), s * this.numClasses);
        probs.dispose();
      }
    } finally {
      for (const p of params) p.dispose();
    }
    return out;
  }

  toJSON(): MlpJSON {
    return {
      kind: 'mlp',
      version: 1,
      featureNames: [...this.featureNames],
      numClasses: this.numClasses,
      hidden: [...this.hidden],
      activation: 'relu',
      standardizer: this.standardizer.toJSON(),
      weights: weightsToJSON(mlpWeightSpecs(this.shape), this.weights),
      training: this.training,
    };
  }

  /** Restores a model; a malformed artifact is a RangeError naming the field. */
  static fromJSON(json: unknown): MlpModel {
    const o = json as Partial<Record<keyof MlpJSON, unknown>> | null;
    if (o === null || typeof o !== 'object' || o.kind !== 'mlp') throw new RangeError('mlp artifact: field "kind" must be "mlp"');
    if (o.version !== 1) throw new RangeError(`mlp artifact: field "version" must be 1, got ${String(o.version)}`);
    if (!Array.isArray(o.featureNames) || !o.featureNames.every((n) => typeof n === 'string') || o.featureNames.length === 0) {
      throw new RangeError('mlp artifact: field "featureNames" must be a non-empty array of strings');
    }
    if (!Number.isInteger(o.numClasses) || (o.numClasses as number) < 2) throw new RangeError('mlp artifact: field "numClasses" must be an integer ≥ 2');
    if (!Array.isArray(o.hidden) || !o.hidden.every((h) => Number.isInteger(h) && h >= 1)) {
      throw new RangeError('mlp artifact: field "hidden" must be an array of integers ≥ 1');
    }
    if (o.activation !== 'relu') throw new RangeError('mlp artifact: field "activation" must be "relu"');
    const standardizer = Standardizer.fromJSON(o.standardizer);
    const featureNames = o.featureNames as string[];
    if (standardizer.columns !== featureNames.length) {
      throw new RangeError(`mlp artifact: field "standardizer" has ${standardizer.columns} columns, featureNames ${featureNames.length}`);
    }
    const hidden = o.hidden as number[];
    const numClasses = o.numClasses as number;
    const weights = weightsFromJSON(o.weights, mlpWeightSpecs({ inputs: featureNames.length, hidden, outputs: numClasses }), 'mlp');
    return new MlpModel(featureNames, numClasses, hidden, standardizer, weights, trainingSummaryFromJSON(o.training, 'mlp'));
  }
}
