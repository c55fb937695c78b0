/**
 * What every trainer receives: column-major raw features, integer labels, and the row indices of the
 * training and validation parts (chronological, purged: see src/datasets/planSplits.ts). Trainers fit
 * any normalisation on `train` rows only and may use `validation` for early stopping, nothing else.
 */
export interface ClassificationData {
  readonly featureNames: readonly string[];
  /** One Float64Array per feature, all the same length (rows of the dataset). */
  readonly x: readonly Float64Array[];
  /** Class per row: 0 down, 1 stationary, 2 up. */
  readonly y: Uint8Array;
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly numClasses: number;
}

/** Regression: the same, with a real-valued target (e.g. forward return in bps). */
export interface RegressionData {
  readonly featureNames: readonly string[];
  readonly x: readonly Float64Array[];
  readonly y: Float64Array;
  readonly train: Int32Array;
  readonly validation: Int32Array;
}
