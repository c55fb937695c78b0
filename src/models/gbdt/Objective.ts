import { softmax } from '../softmax.ts';

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
    private readonly classWeights: Float64Array = new Float64Array(numOutputs).fill(1),
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
    const k = this.numOutputs;
    const p = this.p;
    // XGBoost's hessian 2p(1 − p): softmax has a redundant output, so the plain diagonal Newton step
    // over-shoots (LightGBM scales by K/(K − 1), the same for K = 2). Matching XGBoost keeps the two
    // comparable; on the GOOG day it also generalises slightly better than 1 or 1.5.
    const factor = 2;
    for (let i = 0; i < y.length; i++) {
      softmax(scores, i * k, k, p, 0);
      const label = y[i];
      const w = this.classWeights[label];
      for (let c = 0; c < k; c++) {
        const pc = p[c];
        const out = gh[c];
        out[2 * i] = w * (c === label ? pc - 1 : pc);
        // Floor: a confidently right row must not give a zero hessian.
        out[2 * i + 1] = Math.max(w * factor * pc * (1 - pc), 1e-16);
      }
    }
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
