import { describe, expect, it } from 'vitest';
import { RidgeRegression } from './RidgeRegression.ts';
import { trainRidgeRegression } from './trainRidgeRegression.ts';
import { choleskySolve } from './cholesky.ts';
import { syntheticLinearData } from './testData.ts';
import type { RegressionData } from '../TrainingData.ts';

const none = new Int32Array(0);
function data(x: number[][], y: number[], validation: Int32Array = none): RegressionData {
  return {
    featureNames: x.map((_, j) => `x${j}`),
    x: x.map((c) => Float64Array.from(c)),
    y: Float64Array.from(y),
    train: Int32Array.from(y.keys()).filter((i) => !validation.includes(i)),
    validation,
  };
}

describe('ridge regression, closed form by hand', () => {
  it('orthogonal standardised features: w = Zᵀ(y − ȳ) / (4 + α), b = ȳ', () => {
    // x1, x2 already have mean 0 and population std 1, so standardising leaves them as they are.
    // ȳ = 1, y − ȳ = (2, 0, 1, −3); Zᵀ(y − ȳ) = (2 − 0 + 1 + 3, 2 + 0 − 1 + 3) = (6, 4); ZᵀZ = 4I.
    // α = 1: w = (6/5, 4/5) = (1.2, 0.8); b = 1.
    const r = trainRidgeRegression(data([[1, -1, 1, -1], [1, 1, -1, -1]], [3, 1, 2, -2]), { alpha: 1 });
    expect(r.model.weights[0]).toBeCloseTo(1.2, 14);
    expect(r.model.weights[1]).toBeCloseTo(0.8, 14);
    expect(r.model.intercept).toBeCloseTo(1, 14);
    const out = new Float64Array(1);
    r.model.predict(Float64Array.of(1, 1), out);
    expect(out[0]).toBeCloseTo(3, 14);
  });

  it('correlated features: 2 × 2 inverse by hand', () => {
    // x1 = 1..5 (mean 3, std √2), x2 = (2,1,4,3,5) (mean 3, std √2): z = deviations / √2.
    // ZᵀZ = [[5, 4], [4, 5]]; y = (1,3,2,5,4), ȳ = 3, y − ȳ = (−2,0,−1,2,1): Zᵀ(y − ȳ) = (8, 3)/√2.
    // α = 1: (ZᵀZ + I)⁻¹ = [[6, −4], [−4, 6]] / 20 → w = (1.8, −0.7)/√2 per standardised feature,
    // i.e. 0.9 and −0.35 per raw unit: ŷ = 3 + 0.9 (x1 − 3) − 0.35 (x2 − 3).
    const r = trainRidgeRegression(data([[1, 2, 3, 4, 5], [2, 1, 4, 3, 5]], [1, 3, 2, 5, 4]), { alpha: 1 });
    expect(r.model.weights[0]).toBeCloseTo(1.8 / Math.SQRT2, 13);
    expect(r.model.weights[1]).toBeCloseTo(-0.7 / Math.SQRT2, 13);
    const out = new Float64Array(1);
    r.model.predict(Float64Array.of(5, 5), out);
    expect(out[0]).toBeCloseTo(3 + 1.8 - 0.7, 13);
  });

  it('α = 0 is ordinary least squares: an exact linear target is recovered', () => {
    const x1 = [1, 2, 3, 4, 5, 6];
    const x2 = [0, 1, 0, 2, 7, 1];
    const y = x1.map((v, i) => 2 + 3 * v - 0.5 * x2[i]);
    const r = trainRidgeRegression(data([x1, x2], y), { alpha: 0 });
    const out = new Float64Array(1);
    r.model.predict(Float64Array.of(10, 10), out);
    expect(out[0]).toBeCloseTo(2 + 30 - 5, 10);
  });

  it('rows with a non-finite target are left out of the fit', () => {
    const a = trainRidgeRegression(data([[1, -1, 1, -1, 100]], [3, 1, 2, -2, NaN]), { alpha: 1 });
    const b = trainRidgeRegression(data([[1, -1, 1, -1]], [3, 1, 2, -2]), { alpha: 1 });
    expect(a.model.toJSON()).toEqual(b.model.toJSON());
    expect(a.trainRows).toBe(4);
  });

  it('collinear features with no penalty: a clear error', () => {
    expect(() => trainRidgeRegression(data([[1, 2, 3], [2, 4, 6]], [1, 2, 3]), { alpha: 0 })).toThrow(/not positive definite/);
  });

  it('choleskySolve solves a 3 × 3 SPD system', () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    const x = choleskySolve(a, 3, Float64Array.of(1, 2, 3));
    // Check A·x = b.
    for (let i = 0; i < 3; i++) expect(a[i * 3] * x[0] + a[i * 3 + 1] * x[1] + a[i * 3 + 2] * x[2]).toBeCloseTo([1, 2, 3][i], 9);
  });
});

describe('trained ridge model', () => {
  const { regression } = syntheticLinearData(2000, 5, 9);

  it('picks α on validation R², is deterministic, and predictor = trainer bit for bit (also after JSON)', () => {
    const r = trainRidgeRegression(regression, { alphas: [0.01, 1, 100, 1e5] });
    expect(r.validationR2.map((v) => v.alpha)).toEqual([0.01, 1, 100, 1e5]);
    expect(r.validationR2.find((v) => v.alpha === r.alpha)?.r2).toBe(Math.max(...r.validationR2.map((v) => v.r2)));
    expect(Array.from(r.model.predictRows(regression.x, regression.validation))).toEqual(Array.from(r.validationPredictions));
    const restored = RidgeRegression.fromJSON(JSON.parse(JSON.stringify(r.model.toJSON())));
    expect(Array.from(restored.predictRows(regression.x, regression.validation))).toEqual(Array.from(r.validationPredictions));
    expect(trainRidgeRegression(regression, { alphas: [0.01, 1, 100, 1e5] }).model.toJSON()).toEqual(r.model.toJSON());
  });

  it('fromJSON names the bad field', () => {
    const json = trainRidgeRegression(regression).model.toJSON();
    expect(() => RidgeRegression.fromJSON({ ...json, intercept: 'x' })).toThrow(/field "intercept" must be a finite number/);
    expect(() => RidgeRegression.fromJSON({ ...json, alpha: -1 })).toThrow(/field "alpha"/);
  });
});
