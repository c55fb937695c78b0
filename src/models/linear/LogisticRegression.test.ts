import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SeededRng } from '../../core/rng.ts';
import { Standardizer } from '../../labels/Standardizer.ts';
import { LogisticRegression } from './LogisticRegression.ts';
import { SoftmaxCrossEntropy } from './SoftmaxCrossEntropy.ts';
import { trainLogisticRegression } from './trainLogisticRegression.ts';
import { syntheticLinearData } from './testData.ts';
import { classWeights } from '../classWeights.ts';
import { minimizeLbfgs } from './lbfgs.ts';

describe('trainLogisticRegression on hand-checkable problems', () => {
  it('separates three ordered classes on one feature (x < −1 down, |x| ≤ 1 flat, x > 1 up)', () => {
    const xs = [-5, -4, -3, -2, -0.5, 0, 0.5, 2, 3, 4, 5];
    const ys = xs.map((v) => (v < -1 ? 0 : v > 1 ? 2 : 1));
    const all = Int32Array.from(xs.keys());
    const r = trainLogisticRegression(
      { featureNames: ['x'], x: [Float64Array.from(xs)], y: Uint8Array.from(ys), train: all, validation: new Int32Array(0), numClasses: 3 },
      { l2: 1e-6, classWeight: 'none', maxIterations: 500 },
    );
    const out = new Float64Array(3);
    xs.forEach((v, i) => {
      r.model.predict(Float64Array.of(v), out);
      expect(out.indexOf(Math.max(...out))).toBe(ys[i]);
      expect(out[0] + out[1] + out[2]).toBeCloseTo(1, 14);
    });
    // Far out on either side the model is all but certain.
    r.model.predict(Float64Array.of(50), out);
    expect(out[2]).toBeGreaterThan(0.999);
  });

  it('without features it learns the class priors (softmax of intercepts = class frequencies)', () => {
    const y = Uint8Array.from([0, 0, 1, 2, 2, 2, 2, 2]);
    const r = trainLogisticRegression(
      { featureNames: [], x: [], y, train: Int32Array.from(y.keys()), validation: new Int32Array(0), numClasses: 3 },
      { classWeight: 'none' },
    );
    const out = new Float64Array(3);
    r.model.predict(new Float64Array(0), out);
    expect(out[0]).toBeCloseTo(2 / 8, 6);
    expect(out[1]).toBeCloseTo(1 / 8, 6);
    expect(out[2]).toBeCloseTo(5 / 8, 6);
  });

  it('balanced class weights are n / (K · n_k)', () => {
    const rows = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
    expect(Array.from(classWeights(Uint8Array.of(0, 0, 1, 2, 2, 2), rows(6), 3, 'balanced'))).toEqual([1, 2, 2 / 3]);
    expect(Array.from(classWeights(Uint8Array.of(0, 0), rows(2), 3, 'balanced'))).toEqual([1 / 3, 0, 0]); // an absent class weighs 0
  });
});

describe('the loss and its optimiser', () => {
  for (const K of [3, 4]) {
    it(`gradient matches central finite differences (K = ${K}, weighted, L2)`, () => {
      const rng = new SeededRng(11 + K);
      const n = 40;
      const d = 5;
      const z = Float64Array.from({ length: n * d }, () => rng.nextFloat() * 4 - 2);
      const y = Uint8Array.from({ length: n }, () => rng.nextInt(K));
      const w = Float64Array.from({ length: n }, () => 0.5 + rng.nextFloat());
      const loss = new SoftmaxCrossEntropy(z, y, d, K, w, 0.03);
      const theta = Float64Array.from({ length: loss.parameters }, () => rng.nextFloat() - 0.5);
      const grad = new Float64Array(loss.parameters);
      loss.evaluate(theta, grad);
      const scratch = new Float64Array(loss.parameters);
      const h = 1e-6;
      for (let p = 0; p < theta.length; p++) {
        const plus = Float64Array.from(theta);
        const minus = Float64Array.from(theta);
        plus[p] += h;
        minus[p] -= h;
        const fd = (loss.evaluate(plus, scratch) - loss.evaluate(minus, scratch)) / (2 * h);
        expect(Math.abs(fd - grad[p])).toBeLessThan(1e-8 + 1e-6 * Math.abs(fd));
      }
    });
  }

  it('L-BFGS finds the minimum of a badly scaled quadratic', () => {
    const scales = [1, 10, 100, 1000];
    const r = minimizeLbfgs(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < x.length; i++) {
          f += 0.5 * scales[i] * (x[i] - i) ** 2;
          g[i] = scales[i] * (x[i] - i);
        }
        return f;
      },
      new Float64Array(4),
      { gradientTolerance: 1e-9, relativeTolerance: 0 },
    );
    expect(r.stop).toBe('gradient');
    for (let i = 0; i < 4; i++) expect(r.x[i]).toBeCloseTo(i, 8);
  });
});

