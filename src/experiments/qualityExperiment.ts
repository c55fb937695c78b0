import { SeededRng } from '../core/rng.ts';
import { buildFeatureMatrixFromDay } from '../datasets/buildFeatureMatrix.ts';
import { labelFeatureMatrix } from '../datasets/buildDataset.ts';
import type { BacktestResult } from '../backtest/BacktestResult.ts';
import { tradeFromNs, type PreparedBacktest } from '../backtest/BacktestSetup.ts';
import { accuracy, confusionMatrix } from '../models/metrics/ConfusionMatrix.ts';
import { macroF1 } from '../models/metrics/F1Scores.ts';
import { loadPredictor } from '../models/artifact/PredictorRegistry.ts';
import { BlendedPredictor } from '../strategy/BlendedPredictor.ts';
import { featureGroupsFor } from '../strategy/ModelSignal.ts';

export interface QualityPoint {
  /** −1 … 0: toward noise; 0: the model as trained; 0 … 1: toward the true label. */
  readonly blend: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly pnl: number;
  readonly trades: number;
  readonly fees: number;
}

export interface QualityExperiment {
  readonly points: readonly QualityPoint[];
  /**
   * % change of P&L per % change of accuracy, against the unblended model: the least-squares slope
   * through the origin of (pnl − pnl₀)/|pnl₀| on (acc − acc₀)/acc₀ over every point. Meaningless when
   * pnl₀ is near zero, hence also dollarsPerAccuracyPoint.
   */
  readonly elasticity: number;
  /** Least-squares slope of P&L (dollars) on accuracy (percentage points). */
  readonly dollarsPerAccuracyPoint: number;
  /** The run of the model as trained (blend 0), for the report. */
  readonly base: BacktestResult;
  /** Labelled sampled rows in the traded period (the metrics' support). */
  readonly scoredRows: number;
}

export const DEFAULT_BLENDS = [-1, -0.5, -0.25, 0, 0.1, 0.25, 0.5, 0.75, 1];

/**
 * Model quality → dollars: the same day, policy and execution, backtested with the model's predictions
 * blended toward the true future label (better models) and toward noise (worse ones). Accuracy and
 * macro-F1 are scored on the rows the policy traded over (from the trade-from time on), against labels
 * made with the model's own protocol, horizon and threshold parameters on this day.
 */
export async function runQualityExperiment(prepared: PreparedBacktest, options: { blends?: readonly number[]; seed?: number; onPoint?: (p: QualityPoint) => void } = {}): Promise<QualityExperiment> {
  const { artifact, day } = prepared;
  if (artifact === null) throw new RangeError('the quality experiment needs a model (--model)');
  if (artifact.label.target !== 'direction') throw new RangeError(`the quality experiment needs a direction model; ${artifact.kind} predicts ${artifact.label.target}`);
  const sampling = typeof artifact.label.params.sampling === 'string' ? artifact.label.params.sampling : 'event';
  // The same rows the model will see live: the same feature groups (same warm-up) and sampling.
  const matrix = await buildFeatureMatrixFromDay(day, { features: featureGroupsFor(artifact.features).join(','), sampling });
  let mids = 0;
  for (let r = 0; r < matrix.rows; r++) if (matrix.mid[r] > 0) mids++;
  const p = artifact.label.params;
  const fitRows = typeof p.fitRows === 'number' ? p.fitRows : Math.floor(mids * 0.6);
  const ds = labelFeatureMatrix(matrix, {
    label: artifact.label.protocol,
    horizon: artifact.label.horizon,
    sigma: typeof p.sigma === 'number' ? p.sigma : undefined,
    alpha: typeof p.alpha === 'number' ? p.alpha : undefined,
    smoothing: typeof p.smoothing === 'number' ? p.smoothing : undefined,
    trainFraction: Math.min(1, (fitRows + 0.5) / mids),
  });
  const labels = new Int8Array(matrix.rows).fill(-1);
  for (let k = 0; k < ds.rows.length; k++) labels[ds.rows[k]] = ds.labels[k];
  const from = tradeFromNs(day, prepared.spec.tradeFrom);
  const scored: number[] = [];
  for (let r = 0; r < matrix.rows; r++) if (labels[r] >= 0 && matrix.timeNs[r] >= from) scored.push(r);
  // Sequence models take window × features inputs and first run when their window is full.
  const window = loadPredictor(artifact, prepared.modelPath ?? 'model').numFeatures / artifact.features.length;

  const points: QualityPoint[] = [];
  let base: BacktestResult | null = null;
  for (const blend of options.blends ?? DEFAULT_BLENDS) {
    let blended: BlendedPredictor | null = null;
    const result = await prepared.run((inner) => (blended = new BlendedPredictor(inner, labels, blend, new SeededRng(options.seed ?? 1), window - 1)));
    const bp = blended as BlendedPredictor | null;
    if (bp === null) throw new Error('the backtest did not use the model');
    const expected = matrix.rows - (window - 1);
    if (bp.calls !== expected) throw new Error(`the model ran ${bp.calls} times in the backtest but the day has ${expected} sampled rows: the backtest and the labels are misaligned`);
    const y = Int32Array.from(scored, (r) => labels[r]);
    const yHat = Int32Array.from(scored, (r) => bp.predicted[r]);
    const cm = confusionMatrix(y, yHat, 3);
    const point = { blend, accuracy: accuracy(cm), macroF1: macroF1(cm), pnl: result.summary.pnl, trades: result.summary.trades, fees: result.summary.fees };
    points.push(point);
    options.onPoint?.(point);
    if (blend === 0) base = result;
  }
  if (base === null) throw new RangeError('the blends must include 0 (the model as trained)');
  return { points, ...elasticities(points), base, scoredRows: scored.length };
}

export function elasticities(points: readonly QualityPoint[]): { elasticity: number; dollarsPerAccuracyPoint: number } {
  const b0 = points.find((p) => p.blend === 0);
  if (!b0) return { elasticity: NaN, dollarsPerAccuracyPoint: NaN };
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    const x = (p.accuracy - b0.accuracy) / b0.accuracy;
    const y = (p.pnl - b0.pnl) / Math.abs(b0.pnl);
    sxy += x * y;
    sxx += x * x;
  }
  const n = points.length;
  const mx = points.reduce((a, p) => a + 100 * p.accuracy, 0) / n;
  const my = points.reduce((a, p) => a + p.pnl, 0) / n;
  let cxy = 0;
  let cxx = 0;
  for (const p of points) {
    cxy += (100 * p.accuracy - mx) * (p.pnl - my);
    cxx += (100 * p.accuracy - mx) ** 2;
  }
  return { elasticity: sxx > 0 ? sxy / sxx : NaN, dollarsPerAccuracyPoint: cxx > 0 ? cxy / cxx : NaN };
}
