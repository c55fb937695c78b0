/**
 * How much of the P&L that pollution costs a defence wins back, over seeds, with its uncertainty.
 *
 * Per seed s (one training day and one test day): cost_s = pnl_clean − pnl_polluted (what training on the
 * polluted day instead of the clean one lost), gain_s = pnl_variant − pnl_polluted (what the variant won
 * back). Recovery is the ratio of the means, Σ gain / Σ cost: the share of the total cost won back. It is
 * not the mean of the per-seed ratios: a seed where pollution cost almost nothing gives a ratio of any
 * size and sign, which would swamp the mean; the per-seed ratios are reported for the spread.
 *
 * The standard error is the delta method's for a ratio of means over n independent seeds:
 * se = sd(gain_s − R·cost_s) / (√n · |mean cost|). Both P&Ls of a seed come from models trained on days
 * that diverge as soon as the manipulators act, so a seed's cost mixes pollution with the luck of the
 * day; the standard error says how far the mean recovery can be trusted at this many seeds.
 */
export interface RecoveryStats {
  /** Σ gain / Σ cost over seeds (the recovery); NaN when the total cost is 0. */
  readonly recovery: number;
  /** Delta-method standard error of `recovery`; NaN with fewer than two seeds. */
  readonly standardError: number;
  /** gain_s / cost_s per seed, in seed order (unstable where cost_s is near 0). */
  readonly perSeed: readonly number[];
  /** Mean cost of pollution (pnl_clean − pnl_polluted) over seeds, dollars. */
  readonly meanCost: number;
  /** Mean gain of the variant (pnl_variant − pnl_polluted) over seeds, dollars. */
  readonly meanGain: number;
}

/** Recovery over seeds from per-seed P&Ls of the clean-trained, polluted-trained and variant models (same length, same seed order). */
export function recoveryStats(clean: readonly number[], polluted: readonly number[], variant: readonly number[]): RecoveryStats {
  const n = clean.length;
  if (polluted.length !== n || variant.length !== n) throw new RangeError(`recoveryStats: ${n} clean, ${polluted.length} polluted and ${variant.length} variant P&Ls; one each per seed`);
  if (n === 0) throw new RangeError('recoveryStats: no seeds');
  const cost = clean.map((c, s) => c - polluted[s]);
  const gain = variant.map((v, s) => v - polluted[s]);
  const meanCost = mean(cost);
  const meanGain = mean(gain);
  const recovery = meanCost !== 0 ? meanGain / meanCost : NaN;
  let standardError = NaN;
  if (n >= 2 && meanCost !== 0) {
    const d = gain.map((g, s) => g - recovery * cost[s]);
    const m = mean(d);
    const variance = d.reduce((a, x) => a + (x - m) * (x - m), 0) / (n - 1);
    standardError = Math.sqrt(variance / n) / Math.abs(meanCost);
  }
  return { recovery, standardError, perSeed: gain.map((g, s) => (cost[s] !== 0 ? g / cost[s] : NaN)), meanCost, meanGain };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
