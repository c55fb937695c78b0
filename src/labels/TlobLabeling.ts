import {
  checkFitCount,
  checkHorizon,
  checkLength,
  checkMids,
  fillLabels,
  requireFitRows,
  trailingMeans,
  type DirectionLabelOptions,
  type DirectionLabels,
} from './DirectionLabel.ts';

/** TLOB's `LEN_SMOOTH` (constants.py): 10 samples per smoothing window, capped at the horizon. */
export const TLOB_DEFAULT_SMOOTHING = 10;

/**
 * TLOB labels: both sides smoothed, so the smoothing window and the horizon are separate knobs.
 *
 * Source: Berti & Kasneci 2025, "TLOB: A Novel Transformer Model with Dual Attention for Price Trend
 * Prediction with Limit Order Book Data"; code github.com/LeonardoBerti00/TLOB, function `labeling(X, len, h)`.
 *
 * With s = min(smoothing, k) samples per window:
 *   w−(t) = (1/s) · Σ_{i=0..s−1} mid[t−i]          (the s mids ending at t)
 *   w+(t) = (1/s) · Σ_{i=0..s−1} mid[t+k−i]        (the s mids ending at t+k)
 *   l(t)  = (w+(t) − w−(t)) / w−(t)
 *   α     = mean(|l|) / 2
 *   up if l > α, down if l < −α, else stationary.
 *
 * The paper writes the windows as (1/(h+1))·Σ_{i=0..h} with h the smoothing length; the code slides a
 * window of `len` samples (`sliding_window_view(..., window_shape=len)`) and caps `len` at the
 * horizon (`if h < len: len = h`) so the two windows never overlap. We follow the code: `smoothing` is
 * the number of samples per window, default 10 (LEN_SMOOTH), effective s = min(smoothing, k); the
 * paper's h equals s − 1. With s = 1 this is the plain k-ahead return.
 *
 * Leakage guard: α is computed ONLY on labels whose whole window lies inside the first `fitRows`
 * samples (the training part). (TLOB's code computes α separately on each split, test included; we
 * never let test data move the threshold.)
 *
 * Labels exist for s−1 <= t <= n−1−k; labelEnd[t] = t+k; lookBack = s−1.
 */
export function tlobLabels(mid: Float64Array, options: DirectionLabelOptions): DirectionLabels {
  const k = options.horizon;
  checkHorizon(k);
  const smoothing = options.smoothing ?? TLOB_DEFAULT_SMOOTHING;
  if (!Number.isInteger(smoothing) || smoothing < 1) {
    throw new RangeError(`tlob: smoothing must be an integer >= 1 sample, got ${smoothing}`);
  }
  const s = Math.min(smoothing, k);
  const n = mid.length;
  checkLength('tlob', k, n, s + k);
  const fitRows = requireFitRows('tlob', options.fitRows, n);
  checkMids(mid);

  const means = trailingMeans(mid, s, new Float64Array(n));
  const change = new Float64Array(n);
  const labelEnd = new Int32Array(n);
  let count = 0;
  let sumAbs = 0;
  for (let t = 0; t < n; t++) {
    if (t >= s - 1 && t + k < n) {
      const past = means[t];
      const l = (means[t + k] - past) / past;
      change[t] = l;
      labelEnd[t] = t + k;
      if (t + k < fitRows) {
        count++;
        sumAbs += Math.abs(l);
      }
    } else {
      change[t] = NaN;
      labelEnd[t] = -1;
    }
  }
  checkFitCount('tlob', count, fitRows, k);
  const alpha = sumAbs / count / 2;

  const labels = new Uint8Array(n);
  const balance = fillLabels(change, alpha, -alpha, labels);
  return {
    protocol: 'tlob',
    horizon: k,
    labels,
    labelEnd,
    change,
    alphaUp: alpha,
    alphaDown: -alpha,
    lookBack: s - 1,
    balance,
    params: { smoothing: s, fitRows, fittedOn: count },
  };
}
