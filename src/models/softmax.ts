/**
 * Softmax of k margins at v[from..], written to out[to..] (in place allowed), stable: the maximum is
 * subtracted before exp. Every model's trainer and predictor call this one function, which is what
 * makes their probabilities equal bit for bit.
 */
export function softmax(v: Float64Array, from: number, k: number, out: Float64Array, to: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) if (v[from + c] > max) max = v[from + c];
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const d = v[from + c] - max;
    // exp(0) is exactly 1: the largest margin costs no exp.
    const e = d === 0 ? 1 : Math.exp(d);
    out[to + c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[to + c] /= sum;
}

/** Softmax of v[offset .. offset + k) in place. */
export function softmaxInPlace(v: Float64Array, offset: number, k: number): void {
  softmax(v, offset, k, v, offset);
}
