import {
  checkHorizon,
  checkLength,
  checkMids,
  fillLabels,
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

  const change = new Float64Array(n);
  const labelEnd = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    if (t + k < n) {
      change[t] = (mid[t + k] - mid[t]) / mid[t];
      labelEnd[t] = t + k;
    } else {
      change[t] = NaN;
      labelEnd[t] = -1;
    }
  }
  const labels = new Uint8Array(n);
  const balance = fillLabels(change, alpha, -alpha, labels);
  return {
    protocol: 'kahead',
    horizon: k,
    labels,
    labelEnd,
    change,
    alphaUp: alpha,
    alphaDown: -alpha,
    lookBack: 0,
    balance,
    params: { alpha },
  };
}
