/** Probabilities are clipped to [eps, 1 − eps] before the log, so a confident miss costs −ln(eps) ≈ 34.5, not ∞. */
export const LOG_LOSS_EPS = 1e-15;

/**
 * Mean cross-entropy −(1/Σw) Σ wᵢ ln p(yᵢ) of row-major probabilities `probs` (n × numClasses).
 * Clipping only (no renormalisation of rows): the predictors here already emit rows that sum to 1.
 * `weights` (optional, per row) gives the class-weighted loss the trainers early-stop on.
 */
export function logLoss(
  yTrue: ArrayLike<number>,
  probs: Float64Array,
  numClasses: number,
  options: { eps?: number; weights?: ArrayLike<number> } = {},
): number {
  const n = yTrue.length;
  if (probs.length !== n * numClasses) throw new RangeError(`probs has ${probs.length} values, expected ${n} rows × ${numClasses} classes`);
  const eps = options.eps ?? LOG_LOSS_EPS;
  if (!(eps > 0 && eps < 0.5)) throw new RangeError(`eps must be in (0, 0.5), got ${eps}`);
  const w = options.weights;
  if (w !== undefined && w.length !== n) throw new RangeError(`weights has ${w.length} values, expected ${n}`);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i];
    if (!Number.isInteger(t) || t < 0 || t >= numClasses) throw new RangeError(`yTrue[${i}] = ${t} is not a class in [0, ${numClasses})`);
    let p = probs[i * numClasses + t];
    if (!(p >= eps)) p = eps; // also catches NaN: an undefined prediction is as bad as a confident miss
    else if (p > 1 - eps) p = 1 - eps;
    const wi = w === undefined ? 1 : w[i];
    sum -= wi * Math.log(p);
    total += wi;
  }
  return total === 0 ? NaN : sum / total;
}
