import {
  checkHorizon,
  checkLength,
  checkMids,
  fixedThresholdLabels,
  type DirectionLabelOptions,
  type DirectionLabels,
} from './DirectionLabel.ts';

/**
 * Plain k-event-ahead return labels: no smoothing, no data-driven threshold.
 *
 * Source: the fixed-horizon method (e.g. López de Prado 2018, Advances in Financial Machine Learning,
 * §3.2), with events as the clock.
 *
 *   l(t) = (mid[t+k] − mid[t]) / mid[t]
 *   up if l > α, down if l < −α, else stationary.   α = 0 by default: any move is up or down, an
 *   unchanged mid is stationary.
 *
 * Labels exist for t <= n−1−k; labelEnd[t] = t+k; lookBack 0.
 */
export function kAheadLabels(mid: Float64Array, options: DirectionLabelOptions): DirectionLabels {
  const k = options.horizon;
  checkHorizon(k);
  const alpha = options.alpha ?? 0;
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new RangeError(`kahead: alpha must be finite and >= 0, got ${alpha}`);
  const n = mid.length;
  checkLength('kahead', k, n, k + 1);
  checkMids(mid);

  return fixedThresholdLabels('kahead', mid, k, alpha, mid);
}
