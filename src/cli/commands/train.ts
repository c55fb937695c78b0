import { writeFile } from 'node:fs/promises';
import type { Command } from '../Command.ts';
import { intOption, parseCommandArgs, requireOption } from '../args.ts';
import { readDatasetParquet } from '../../datasets/readDataset.ts';
import { trainOnDataset } from '../../models/trainOnDataset.ts';
import { modelKinds } from '../../models/ModelZoo.ts';
import { writeModelArtifact } from '../../models/artifact/ModelArtifactFile.ts';
import { modelCard } from '../../models/artifact/modelCard.ts';

const help = `tachyon train — train a model on a dataset, measure what it cost, write its artifact

usage:
  tachyon train --dataset D.parquet --model <kind> --out A.json [--seed n] [--train 0.6]
                [--validation 0.1] [--dollars-per-core-hour p] [--json]

Trains on the dataset's chronological, purged training part (validation for early stopping), scores the
compiled predictor on the test part (the last 30% by default) and writes one versioned artifact: weights,
features, normalisation (fitted on training rows only), label protocol, metrics, cost, data hash, code
version. A Markdown model card is written next to it (A.md).

models:
${modelKinds().map((m) => `  ${m.kind.padEnd(10)} ${m.describe}`).join('\n')}

--json prints {"model","metrics":{"accuracy","macroF1","weightedF1"},"cost":{"cpuSeconds","wallSeconds","peakRssMB","dollars"},"artifact"}.
Dollars are CPU-seconds at a price per core-hour: --dollars-per-core-hour, else TACHYON_DOLLARS_PER_CORE_HOUR,
else $0.05 (a cloud on-demand vCPU-hour; see src/models/cost/README.md).

example:
  npx tachyon train --dataset goog-k10.parquet --model logistic --out goog-k10.logistic.json --json`;

export const trainCommand: Command = {
  path: ['train'],
  summary: 'train a model on a dataset; report its test metrics and training cost; write its artifact',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      dataset: { type: 'string' },
      model: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      train: { type: 'string' },
      validation: { type: 'string' },
      'dollars-per-core-hour': { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const ds = await readDatasetParquet(requireOption(values.dataset, 'dataset'));
    const out = requireOption(values.out, 'out');
    const r = await trainOnDataset(ds, {
      model: requireOption(values.model, 'model'),
      seed: intOption(values.seed, 'seed', 1),
      trainFraction: values.train === undefined ? undefined : Number(values.train),
      validationFraction: values.validation === undefined ? undefined : Number(values.validation),
      dollarsPerCoreHour: values['dollars-per-core-hour'] === undefined ? undefined : Number(values['dollars-per-core-hour']),
    });
    await writeModelArtifact(out, r.artifact);
    await writeFile(out.replace(/\.json$/, '') + '.md', modelCard(r.artifact));
    const summary = {
      model: r.artifact.kind,
      metrics: { accuracy: r.test.accuracy, macroF1: r.test.macroF1, weightedF1: r.test.weightedF1 },
      cost: { cpuSeconds: r.cost.cpuSeconds, wallSeconds: r.cost.wallSeconds, peakRssMB: r.cost.peakRssMB, dollars: r.cost.dollars },
      artifact: out,
    };
    if (values.json) io.out(JSON.stringify(summary));
    else {
      const f = (x: number): string => x.toFixed(4);
      io.out(`${r.artifact.kind} on ${ds.path} (label ${ds.description.label.protocol} k=${ds.description.label.horizon}): train ${r.split.train}, validation ${r.split.validation}, test ${r.split.test} rows (${r.split.excluded} purged/embargoed)`);
      io.out(`  test: accuracy ${f(r.test.accuracy)}, macro-F1 ${f(r.test.macroF1)}, weighted-F1 ${f(r.test.weightedF1)}, kappa ${f(r.test.cohenKappa)}`);
      io.out(`  cost: ${r.cost.cpuSeconds.toFixed(2)} CPU-s, ${r.cost.wallSeconds.toFixed(2)} s wall, peak ${r.cost.peakRssMB.toFixed(0)} MB, $${r.cost.dollars.toPrecision(3)}`);
      io.out(`  artifact: ${out} (model card ${out.replace(/\.json$/, '')}.md)`);
    }
    return 0;
  },
};
