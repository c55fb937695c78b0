/**
 * A trained model compiled for inference. `predict` takes one *raw* feature row (the model applies its
 * own normalisation, fitted on training rows only) and writes class probabilities (down, stationary,
 * up) or, for regression, the prediction into `out`. No allocation per call: flattened arrays only.
 */
export interface Predictor {
  readonly kind: string;
  /** Input width: the feature count (a sequence model: window length × snapshot width). */
  readonly numFeatures: number;
  /** 3 for direction classifiers, 1 for regression. */
  readonly numOutputs: number;
  predict(x: Float64Array, out: Float64Array): void;
}
