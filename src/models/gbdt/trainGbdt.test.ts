import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { trainGbdt } from './trainGbdt.ts';
import { GbdtModel } from './GbdtModel.ts';
import { leafOf } from './Tree.ts';
import { softmax } from '../softmax.ts';
import { SeededRng } from '../../core/rng.ts';
import type { ClassificationData, RegressionData } from '../TrainingData.ts';

const range = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_, i) => from + i);

/** Three classes driven by two of four features, with NaNs in feature 2 and label noise. */
function synthetic(n: number, seed = 7): ClassificationData {
  const rng = new SeededRng(seed);
  const x = Array.from({ length: 4 }, () => new Float64Array(n));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < 4; f++) x[f][i] = rng.nextFloat() * 10 - 5;
    if (rng.nextFloat() < 0.1) x[2][i] = NaN;
    const s = x[0][i] + 0.5 * x[1][i] + (Number.isNaN(x[2][i]) ? 3 : 0);
    y[i] = rng.nextFloat() < 0.15 ? rng.nextInt(3) : s < -1.5 ? 0 : s > 1.5 ? 2 : 1;
  }
  return { featureNames: ['a', 'b', 'c', 'd'], x, y, train: range(0, Math.floor(n * 0.7)), validation: range(Math.floor(n * 0.7), n), numClasses: 3 };
}

function asRegression(data: ClassificationData, y: Float64Array): RegressionData {
  return { featureNames: data.featureNames, x: data.x, y, train: data.train, validation: data.validation };
}

function rowOf(x: readonly Float64Array[], r: number): Float64Array {
  return Float64Array.from(x, (col) => col[r]);
}

describe('trainGbdt on hand-checkable data', () => {
  it('finds the one split of a step function, with leaf values −G/(H+λ)·lr', () => {
    const n = 100;
    const x = [Float64Array.from({ length: n }, (_, i) => i)];
    const y = Float64Array.from({ length: n }, (_, i) => (i < 50 ? -1 : 1));
    const data: RegressionData = { featureNames: ['x'], x, y, train: range(0, n), validation: new Int32Array(0) };
    const model = trainGbdt(data, { rounds: 1, maxLeaves: 2, minDataInLeaf: 5, lambda: 1, learningRate: 0.1 });
    expect(model.initScore[0]).toBe(0);
    const [tree] = model.trees;
    expect(Array.from(tree.feature)).toEqual([0]);
    // Halfway between the last value of one side and the first of the other.
    expect(tree.threshold[0]).toBe(49.5);
    // Squared error from 0: g = −y, h = 1. Left: G = 50, H = 50.
    expect(tree.leafValue[~tree.left[0]]).toBeCloseTo((-50 / 51) * 0.1, 15);
    expect(tree.leafValue[~tree.right[0]]).toBeCloseTo((50 / 51) * 0.1, 15);
    const out = new Float64Array(1);
    model.predictor().predict(Float64Array.of(10), out);
    expect(out[0]).toBeCloseTo((-50 / 51) * 0.1, 15);
  });

  it('respects min data per leaf (exact for squared error) and max depth', () => {
    const data = synthetic(2000);
    const reg = asRegression(data, Float64Array.from(data.y));
    const model = trainGbdt(reg, { rounds: 5, maxLeaves: 64, maxDepth: 3, minDataInLeaf: 40 });
    for (const tree of model.trees) {
      expect(tree.leafValue.length).toBeLessThanOrEqual(8);
      const counts = new Int32Array(tree.leafValue.length);
      for (const r of data.train) counts[leafOf(tree, rowOf(data.x, r))]++;
      for (const c of counts) expect(c).toBeGreaterThanOrEqual(40);
    }
  });

  it('gives softmax probabilities that sum to 1 and beat the prior on a learnable problem', () => {
    const data = synthetic(3000);
    const model = trainGbdt(data, { rounds: 50 });
    const p = model.predictor();
    const out = new Float64Array(3);
    let hits = 0;
    for (const r of data.validation) {
      p.predict(rowOf(data.x, r), out);
      expect(out[0] + out[1] + out[2]).toBeCloseTo(1, 12);
      for (const v of out) expect(v).toBeGreaterThan(0);
      if (out.indexOf(Math.max(...out)) === data.y[r]) hits++;
    }
    expect(hits / data.validation.length).toBeGreaterThan(0.7);
  });

  it('learns where NaN goes: missing values carry signal here', () => {
    const data = synthetic(3000);
    const model = trainGbdt(data, { rounds: 30 });
    expect(model.trees.some((t) => Array.from(t.feature).some((f, k) => f === 2 && t.defaultLeft[k] === 0 && t.gain[k] > 0))).toBe(true);
    expect(model.importance()[0].feature).toBe('a');
  });

  it('stops early on noise, keeping the best validation round', () => {
    const data = synthetic(2000);
    const rng = new SeededRng(3);
    const noise = Uint8Array.from(data.y, () => rng.nextInt(3));
    const model = trainGbdt({ ...data, y: noise }, { rounds: 300, earlyStoppingRounds: 10 });
    expect(model.rounds).toBeLessThan(300);
    expect(model.rounds - model.bestIteration).toBe(10);
    expect(model.trees.length).toBe(model.bestIteration * 3);
  });

  it('rejects bad options with a message naming the option', () => {
    expect(() => trainGbdt(synthetic(100), { maxBins: 300 })).toThrow(/maxBins/);
    expect(() => trainGbdt(synthetic(100), { subsample: 0 })).toThrow(/subsample/);
  });
});

