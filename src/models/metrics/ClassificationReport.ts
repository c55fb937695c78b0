import { accuracy, confusionMatrix, type ConfusionMatrix } from './ConfusionMatrix.ts';
import { cohenKappa } from './CohenKappa.ts';
import { macroF1, perClassScores, weightedF1, type PerClassScores } from './F1Scores.ts';
import { logLoss } from './LogLoss.ts';
import { predictedClasses } from './predictedClasses.ts';

/** Every classification figure the issue names, in one JSON-ready object (a type alias, so it fits an artifact's metrics). */
export type ClassificationReport = {
  readonly rows: number;
  readonly accuracy: number;
  /** Unweighted mean of per-class F1. */
  readonly macroF1: number;
  /** Support-weighted mean of per-class F1. */
  readonly weightedF1: number;
  readonly cohenKappa: number;
  /** Present when probabilities were given. */
  readonly logLoss: number | null;
  readonly perClass: PerClassScores;
  readonly confusion: ConfusionMatrix;
};

/**
 * Scores row-major probabilities (n × numClasses) against true classes: the predicted class is the argmax.
 * Pass `{ probabilities: false }` when `scores` are not probabilities (log-loss is then null).
 */
export function classificationReport(
  yTrue: ArrayLike<number>,
  scores: Float64Array,
  numClasses: number,
  options: { probabilities?: boolean } = {},
): ClassificationReport {
  const pred = predictedClasses(scores, numClasses);
  const cm = confusionMatrix(yTrue, pred, numClasses);
  return {
    rows: yTrue.length,
    accuracy: accuracy(cm),
    macroF1: macroF1(cm),
    weightedF1: weightedF1(cm),
    cohenKappa: cohenKappa(cm),
    logLoss: options.probabilities === false ? null : logLoss(yTrue, scores, numClasses),
    perClass: perClassScores(cm),
    confusion: cm,
  };
}
