import { confusionTotal, type ConfusionMatrix } from './ConfusionMatrix.ts';

/**
 * Cohen's kappa (po − pe) / (1 − pe): agreement beyond what the class frequencies alone would give
 * (pe = Σ_k rowₖ·colₖ / n²), so a model that always predicts the majority class scores 0.
 * When pe = 1 (one class everywhere in both) kappa is undefined: NaN, as sklearn returns.
 */
export function cohenKappa(cm: ConfusionMatrix): number {
  const K = cm.numClasses;
  const n = confusionTotal(cm);
  if (n === 0) return NaN;
  let diag = 0;
  let chance = 0;
  for (let k = 0; k < K; k++) {
    diag += cm.counts[k][k];
    let row = 0;
    let col = 0;
    for (let j = 0; j < K; j++) {
      row += cm.counts[k][j];
      col += cm.counts[j][k];
    }
    chance += row * col;
  }
  const po = diag / n;
  const pe = chance / (n * n);
  return pe === 1 ? NaN : (po - pe) / (1 - pe);
}
