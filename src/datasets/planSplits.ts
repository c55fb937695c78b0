import { chronologicalSplit } from '../labels/ChronologicalSplit.ts';
import { walkForwardSplits } from '../labels/WalkForwardSplits.ts';
import { purgedKFold } from '../labels/PurgedKFold.ts';
import { classBalance } from '../labels/ClassBalance.ts';
import { Standardizer } from '../labels/Standardizer.ts';
import type { LoadedDataset } from './readDataset.ts';

export type SplitKind = 'chronological' | 'walk-forward' | 'purged-kfold';

export interface SplitPart {
  rows: number;
  firstRow: number;
  lastRow: number;
  classBalance: { down: number; stationary: number; up: number };
}

export interface PlannedFold {
  fold: number;
  train: SplitPart;
  validation?: SplitPart;
  test: SplitPart;
  /** Rows in no part: purged (label window reaching into a later part) or embargoed. */
  excluded: number;
  /** Standardisation fitted on this fold's training rows only (mean/std per feature). */
  standardizer: Standardizer;
}

export interface SplitOptions {
  kind: SplitKind;
  folds?: number;
  embargo?: number;
  train?: number;
  validation?: number;
}

/**
 * Each dataset row's label reads the samples up to `horizon` rows ahead (rows are consecutive samples),
 * capped at the last row: what purging must keep away from the test part.
 */
export function datasetLabelEnd(ds: LoadedDataset): Int32Array {
  const n = ds.rows;
  const h = ds.description.label.horizon;
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) end[i] = Math.min(n - 1, i + h);
  return end;
}

/** Train/validation/test or folds for a dataset, purged and embargoed, with train-only normalisation. */
export function planSplits(ds: LoadedDataset, options: SplitOptions): PlannedFold[] {
  const n = ds.rows;
  const labelEnd = datasetLabelEnd(ds);
  // A label that reads back in time (lobcast, tlob) needs an embargo at least that long after a test block.
  const embargo = options.embargo ?? ds.description.label.horizon;
  const part = (rows: Int32Array): SplitPart => {
    const labels = Uint8Array.from(rows, (r) => ds.labels[r]);
    const b = classBalance(labels);
    return { rows: rows.length, firstRow: rows[0] ?? -1, lastRow: rows[rows.length - 1] ?? -1, classBalance: { down: b.down, stationary: b.stationary, up: b.up } };
  };
  const fit = (train: Int32Array): Standardizer => Standardizer.fit(ds.features, train);
  if (options.kind === 'chronological') {
    const s = chronologicalSplit(n, { train: options.train ?? 0.7, validation: options.validation ?? 0.15 }, labelEnd, embargo);
    return [{ fold: 0, train: part(s.train), validation: part(s.validation), test: part(s.test), excluded: n - s.train.length - s.validation.length - s.test.length, standardizer: fit(s.train) }];
  }
  const folds = options.kind === 'walk-forward' ? walkForwardSplits(n, { folds: options.folds ?? 5 }, labelEnd, embargo) : purgedKFold(n, options.folds ?? 5, labelEnd, embargo);
  return folds.map((f) => ({ fold: f.fold, train: part(f.train), test: part(f.test), excluded: n - f.train.length - f.test.length, standardizer: fit(f.train) }));
}
