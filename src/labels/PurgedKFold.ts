import { checkEmbargo, checkLabelEnd, concatIndices, emptyWindow, labelledIn, type Fold } from './SplitParts.ts';

/**
 * Purged k-fold cross-validation with embargo (López de Prado 2018, Advances in Financial Machine
 * Learning, ch. 7, snippets 7.1–7.3).
 *
 * - k contiguous test blocks, sizes as equal as possible (the first n mod k blocks one larger).
 * - The test window runs from the block's first index to the furthest label end of its test samples
 *   (a test label reads mids after the block too).
 * - Purge: a training sample whose label window [i, labelEnd[i]] intersects the test window is dropped:
 *   before the block, labelEnd[i] must be < the block start; after it, i must be past the test window.
 * - Embargo: the `embargo` samples right after the test window are dropped from training (snippet 7.3
 *   starts post-test training at indices[maxT1Idx + embargo]; we start one later, so a training window
 *   never even touches the test window's last sample). Choose embargo >= the labels' lookBack so a
 *   training label's past window (lobcast, tlob) cannot read test-block mids.
 * - Unlabeled samples are in no part; a fold with an empty train or test part is a RangeError.
 */
export function purgedKFold(n: number, k: number, labelEnd: Int32Array, embargo = 0): Fold[] {
  checkLabelEnd(n, labelEnd);
  checkEmbargo(embargo);
  if (!Number.isInteger(k) || k < 2 || k > n) throw new RangeError(`purged k-fold: k must be an integer in [2, n=${n}], got ${k}`);

  const base = Math.floor(n / k);
  const extra = n % k;
  const out: Fold[] = [];
  let testStart = 0;
  for (let f = 0; f < k; f++) {
    const testEnd = testStart + base + (f < extra ? 1 : 0);
    const test = labelledIn(labelEnd, testStart, testEnd, n - 1);
    const detail = `fold ${f}: test block [${testStart}, ${testEnd}), embargo ${embargo}`;
    if (test.length === 0) throw emptyWindow(`the test part of fold ${f}`, detail);
    let windowEnd = testEnd - 1;
    for (let j = 0; j < test.length; j++) if (labelEnd[test[j]] > windowEnd) windowEnd = labelEnd[test[j]];
    const before = labelledIn(labelEnd, 0, testStart, testStart - 1);
    const after = labelledIn(labelEnd, windowEnd + 1 + embargo, n, n - 1);
    const train = concatIndices(before, after);
    if (train.length === 0) throw emptyWindow(`the train part of fold ${f}`, detail);
    out.push({ fold: f, train, test, testStart, testEnd });
    testStart = testEnd;
  }
  return out;
}
