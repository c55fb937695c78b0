import type * as tfType from '@tensorflow/tfjs';
import type { SeededRng } from '../../core/rng.ts';
import type { Standardizer } from '../../labels/Standardizer.ts';
import { glorotUniform } from './seededInit.ts';
import type { WeightSpec } from './WeightTensor.ts';

type Tf = typeof tfType;

/** Layer widths of a fully connected ReLU network with a softmax output. */
export interface MlpShape {
  readonly inputs: number;
  readonly hidden: readonly number[];
  readonly outputs: number;
}

/** Parameters in order: dense_k/kernel [in, out] (row-major, as tfjs), dense_k/bias [out]. */
export function mlpWeightSpecs(shape: MlpShape): WeightSpec[] {
  const widths = [shape.inputs, ...shape.hidden, shape.outputs];
  const specs: WeightSpec[] = [];
  for (let k = 0; k + 1 < widths.length; k++) {
    specs.push({ name: `dense_${k}/kernel`, shape: [widths[k], widths[k + 1]] }, { name: `dense_${k}/bias`, shape: [widths[k + 1]] });
  }
  return specs;
}

/** Glorot-uniform kernels, zero biases (Keras' Dense defaults), from the seeded stream. */
export function initMlpWeights(shape: MlpShape, rng: SeededRng): Float32Array[] {
  return mlpWeightSpecs(shape).map((s) =>
    s.shape.length === 2 ? glorotUniform(rng, s.shape[0], s.shape[1], s.shape[0] * s.shape[1]) : new Float32Array(s.shape[0]),
  );
}

/** Forward pass to logits in tfjs (training and batch prediction): [batch, inputs] → [batch, outputs]. */
export function mlpLogitsTf(tf: Tf, params: readonly tfType.Tensor[], x: tfType.Tensor2D): tfType.Tensor2D {
  let a: tfType.Tensor2D = x;
  const layers = params.length / 2;
  for (let k = 0; k < layers; k++) {
    const z = tf.add(tf.matMul(a, params[2 * k] as tfType.Tensor2D), params[2 * k + 1]) as tfType.Tensor2D;
    a = k + 1 < layers ? tf.relu(z) : z;
  }
  return a;
}

/**
 * Standardised rows, row-major float32 (the network's input): rows × columns. A non-finite raw value
 * (missing feature, warm-up) becomes 0, the training mean, in training and in the compiled predictor alike.
 */
export function standardizedMatrix(standardizer: Standardizer, x: readonly Float64Array[], rows: Int32Array): Float32Array {
  const d = x.length;
  const out = new Float32Array(rows.length * d);
  for (let c = 0; c < d; c++) {
    const col = x[c];
    const mu = standardizer.mean[c];
    const inv = 1 / standardizer.std[c];
    for (let i = 0; i < rows.length; i++) {
      const v = (col[rows[i]] - mu) * inv;
      out[i * d + c] = Number.isFinite(v) ? v : 0;
    }
  }
  return out;
}
