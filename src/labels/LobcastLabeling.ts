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

/** LOBCAST's `LABELING_SIGMA_SCALER` in its `Configuration` (earlier versions of config.py used 0.5). */
export const LOBCAST_DEFAULT_SIGMA = 0.9;

/**
 * LOBCAST labels with data-driven thresholds.
 *
 * Source: Prata et al. 2024, "LOB-based deep learning models for stock price trend prediction: a
 * benchmark study" (LOBCAST), code github.com/matteoprata/LOBCAST,
 * src/data_preprocessing/preprocessing_utils.py, add_lob_labels / add_midprices_columns.
 *
 *   m−(t) = (1/k) · Σ_{i=0..k−1} mid[t−i]                 (past k mids, ending at t)
 *   m+(t) = (1/k) · Σ_{i=1..k}   mid[t+i]                 (next k mids; default, see below)
 *   l(t)  = (m+(t) − m−(t)) / m−(t)
 *   alphaUp = mean(l) + σ·std(l),  alphaDown = mean(l) − σ·std(l)   (std with n−1, as pandas)
 *   up if l > alphaUp, down if l < alphaDown, else stationary.      σ = 0.9 by default.
 *
 * Forward window: LOBCAST's code computes m+ as `rolling(k).mean().shift(−k+1)`, i.e. the mean of
 * mid[t..t+k−1], which *includes* t; with k = 1 that makes m+ = m− = mid[t] and every label
 * stationary. We default to the next k mids (t excluded, as DeepLOB's and FI-2010's m+), so every
 * horizon k >= 1 is meaningful and k means "k events ahead" as in the other protocols. Pass
 * `includeCurrent: true` to reproduce LOBCAST's window exactly (then k must be >= 2, else RangeError).
 * LOBCAST also allows a backward window different from the forward one; here both are k.
 *
 * Leakage guard: mean(l) and std(l) are computed ONLY on labels whose whole window lies inside the
 * first `fitRows` samples (the training part), never on validation or test data. (LOBCAST passes the
 * training thresholds to validation/test in some versions and refits per split in others; refitting
 * on test data lets the test distribution move the class boundaries, so we never do.)
 *
 * Labels exist for k−1 <= t <= n−1−k (n−k with includeCurrent); labelEnd[t] = t+k (t+k−1);
 * lookBack = k−1.
 */
export function lobcastLabels(mid: Float64Array, options: DirectionLabelOptions): DirectionLabels {
  const k = options.horizon;
  checkHorizon(k);
  const sigma = options.sigma ?? LOBCAST_DEFAULT_SIGMA;
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`lobcast: sigma must be finite and >= 0, got ${sigma}`);
  const includeCurrent = options.includeCurrent ?? false;
  if (includeCurrent && k < 2) {
    throw new RangeError('lobcast: includeCurrent needs horizon k >= 2 (with k=1, m+ = m- = mid[t] and l is always 0)');
  }
  const n = mid.length;
  // Forward reach: the last mid the label reads is t + ahead.
  const ahead = includeCurrent ? k - 1 : k;
  checkLength('lobcast', k, n, k + ahead);
  const fitRows = requireFitRows('lobcast', options.fitRows, n);
  checkMids(mid);

  const means = trailingMeans(mid, k, new Float64Array(n));
  const change = new Float64Array(n);
  const labelEnd = new Int32Array(n);
  // First pass: changes, and their mean over the fit labels.
  let count = 0;
  let sum = 0;
  for (let t = 0; t < n; t++) {
    if (t >= k - 1 && t + ahead < n) {
      const past = means[t];
      const l = (means[t + ahead] - past) / past;
      change[t] = l;
      labelEnd[t] = t + ahead;
      if (t + ahead < fitRows) {
        count++;
        sum += l;
      }
    } else {
      change[t] = NaN;
      labelEnd[t] = -1;
    }
  }
  checkFitCount('lobcast', count, fitRows, k);
  const mean = sum / count;
  // Second pass over the same fit labels: sample std (two-pass for accuracy).
  let ss = 0;
  for (let t = k - 1; t + ahead < fitRows; t++) {
    const d = change[t] - mean;
    ss += d * d;
  }
  const std = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
  const alphaUp = mean + sigma * std;
  const alphaDown = mean - sigma * std;

  const labels = new Uint8Array(n);
  const balance = fillLabels(change, alphaUp, alphaDown, labels);
  return {
    protocol: 'lobcast',
    horizon: k,
    labels,
    labelEnd,
    change,
    alphaUp,
    alphaDown,
    lookBack: k - 1,
    balance,
    params: { sigma, fitRows, fittedOn: count, includeCurrent },
  };
}
