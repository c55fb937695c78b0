import { SeededRng } from '../../core/rng.ts';
import type { ClassificationData } from '../TrainingData.ts';

/**
 * Test fixture: `features` standard-normal columns (one offset and scaled, so standardisation matters),
 * label by one feature's value: down below −0.5, up above 0.5, stationary between. Rows [0, 60 %) train,
 * [60, 80 %) validation; the rest is the test part.
 */
export function thresholdProblem(rows: number, features: number, seed: number, informative = 1): ClassificationData & { test: Int32Array } {
  const rng = new SeededRng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const x = Array.from({ length: features }, () => new Float64Array(rows));
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < features; c++) x[c][r] = normal();
    const v = x[informative][r];
    y[r] = v < -0.5 ? 0 : v > 0.5 ? 2 : 1;
  }
  for (let r = 0; r < rows; r++) x[informative][r] = 100 + 7 * x[informative][r];
  const range = (a: number, b: number): Int32Array => Int32Array.from({ length: b - a }, (_, i) => a + i);
  const t = Math.floor(rows * 0.6);
  const v = Math.floor(rows * 0.8);
  return {
    featureNames: x.map((_, c) => `f${c}`),
    x,
    y,
    train: range(0, t),
    validation: range(t, v),
    test: range(v, rows),
    numClasses: 3,
  };
}

/** Share of rows whose arg-max probability (row-major rows × k) is the label. */
export function accuracy(probs: Float64Array, y: Uint8Array, rows: Int32Array, k = 3): number {
  let hit = 0;
  for (let i = 0; i < rows.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    if (best === y[rows[i]]) hit++;
  }
  return hit / rows.length;
}

/**
 * Test fixture for sequence models: a 10-level book around mid (spread 1 or 2 ticks), random sizes, and
 * a label set by the level-1 size imbalance averaged over the window's last 5 snapshots. Rows split
 * 60/20/20 into train/validation/test (rows before the first full window are left out).
 */
export function imbalanceSequenceProblem(rows: number, window: number, seed: number, levels = 10): SequenceDataFixture {
  const rng = new SeededRng(seed);
  const snapshots = Array.from({ length: 4 * levels }, () => new Float64Array(rows));
  const imbalance = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const half = rng.nextFloat() < 0.7 ? 0.5 : 1;
    for (let l = 0; l < levels; l++) {
      snapshots[4 * l][r] = half + l;
      snapshots[4 * l + 1][r] = 100 + Math.floor(900 * rng.nextFloat());
      snapshots[4 * l + 2][r] = -half - l;
      snapshots[4 * l + 3][r] = 100 + Math.floor(900 * rng.nextFloat());
    }
    imbalance[r] = (snapshots[3][r] - snapshots[1][r]) / (snapshots[3][r] + snapshots[1][r]);
  }
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = Math.max(0, r - 4); k <= r; k++) s += imbalance[k];
    s /= Math.min(5, r + 1);
    y[r] = s < -0.12 ? 0 : s > 0.12 ? 2 : 1;
  }
  const range = (a: number, b: number): Int32Array => Int32Array.from({ length: b - a }, (_, i) => a + i);
  const first = window - 1;
  const t = first + Math.floor((rows - first) * 0.6);
  const v = first + Math.floor((rows - first) * 0.8);
  return { snapshots, y, train: range(first, t), validation: range(t, v), test: range(v, rows), window, numClasses: 3 };
}

export interface SequenceDataFixture {
  readonly snapshots: Float64Array[];
  readonly y: Uint8Array;
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
  readonly window: number;
  readonly numClasses: number;
}
