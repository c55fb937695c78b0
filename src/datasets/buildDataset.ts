import type { FeatureColumn } from '../features/Feature.ts';
import { classBalance, type ClassBalance } from '../labels/ClassBalance.ts';
import { UNLABELED } from '../labels/DirectionLabel.ts';
import { directionLabels, LABEL_PROTOCOLS, isLabelProtocolName } from '../labels/LabelProtocols.ts';
import { forwardReturnBps, forwardReturnBpsClock } from '../labels/ForwardReturn.ts';
import { balancedLobcastSigma } from '../labels/BalancedSigma.ts';
import { writeColumnsParquet, type ParquetColumn } from '../data/store/writeColumnsParquet.ts';
import { buildLobsterFeatureMatrix, type BuildFeatureMatrixOptions, type FeatureMatrix } from './buildFeatureMatrix.ts';
import type { LoadedDataset } from './readDataset.ts';

export interface BuildDatasetOptions extends Omit<BuildFeatureMatrixOptions, 'transformMessage'> {
  /** Labelling protocol (src/labels/LabelProtocols.ts). */
  label: string;
  /** Horizon in samples. */
  horizon: number;
  /** Share of samples that forms the training part: data-driven label thresholds are fitted on it only. */
  trainFraction?: number;
  alpha?: number;
  /** lobcast: a number, or 'balanced' for the σ that balances the training classes (BalancedSigma.ts). */
  sigma?: number | 'balanced';
  smoothing?: number;
  /** Also write the forward return over this much exchange time (ns), e.g. 1 s: column return_bps_clock. */
  returnClockNs?: number;
}

export interface Dataset {
  readonly matrix: FeatureMatrix;
  /** Rows kept (labelled, with a mid), in time order: indices into the matrix. */
  readonly rows: Int32Array;
  readonly labels: Uint8Array;
  /** Forward mid return over the horizon, in basis points (the regression target). */
  readonly returnBps: Float64Array;
  /** Forward mid return over a clock horizon (the mid as of t + Δ), when asked for; NaN near the end. */
  readonly returnBpsClock?: { readonly horizonNs: number; readonly values: Float64Array };
  readonly classBalance: ClassBalance;
  readonly alphaUp: number;
  readonly alphaDown: number;
  readonly fitRows: number;
  readonly protocol: string;
  readonly horizon: number;
  readonly labelParams: Readonly<Record<string, number | boolean>>;
}

/**
 * Features (sampled on a real day) + direction labels + the forward return, one row per labelled sample.
 * Label thresholds that depend on the data are fitted on the first `trainFraction` of samples only.
 */
export async function buildLobsterDataset(messages: string, orderbook: string, options: BuildDatasetOptions): Promise<Dataset> {
  checkLabelOptions(options);
  const matrix = await buildLobsterFeatureMatrix(messages, orderbook, options);
  if (matrix.rows === 0) throw new RangeError(`${messages}: no samples (empty window): the day is shorter than the features' warm-up`);
  return labelFeatureMatrix(matrix, options);
}

export type LabelOptions = Omit<BuildDatasetOptions, keyof BuildFeatureMatrixOptions>;

function checkLabelOptions(options: LabelOptions): void {
  if (!isLabelProtocolName(options.label)) {
    throw new RangeError(`unknown label protocol "${options.label}": one of ${Object.keys(LABEL_PROTOCOLS).join(', ')}`);
  }
  if (!Number.isInteger(options.horizon) || options.horizon < 1) throw new RangeError(`--horizon must be an integer ≥ 1, got ${options.horizon}`);
}

/**
 * Labels an already-built feature matrix: one matrix can be labelled at several horizons without
 * replaying the day again (the experiment does this).
 */
