import type { Predictor } from '../Predictor.ts';
import { softmaxInPlace } from '../softmax.ts';
import type { Standardizer } from '../../labels/Standardizer.ts';
import { instantiateMlpKernel, type MlpKernel } from './mlpWasmKernel.ts';

/**
 * The MLP compiled for live use: standardise → dense/ReLU layers → softmax, allocating nothing per call.
 *
 * The layers run in a small WebAssembly SIMD kernel (mlpWasmKernel.ts) when the runtime has it: eight
 * output units at a time in four f64x2 accumulators, weights blocked [out/8][in][8] so they stream
 * sequentially, bias and ReLU fused into the store. Plain JS cannot get there: V8 re-checks each typed
 * array access (bounds, detached buffer) inside the loop, which left the best JS forward pass of the
 * 47→64→32→3 net at about 4.4 µs against 1 µs here. The row is copied into the kernel's memory, and the
 * margins out of it, around the calls. Arithmetic is float64 throughout, as in the plain-JS forward
 * pass kept below for runtimes without WebAssembly SIMD; both sum in a different order than tfjs's
 * float32 (the parity test allows 1e-6, and gets about 1e-7).
 */
export class MlpPredictor implements Predictor {
  readonly kind = 'mlp';
  /** Where the layers run: the WebAssembly SIMD kernel, or plain JS where the runtime has no SIMD. */
  readonly backend: 'wasm' | 'js';
  readonly numFeatures: number;
  readonly numOutputs: number;
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;
  /** Plain-JS path, per layer: weights [out][in] row-major, biases [out]. */
  private readonly kernels: Float64Array[];
  private readonly biases: Float64Array[];
  /** Activations: acts[0] is the standardised input, acts[k] layer k's output. */
  private readonly acts: Float64Array[];
  private readonly wasm: WasmMlp | null;

  /** `weights` as in MlpNetwork: kernel [in, out] (row-major) and bias [out] per layer; `wasm: false` forces plain JS. */
  constructor(standardizer: Standardizer, weights: readonly Float32Array[], widths: readonly number[], options: { wasm?: boolean } = {}) {
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
    this.wasm = options.wasm === false ? null : WasmMlp.create(this.mean, this.invStd, weights, widths);
    this.backend = this.wasm === null ? 'js' : 'wasm';
  }

  predict(x: Float64Array, out: Float64Array): void {
    if (this.wasm !== null) this.wasm.margins(x, out);
    else this.marginsJs(x, out);
    softmaxInPlace(out, 0, this.numOutputs);
  }

  /** The plain-JS forward pass: kernels transposed (one contiguous row of weights per output unit), four accumulators a dot product. */
  private marginsJs(x: Float64Array, out: Float64Array): void {
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
  }
}

/** The layers in the WebAssembly kernel's memory: its pointers and the views the row goes through. */
class WasmMlp {
  private constructor(
    private readonly kernel: MlpKernel,
    /** Raw row in, standardised row out, and the standardisation: byte offsets in the kernel's memory. */
    private readonly at: { x: number; mean: number; invStd: number; a0: number },
    /** Per layer: input, inputs, weights, biases, output (byte offsets and counts), blocks of 8 outputs, floor. */
    private readonly layers: Float64Array,
    private readonly xView: Float64Array,
    private readonly outView: Float64Array,
  ) {}

  static create(mean: Float64Array, invStd: Float64Array, weights: readonly Float32Array[], widths: readonly number[]): WasmMlp | null {
    const d = widths[0];
    const padded = (n: number): number => Math.ceil(n / 8) * 8;
    // Byte offsets, 16-aligned: row, mean, 1/std, standardised row, then per layer weights, biases, output.
    let top = 0;
    const take = (doubles: number): number => {
      const at = top;
      top += Math.ceil(doubles / 2) * 16;
      return at;
    };
    const at = { x: take(d), mean: take(d), invStd: take(d), a0: take(d) };
    const L = widths.length - 1;
    const layers = new Float64Array(7 * L);
    let input = at.a0;
    for (let k = 0; k < L; k++) {
      const nin = widths[k];
      const P = padded(widths[k + 1]);
      const w = take(nin * P);
      const b = take(P);
      const o = take(P);
      layers.set([input, nin, w, b, o, P / 8, k + 1 < L ? 0 : -Infinity], 7 * k);
      input = o;
    }
    const kernel = instantiateMlpKernel(top);
    if (kernel === null) return null;
    const heap = new Float64Array(kernel.memory.buffer);
    heap.set(mean, at.mean / 8);
    heap.set(invStd, at.invStd / 8);
    for (let k = 0; k < L; k++) {
      const nin = widths[k];
      const nout = widths[k + 1];
      const src = weights[2 * k];
      const w = layers[7 * k + 2] / 8;
      // [nout/8][nin][8]: output o of input i at block (o >> 3), row i, lane (o & 7); padding stays 0.
      for (let i = 0; i < nin; i++) for (let o = 0; o < nout; o++) heap[w + (o >> 3) * nin * 8 + i * 8 + (o & 7)] = src[i * nout + o];
      heap.set(weights[2 * k + 1], layers[7 * k + 3] / 8);
    }
    const last = layers[7 * (L - 1) + 4] / 8;
    return new WasmMlp(kernel, at, layers, heap.subarray(at.x / 8, at.x / 8 + d), heap.subarray(last, last + widths[L]));
  }

  /** Output-layer margins of raw row x into out. */
  margins(x: Float64Array, out: Float64Array): void {
    const xs = this.xView;
    for (let c = 0; c < xs.length; c++) xs[c] = x[c];
    const { kernel, at, layers } = this;
    kernel.standardize(at.x, at.mean, at.invStd, at.a0, xs.length);
    for (let j = 0; j < layers.length; j += 7) kernel.dense(layers[j], layers[j + 1], layers[j + 2], layers[j + 3], layers[j + 4], layers[j + 5], layers[j + 6]);
    const o = this.outView;
    for (let c = 0; c < o.length; c++) out[c] = o[c];
  }
}
