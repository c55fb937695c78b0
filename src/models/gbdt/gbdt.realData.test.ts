import { describe, expect, it } from 'vitest';
import { buildLobsterDataset } from '../../datasets/buildDataset.ts';
import { trainGbdt } from './trainGbdt.ts';
import { LOBSTER, realDataPresent } from '../../../test/realData.ts';

describe.skipIf(!realDataPresent)('GBDT on the real GOOG level-10 day', () => {
  it('k-ahead labels, horizon 5: beats the majority class on the last 30 % (chronological split)', async () => {
    // The 2000-message fixture leaves ~600 rows after feature warm-up: too few to beat the prior, so the whole day.
    const day = LOBSTER.pair('GOOG', 10);
    const ds = await buildLobsterDataset(day.messages, day.orderbook, { features: 'default', label: 'kahead', horizon: 5 });
    const n = ds.rows.length;
    // `mid` is the price level: it drifts over the day, useless out of sample.
    const cols = ds.matrix.columns.map((c, f) => ({ name: c.name, f })).filter((c) => c.name !== 'mid');
    const x = cols.map(({ f }) => Float64Array.from(ds.rows, (r) => ds.matrix.values[f][r]));
    const range = (a: number, b: number): Int32Array => Int32Array.from({ length: b - a }, (_, i) => a + i);
    const trainEnd = Math.floor(n * 0.6);
    const testStart = Math.floor(n * 0.7);
    const model = trainGbdt({ featureNames: cols.map((c) => c.name), x, y: ds.labels, train: range(0, trainEnd), validation: range(trainEnd, testStart), numClasses: 3 }, { seed: 1 });
    const p = model.predictor();
    const row = new Float64Array(x.length);
    const out = new Float64Array(3);
    const counts = [0, 0, 0];
    let hits = 0;
    for (let r = testStart; r < n; r++) {
      for (let f = 0; f < x.length; f++) row[f] = x[f][r];
      p.predict(row, out);
      const guess = out[0] >= out[1] && out[0] >= out[2] ? 0 : out[1] >= out[2] ? 1 : 2;
      if (guess === ds.labels[r]) hits++;
      counts[ds.labels[r]]++;
    }
    const accuracy = hits / (n - testStart);
    const majority = Math.max(...counts) / (n - testStart);
    expect(model.bestIteration).toBeLessThan(model.rounds);
    expect(accuracy).toBeGreaterThan(majority + 0.01);
  }, 120_000);
});
