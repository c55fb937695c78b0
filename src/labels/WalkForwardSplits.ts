import { checkEmbargo, checkLabelEnd, emptyWindow, labelledIn, type Fold } from './SplitParts.ts';

export interface WalkForwardOptions {
  /** Number of folds (consecutive test blocks ending at the last sample), >= 1. */
  readonly folds: number;
  /** Samples per test block; default floor((n − minTrain) / folds), or floor(n / (folds + 1)) without minTrain. */
  readonly testSize?: number;
  /** Samples in the first training region (and the rolling window length); default n − folds·testSize. */
  readonly minTrain?: number;
  /** true: train on everything before the test block; false: on the last `minTrain` samples only. */
  readonly expanding?: boolean;
}

/**
 * Walk-forward folds: each test block follows its training region, which lies strictly before it.
 *
 * Test blocks tile [n − folds·testSize, n) (as sklearn's TimeSeriesSplit). Purge: a training sample
 * whose label window [i, labelEnd[i]] reaches the test region's start is dropped. Embargo, as in
 * `chronologicalSplit`: the first `embargo` samples of each test region are not scored (a gap after the
 * boundary; no training sample ever follows a test block here, so López de Prado's embargo proper has
 * nothing to remove). Unlabeled samples are in no part; an empty train or test part is a RangeError.
 */
export function walkForwardSplits(
  n: number,
  options: WalkForwardOptions,
  labelEnd: Int32Array,
  embargo = 0,
): Fold[] {
  checkLabelEnd(n, labelEnd);
  checkEmbargo(embargo);
  const { folds, expanding = true } = options;
  if (!Number.isInteger(folds) || folds < 1) throw new RangeError(`folds must be an integer >= 1, got ${folds}`);
  const testSize =
    options.testSize ??
    (options.minTrain !== undefined ? Math.floor((n - options.minTrain) / folds) : Math.floor(n / (folds + 1)));
  if (!Number.isInteger(testSize) || testSize < 1) {
    throw new RangeError(`walk-forward: testSize must be an integer >= 1, got ${testSize} (n=${n}, folds=${folds})`);
  }
  const firstTest = n - folds * testSize;
  const minTrain = options.minTrain ?? firstTest;
  if (!Number.isInteger(minTrain) || minTrain < 1 || firstTest < minTrain) {
    throw new RangeError(
      `walk-forward: not enough samples: minTrain=${minTrain} + folds=${folds} × testSize=${testSize} must be <= n=${n} with minTrain >= 1`,
    );
  }

  const out: Fold[] = [];
  for (let f = 0; f < folds; f++) {
    const testStart = firstTest + f * testSize;
    const testEnd = testStart + testSize;
    const trainStart = expanding ? 0 : testStart - minTrain;
    const train = labelledIn(labelEnd, trainStart, testStart, testStart - 1);
    const test = labelledIn(labelEnd, testStart + embargo, testEnd, n - 1);
    const detail = `fold ${f}: train [${trainStart}, ${testStart}), test [${testStart}, ${testEnd}), embargo ${embargo}`;
    if (train.length === 0) throw emptyWindow(`the train part of fold ${f}`, detail);
    if (test.length === 0) throw emptyWindow(`the test part of fold ${f}`, detail);
    out.push({ fold: f, train, test, testStart, testEnd });
  }
  return out;
}
