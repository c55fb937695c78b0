import { finitePairs, pearsonIC, spearmanRankIC } from './InformationCoefficient.ts';
import { rSquared } from './RSquared.ts';

/** Regression figures for return targets; `rows` counts the finite pairs actually scored. */
export type RegressionReport = {
  readonly rows: number;
  readonly ic: number;
  readonly rankIc: number;
  readonly r2: number;
};

export function regressionReport(predictions: ArrayLike<number>, targets: ArrayLike<number>): RegressionReport {
  return {
    rows: finitePairs(predictions, targets)[0].length,
    ic: pearsonIC(predictions, targets),
    rankIc: spearmanRankIC(predictions, targets),
    r2: rSquared(predictions, targets),
  };
}