describe('parity: the compiled predictor gives the trainer’s own predictions, bit for bit', () => {
  it('on training and validation rows, and again after a JSON round trip', () => {
    const data = synthetic(4000);
    const model = trainGbdt(data, { rounds: 40, subsample: 0.8, colsample: 0.75, earlyStoppingRounds: 0 });
    const fit = model.fitScores;
    if (!fit) throw new Error('no fit scores');
    const reloaded = GbdtModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const expected = new Float64Array(3);
    const out = new Float64Array(3);
    for (const predictor of [model.predictor(), reloaded.predictor()]) {
      for (const [rows, scores] of [
        [data.train, fit.train],
        [data.validation, fit.validation],
      ] as const) {
        rows.forEach((r, i) => {
          softmax(scores, i * 3, 3, expected, 0);
          predictor.predict(rowOf(data.x, r), out);
          for (let c = 0; c < 3; c++) expect(Object.is(out[c], expected[c])).toBe(true);
        });
      }
    }
  });

  it('for regression margins too', () => {
    const data = synthetic(2000);
    const reg = asRegression(data, Float64Array.from(data.x[0], (v, i) => v * 2 + data.y[i]));
    const model = trainGbdt(reg, { rounds: 30, earlyStoppingRounds: 0 });
    const p = model.predictor();
    const out = new Float64Array(1);
    data.train.forEach((r, i) => {
      p.predict(rowOf(data.x, r), out);
      expect(Object.is(out[0], model.fitScores?.train[i])).toBe(true);
    });
  });
});

describe('determinism', () => {
  it('same data and seed → identical JSON; another seed with subsampling → different trees', () => {
    const data = synthetic(2000);
    const opts = { rounds: 15, subsample: 0.7, colsample: 0.5 };
    const a = JSON.stringify(trainGbdt(data, { ...opts, seed: 1 }));
    const b = JSON.stringify(trainGbdt(data, { ...opts, seed: 1 }));
    const c = JSON.stringify(trainGbdt(data, { ...opts, seed: 2 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});

describe('WebAssembly and JavaScript learners', () => {
  it('grow the same trees bit for bit (NaN, row and feature subsampling, validation rows, regression)', () => {
    const data = synthetic(3000);
    const opts = { rounds: 12, subsample: 0.8, colsample: 0.75, earlyStoppingRounds: 5 };
    expect(JSON.stringify(trainGbdt(data, { ...opts, wasm: false }))).toBe(JSON.stringify(trainGbdt(data, opts)));
    const full = { rounds: 12, earlyStoppingRounds: 0 };
    expect(JSON.stringify(trainGbdt(data, { ...full, wasm: false }))).toBe(JSON.stringify(trainGbdt(data, full)));
    const reg = asRegression(data, Float64Array.from(data.x[1], (v, i) => v - data.y[i]));
    expect(JSON.stringify(trainGbdt(reg, { ...full, wasm: false }))).toBe(JSON.stringify(trainGbdt(reg, full)));
  });
});

describe('property: trees see features only through their order', () => {
  it('a strictly increasing transform of a feature leaves the training predictions unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 2 })), { minLength: 60, maxLength: 200 }), (rows) => {
        const n = rows.length;
        const x = [Float64Array.from(rows, (r) => r[0]), Float64Array.from(rows, (r) => r[1])];
        const y = Uint8Array.from(rows, (r) => r[2]);
        const base: ClassificationData = { featureNames: ['u', 'v'], x, y, train: range(0, n), validation: new Int32Array(0), numClasses: 3 };
        const warped = { ...base, x: [Float64Array.from(x[0], (v) => v * v * v + 2 * v), x[1]] };
        const opts = { rounds: 5, minDataInLeaf: 5, maxBins: 16 };
        const a = trainGbdt(base, opts);
        const b = trainGbdt(warped, opts);
        expect(Array.from(b.fitScores?.train ?? [])).toEqual(Array.from(a.fitScores?.train ?? []));
        for (let t = 0; t < a.trees.length; t++) expect(Array.from(b.trees[t].leafValue)).toEqual(Array.from(a.trees[t].leafValue));
      }),
      { numRuns: 25 },
    );
  });
});
