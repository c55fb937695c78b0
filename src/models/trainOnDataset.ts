import type { LoadedDataset } from '../datasets/readDataset.ts';
import { datasetLabelEnd } from '../datasets/planSplits.ts';
import { chronologicalSplit } from '../labels/ChronologicalSplit.ts';
import { measureTrainingCost, type TrainingCost } from './cost/measureTrainingCost.ts';
import { createModelArtifact, artifactLabelFromDataset, type ModelArtifact } from './artifact/ModelArtifact.ts';
import { trainingDataHash } from './artifact/trainingDataHash.ts';
import { classificationReport, type ClassificationReport } from './metrics/ClassificationReport.ts';
import type { ClassificationData } from './TrainingData.ts';
import type { Predictor } from './Predictor.ts';
import { trainerFor, type TrainedModel } from './ModelZoo.ts';
import { predictRows } from './predictRows.ts';

/** Features a model should not see: absolute price levels, which say where the day was, not where it goes. */
export const EXCLUDED_FROM_MODELS = new Set(['mid']);

/** The raw snapshot columns of LobSnapshots (ask_px_1 … bid_sz_10). */
export const SNAPSHOT_COLUMN = /^(ask|bid)_(px|sz)_\d+$/;

export interface TrainOnDatasetOptions {
  model: string;
  seed?: number;
  /** Chronological parts; the rest is the test part. Defaults 0.6 / 0.1 (test 0.3). */
  trainFraction?: number;
  validationFraction?: number;
  dollarsPerCoreHour?: number;
  /** Which dataset features the model sees (default: all but absolute price levels). */
  featureFilter?: (name: string) => boolean;
}

export interface TrainOnDatasetResult {
  readonly artifact: ModelArtifact;
  readonly predictor: Predictor;
  readonly test: ClassificationReport;
  readonly cost: TrainingCost;
  readonly trained: TrainedModel;
  readonly split: { train: number; validation: number; test: number; excluded: number };
  readonly testRows: Int32Array;
  readonly data: ClassificationData;
}

/**
 * Trains one model on a dataset's chronological, purged training part (label windows may not reach
 * into validation or test; an embargo of one horizon after each boundary), measures what the fit cost,
 * scores the compiled predictor on the test part, and packs the artifact.
 */
export async function trainOnDataset(ds: LoadedDataset, options: TrainOnDatasetOptions): Promise<TrainOnDatasetResult> {
  const { train: trainer, inputs } = trainerFor(options.model);
  const seed = options.seed ?? 1;
  const horizon = ds.description.label.horizon;
  const split = chronologicalSplit(ds.rows, { train: options.trainFraction ?? 0.6, validation: options.validationFraction ?? 0.1 }, datasetLabelEnd(ds), horizon);
  // Sequence models read the raw snapshot columns; tabular models everything else.
  const isSnapshot = (n: string): boolean => SNAPSHOT_COLUMN.test(n);
  const use = (n: string): boolean =>
    !EXCLUDED_FROM_MODELS.has(n) && (inputs === 'snapshots' ? isSnapshot(n) : !isSnapshot(n) && (options.featureFilter?.(n) ?? true));
  const keep = ds.featureNames.map((n, k) => [n, k] as const).filter(([n]) => use(n));
  const data: ClassificationData = {
    featureNames: keep.map(([n]) => n),
    x: keep.map(([, k]) => ds.features[k]),
    y: ds.labels,
    train: split.train,
    validation: split.validation,
    numClasses: 3,
  };
  const { result: trained, cost } = await measureTrainingCost((meter) => trainer(data, { seed, sample: () => meter.sample() }), { dollarsPerCoreHour: options.dollarsPerCoreHour });
  if (data.x.length === 0) throw new RangeError(`${ds.path}: no ${inputs === 'snapshots' ? 'raw snapshot (build with --features all or raw)' : 'tabular'} features for model ${options.model}`);
  const probs = trained.predictRows ? await trained.predictRows(split.test) : predictRows(trained.predictor, data.x, split.test);
  const yTest = Uint8Array.from(split.test, (r) => ds.labels[r]);
  const test = classificationReport(yTest, probs, 3);
  const featureColumns = ds.description.features.filter((f) => use(f.name));
  const artifact = createModelArtifact({
    kind: trained.predictor.kind,
    features: featureColumns,
    normalisation: trained.normalisation,
    // The sampling travels with the model: it runs live on the sampling it was trained on.
    label: artifactLabelFromDataset({ ...ds.description.label, sampling: ds.description.sampling }),
    metrics: {
      test: { rows: test.rows, accuracy: test.accuracy, macroF1: test.macroF1, weightedF1: test.weightedF1, cohenKappa: test.cohenKappa, logLoss: test.logLoss },
      split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
      fit: trained.summary,
      dataset: ds.path,
    },
    cost,
    dataHash: trainingDataHash(data.x, ds.labels, split.train),
    seed,
    body: trained.body,
  });
  return {
    artifact,
    predictor: trained.predictor,
    test,
    cost,
    trained,
    split: { train: split.train.length, validation: split.validation.length, test: split.test.length, excluded: ds.rows - split.train.length - split.validation.length - split.test.length },
    testRows: split.test,
    data,
  };
}
