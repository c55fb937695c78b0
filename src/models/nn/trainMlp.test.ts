import { describe, expect, it } from 'vitest';
import { trainMlp } from './trainMlp.ts';
import { MlpModel } from './MlpModel.ts';
import { accuracy, thresholdProblem } from './testProblems.ts';

function predictAll(model: MlpModel, x: readonly Float64Array[], rows: Int32Array): Float64Array {
  const p = model.predictor();
  const row = new Float64Array(p.numFeatures);
  const out = new Float64Array(rows.length * 3);
  const o = new Float64Array(3);
  for (let i = 0; i < rows.length; i++) {
    for (let c = 0; c < row.length; c++) row[c] = x[c][rows[i]];
    p.predict(row, o);
    out.set(o, i * 3);
  }
  return out;
}

describe('trainMlp', () => {
  const data = thresholdProblem(3000, 6, 7);

  it('learns a label set by one feature, and its compiled predictor matches tfjs within 1e-6', async () => {
    const model = await trainMlp(data, { maxEpochs: 25, seed: 3 });
    expect(model.epochs).toBeGreaterThan(1);
    expect(model.bestValidationLoss).toBeLessThan(0.4);
    const compiled = predictAll(model, data.x, data.test);
    expect(accuracy(compiled, data.y, data.test)).toBeGreaterThan(0.9);
    const reference = await model.predictBatch(data.x, data.test);
    let maxDiff = 0;
    for (let i = 0; i < compiled.length; i++) maxDiff = Math.max(maxDiff, Math.abs(compiled[i] - reference[i]));
    expect(maxDiff).toBeLessThan(1e-6);
    for (let i = 0; i < data.test.length; i++) expect(compiled[i * 3] + compiled[i * 3 + 1] + compiled[i * 3 + 2]).toBeCloseTo(1, 12);
  });

  it('gives the same weights for the same seed, different ones for another seed', async () => {
    const small = { maxEpochs: 3, hidden: [16, 8], seed: 11 };
    const a = await trainMlp(data, small);
    const b = await trainMlp(data, small);
    const c = await trainMlp(data, { ...small, seed: 12 });
    expect(a.weights.map((w) => Array.from(w))).toEqual(b.weights.map((w) => Array.from(w)));
    expect(a.training.history.map((h) => h.trainLoss)).toEqual(b.training.history.map((h) => h.trainLoss));
    expect(a.weights[0]).not.toEqual(c.weights[0]);
  });

  it('round-trips through its JSON artifact with identical predictions', async () => {
    const model = await trainMlp(data, { maxEpochs: 2, hidden: [8], seed: 5 });
    const json = JSON.parse(JSON.stringify(model.toJSON())) as unknown;
    const back = MlpModel.fromJSON(json);
    expect(back.hidden).toEqual([8]);
    expect(Array.from(predictAll(back, data.x, data.test))).toEqual(Array.from(predictAll(model, data.x, data.test)));
    expect(back.epochs).toBe(model.epochs);
  });

  it('fits the standardisation on training rows only', async () => {
    const model = await trainMlp(data, { maxEpochs: 1, hidden: [4] });
    const poisoned = { ...data, x: data.x.map((col) => col.slice()) };
    for (const r of [...data.validation, ...data.test]) poisoned.x[0][r] = 1e9;
    const again = await trainMlp(poisoned, { maxEpochs: 1, hidden: [4] });
    expect(Array.from(again.standardizer.mean)).toEqual(Array.from(model.standardizer.mean));
  });

  it('rejects inconsistent data, options and artifacts with a clear message', async () => {
    await expect(trainMlp({ ...data, featureNames: ['a'] })).rejects.toThrow(/feature names/);
    await expect(trainMlp({ ...data, train: Int32Array.of(0, 99999) })).rejects.toThrow(/train row 99999/);
    await expect(trainMlp({ ...data, y: new Uint8Array(data.y.length).fill(5) })).rejects.toThrow(/label 5/);
    await expect(trainMlp({ ...data, x: [data.x[0].subarray(1), ...data.x.slice(1)] })).rejects.toThrow(/"f0" has/);
    await expect(trainMlp(data, { batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(trainMlp(data, { hidden: [0] })).rejects.toThrow(/hidden/);
    await expect(trainMlp(data, { classWeighting: [1, 2] })).rejects.toThrow(/3 finite weights/);
    const good = (await trainMlp(data, { maxEpochs: 1, hidden: [4] })).toJSON();
    expect(() => MlpModel.fromJSON({ ...good, kind: 'gbdt' })).toThrow(/"kind"/);
    expect(() => MlpModel.fromJSON({ ...good, hidden: [5] })).toThrow(/dense_0\/kernel.*shape/);
    const bad = JSON.parse(JSON.stringify(good)) as { weights: { values: unknown[] }[] };
    bad.weights[1].values[0] = 'x';
    expect(() => MlpModel.fromJSON(bad)).toThrow(/weights\[1\].*value 0/);
  });
});
