import { describe, expect, it } from 'vitest';
import { LOBSTER, realDataPresent } from '../../../test/realData.ts';
import { buildLobsterDataset } from '../../datasets/buildDataset.ts';
import type { ClassificationData } from '../TrainingData.ts';
import { trainMlp } from './trainMlp.ts';
import { trainDeepLob } from './trainDeepLob.ts';
import { sequenceDataFromClassification, writeWindow } from './SequenceData.ts';
import { DEEPLOB_VARIANTS } from './DeepLobNetwork.ts';

describe.skipIf(!realDataPresent)('neural nets on the GOOG fixture (real LOBSTER data)', () => {
  it('MLP and small DeepLOB train a few epochs and predict valid probabilities', async () => {
    const ds = await buildLobsterDataset(LOBSTER.fixture.messages, LOBSTER.fixture.orderbook, { features: 'all', label: 'lobcast', horizon: 5 });
    const n = ds.rows.length;
    const x = ds.matrix.values.map((col) => Float64Array.from(ds.rows, (r) => col[r]));
    const range = (a: number, b: number): Int32Array => Int32Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
    const t = Math.floor(n * 0.6);
    const v = Math.floor(n * 0.8);
    // Purge: the last `horizon` rows of a part label with prices from the next part.
    const data: ClassificationData = {
      featureNames: ds.matrix.columns.map((c) => c.name),
      x,
      y: ds.labels,
      train: range(0, t - ds.horizon),
      validation: range(t, v - ds.horizon),
      numClasses: 3,
    };
    const test = range(v, n);
    const mlp = await trainMlp(data, { maxEpochs: 3, seed: 1 });
    const p = mlp.predictor();
    const row = new Float64Array(p.numFeatures);
    const out = new Float64Array(3);
    let hits = 0;
    for (const r of test) {
      for (let c = 0; c < row.length; c++) row[c] = x[c][r];
      p.predict(row, out);
      expect(out.every((q) => q >= 0 && q <= 1)).toBe(true);
      expect(out[0] + out[1] + out[2]).toBeCloseTo(1, 9);
      if (out.indexOf(Math.max(...out)) === ds.labels[r]) hits++;
    }
    expect(hits / test.length).toBeGreaterThan(0);

    const seq = sequenceDataFromClassification(data, DEEPLOB_VARIANTS.small.window);
    const net = await trainDeepLob(seq, { variant: 'small', maxEpochs: 2, maxTrainRows: 256, maxValidationRows: 64, seed: 1 });
    expect(net.epochs).toBeGreaterThanOrEqual(1);
    const dp = net.predictor();
    const window = new Float64Array(dp.numFeatures);
    for (const r of test.subarray(0, 20)) {
      writeWindow(seq.snapshots, r, seq.window, window);
      dp.predict(window, out);
      expect(out.every((q) => q > 0 && q < 1)).toBe(true);
      expect(out[0] + out[1] + out[2]).toBeCloseTo(1, 9);
    }
  });
});
