import { describe, expect, it } from 'vitest';
import { trainDeepLob, type DeepLobOptions } from './trainDeepLob.ts';
import { DeepLobModel } from './DeepLobModel.ts';
import { deepLobWeightSpecs, DEEPLOB_VARIANTS } from './DeepLobNetwork.ts';
import { SnapshotNormalizer } from './SnapshotNormalizer.ts';
import { sequenceDataFromClassification, snapshotColumnNames, writeWindow } from './SequenceData.ts';
import { accuracy, imbalanceSequenceProblem } from './testProblems.ts';

/** A few-filter net on 10-snapshot windows: the same code paths as the full net, in seconds. */
const tiny: DeepLobOptions = { variant: { convFilters: 4, inceptionFilters: 4, lstmUnits: 8 }, learningRate: 2e-2, batchSize: 32 };

function predictAll(model: DeepLobModel, snapshots: readonly Float64Array[], rows: Int32Array): Float64Array {
  const p = model.predictor();
  const x = new Float64Array(p.numFeatures);
  const o = new Float64Array(p.numOutputs);
  const out = new Float64Array(rows.length * p.numOutputs);
  for (let i = 0; i < rows.length; i++) {
    writeWindow(snapshots, rows[i], model.architecture.window, x);
    p.predict(x, o);
    out.set(o, i * p.numOutputs);
  }
  return out;
}

describe('trainDeepLob', () => {
  const data = imbalanceSequenceProblem(1500, 10, 4);

  it('learns a label set by recent level-1 imbalance; the plain-JS predictor matches tfjs (float32) within 5e-6', async () => {
    const model = await trainDeepLob(data, { ...tiny, maxEpochs: 8, patience: 8, seed: 2 });
    const reference = await model.predictBatch(data.snapshots, data.test);
    expect(accuracy(reference, data.y, data.test)).toBeGreaterThan(0.65);
    const compiled = predictAll(model, data.snapshots, data.test);
    let maxDiff = 0;
    for (let i = 0; i < compiled.length; i++) maxDiff = Math.max(maxDiff, Math.abs(compiled[i] - reference[i]));
    // tfjs computes in float32 (the reference's own error is ~1e-6 after the LSTM's steps); JS in float64.
    expect(maxDiff).toBeLessThan(5e-6);
    expect(model.bestValidationLoss).toBeLessThan(1);
  });

  it('gives the same weights for the same seed', async () => {
    const o = { ...tiny, maxEpochs: 2, maxTrainRows: 256, maxValidationRows: 64, seed: 9 };
    const a = await trainDeepLob(data, o);
    const b = await trainDeepLob(data, o);
    const c = await trainDeepLob(data, { ...o, seed: 10 });
    expect(a.weights.map((w) => Array.from(w))).toEqual(b.weights.map((w) => Array.from(w)));
    expect(a.weights[0]).not.toEqual(c.weights[0]);
  });

  it('round-trips through its JSON artifact with identical predictions', async () => {
    const model = await trainDeepLob(data, { ...tiny, maxEpochs: 1, maxTrainRows: 128 });
    const back = DeepLobModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())) as unknown);
    expect(back.architecture).toEqual(model.architecture);
    const rows = data.test.subarray(0, 20);
    expect(Array.from(predictAll(back, data.snapshots, rows))).toEqual(Array.from(predictAll(model, data.snapshots, rows)));
  });

  it('trains the small variant (T = 50) and predicts valid probabilities', async () => {
    const seq = imbalanceSequenceProblem(400, DEEPLOB_VARIANTS.small.window, 5);
    const model = await trainDeepLob(seq, { variant: 'small', maxEpochs: 1, maxTrainRows: 128, maxValidationRows: 32 });
    const p = model.predictor();
    expect(p.numFeatures).toBe(50 * 40);
    expect(model.weights.map((w) => w.length)).toEqual(deepLobWeightSpecs(model.architecture).map((s) => s.shape.reduce((x, y) => x * y, 1)));
    const probs = predictAll(model, seq.snapshots, seq.test.subarray(0, 5));
    for (let i = 0; i < 5; i++) {
      expect(probs[i * 3] + probs[i * 3 + 1] + probs[i * 3 + 2]).toBeCloseTo(1, 12);
      for (let c = 0; c < 3; c++) expect(probs[i * 3 + c]).toBeGreaterThan(0);
    }
  });

  it('normalises with training rows only', () => {
    const a = SnapshotNormalizer.fit(data.snapshots, data.train);
    const poisoned = data.snapshots.map((c) => c.slice());
    for (const r of data.test) poisoned[1][r] = 1e9;
    expect(SnapshotNormalizer.fit(poisoned, data.train).toJSON()).toEqual(a.toJSON());
  });

  it('rejects bad sequence data, options and artifacts with a clear message', async () => {
    await expect(trainDeepLob({ ...data, train: Int32Array.of(3) })).rejects.toThrow(/train row 3 .*outside \[9,/);
    await expect(trainDeepLob({ ...data, snapshots: data.snapshots.slice(1) })).rejects.toThrow(/4 × levels/);
    await expect(trainDeepLob({ ...data, window: 2 })).rejects.toThrow(/window/);
    await expect(trainDeepLob(data, { variant: 'huge' as 'full' })).rejects.toThrow(/unknown variant/);
    const names = snapshotColumnNames(10);
    const cls = { featureNames: names, x: data.snapshots, y: data.y, train: data.train, validation: data.validation, numClasses: 3 };
    const seq = sequenceDataFromClassification({ ...cls, train: Int32Array.of(0, 5, 20, 30) }, 10);
    expect(Array.from(seq.train)).toEqual([20, 30]);
    expect(seq.dropped).toBe(2);
    expect(() => sequenceDataFromClassification({ ...cls, featureNames: names.map((n) => n.replace('bid_sz_3', 'x')) }, 10)).toThrow(/"bid_sz_3"/);
    const good = (await trainDeepLob(data, { ...tiny, maxEpochs: 1, maxTrainRows: 64 })).toJSON();
    expect(() => DeepLobModel.fromJSON({ ...good, architecture: { ...good.architecture, lstmUnits: 9 } })).toThrow(/lstm\/kernel.*shape/);
    expect(() => DeepLobModel.fromJSON({ ...good, normalizer: { ...good.normalizer, sizeStd: 0 } })).toThrow(/sizeStd/);
  });
});
