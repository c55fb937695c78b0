import { GOOG10, report, sharedData } from './harness.ts';
import { buildLobsterFeatureMatrix } from '../src/datasets/buildFeatureMatrix.ts';
import { labelFeatureMatrix, toLoadedDataset } from '../src/datasets/buildDataset.ts';
import { datasetLabelEnd } from '../src/datasets/planSplits.ts';
import { chronologicalSplit } from '../src/labels/ChronologicalSplit.ts';
import { SNAPSHOT_COLUMN } from '../src/models/trainOnDataset.ts';
import type { ClassificationData } from '../src/models/TrainingData.ts';
import type { Predictor } from '../src/models/Predictor.ts';
import { measureInferenceLatency, type InferenceLatency } from '../src/models/measureInferenceLatency.ts';
import { trainLogisticRegression } from '../src/models/linear/trainLogisticRegression.ts';
import { trainGbdt } from '../src/models/gbdt/trainGbdt.ts';
import { trainMlp } from '../src/models/nn/trainMlp.ts';
import { trainDeepLob } from '../src/models/nn/trainDeepLob.ts';
import { sequenceDataFromClassification, writeWindow } from '../src/models/nn/SequenceData.ts';

/**
 * Single-row inference latency of each compiled model, trained on the GOOG level-10 day (default
 * features, LOBCAST k = 5, balanced classes): every call timed alone on real test rows, timer overhead
 * subtracted (see measureInferenceLatency). GBDT: 200 boosting rounds of depth-6 trees, i.e. 600 trees
 * for 3 classes (one per class per round, as XGBoost counts them), and a 201-tree model (67 rounds) for
 * the reading "200 trees". The DeepLOB net is trained briefly:
 * its latency depends on its shape, not on how well it learned.
 */
export async function run(args: string[]): Promise<void> {
  const messages = args[0] ?? sharedData(...GOOG10.messages);
  const orderbook = args[1] ?? sharedData(...GOOG10.orderbook);
  const matrix = await buildLobsterFeatureMatrix(messages, orderbook, { features: 'all' });
  const ds = toLoadedDataset(labelFeatureMatrix(matrix, { label: 'lobcast', sigma: 'balanced', horizon: 5, trainFraction: 0.6 }));
  const split = chronologicalSplit(ds.rows, { train: 0.6, validation: 0.1 }, datasetLabelEnd(ds), 5);
  const pickData = (snapshots: boolean): ClassificationData => {
    const keep = ds.featureNames.map((n, k) => [n, k] as const).filter(([n]) => n !== 'mid' && SNAPSHOT_COLUMN.test(n) === snapshots);
    return { featureNames: keep.map(([n]) => n), x: keep.map(([, k]) => ds.features[k]), y: ds.labels, train: split.train, validation: split.validation, numClasses: 3 };
  };
  const tabular = pickData(false);
  const rows = (n: number): Float64Array[] => Array.from({ length: Math.min(n, split.test.length) }, (_, i) => Float64Array.from(tabular.x, (c) => c[split.test[i]]));
  const testRows = rows(4096);
  const models: Record<string, InferenceLatency & { note?: string }> = {};
  const time = (name: string, p: Predictor, inputs: Float64Array[], note?: string): void => {
    models[name] = { ...measureInferenceLatency(p, inputs), ...(note ? { note } : {}) };
  };

  time('logistic', trainLogisticRegression(tabular).model, testRows, `${tabular.x.length} features`);
  const gbdt = trainGbdt({ ...tabular, validation: new Int32Array(0) }, { rounds: 200, maxDepth: 6, maxLeaves: 64, learningRate: 0.1, seed: 1 });
  time('gbdt', gbdt.predictor(), testRows, `${gbdt.trees.length} trees (200 rounds × 3 classes), depth ≤ 6`);
  // "200 trees" read as trees rather than rounds: 67 rounds × 3 classes.
  const gbdt200 = trainGbdt({ ...tabular, validation: new Int32Array(0) }, { rounds: 67, maxDepth: 6, maxLeaves: 64, learningRate: 0.1, seed: 1 });
  time('gbdt_201trees', gbdt200.predictor(), testRows, `${gbdt200.trees.length} trees (67 rounds × 3 classes), depth ≤ 6`);
  const mlp = await trainMlp(tabular, { seed: 1, maxEpochs: 3 });
  const mlpPredictor = mlp.predictor();
  time('mlp', mlpPredictor, testRows, `${tabular.x.length}→${mlp.hidden.join('→')}→3, ${mlpPredictor.backend === 'wasm' ? 'WebAssembly SIMD kernel' : 'plain JS'}`);
  const seq = sequenceDataFromClassification(pickData(true), 100);
  const deeplob = await trainDeepLob(seq, { seed: 1, maxEpochs: 1, maxTrainRows: 256, maxValidationRows: 64 });
  const windows = Array.from({ length: 64 }, (_, i) => {
    const x = new Float64Array(100 * 40);
    writeWindow(seq.snapshots, split.test[i], 100, x);
    return x;
  });
  time('deeplob', deeplob.predictor(), windows, 'window 100 × 40, plain-JS forward pass');

  const strip = (m: InferenceLatency & { note?: string }): Record<string, unknown> => ({ p50Us: m.p50Us, p99Us: m.p99Us, p999Us: m.p999Us, calls: m.calls, note: m.note });
  report({
    bench: 'inference',
    models: Object.fromEntries(Object.entries(models).map(([k, m]) => [k, strip(m)])),
    timerOverheadUs: models.logistic.timerOverheadUs,
    goal: { gbdtP99Us: 5, mlpP99Us: 5, logisticP99Us: 0.5 },
  });
}
