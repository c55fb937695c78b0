import {
  checkHorizon,
  checkLength,
  checkMids,
  fixedThresholdLabels,
  trailingMeans,
  type DirectionLabelOptions,
  type DirectionLabels,
} from './DirectionLabel.ts';

/** FI-2010's threshold, used for every horizon in the benchmark (Ntakaris et al. 2018). */
export const FI2010_DEFAULT_ALPHA = 0.002;

/**
 * FI-2010 / DeepLOB labels.
 *
 * Source: Ntakaris et al. 2018, "Benchmark dataset for mid-price forecasting of limit order book data
 * with machine learning methods" (FI-2010), as restated by Zhang, Zohren & Roberts 2019, "DeepLOB" (its
 * labelling section: the form used by FI-2010, current mid vs the mean of the next k).
 *
 *   m+(t) = (1/k) · Σ_{i=1..k} mid[t+i]          (the next k mids; t itself excluded)
 *   l(t)  = (m+(t) − mid[t]) / mid[t]
 *   up if l > α, down if l < −α, else stationary.   α = 0.002 by default.
 *
 * Labels exist for t <= n−1−k; labelEnd[t] = t+k. Nothing before t is read (lookBack 0).
 */
export function fi2010Labels(mid: Float64Array, options: DirectionLabelOptions): DirectionLabels {
  const k = options.horizon;
  checkHorizon(k);
  const alpha = options.alpha ?? FI2010_DEFAULT_ALPHA;
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new RangeError(`fi2010: alpha must be finite and >= 0, got ${alpha}`);
  const n = mid.length;
  checkLength('fi2010', k, n, k + 1);
  checkMids(mid);

  // Trailing means of width k evaluated at t+k are exactly the means of mid[t+1..t+k].
  return fixedThresholdLabels('fi2010', mid, k, alpha, trailingMeans(mid, k, new Float64Array(n)));
}
