import type { ClassificationData } from '../TrainingData.ts';
import { SeededRng } from '../../core/rng.ts';
import { Standardizer } from '../../labels/Standardizer.ts';
import { loadTfWasm } from './tfWasm.ts';
import { classWeights, type ClassWeighting } from '../classWeights.ts';
import { checkClassificationData } from './checkClassificationData.ts';
import { initMlpWeights, mlpLogitsTf, mlpWeightSpecs, standardizedMatrix, type MlpShape } from './MlpNetwork.ts';
import { MlpModel } from './MlpModel.ts';
import { capRows, loopOptions, runTrainingLoop, type LoopOptions } from './trainLoop.ts';
import { trainingSummary } from './TrainingSummary.ts';

export interface MlpOptions extends Partial<LoopOptions> {
  /** Hidden layer widths (ReLU); default [64, 32]. */
  hidden?: readonly number[];
  /** Default 'balanced' (the day's classes are rarely balanced). */
  classWeighting?: ClassWeighting;
  /** Cap on training / validation rows (evenly spaced over the part); default all. */
  maxTrainRows?: number;
  maxValidationRows?: number;
}

export const MLP_DEFAULTS = {
  hidden: [64, 32],
  maxEpochs: 30,
  patience: 3,
  minDelta: 1e-4,
  batchSize: 256,
  learningRate: 1e-3,
  seed: 1,
  evalBatchSize: 4096,
} as const;

/**
 * Trains an MLP (ReLU hidden layers, softmax output) with Adam on class-weighted cross-entropy, early
 * stopping on the validation loss, on tfjs-wasm. Inputs are standardised with statistics from the
 * training rows only. Same data, options and seed → the same weights, bit for bit.
 */
export async function trainMlp(data: ClassificationData, options: MlpOptions = {}): Promise<MlpModel> {
  checkClassificationData(data, 'trainMlp');
  const hidden = [...(options.hidden ?? MLP_DEFAULTS.hidden)];
  if (!hidden.every((h) => Number.isInteger(h) && h >= 1)) throw new RangeError(`trainMlp: hidden widths must be integers ≥ 1, got [${hidden.join(', ')}]`);
  const loop = loopOptions(MLP_DEFAULTS, options);
  const train = capRows(data.train, options.maxTrainRows);
  const validation = capRows(data.validation, options.maxValidationRows);
  const tf = await loadTfWasm();
  const standardizer = Standardizer.fit(data.x, train);
  const shape: MlpShape = { inputs: data.x.length, hidden, outputs: data.numClasses };
  // Standardised once for every row (row-major float32): batches are then contiguous copies.
  const all = new Int32Array(data.y.length).map((_, i) => i);
  const matrix = standardizedMatrix(standardizer, data.x, all);
  const d = shape.inputs;
  const weights = classWeights(data.y, train, data.numClasses, options.classWeighting ?? 'balanced');
  const specs = mlpWeightSpecs(shape);
  const params = initMlpWeights(shape, new SeededRng(loop.seed)).map((w, i) => tf.tidy(() => tf.variable(tf.tensor(w, specs[i].shape as number[]))));
  try {
    const result = runTrainingLoop(
      tf,
      {
        params,
        y: data.y,
        numClasses: data.numClasses,
        train,
        validation,
        classWeights: weights,
        inputs: (rows) => {
          const buf = new Float32Array(rows.length * d);
          for (let i = 0; i < rows.length; i++) buf.set(matrix.subarray(rows[i] * d, rows[i] * d + d), i * d);
          return tf.tensor2d(buf, [rows.length, d]);
        },
        logits: (x) => mlpLogitsTf(tf, params, x as Parameters<typeof mlpLogitsTf>[2]),
      },
      loop,
    );
    const training = trainingSummary(result, { ...loop, trainRows: train.length, validationRows: validation.length, classWeights: weights });
    return new MlpModel(data.featureNames, data.numClasses, hidden, standardizer, result.best, training);
  } finally {
    for (const p of params) p.dispose();
  }
}
