import { buildLobsterFeatureMatrix } from '../datasets/buildFeatureMatrix.ts';
import { labelFeatureMatrix, toLoadedDataset } from '../datasets/buildDataset.ts';
import { trainOnDataset } from '../models/trainOnDataset.ts';
import { measureInferenceLatency } from '../models/measureInferenceLatency.ts';
import { FEATURE_SETS } from '../features/featureSets.ts';
import { FEATURE_FACTORIES } from '../features/featureSets.ts';

export interface LobExperimentRow {
  model: string;
  horizon: number;
  macroF1: number;
  weightedF1: number;
  accuracy: number;
  trainCpuSeconds: number;
  dollars: number;
  inferenceP50Us: number;
  inferenceP99Us: number;
  testRows: number;
  /** Test class balance (down, stationary, up). */
  testBalance: [number, number, number];
}

export interface LobExperimentOptions {
  horizons?: readonly number[];
  models?: readonly string[];
  seed?: number;
  onProgress?: (message: string) => void;
}

export const LOB_EXPERIMENT_HORIZONS = [1, 2, 3, 5, 10] as const;

/**
 * The LOB prediction benchmark on one real day: features computed once (the default set for tabular
 * models), then for each horizon LOBCAST labels with σ balancing the training classes, a chronological
 * 60/10/30 split (purged, embargo = horizon), every model trained on the first part and scored on the
 * last, with its training cost and single-row inference latency.
 */
export async function runLobExperiment(messages: string, orderbook: string, options: LobExperimentOptions = {}): Promise<LobExperimentRow[]> {
  const horizons = options.horizons ?? LOB_EXPERIMENT_HORIZONS;
  const models = options.models ?? ['logistic', 'gbdt'];
  const progress = options.onProgress ?? (() => undefined);
  progress('building features');
  // Raw snapshots only when a sequence model runs: they cost a ring-buffer write per event.
  const matrix = await buildLobsterFeatureMatrix(messages, orderbook, { features: models.includes('deeplob') ? 'all' : 'default' });
  const defaultColumns = new Set(FEATURE_SETS.default.flatMap((g) => FEATURE_FACTORIES[g]().columns.map((c) => c.name)));
  const rows: LobExperimentRow[] = [];
  for (const horizon of horizons) {
    const ds = toLoadedDataset(labelFeatureMatrix(matrix, { label: 'lobcast', sigma: 'balanced', horizon, trainFraction: 0.6 }));
    for (const model of models) {
      progress(`k=${horizon} ${model}`);
      const r = await trainOnDataset(ds, { model, seed: options.seed ?? 1, featureFilter: (n) => defaultColumns.has(n) });
      const inputFor = r.trained.inputFor;
      const sample = Array.from({ length: Math.min(inputFor ? 256 : 4096, r.testRows.length) }, (_, i) => {
        const row = r.testRows[i];
        if (!inputFor) return Float64Array.from(r.data.x, (col) => col[row]);
        const x = new Float64Array(r.predictor.numFeatures);
        inputFor(row, x);
        return x;
      });
      const latency = measureInferenceLatency(r.predictor, sample, 100_000, 20_000);
      const support = r.test.perClass.support;
      rows.push({
        model,
        horizon,
        macroF1: r.test.macroF1,
        weightedF1: r.test.weightedF1,
        accuracy: r.test.accuracy,
        trainCpuSeconds: r.cost.cpuSeconds,
        dollars: r.cost.dollars,
        inferenceP50Us: latency.p50Us,
        inferenceP99Us: latency.p99Us,
        testRows: r.test.rows,
        testBalance: [support[0], support[1], support[2]],
      });
    }
  }
  return rows;
}
