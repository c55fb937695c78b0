import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.ts';
import type { ClassificationData, RegressionData } from '../TrainingData.ts';
import { softmax } from '../softmax.ts';
import { trainGbdt } from './trainGbdt.ts';
import type { GbdtOptions } from './GbdtOptions.ts';
import { GbdtModel } from './GbdtModel.ts';
import { GbdtPredictor, MAX_COMPLETE_DEPTH, treeDepth } from './GbdtPredictor.ts';
import { LinkedGbdtPredictor } from './LinkedGbdtPredictor.ts';

const range = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_, i) => from + i);

/**
 * Four features; the label follows x0 + x1 / 2, except that a missing x2 (15 % of rows) means class 0,
 * like a low x2: splits on x2 then learn to send NaN left (defaultLeft 1).
 */
function data(n: number, numClasses: number, seed = 11): ClassificationData {
  const rng = new SeededRng(seed);
  const x = Array.from({ length: 4 }, () => new Float64Array(n));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < 4; f++) x[f][i] = rng.nextFloat() * 10 - 5;
    const s = x[0][i] + 0.5 * x[1][i] + x[2][i];
    if (rng.nextFloat() < 0.15) x[2][i] = NaN;
    const c = Number.isNaN(x[2][i]) ? 0 : Math.min(numClasses - 1, Math.max(0, Math.floor(((s + 7.5) / 15) * numClasses)));
    y[i] = rng.nextFloat() < 0.1 ? rng.nextInt(numClasses) : c;
  }
  return { featureNames: ['a', 'b', 'c', 'd'], x, y, train: range(0, Math.floor(n * 0.7)), validation: range(Math.floor(n * 0.7), n), numClasses };
}

/** Every train and validation row through the compiled predictor equals the trainer's own margins (softmaxed), bit for bit. */
function expectParity(model: GbdtModel, d: ClassificationData | RegressionData): void {
  const fit = model.fitScores;
  if (!fit) throw new Error('no fit scores');
  const k = model.numOutputs;
  const classification = model.objective === 'softmax';
  const expected = new Float64Array(k);
  const out = new Float64Array(k);
  const row = new Float64Array(d.x.length);
  for (const predictor of [model.predictor(), GbdtModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON()))).predictor()]) {
    for (const [rows, scores] of [
      [d.train, fit.train],
      [d.validation, fit.validation],
    ] as const) {
      let mismatches = 0;
      rows.forEach((r, i) => {
        for (let f = 0; f < row.length; f++) row[f] = d.x[f][r];
        if (classification) softmax(scores, i * k, k, expected, 0);
        else expected.set(scores.subarray(i * k, i * k + k));
        predictor.predict(row, out);
        for (let c = 0; c < k; c++) if (!Object.is(out[c], expected[c])) mismatches++;
      });
      expect(mismatches).toBe(0);
    }
  }
}

const noStop: Partial<GbdtOptions> = { earlyStoppingRounds: 0 };

describe('GbdtPredictor (complete trees) equals the trainer bit for bit', () => {
  it('3 classes, 7 rounds (21 trees: three groups of six and a tail of three), NaN sent left and right', () => {
    const d = data(3000, 3);
    const model = trainGbdt(d, { ...noStop, rounds: 7, maxDepth: 5, maxLeaves: 9 });
    expect(model.predictor()).toBeInstanceOf(GbdtPredictor);
    expect(model.trees.some((t) => t.defaultLeft.some((v) => v === 1))).toBe(true);
    expect(model.trees.some((t) => Array.from(t.feature).some((f, n) => f === 2 && t.defaultLeft[n] === 0))).toBe(true);
    // Trees of several depths, and leaves at several depths in a tree: all padded to the deepest.
    expect(new Set(model.trees.map(treeDepth)).size).toBeGreaterThan(1);
    expect(model.trees.some((t) => t.leafValue.length < 2 ** treeDepth(t))).toBe(true);
    expectParity(model, d);
  });

  it('2 and 5 classes (margins kept in memory rather than registers)', () => {
    for (const k of [2, 5]) {
      const d = data(2000, k);
      expectParity(trainGbdt(d, { ...noStop, rounds: 5 }), d);
    }
  });

  it('regression, 13 trees, with and without NaN in the rows', () => {
    const d = data(2000, 3);
    const reg: RegressionData = { featureNames: d.featureNames, x: d.x, train: d.train, validation: d.validation, y: Float64Array.from(d.x[0], (v, i) => (Number.isNaN(d.x[2][i]) ? -4 : 2 * v + d.y[i])) };
    expectParity(trainGbdt(reg, { ...noStop, rounds: 13 }), reg);
    const clean = { ...reg, x: reg.x.map((c) => c.map((v) => (Number.isNaN(v) ? 0 : v))) };
    const model = trainGbdt(clean, { ...noStop, rounds: 13 });
    expect(model.trees.every((t) => t.defaultLeft.every((v) => v === 0))).toBe(true);
    expectParity(model, clean);
    // No split learned a NaN direction, so NaN goes right everywhere, as the trainer's trees send it.
    const row = Float64Array.of(NaN, NaN, NaN, NaN);
    const out = new Float64Array(1);
    model.predictor().predict(row, out);
    let expected = model.initScore[0];
    for (const t of model.trees) {
      let node = t.feature.length > 0 ? 0 : -1;
      while (node >= 0) node = t.right[node];
      expected += t.leafValue[~node];
    }
    expect(Object.is(out[0], expected)).toBe(true);
  });

  it('trees that are single leaves (depth 0)', () => {
    const d = data(500, 3);
    const model = trainGbdt(d, { ...noStop, rounds: 4, minSplitGain: 1e12 });
    expect(model.trees.every((t) => t.feature.length === 0)).toBe(true);
    expectParity(model, d);
  });
});

describe('ensembles deeper than MAX_COMPLETE_DEPTH keep linked nodes', () => {
  it('unlimited depth: LinkedGbdtPredictor, still bit for bit', () => {
    const d = data(4000, 3);
    const model = trainGbdt(d, { ...noStop, rounds: 3, maxDepth: 0, maxLeaves: 400, minDataInLeaf: 2, minChildHessian: 0 });
    expect(Math.max(...model.trees.map(treeDepth))).toBeGreaterThan(MAX_COMPLETE_DEPTH);
    expect(model.predictor()).toBeInstanceOf(LinkedGbdtPredictor);
    expectParity(model, d);
  });
});
