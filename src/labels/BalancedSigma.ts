import { lobcastLabels } from './LobcastLabeling.ts';

/**
 * The LOBCAST σ that makes the training classes near balanced: thresholds mean ± σ·std put a third of
 * the fitted changes inside the band (stationary) and the rest outside, so σ is the 1/3-quantile of
 * |l − mean| / std over the training labels. Ties at zero change (a mid that does not move within k
 * events) all fall on one side of any threshold, so at short horizons "near" can be far: the class
 * balance the dataset reports says how near. Only training labels (window inside [0, fitRows)) are read.
 */
export function balancedLobcastSigma(mid: Float64Array, horizon: number, fitRows: number): number {
  const probe = lobcastLabels(mid, { horizon, sigma: 1, fitRows });
  const mean = (probe.alphaUp + probe.alphaDown) / 2;
  const std = (probe.alphaUp - probe.alphaDown) / 2;
  if (!(std > 0)) return 0;
  const z: number[] = [];
  for (let t = 0; t < mid.length; t++) {
    const end = probe.labelEnd[t];
    if (end >= 0 && end < fitRows) z.push(Math.abs(probe.change[t] - mean) / std);
  }
  z.sort((a, b) => a - b);
  // Nudged up so that changes exactly at the quantile (often a whole tie of unchanged mids) land inside
  // the band: mean ± σ·std recomputed in floating point must not shave them off one side.
  return (z[Math.floor(z.length / 3)] ?? 0) * (1 + 1e-9);
}