describe('trained model', () => {
  const { classification } = syntheticLinearData(3000, 6, 5, { noise: 0.7 });

  it('parity: the predictor (raw rows, and after a JSON round trip) gives the trainer’s probabilities bit for bit', () => {
    const r = trainLogisticRegression(classification);
    const live = r.model.predictRows(classification.x, classification.validation);
    expect(Array.from(live)).toEqual(Array.from(r.validationProbabilities));
    const restored = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(r.model.toJSON())));
    expect(Array.from(restored.predictRows(classification.x, classification.validation))).toEqual(Array.from(r.validationProbabilities));
  });

  it('is deterministic: the same data trains the same weights', () => {
    const a = trainLogisticRegression(classification).model.toJSON();
    const b = trainLogisticRegression(classification).model.toJSON();
    expect(b).toEqual(a);
  });

  it('fits the standardizer on training rows only: changing validation/test rows leaves it unchanged', () => {
    const a = trainLogisticRegression(classification, { patience: 0 });
    const x2 = classification.x.map((c) => {
      const copy = Float64Array.from(c);
      for (const r of classification.validation) copy[r] = 1e9;
      return copy;
    });
    const b = trainLogisticRegression({ ...classification, x: x2 }, { patience: 0 });
    expect(b.model.toJSON()).toEqual(a.model.toJSON());
    expect(Array.from(a.model.standardizer.mean)).toEqual(Array.from(Standardizer.fit(classification.x, classification.train).mean));
  });

  it('early stopping keeps the iterate with the best weighted validation log-loss', () => {
    const r = trainLogisticRegression(classification, { l2: 0, patience: 3, minDelta: 0 });
    const losses = r.history.map((h) => h.validationWeightedLogLoss as number);
    const best = r.history.find((h) => h.iteration === r.bestIteration);
    expect(best?.validationWeightedLogLoss).toBe(Math.min(...losses));
    expect(r.validationLogLoss).toBeLessThan(Math.log(3));
  });

  it('learns the synthetic signal (accuracy well above chance)', () => {
    const r = trainLogisticRegression(classification);
    const probs = r.validationProbabilities;
    let hit = 0;
    classification.validation.forEach((row, i) => {
      const p = probs.subarray(i * 3, i * 3 + 3);
      if (p.indexOf(Math.max(...p)) === classification.y[row]) hit++;
    });
    expect(hit / classification.validation.length).toBeGreaterThan(0.6);
  });

  it('a missing (NaN or infinite) feature counts as its training mean', () => {
    const r = trainLogisticRegression(classification);
    const m = r.model;
    const withMean = Float64Array.from(m.standardizer.mean);
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    m.predict(withMean, a);
    const missing = Float64Array.from(withMean);
    missing[0] = NaN;
    missing[1] = Infinity;
    m.predict(missing, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('fromJSON names the bad field', () => {
    const json = trainLogisticRegression(classification).model.toJSON();
    expect(() => LogisticRegression.fromJSON({ ...json, weights: json.weights.slice(1) })).toThrow(/field "weights" has/);
    expect(() => LogisticRegression.fromJSON({ ...json, intercepts: [0, 'x', 0] })).toThrow(/field "intercepts\[1\]"/);
    expect(() => LogisticRegression.fromJSON({ ...json, standardizer: { kind: 'nope' } })).toThrow(/field "standardizer"/);
    expect(() => LogisticRegression.fromJSON(null)).toThrow(/logistic model body/);
  });
});

describe('properties', () => {
  const modelArb = fc
    .integer({ min: 1, max: 7 })
    .chain((d) =>
      fc.record({
        d: fc.constant(d),
        k: fc.integer({ min: 2, max: 5 }),
        seed: fc.integer({ min: 0, max: 1 << 30 }),
        perm: fc.shuffledSubarray(Array.from({ length: d }, (_, i) => i), { minLength: d, maxLength: d }),
        row: fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(NaN)), { minLength: d, maxLength: d }),
      }),
    );

  it('probabilities are in [0, 1] and sum to 1; permuting features together with their weights changes nothing', () => {
    fc.assert(
      fc.property(modelArb, ({ d, k, seed, perm, row }) => {
        const rng = new SeededRng(seed);
        const cols = Array.from({ length: d }, () => Float64Array.from({ length: 20 }, () => rng.nextFloat() * 200 - 50));
        const st = Standardizer.fit(cols, Int32Array.from({ length: 20 }, (_, i) => i));
        const w = Float64Array.from({ length: d * k }, () => (rng.nextFloat() - 0.5) * 6);
        const b = Float64Array.from({ length: k }, () => rng.nextFloat() - 0.5);
        const names = Array.from({ length: d }, (_, j) => `f${j}`);
        const model = new LogisticRegression(st, w, b, names);
        // Permuted model: feature perm[j] moves to position j, with its statistics and weights.
        const sj = st.toJSON();
        const pst = Standardizer.fromJSON({ kind: 'standardizer', mean: perm.map((j) => sj.mean[j]), std: perm.map((j) => sj.std[j]), count: perm.map((j) => sj.count[j]) });
        const pw = new Float64Array(d * k);
        perm.forEach((src, j) => {
          for (let c = 0; c < k; c++) pw[j * k + c] = w[src * k + c];
        });
        const permuted = new LogisticRegression(pst, pw, b, perm.map((j) => names[j]));
        const p1 = new Float64Array(k);
        const p2 = new Float64Array(k);
        model.predict(Float64Array.from(row), p1);
        permuted.predict(Float64Array.from(perm.map((j) => row[j])), p2);
        let sum = 0;
        for (let c = 0; c < k; c++) {
          if (!(p1[c] >= 0 && p1[c] <= 1)) return false;
          sum += p1[c];
          if (Math.abs(p1[c] - p2[c]) > 1e-9) return false;
        }
        return Math.abs(sum - 1) < 1e-12;
      }),
    );
  });

  it('huge logits do not overflow (stable softmax)', () => {
    const st = Standardizer.fit([Float64Array.of(-1, 1)], Int32Array.of(0, 1));
    const m = new LogisticRegression(st, Float64Array.of(1e6, 0, -1e6), Float64Array.of(0, 0, 0), ['x']);
    const out = new Float64Array(3);
    m.predict(Float64Array.of(1e3), out);
    expect(Array.from(out)).toEqual([1, 0, 0]);
  });
});
