import { softmax } from '../softmax.ts';
import { expNonPositive } from './expNonPositive.ts';

/**
 * What boosting minimises: first and second derivatives of the loss per row and output (interleaved
 * [g, h] pairs, one array per output), the starting margins, and the validation loss for early stopping.
 * Margins are row-major: scores[row * numOutputs + k].
 */
export interface Objective {
  readonly name: 'softmax' | 'squared_error';
  readonly numOutputs: number;
  initScore(y: ArrayLike<number>): Float64Array;
  gradients(scores: Float64Array, y: ArrayLike<number>, gh: readonly Float64Array[]): void;
  loss(scores: Float64Array, y: ArrayLike<number>): number;
}

/** Multiclass log-loss on softmax margins. */
export class SoftmaxObjective implements Objective {
  readonly name = 'softmax';
  private readonly p: Float64Array;

  constructor(
    readonly numOutputs: number,
    /** Weight per class (multiplies each row's gradient, hessian and loss); all 1 when omitted. */
    readonly classWeights: Float64Array = new Float64Array(numOutputs).fill(1),
  ) {
    this.p = new Float64Array(numOutputs);
  }

  /** Log (weighted) class priors: the first trees then fit the residual signal, not the class balance. */
  initScore(y: ArrayLike<number>): Float64Array {
    const k = this.numOutputs;
    const counts = new Float64Array(k);
    for (let i = 0; i < y.length; i++) counts[y[i]] += this.classWeights[y[i]];
    const init = new Float64Array(k);
    let total = 0;
    for (let c = 0; c < k; c++) total += counts[c];
    for (let c = 0; c < k; c++) init[c] = Math.log(Math.max(counts[c], 1e-12) / Math.max(total, 1e-12));
    return init;
  }

  gradients(scores: Float64Array, y: ArrayLike<number>, gh: readonly Float64Array[]): void {
    if (this.numOutputs === 3) softmaxGradients3(scores, y, this.classWeights, gh[0], gh[1], gh[2]);
    else softmaxGradients(scores, y, this.classWeights, gh, this.p);
  }

  loss(scores: Float64Array, y: ArrayLike<number>): number {
    const k = this.numOutputs;
    const p = this.p;
    let sum = 0;
    let weight = 0;
    for (let i = 0; i < y.length; i++) {
      softmax(scores, i * k, k, p, 0);
      const w = this.classWeights[y[i]];
      sum -= w * Math.log(Math.max(p[y[i]], 1e-15));
      weight += w;
    }
    return weight > 0 ? sum / weight : 0;
  }
}

// The gradient passes run once per round over every training row: softmax inlined, with `expNonPositive`
// (Math.exp costs three times as much), one division per row, and the hessian floor by a comparison
// (Math.max is several times slower in V8). Probabilities differ from softmax()'s in the last bits only;
// they steer training, while predictions (and the trainer's own margins) never go through them. The
// learner's WebAssembly kernels repeat softmaxGradients3 operation for operation (learnerKernels.ts).

/**
 * XGBoost's hessian 2p(1 − p): softmax has a redundant output, so the plain diagonal Newton step
 * over-shoots (LightGBM scales by K/(K − 1), the same for K = 2). Matching XGBoost keeps the two
 * comparable; on the GOOG day it also generalises slightly better than 1 or 1.5.
 */
export const HESSIAN_FACTOR = 2;
/** A confidently right row must not give a zero hessian. */
export const MIN_HESSIAN = 1e-16;

function softmaxGradients(scores: Float64Array, y: ArrayLike<number>, weights: Float64Array, gh: readonly Float64Array[], p: Float64Array): void {
  const k = p.length;
  for (let i = 0; i < y.length; i++) {
    const from = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (scores[from + c] > max) max = scores[from + c];
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const d = scores[from + c] - max;
      const e = d === 0 ? 1 : expNonPositive(d);
      p[c] = e;
      sum += e;
    }
    const label = y[i];
    const w = weights[label];
    const inv = 1 / sum;
    for (let c = 0; c < k; c++) {
      const pc = p[c] * inv;
      const out = gh[c];
      out[2 * i] = w * (c === label ? pc - 1 : pc);
      const h = w * HESSIAN_FACTOR * pc * (1 - pc);
      out[2 * i + 1] = h > MIN_HESSIAN ? h : MIN_HESSIAN;
    }
  }
}

/** Three classes (every label protocol here), unrolled: about twice as fast as the loop over classes. */
function softmaxGradients3(scores: Float64Array, y: ArrayLike<number>, weights: Float64Array, g0: Float64Array, g1: Float64Array, g2: Float64Array): void {
  for (let i = 0; i < y.length; i++) {
    const s0 = scores[3 * i];
    const s1 = scores[3 * i + 1];
    const s2 = scores[3 * i + 2];
    let max = s0;
    if (s1 > max) max = s1;
    if (s2 > max) max = s2;
    const d0 = s0 - max;
    const d1 = s1 - max;
    const d2 = s2 - max;
    const e0 = d0 === 0 ? 1 : expNonPositive(d0);
    const e1 = d1 === 0 ? 1 : expNonPositive(d1);
    const e2 = d2 === 0 ? 1 : expNonPositive(d2);
    const inv = 1 / (e0 + e1 + e2);
    const p0 = e0 * inv;
    const p1 = e1 * inv;
    const p2 = e2 * inv;
    const label = y[i];
    const w = weights[label];
    g0[2 * i] = w * (label === 0 ? p0 - 1 : p0);
    g1[2 * i] = w * (label === 1 ? p1 - 1 : p1);
    g2[2 * i] = w * (label === 2 ? p2 - 1 : p2);
    const h0 = w * HESSIAN_FACTOR * p0 * (1 - p0);
    const h1 = w * HESSIAN_FACTOR * p1 * (1 - p1);
    const h2 = w * HESSIAN_FACTOR * p2 * (1 - p2);
    g0[2 * i + 1] = h0 > MIN_HESSIAN ? h0 : MIN_HESSIAN;
    g1[2 * i + 1] = h1 > MIN_HESSIAN ? h1 : MIN_HESSIAN;
    g2[2 * i + 1] = h2 > MIN_HESSIAN ? h2 : MIN_HESSIAN;
  }
}

/** Squared error (½(s − y)²): gradient s − y, hessian 1. */
export class SquaredErrorObjective implements Objective {
  readonly name = 'squared_error';
  readonly numOutputs = 1;

  initScore(y: ArrayLike<number>): Float64Array {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += y[i];
    return Float64Array.of(y.length ? sum / y.length : 0);
  }

  gradients(scores: Float64Array, y: ArrayLike<number>, gh: readonly Float64Array[]): void {
    const out = gh[0];
    for (let i = 0; i < y.length; i++) {
      out[2 * i] = scores[i] - y[i];
      out[2 * i + 1] = 1;
    }
  }

  loss(scores: Float64Array, y: ArrayLike<number>): number {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += (scores[i] - y[i]) ** 2;
    return y.length ? sum / y.length : 0;
  }
}
