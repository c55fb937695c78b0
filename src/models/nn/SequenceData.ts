import type { ClassificationData } from '../TrainingData.ts';
import { checkClassificationData, checkRows } from './checkClassificationData.ts';

/**
 * What a sequence model trains on: raw book snapshots, one per dataset row (consecutive rows are
 * consecutive samples), and labelled rows whose *window* — rows r − window + 1 … r, oldest first — is the
 * input. Windows may reach back into rows of an earlier part (inputs only, never labels).
 */
export interface SequenceData {
  /** 4 × levels columns in LobSnapshots order: ask_px_l, ask_sz_l, bid_px_l, bid_sz_l for l = 1…levels. */
  readonly snapshots: readonly Float64Array[];
  /** Class per row: 0 down, 1 stationary, 2 up. */
  readonly y: Uint8Array;
  /** Rows (≥ window − 1) whose window is a training sample. */
  readonly train: Int32Array;
  readonly validation: Int32Array;
  /** T: snapshots per sample. */
  readonly window: number;
  readonly numClasses: number;
}

/** Snapshot column names for `levels` levels, in LobSnapshots order. */
export function snapshotColumnNames(levels: number): string[] {
  const names: string[] = [];
  for (let l = 1; l <= levels; l++) names.push(`ask_px_${l}`, `ask_sz_${l}`, `bid_px_${l}`, `bid_sz_${l}`);
  return names;
}

/**
 * Sequence data from a dataset built with features 'raw' or 'all': picks the snapshot columns by name
 * and drops train/validation rows too early to have a full window (`dropped` counts them).
 */
export function sequenceDataFromClassification(data: ClassificationData, window: number, levels = 10): SequenceData & { dropped: number } {
  checkClassificationData(data, 'sequence data');
  checkWindow(window, 'sequence data');
  const snapshots = snapshotColumnNames(levels).map((name) => {
    const c = data.featureNames.indexOf(name);
    if (c < 0) throw new RangeError(`sequence data: no column "${name}" (build the dataset with features 'raw' or 'all')`);
    return data.x[c];
  });
  const keep = (rows: Int32Array): Int32Array => rows.filter((r) => r >= window - 1);
  const train = keep(data.train);
  const validation = keep(data.validation);
  const dropped = data.train.length - train.length + data.validation.length - validation.length;
  return { snapshots, y: data.y, train, validation, window, numClasses: data.numClasses, dropped };
}

/** Writes row r's raw window (T × width, oldest first: the predictor's input, as LobSnapshots.window). */
export function writeWindow(snapshots: readonly Float64Array[], row: number, window: number, out: Float64Array, offset = 0): void {
  const w = snapshots.length;
  if (row < window - 1 || row >= (snapshots[0]?.length ?? 0)) throw new RangeError(`window of row ${row}: needs rows ${row - window + 1}…${row}`);
  let o = offset;
  for (let r = row - window + 1; r <= row; r++) for (let c = 0; c < w; c++) out[o++] = snapshots[c][r];
}

export function checkWindow(window: number, who: string): void {
  if (!Number.isInteger(window) || window < 5) throw new RangeError(`${who}: window must be an integer ≥ 5, got ${window}`);
}

/** Rejects inconsistent sequence data with a message naming what is wrong. */
export function checkSequenceData(data: SequenceData, who: string): void {
  checkWindow(data.window, who);
  const w = data.snapshots.length;
  if (w === 0 || w % 4 !== 0) throw new RangeError(`${who}: expected 4 × levels snapshot columns, got ${w}`);
  const n = data.y.length;
  data.snapshots.forEach((col, c) => {
    if (col.length !== n) throw new RangeError(`${who}: snapshot column ${c} has ${col.length} rows, labels ${n}`);
  });
  if (!Number.isInteger(data.numClasses) || data.numClasses < 2) throw new RangeError(`${who}: numClasses must be an integer ≥ 2, got ${data.numClasses}`);
  checkRows(data.train, n, 'train', who, data.window - 1);
  checkRows(data.validation, n, 'validation', who, data.window - 1);
  if (data.train.length === 0) throw new RangeError(`${who}: no training rows with a full window`);
  for (const rows of [data.train, data.validation]) {
    for (let i = 0; i < rows.length; i++) {
      if (data.y[rows[i]] >= data.numClasses) throw new RangeError(`${who}: label ${data.y[rows[i]]} at row ${rows[i]} is not a class in [0, ${data.numClasses})`);
    }
  }
}
