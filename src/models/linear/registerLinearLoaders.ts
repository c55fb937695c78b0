import { registerPredictorLoader } from '../artifact/PredictorRegistry.ts';
import type { ModelArtifact } from '../artifact/ModelArtifact.ts';
import { ModelArtifactError } from '../artifact/ModelArtifactError.ts';
import { LogisticRegression } from './LogisticRegression.ts';
import { RidgeRegression } from './RidgeRegression.ts';

const loadLogistic = (body: unknown, artifact: ModelArtifact): LogisticRegression => checked(LogisticRegression.fromJSON(body), artifact);
const loadRidge = (body: unknown, artifact: ModelArtifact): RidgeRegression => checked(RidgeRegression.fromJSON(body), artifact);

/**
 * Registers the "logistic" and "ridge" loaders with the artifact registry. Idempotent: call it at
 * start-up of anything that loads models (the CLI) before loadPredictor.
 */
export function registerLinearPredictorLoaders(): void {
  registerPredictorLoader('logistic', loadLogistic, 'Multinomial logistic regression (softmax, L2), fitted by full-batch L-BFGS on standardised features');
  registerPredictorLoader('ridge', loadRidge, 'Ridge regression (L2 least squares, closed form by Cholesky) on standardised features');
}

/** The body carries its own Standardizer; the artifact's copy must say the same, or the file was edited. */
function checked<P extends LogisticRegression | RidgeRegression>(model: P, artifact: ModelArtifact): P {
  if (artifact.normalisation !== null && JSON.stringify(artifact.normalisation) !== JSON.stringify(model.standardizer.toJSON())) {
    throw new ModelArtifactError('model artifact', 'normalisation', "differs from the body's standardizer");
  }
  const names = artifact.features.map((f) => f.name);
  if (JSON.stringify(names) !== JSON.stringify(model.featureNames)) {
    throw new ModelArtifactError('model artifact', 'features', `names differ from the body's featureNames`);
  }
  return model;
}
