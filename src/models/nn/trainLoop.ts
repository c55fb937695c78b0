import type * as tfType from '@tensorflow/tfjs';
import { SeededRng } from '../../core/rng.ts';

type Tf = typeof tfType;

/** Options every net trainer shares. */
export interface LoopOptions {
  /** Upper bound on passes over the training rows. */
  maxEpochs: number;
  /** Epochs without a validation-loss improvement of more than `minDelta` before stopping. */
  patience: number;
  minDelta: number;
  batchSize: number;
  learningRate: number;
  /** Shuffling stream (initial weights use their own stream from the same seed). */
  seed: number;
  /** Batch size for validation passes (no gradients: may be larger). */
  evalBatchSize: number;
  onEpoch?: (report: EpochReport) => void;
}

export interface EpochReport {
  readonly epoch: number;
  /** Mean weighted cross-entropy over the epoch's training batches (as the weights moved). */
  readonly trainLoss: number;
  /** Weighted cross-entropy on the validation rows after the epoch (NaN without validation rows). */
  readonly validationLoss: number;
  readonly seconds: number;
}

/** What the loop trains: parameters, a forward pass to logits, and batch inputs built from row indices. */
export interface LoopProblem {
  readonly params: readonly tfType.Variable[];
  readonly y: Uint8Array;
  readonly numClasses: number;
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly classWeights: Float64Array;
  /** Input tensor for these rows (created inside a tidy scope: the loop disposes it). */
  inputs(rows: Int32Array): tfType.Tensor;
  logits(x: tfType.Tensor): tfType.Tensor2D;
}

export interface LoopResult {
  /** Parameter values at the best validation loss (the last epoch's without validation rows). */
  readonly best: Float32Array[];
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly bestValidationLoss: number;
  readonly history: EpochReport[];
}

/**
 * Mini-batch Adam on class-weighted softmax cross-entropy (Keras' class_weight convention: the mean of
 * w[y]·CE), with early stopping on the validation loss, measured with the same weights so that training
 * and stopping optimise one objective. Shuffling comes from SeededRng, never from tfjs.
 */
export function runTrainingLoop(tf: Tf, problem: LoopProblem, options: LoopOptions): LoopResult {
  const { params, train, validation } = problem;
  if (train.length === 0) throw new RangeError('training: no training rows');
  const rng = new SeededRng(options.seed ^ 0x5eed5eed);
  const optimizer = tf.train.adam(options.learningRate);
  const order = Int32Array.from(train);
  const history: EpochReport[] = [];
  let best = params.map((p) => Float32Array.from(p.dataSync() as Float32Array));
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let wait = 0;
  try {
    for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
      const started = performance.now();
      shuffle(order, rng);
      let lossSum = 0;
      for (let s = 0; s < order.length; s += options.batchSize) {
        const rows = order.subarray(s, Math.min(order.length, s + options.batchSize));
        const cost = tf.tidy(() => {
          const x = problem.inputs(rows);
          const { onehot, weight } = targets(tf, problem, rows);
          const c = optimizer.minimize(() => weightedCrossEntropy(tf, problem.logits(x), onehot, weight), true, params as tfType.Variable[]);
          if (c === null) throw new Error('training: the optimizer returned no cost');
          return c;
        });
        lossSum += cost.dataSync()[0] * rows.length;
        cost.dispose();
      }
      const trainLoss = lossSum / order.length;
      if (!Number.isFinite(trainLoss)) throw new RangeError(`training diverged at epoch ${epoch} (loss ${trainLoss}): lower the learning rate`);
      const validationLoss = validation.length > 0 ? evaluateLoss(tf, problem, validation, options.evalBatchSize) : NaN;
      const report: EpochReport = { epoch, trainLoss, validationLoss, seconds: (performance.now() - started) / 1000 };
      history.push(report);
      options.onEpoch?.(report);
      // Without validation rows there is nothing to stop on: keep the latest weights.
      const score = validation.length > 0 ? validationLoss : -epoch;
      if (score < bestLoss - (validation.length > 0 ? options.minDelta : 0)) {
        bestLoss = score;
        bestEpoch = epoch;
        wait = 0;
        best = params.map((p) => Float32Array.from(p.dataSync() as Float32Array));
      } else if (++wait >= options.patience) {
        break;
      }
    }
  } finally {
    optimizer.dispose();
  }
  return { best, epochs: history.length, bestEpoch, bestValidationLoss: validation.length > 0 ? bestLoss : NaN, history };
}

/** Weighted cross-entropy of the current parameters on `rows`, in batches. */
function evaluateLoss(tf: Tf, problem: LoopProblem, rows: Int32Array, batchSize: number): number {
  let sum = 0;
  for (let s = 0; s < rows.length; s += batchSize) {
    const part = rows.subarray(s, Math.min(rows.length, s + batchSize));
    const loss = tf.tidy(() => {
      const { onehot, weight } = targets(tf, problem, part);
      return weightedCrossEntropy(tf, problem.logits(problem.inputs(part)), onehot, weight);
    });
    sum += loss.dataSync()[0] * part.length;
    loss.dispose();
  }
  return sum / rows.length;
}

function targets(tf: Tf, problem: LoopProblem, rows: Int32Array): { onehot: tfType.Tensor2D; weight: tfType.Tensor1D } {
  const k = problem.numClasses;
  const onehot = new Float32Array(rows.length * k);
  const weight = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const c = problem.y[rows[i]];
    onehot[i * k + c] = 1;
    weight[i] = problem.classWeights[c];
  }
  return { onehot: tf.tensor2d(onehot, [rows.length, k]), weight: tf.tensor1d(weight) };
}

function weightedCrossEntropy(tf: Tf, logits: tfType.Tensor2D, onehot: tfType.Tensor2D, weight: tfType.Tensor1D): tfType.Scalar {
  const ce = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), onehot), 1));
  return tf.div(tf.sum(tf.mul(ce, weight)), weight.shape[0]);
}

/** Fisher–Yates with the seeded stream. */
function shuffle(a: Int32Array, rng: SeededRng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** At most `max` of `rows`, evenly spaced (the whole span of the day, deterministically). */
export function capRows(rows: Int32Array, max: number | undefined): Int32Array {
  if (max === undefined || rows.length <= max) return rows;
  if (!(max >= 1)) throw new RangeError(`row cap must be ≥ 1, got ${max}`);
  const out = new Int32Array(max);
  for (let k = 0; k < max; k++) out[k] = rows[Math.floor((k * rows.length) / max)];
  return out;
}

/** Resolves partial loop options against a trainer's defaults, rejecting nonsense with a clear message. */
export function loopOptions(defaults: Omit<LoopOptions, 'onEpoch'>, given: Partial<LoopOptions>): LoopOptions {
  const o: LoopOptions = { ...defaults, ...stripUndefined(given) };
  const positiveInt = (v: number, name: string): void => {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`option ${name} must be an integer ≥ 1, got ${v}`);
  };
  positiveInt(o.maxEpochs, 'maxEpochs');
  positiveInt(o.patience, 'patience');
  positiveInt(o.batchSize, 'batchSize');
  positiveInt(o.evalBatchSize, 'evalBatchSize');
  if (!(o.learningRate > 0) || !Number.isFinite(o.learningRate)) throw new RangeError(`option learningRate must be > 0, got ${o.learningRate}`);
  if (!(o.minDelta >= 0)) throw new RangeError(`option minDelta must be ≥ 0, got ${o.minDelta}`);
  if (!Number.isInteger(o.seed)) throw new RangeError(`option seed must be an integer, got ${o.seed}`);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
