import type { Predictor } from '../Predictor.ts';
import type { ModelArtifact } from './ModelArtifact.ts';
import { ModelArtifactError } from './ModelArtifactError.ts';

/** Turns an artifact body into a predictor; validates the body and throws naming the bad field. */
export type PredictorLoader = (body: unknown, artifact: ModelArtifact) => Predictor;

interface Registration {
  readonly loader: PredictorLoader;
  /** One line for model cards: what this kind of model is. */
  readonly description: string;
}

const registry = new Map<string, Registration>();

/**
 * Registers the loader for a model kind. Model families register themselves (see
 * src/models/linear/registerLinearLoaders.ts), so this folder never imports GBDT or neural-net code.
 * Registering the same loader again is a no-op (idempotent start-up code); a different loader for a
 * taken kind is an error, since two meanings of one kind would load models wrongly.
 */
export function registerPredictorLoader(kind: string, loader: PredictorLoader, description = `model of kind "${kind}"`): void {
  const existing = registry.get(kind);
  if (existing !== undefined) {
    if (existing.loader === loader) return;
    throw new Error(`a predictor loader for kind "${kind}" is already registered`);
  }
  registry.set(kind, { loader, description });
}

export function registeredPredictorKinds(): string[] {
  return [...registry.keys()].sort();
}

/** The registered one-line description of a kind, or null. */
export function describeModelKind(kind: string): string | null {
  return registry.get(kind)?.description ?? null;
}

/**
 * Loads the artifact's predictor with the loader registered for its kind, and checks it agrees with the
 * artifact (same kind; one input per listed feature, or a whole window of them for sequence models).
 */
export function loadPredictor(artifact: ModelArtifact, source = 'model artifact'): Predictor {
  const reg = registry.get(artifact.kind);
  if (reg === undefined) {
    const known = registeredPredictorKinds();
    throw new ModelArtifactError(source, 'kind', `is "${artifact.kind}", which has no registered loader (registered: ${known.length === 0 ? 'none' : known.join(', ')})`);
  }
  let predictor: Predictor;
  try {
    predictor = reg.loader(artifact.body, artifact);
  } catch (e) {
    // Loaders do not know the file name: restate their error against this source.
    if (e instanceof ModelArtifactError) throw new ModelArtifactError(source, e.field, e.problem, { cause: e });
    throw new ModelArtifactError(source, 'body', `cannot be loaded: ${(e as Error).message}`, { cause: e });
  }
  if (predictor.kind !== artifact.kind) throw new ModelArtifactError(source, 'kind', `is "${artifact.kind}" but the loader built a "${predictor.kind}" predictor`);
  // Sequence models take a window of rows: their width is a multiple of the feature count.
  const f = artifact.features.length;
  if (predictor.numFeatures !== f && (f === 0 || predictor.numFeatures % f !== 0)) {
    throw new ModelArtifactError(source, 'features', `lists ${artifact.features.length} features but the model takes ${predictor.numFeatures}`);
  }
  return predictor;
}
