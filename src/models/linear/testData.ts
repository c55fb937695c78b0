import { SeededRng } from '../../core/rng.ts';
import type { ClassificationData, RegressionData } from '../TrainingData.ts';

/**
 * Synthetic data for the linear models' tests and benchmarks: Gaussian features on assorted scales and
 * offsets, with a class drawn as the argmax of a linear score plus Gaussian noise (and a return target
 * that is linear plus noise). Seeded, so every run sees the same rows.
 */
export function syntheticLinearData(
  rows: number,
  features: number,
  seed: number,
  options: { numClasses?: number; noise?: number; trainFraction?: number; validationFraction?: number } = {},
): { classification: ClassificationData; regression: RegressionData } {
  const K = options.numClasses ?? 3;
  const noise = options.noise ?? 1;
  const rng = new SeededRng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const x = Array.from({ length: features }, (_, j) => {
    const col = new Float64Array(rows);
    for (let i = 0; i < rows; i++) col[i] = gauss() * (j + 1) + 3 * j;
    return col;
  });
  const w = Float64Array.from({ length: features * K }, () => gauss());
  const y = new Uint8Array(rows);
  const ret = new Float64Array(rows);
  const score = new Float64Array(K);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < K; k++) score[k] = 0;
    for (let j = 0; j < features; j++) {
      const z = (x[j][i] - 3 * j) / (j + 1);
      for (let k = 0; k < K; k++) score[k] += w[j * K + k] * z;
    }
    let best = 0;
    let bestScore = -Infinity;
    for (let k = 0; k < K; k++) {
      const s = score[k] + noise * gauss();
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    }
    y[i] = best;
    ret[i] = score[K - 1] - score[0] + noise * gauss();
  }
  const nTrain = Math.floor(rows * (options.trainFraction ?? 0.6));
  const nVal = Math.floor(rows * (options.validationFraction ?? 0.2));
  const train = Int32Array.from({ length: nTrain }, (_, i) => i);
  const validation = Int32Array.from({ length: nVal }, (_, i) => nTrain + i);
  const featureNames = x.map((_, j) => `f${j}`);
  return {
    classification: { featureNames, x, y, train, validation, numClasses: K },
    regression: { featureNames, x, y: ret, train, validation },
  };
}
