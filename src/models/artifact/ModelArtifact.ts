import type { FeatureColumn } from '../../features/Feature.ts';
import type { StandardizerJSON } from '../../labels/Standardizer.ts';
import type { TrainingCost } from '../cost/measureTrainingCost.ts';
import { codeVersion, type CodeVersion } from './codeVersion.ts';
import { ModelArtifactError } from './ModelArtifactError.ts';

export const MODEL_ARTIFACT_FORMAT = 'tachyon-model';
export const MODEL_ARTIFACT_VERSION = 1;

/** What the model predicts and how its training labels were made. */
export interface ArtifactLabel {
  /** Labelling protocol (src/labels/LabelProtocols.ts), e.g. "lobcast". */
  readonly protocol: string;
  /** Horizon in samples (events). */
  readonly horizon: number;
  /** 'direction': classes 0 down, 1 stationary, 2 up; 'return-bps': forward mid return in basis points. */
  readonly target: 'direction' | 'return-bps';
  /** Thresholds the direction labels used (fitted on training rows for lobcast/tlob); null for returns. */
  readonly thresholds: { readonly alphaUp: number; readonly alphaDown: number } | null;
  /** Remaining protocol parameters (sigma, smoothing, fitRows, …). */
  readonly params: { readonly [name: string]: number | string | boolean };
}

/** Metric values as JSON allows them (NaN is stored as null). */
export type MetricValue = number | string | null | readonly MetricValue[] | { readonly [name: string]: MetricValue };

/**
 * One trained model in one JSON file. `body` is the model's own toJSON() (weights, trees, layers); the
 * rest says what it is, what it was trained on, how good it was and what it cost, so a file found on a
 * disk months later can be trusted or rejected without the code that wrote it.
 */
export interface ModelArtifact<B = unknown> {
  readonly format: typeof MODEL_ARTIFACT_FORMAT;
  readonly version: typeof MODEL_ARTIFACT_VERSION;
  /** Model kind; selects the predictor loader ("logistic", "ridge", "gbdt", "mlp", …). */
  readonly kind: string;
  readonly createdBy: CodeVersion;
  /** Input columns in model order, with units. */
  readonly features: readonly FeatureColumn[];
  /** The train-only Standardizer the model applies, or null for models that need none (trees). */
  readonly normalisation: StandardizerJSON | null;
  readonly label: ArtifactLabel;
  /** E.g. { validation: {...}, test: {...} } from the metrics reports. */
  readonly metrics: { readonly [name: string]: MetricValue };
  readonly cost: TrainingCost;
  /** trainingDataHash() of the training rows (scheme tachyon-data-v1), 64 hex digits. */
  readonly dataHash: string;
  /** The seed training used, or null when training involves no randomness (the linear models). */
  readonly seed: number | null;
  readonly body: B;
}

/** Builds an artifact, filling format, version and createdBy (this code's version) unless given. */
export function createModelArtifact<B>(
  fields: Omit<ModelArtifact<B>, 'format' | 'version' | 'createdBy'> & { readonly createdBy?: CodeVersion },
): ModelArtifact<B> {
  const artifact: ModelArtifact<B> = {
    format: MODEL_ARTIFACT_FORMAT,
    version: MODEL_ARTIFACT_VERSION,
    kind: fields.kind,
    createdBy: fields.createdBy ?? codeVersion(),
    features: fields.features.map((f) => ({ name: f.name, unit: f.unit })),
    normalisation: fields.normalisation,
    label: fields.label,
    metrics: fields.metrics,
    cost: fields.cost,
    dataHash: fields.dataHash,
    seed: fields.seed,
    body: fields.body,
  };
  validateModelArtifact(JSON.parse(JSON.stringify(artifact)), 'model artifact');
  return artifact;
}

/**
 * The label block from a dataset's description (readDataset's `description.label`): thresholds from
 * alphaUp/alphaDown, every other scalar parameter kept in `params`.
 */
export function artifactLabelFromDataset(
  label: { readonly protocol: string; readonly horizon: number; readonly alphaUp?: number; readonly alphaDown?: number; readonly [k: string]: unknown },
  target: ArtifactLabel['target'] = 'direction',
): ArtifactLabel {
  const params: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(label)) {
    if (k === 'protocol' || k === 'horizon' || k === 'alphaUp' || k === 'alphaDown') continue;
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') params[k] = v;
  }
  const thresholds =
    target === 'direction' && typeof label.alphaUp === 'number' && typeof label.alphaDown === 'number'
      ? { alphaUp: label.alphaUp, alphaDown: label.alphaDown }
      : null;
  return { protocol: label.protocol, horizon: label.horizon, target, thresholds, params };
}

