import { checkEmbargo, checkLabelEnd, emptyWindow, labelledIn } from './SplitParts.ts';

export interface SplitFractions {
  /** Fraction of samples in the training part, in (0, 1). */
  readonly train: number;
  /** Fraction in the validation part, in [0, 1); 0 means no validation part. The test part is the rest. */
  readonly validation: number;
}

export const DEFAULT_SPLIT_FRACTIONS: SplitFractions = Object.freeze({ train: 0.7, validation: 0.15 });

export interface ChronologicalSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
  /** Region boundaries: train [0, validationStart), validation [validationStart, testStart), test [testStart, n). */
  readonly validationStart: number;
  readonly testStart: number;
}

/**
 * Chronological train / validation / test split, purged and embargoed.
 *
 * - Regions: train = [0, round(n·train)), validation = up to round(n·(train+validation)), test = the rest.
 * - Purge: a train sample whose label window [i, labelEnd[i]] reaches into validation or test is dropped;
 *   so is a validation sample whose window reaches into test.
 * - Embargo: López de Prado's embargo drops training samples that come right *after* a test block. In a
 *   chronological split no training sample follows an evaluation sample, so it is applied as a gap: the
 *   first `embargo` samples after each boundary (the start of validation and of test) belong to no part.
 *   The later part then starts `embargo` samples after the earlier part's last sample, so evaluation
 *   samples whose look-back (features, lobcast/tlob past windows) would overlap the period the model was
 *   fitted on are not scored.
 * - Unlabeled samples (labelEnd -1) are in no part. A part left empty is a RangeError ("empty window"),
 *   except validation when its fraction is 0.
 */
export function chronologicalSplit(
  n: number,
  fractions: SplitFractions,
  labelEnd: Int32Array,
  embargo = 0,
): ChronologicalSplit {
  checkLabelEnd(n, labelEnd);
  checkEmbargo(embargo);
  const { train, validation } = fractions;
  if (!(train > 0 && train < 1)) throw new RangeError(`train fraction must be in (0, 1), got ${train}`);
  if (!(validation >= 0 && validation < 1)) throw new RangeError(`validation fraction must be in [0, 1), got ${validation}`);
  if (!(train + validation < 1)) throw new RangeError(`train + validation must be < 1 (test gets the rest), got ${train + validation}`);

  // Rounding (not flooring) so 0.7·100 lands on 70 despite binary fractions.
  const validationStart = Math.round(n * train);
  const testStart = Math.round(n * (train + validation));
  const detail = `n=${n}, train [0, ${validationStart}), validation [${validationStart}, ${testStart}), test [${testStart}, ${n}), embargo ${embargo}`;

  const trainIdx = labelledIn(labelEnd, 0, validationStart, validationStart - 1);
  const validationIdx = labelledIn(labelEnd, validationStart + embargo, testStart, testStart - 1);
  const testIdx = labelledIn(labelEnd, testStart + embargo, n, n - 1);
  if (trainIdx.length === 0) throw emptyWindow('the train part', detail);
  if (validationIdx.length === 0 && validation > 0) throw emptyWindow('the validation part', detail);
  if (testIdx.length === 0) throw emptyWindow('the test part', detail);
  return { train: trainIdx, validation: validationIdx, test: testIdx, validationStart, testStart };
}
