import type { Command } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { intOption, parseCommandArgs, requireOption } from '../args.ts';
import { readDatasetParquet } from '../../datasets/readDataset.ts';
import { planSplits, type SplitKind } from '../../datasets/planSplits.ts';

const KINDS: readonly SplitKind[] = ['chronological', 'walk-forward', 'purged-kfold'];

const help = `tachyon dataset split — plan leakage-safe train/validation/test parts or folds of a dataset

usage:
  tachyon dataset split --in D.parquet [--kind chronological|walk-forward|purged-kfold] [--folds 5]
                        [--embargo n] [--train 0.7] [--validation 0.15] [--json]

Each row's label reads the next k rows (k = the dataset's horizon), so a training row whose label
window reaches into a later part is purged, and the --embargo rows after each boundary (default k) are
left out (López de Prado). Normalisation statistics are fitted on each training part only.
Prints the parts' sizes, row ranges and class balance; --json prints
{"kind","rows","folds":[{"fold","train","validation","test","excluded"}]} (parts: {rows,firstRow,lastRow,classBalance}).

example:
  npx tachyon dataset split --in goog-k10.parquet --kind purged-kfold --folds 5 --json`;

export const datasetSplitCommand: Command = {
  path: ['dataset', 'split'],
  summary: 'plan purged, embargoed train/validation/test parts or folds of a dataset',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      in: { type: 'string' },
      kind: { type: 'string', default: 'chronological' },
      folds: { type: 'string' },
      embargo: { type: 'string' },
      train: { type: 'string' },
      validation: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const kind = values.kind as SplitKind;
    if (!KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
    const ds = await readDatasetParquet(requireOption(values.in, 'in'));
    const plan = planSplits(ds, {
      kind,
      folds: intOption(values.folds, 'folds', 5),
      embargo: values.embargo === undefined ? undefined : intOption(values.embargo, 'embargo', 0),
      train: values.train === undefined ? undefined : Number(values.train),
      validation: values.validation === undefined ? undefined : Number(values.validation),
    });
    if (values.json) {
      io.out(JSON.stringify({ kind, rows: ds.rows, folds: plan.map(({ standardizer: _s, ...f }) => f) }));
      return 0;
    }
    io.out(`${ds.path}: ${ds.rows} rows, label ${ds.description.label.protocol} k=${ds.description.label.horizon}, ${kind}`);
    for (const f of plan) {
      const show = (name: string, p: { rows: number; firstRow: number; lastRow: number; classBalance: { down: number; stationary: number; up: number } } | undefined): string =>
        p ? `${name} ${p.rows} [${p.firstRow}..${p.lastRow}] (down ${p.classBalance.down} / flat ${p.classBalance.stationary} / up ${p.classBalance.up})` : '';
      io.out(`  fold ${f.fold}: ${[show('train', f.train), show('validation', f.validation), show('test', f.test)].filter(Boolean).join('; ')}; excluded ${f.excluded}`);
    }
    return 0;
  },
};
