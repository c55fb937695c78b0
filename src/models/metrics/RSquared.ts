import { finitePairs } from './InformationCoefficient.ts';

/**
 * Coefficient of determination 1 − SS_res / SS_tot (sklearn `r2_score(y_true, y_pred)`): 0 for predicting
 * the mean, negative when worse. Non-finite pairs are dropped; a constant target gives NaN (undefined).
 */
export function rSquared(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  const [p, y] = finitePairs(predictions, targets);
  const n = y.length;
  if (n === 0) return NaN;
  let my = 0;
  for (let i = 0; i < n; i++) my += y[i];
  my /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (y[i] - p[i]) * (y[i] - p[i]);
    ssTot += (y[i] - my) * (y[i] - my);
  }
  return ssTot === 0 ? NaN : 1 - ssRes / ssTot;
}
