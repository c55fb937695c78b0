import type { Predictor } from '../Predictor.ts';
import { softmaxInPlace } from '../softmax.ts';
import type { Standardizer } from '../../labels/Standardizer.ts';

/**
 * The MLP compiled for live use: standardise → dense/ReLU layers → softmax, over Float64Arrays allocated
 * once. Kernels are stored transposed (one contiguous row of weights per output unit) so that each unit
 * is a single dot product with one accumulator: the fastest shape for V8's JIT.
 */
export class MlpPredictor implements Predictor {
  readonly kind = 'mlp';
  readonly numFeatures: number;
  readonly numOutputs: number;
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;
  /** Per layer: weights [out][in] row-major, biases [out]. */
  private readonly kernels: Float64Array[];
  private readonly biases: Float64Array[];
  /** Activations: acts[0] is the standardised input, acts[k] layer k's output. */
  private readonly acts: Float64Array[];

  /** `weights` as in MlpNetwork: kernel [in, out] (row-major) and bias [out] per layer. */
  constructor(standardizer: Standardizer, weights: readonly Float32Array[], widths: readonly number[]) {
    this.numFeatures = widths[0];
    this.numOutputs = widths[widths.length - 1];
    this.mean = Float64Array.from(standardizer.mean);
    this.invStd = Float64Array.from(standardizer.std, (s) => 1 / s);
    this.kernels = [];
    this.biases = [];
    this.acts = widths.map((w) => new Float64Array(w));
    for (let k = 0; k + 1 < widths.length; k++) {
      const nin = widths[k];
      const nout = widths[k + 1];
      const src = weights[2 * k];
      const t = new Float64Array(nin * nout);
      for (let i = 0; i < nin; i++) for (let o = 0; o < nout; o++) t[o * nin + i] = src[i * nout + o];
      this.kernels.push(t);
      this.biases.push(Float64Array.from(weights[2 * k + 1]));
    }
  }

  predict(x: Float64Array, out: Float64Array): void {
    const a0 = this.acts[0];
    const d = this.numFeatures;
    for (let c = 0; c < d; c++) {
      const v = (x[c] - this.mean[c]) * this.invStd[c];
      // Non-finite → the training mean; float32 rounding as the trainer's input (parity with tfjs).
      a0[c] = v - v === 0 ? Math.fround(v) : 0;
    }
    const layers = this.kernels.length;
    for (let k = 0; k < layers; k++) {
      const input = this.acts[k];
      const output = k + 1 === layers ? out : this.acts[k + 1];
      const w = this.kernels[k];
      const b = this.biases[k];
      const nin = input.length;
      const nout = b.length;
      const relu = k + 1 < layers;
      const tail = nin & 3;
      for (let o = 0, base = 0; o < nout; o++, base += nin) {
        // Four independent accumulators: the adds pipeline instead of waiting on one another.
        let s0 = b[o];
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let i = 0;
        for (; i < nin - tail; i += 4) {
          s0 += w[base + i] * input[i];
          s1 += w[base + i + 1] * input[i + 1];
          s2 += w[base + i + 2] * input[i + 2];
          s3 += w[base + i + 3] * input[i + 3];
        }
        for (; i < nin; i++) s0 += w[base + i] * input[i];
        const s = s0 + s1 + (s2 + s3);
        output[o] = relu && s < 0 ? 0 : s;
      }
    }
    softmaxInPlace(out, 0, this.numOutputs);
  }
}