/**
 * Checks a parsed artifact field by field; the first problem is a ModelArtifactError naming `source`
 * (the file) and the field path. The body is only checked to be present: its loader validates it.
 */
export function validateModelArtifact(value: unknown, source: string): ModelArtifact {
  const fail = (field: string, problem: string): never => {
    throw new ModelArtifactError(source, field, problem);
  };
  const obj = (v: unknown, field: string): Record<string, unknown> => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(field, 'must be an object');
    return v as Record<string, unknown>;
  };
  const str = (v: unknown, field: string): string => (typeof v === 'string' && v.length > 0 ? v : fail(field, 'must be a non-empty string'));
  const num = (v: unknown, field: string, min = -Infinity): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fail(field, min === 0 ? 'must be a finite number ≥ 0' : 'must be a finite number');

  const a = obj(value, '(root)');
  if (a.format !== MODEL_ARTIFACT_FORMAT) fail('format', `must be "${MODEL_ARTIFACT_FORMAT}" (got ${JSON.stringify(a.format)}): not a Tachyon model file`);
  if (a.version !== MODEL_ARTIFACT_VERSION) {
    fail('version', typeof a.version === 'number' && a.version > MODEL_ARTIFACT_VERSION
      ? `is ${a.version}; this build reads version ${MODEL_ARTIFACT_VERSION} (a newer Tachyon wrote it)`
      : `must be ${MODEL_ARTIFACT_VERSION}, got ${JSON.stringify(a.version)}`);
  }
  str(a.kind, 'kind');
  const cb = obj(a.createdBy, 'createdBy');
  str(cb.name, 'createdBy.name');
  str(cb.version, 'createdBy.version');
  if (cb.gitCommit !== null && (typeof cb.gitCommit !== 'string' || !/^[0-9a-f]{7,64}$/.test(cb.gitCommit))) fail('createdBy.gitCommit', 'must be a hex commit hash or null');
  if (!Array.isArray(a.features)) fail('features', 'must be an array of { name, unit }');
  (a.features as unknown[]).forEach((f, i) => {
    const o = obj(f, `features[${i}]`);
    str(o.name, `features[${i}].name`);
    if (typeof o.unit !== 'string') fail(`features[${i}].unit`, 'must be a string');
  });
  if (a.normalisation !== null) {
    const n = obj(a.normalisation, 'normalisation');
    if (n.kind !== 'standardizer') fail('normalisation.kind', 'must be "standardizer" (or normalisation null)');
    for (const k of ['mean', 'std', 'count']) {
      const arr = n[k];
      if (!Array.isArray(arr) || arr.length !== (a.features as unknown[]).length || !arr.every((v) => typeof v === 'number')) {
        fail(`normalisation.${k}`, `must be ${(a.features as unknown[]).length} numbers (one per feature)`);
      }
    }
  }
  const l = obj(a.label, 'label');
  str(l.protocol, 'label.protocol');
  if (!Number.isInteger(l.horizon) || (l.horizon as number) < 1) fail('label.horizon', 'must be an integer ≥ 1');
  if (l.target !== 'direction' && l.target !== 'return-bps') fail('label.target', 'must be "direction" or "return-bps"');
  if (l.thresholds !== null) {
    const t = obj(l.thresholds, 'label.thresholds');
    num(t.alphaUp, 'label.thresholds.alphaUp');
    num(t.alphaDown, 'label.thresholds.alphaDown');
  }
  obj(l.params, 'label.params');
  obj(a.metrics, 'metrics');
  const c = obj(a.cost, 'cost');
  for (const k of ['cpuSeconds', 'wallSeconds', 'peakRssMB', 'dollars', 'dollarsPerCoreHour']) num(c[k], `cost.${k}`, 0);
  if (c.peakRssSource !== 'maxrss' && c.peakRssSource !== 'samples') fail('cost.peakRssSource', 'must be "maxrss" or "samples"');
  if (typeof a.dataHash !== 'string' || !/^[0-9a-f]{64}$/.test(a.dataHash)) fail('dataHash', 'must be a SHA-256 hex digest (64 lower-case hex digits)');
  if (a.seed !== null && !Number.isInteger(a.seed)) fail('seed', 'must be an integer or null');
  if (!('body' in a) || a.body === undefined || a.body === null) fail('body', 'is missing (the model itself)');
  return a as unknown as ModelArtifact;
}
