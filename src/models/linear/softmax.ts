/**
 * Numerically stable softmax of `v[offset .. offset+k)` in place: subtract the maximum before exp so no
 * logit can overflow, then divide by the sum (≥ 1, since the maximum contributes exp(0)). The one
 * implementation every softmax model here uses, so trainer and predictor agree bit for bit.
 */
export function softmaxInPlace(v: Float64Array, offset: number, k: number): void {
  let m = v[offset];
  for (let c = 1; c < k; c++) if (v[offset + c] > m) m = v[offset + c];
  let s = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(v[offset + c] - m);
    v[offset + c] = e;
    s += e;
  }
  for (let c = 0; c < k; c++) v[offset + c] = v[offset + c] / s;
}