export function labelFeatureMatrix(matrix: FeatureMatrix, options: LabelOptions): Dataset {
  checkLabelOptions(options);
  // Samples without a two-sided book have no mid: they can carry no label.
  const withMid: number[] = [];
  for (let r = 0; r < matrix.rows; r++) if (matrix.mid[r] > 0) withMid.push(r);
  const mids = Float64Array.from(withMid, (r) => matrix.mid[r]);
  if (options.horizon >= mids.length) {
    throw new RangeError(`horizon ${options.horizon} is longer than the data: ${mids.length} samples`);
  }
  const trainFraction = options.trainFraction ?? 0.7;
  const fitRows = Math.floor(mids.length * trainFraction);
  const sigma = options.sigma === 'balanced' ? balancedLobcastSigma(mids, options.horizon, fitRows) : options.sigma;
  const labels = directionLabels(mids, {
    protocol: options.label,
    horizon: options.horizon,
    alpha: options.alpha,
    sigma,
    smoothing: options.smoothing,
    fitRows,
  });
  const ret = forwardReturnBps(mids, options.horizon);
  const clock = options.returnClockNs
    ? forwardReturnBpsClock(mids, Float64Array.from(withMid, (r) => matrix.timeNs[r]), options.returnClockNs).bps
    : undefined;
  const kept: number[] = [];
  for (let k = 0; k < mids.length; k++) if (labels.labels[k] !== UNLABELED) kept.push(k);
  if (kept.length === 0) throw new RangeError(`no labelled samples (empty window) for horizon ${options.horizon}`);
  const keptLabels = Uint8Array.from(kept, (k) => labels.labels[k]);
  return {
    matrix,
    rows: Int32Array.from(kept, (k) => withMid[k]),
    labels: keptLabels,
    returnBps: Float64Array.from(kept, (k) => ret[k]),
    returnBpsClock: clock && options.returnClockNs ? { horizonNs: options.returnClockNs, values: Float64Array.from(kept, (k) => clock[k]) } : undefined,
    classBalance: classBalance(keptLabels),
    alphaUp: labels.alphaUp,
    alphaDown: labels.alphaDown,
    fitRows,
    protocol: options.label,
    horizon: options.horizon,
    labelParams: labels.params,
  };
}

/** Column names in the dataset file besides the features. */
export const DATASET_TIME_COLUMN = 'ts';
export const DATASET_SEQ_COLUMN = 'seq';
export const DATASET_LABEL_COLUMN = 'label';
export const DATASET_RETURN_COLUMN = 'return_bps';
export const DATASET_RETURN_CLOCK_COLUMN = 'return_bps_clock';

/**
 * Writes a dataset as Parquet: ts (exact epoch-ns timestamp), seq, one DOUBLE column per feature, label
 * (0 down, 1 stationary, 2 up) and return_bps, with the build's description in key-value metadata
 * (tachyon.dataset: features with units, label protocol and parameters, thresholds, sampling, source).
 */
export async function writeDatasetParquet(path: string, ds: Dataset, source: Record<string, string>): Promise<{ rows: number; bytes: number }> {
  const m = ds.matrix;
  const pick = (values: Float64Array): Float64Array => pickRows(values, ds.rows);
  const columns: ParquetColumn[] = [
    { name: DATASET_TIME_COLUMN, kind: 'timestamp_ns', values: pick(m.timeNs), originNs: m.originNs },
    { name: DATASET_SEQ_COLUMN, kind: 'int64', values: pick(m.seq) },
    ...m.columns.map((c: FeatureColumn, k: number): ParquetColumn => ({ name: c.name, kind: 'double', values: pick(m.values[k]) })),
    { name: DATASET_LABEL_COLUMN, kind: 'uint8', values: ds.labels },
    { name: DATASET_RETURN_COLUMN, kind: 'double', values: ds.returnBps },
  ];
  if (ds.returnBpsClock) columns.push({ name: DATASET_RETURN_CLOCK_COLUMN, kind: 'double', values: ds.returnBpsClock.values });
  const description = {
    features: m.columns,
    label: { protocol: ds.protocol, horizon: ds.horizon, ...ds.labelParams, alphaUp: ds.alphaUp, alphaDown: ds.alphaDown, fitRows: ds.fitRows, classes: { 0: 'down', 1: 'stationary', 2: 'up' } },
    sampling: m.sampling,
    returnClockNs: ds.returnBpsClock?.horizonNs,
    instrument: m.instrument,
    originNs: m.originNs.toString(),
    classBalance: ds.classBalance,
    source,
  };
  return writeColumnsParquet(path, columns, { 'tachyon.dataset': JSON.stringify(description) });
}

/**
 * The in-memory form of a dataset, as readDatasetParquet would return it after writing: the experiment
 * trains straight from a freshly labelled matrix without a round trip through Parquet.
 */
export function toLoadedDataset(ds: Dataset, path = '(in memory)'): LoadedDataset {
  const m = ds.matrix;
  const rows = ds.rows;
  const pick = (values: Float64Array): Float64Array => pickRows(values, rows);
  return {
    path,
    description: {
      features: [...m.columns],
      label: { protocol: ds.protocol, horizon: ds.horizon, ...ds.labelParams, alphaUp: ds.alphaUp, alphaDown: ds.alphaDown, fitRows: ds.fitRows },
      sampling: m.sampling,
      instrument: m.instrument,
      originNs: m.originNs.toString(),
      source: {},
    },
    rows: rows.length,
    featureNames: m.columns.map((c) => c.name),
    features: m.values.map(pick),
    labels: ds.labels,
    returnBps: ds.returnBps,
    timeNs: pick(m.timeNs),
    seq: pick(m.seq),
  };
}

/** values[rows[k]] for each k, as a new array (a plain loop: Float64Array.from with a map function goes through the iterator protocol, ~10× slower). */
export function pickRows(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  return out;
}
