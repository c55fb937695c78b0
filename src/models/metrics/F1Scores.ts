import type { ConfusionMatrix } from './ConfusionMatrix.ts';

/** Per-class scores, index = class. `support` is the number of rows whose true class is k. */
export type PerClassScores = {
  readonly precision: number[];
  readonly recall: number[];
  readonly f1: number[];
  readonly support: number[];
};

/**
 * Precision tp/(tp+fp), recall tp/(tp+fn), F1 their harmonic mean, per class. A zero denominator gives 0
 * (sklearn's `zero_division=0`): a class never predicted has precision 0, not NaN, so averages stay defined.
 */
export function perClassScores(cm: ConfusionMatrix): PerClassScores {
  const K = cm.numClasses;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let k = 0; k < K; k++) {
    const tp = cm.counts[k][k];
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < K; j++) {
      predicted += cm.counts[j][k];
      actual += cm.counts[k][j];
    }
    const p = predicted === 0 ? 0 : tp / predicted;
    const r = actual === 0 ? 0 : tp / actual;
    precision.push(p);
    recall.push(r);
    // 2tp/(2tp+fp+fn) equals 2pr/(p+r) and avoids 0/0 when both are 0.
    const denom = predicted + actual;
    f1.push(denom === 0 ? 0 : (2 * tp) / denom);
    support.push(actual);
  }
  return { precision, recall, f1, support };
}

/** Macro-F1: the unweighted mean of per-class F1 (every class counts the same; sklearn `average='macro'`). */
export function macroF1(cm: ConfusionMatrix): number {
  const { f1 } = perClassScores(cm);
  let s = 0;
  for (const v of f1) s += v;
  return s / f1.length;
}

/**
 * Weighted-F1: per-class F1 weighted by support (sklearn `average='weighted'`). Flatters a model that is
 * good on the majority class, which is why both are always reported side by side. NaN when there are no rows.
 */
export function weightedF1(cm: ConfusionMatrix): number {
  const { f1, support } = perClassScores(cm);
  let s = 0;
  let n = 0;
  for (let k = 0; k < f1.length; k++) {
    s += f1[k] * support[k];
    n += support[k];
  }
  return n === 0 ? NaN : s / n;
}
