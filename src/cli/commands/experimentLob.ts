import type { Command } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { intOption, parseCommandArgs, requireOption } from '../args.ts';
import { LOB_EXPERIMENT_HORIZONS, runLobExperiment } from '../../experiments/lobExperiment.ts';
import { modelKinds } from '../../models/ModelZoo.ts';

const CONTEXT = [
  'Context (not the same data): the LOBCAST re-evaluation (Prata et al. 2024) of 15 deep models on NASDAQ',
  'stocks from LOBSTER (other tickers, other dates) reports macro-F1 between 48 % and 64 %, best BiN-CTABL.',
  'On this very GOOG day, a reference measured outside the project (LOBCAST-style labels, balanced classes,',
  '60/10/30) reached macro-F1 0.45–0.49 with native XGBoost (~3 CPU-s), 0.43–0.48 with logistic',
  'regression, and 0.32–0.35 with a PyTorch DeepLOB given 6 CPU-minutes.',
];

const help = `tachyon experiment lob — which model predicts the mid-price direction best, and at what cost

usage:
  tachyon experiment lob --messages M --orderbook O [--horizons 1,2,3,5,10] [--models logistic,gbdt]
                         [--seed n] [--json]

For each horizon k: LOBCAST labels (thresholds mean ± σ·std with σ chosen so the training classes are
near balanced, fitted on the training part only), a chronological 60/10/30 split of the day (purged,
embargo = k), every model trained on the first part and tested on the last. Prints a table
(model × horizon: macro-F1, weighted-F1, accuracy, training CPU-seconds, dollars, single-row inference
p50/p99 µs) and, last, the JSON
{"rows":[{"model","horizon","macroF1","weightedF1","accuracy","trainCpuSeconds","dollars","inferenceP99Us"}]}.

models: ${modelKinds().map((m) => m.kind).join(', ')}

${CONTEXT.join('\n')}`;

export const experimentLobCommand: Command = {
  path: ['experiment', 'lob'],
  summary: 'the LOB prediction benchmark: every model × horizon on a real day, with cost and latency',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      messages: { type: 'string' },
      orderbook: { type: 'string' },
      horizons: { type: 'string' },
      models: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const horizons = values.horizons ? values.horizons.split(',').map((h) => intOption(h, 'horizons', 0)) : [...LOB_EXPERIMENT_HORIZONS];
    if (horizons.some((h) => h < 1)) throw new UsageError('--horizons are integers ≥ 1');
    const models = values.models ? values.models.split(',') : modelKinds().map((m) => m.kind);
    const rows = await runLobExperiment(requireOption(values.messages, 'messages'), requireOption(values.orderbook, 'orderbook'), {
      horizons,
      models,
      seed: intOption(values.seed, 'seed', 1),
      onProgress: (m) => {
        if (io.stderrIsTty) process.stderr.write(`\r${m.padEnd(40)}`);
      },
    });
    if (io.stderrIsTty) process.stderr.write('\r'.padEnd(42) + '\r');
    const header = ['model', 'k', 'macro-F1', 'weighted-F1', 'accuracy', 'train CPU-s', 'dollars', 'p50 µs', 'p99 µs', 'test rows (down/flat/up)'];
    const table = rows.map((r) => [
      r.model,
      String(r.horizon),
      r.macroF1.toFixed(4),
      r.weightedF1.toFixed(4),
      r.accuracy.toFixed(4),
      r.trainCpuSeconds.toFixed(2),
      `$${r.dollars.toPrecision(2)}`,
      r.inferenceP50Us.toFixed(2),
      r.inferenceP99Us.toFixed(2),
      `${r.testRows} (${r.testBalance.join('/')})`,
    ]);
    const widths = header.map((h, c) => Math.max(h.length, ...table.map((t) => t[c].length)));
    const line = (cells: string[]): string => cells.map((v, c) => (c < 1 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
    io.out(line(header));
    io.out(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const t of table) io.out(line(t));
    io.out('');
    for (const c of CONTEXT) io.out(c);
    const json = rows.map((r) => ({
      model: r.model,
      horizon: r.horizon,
      macroF1: r.macroF1,
      weightedF1: r.weightedF1,
      accuracy: r.accuracy,
      trainCpuSeconds: r.trainCpuSeconds,
      dollars: r.dollars,
      inferenceP99Us: r.inferenceP99Us,
    }));
    if (values.json) io.out(JSON.stringify({ rows: json }));
    return 0;
  },
};
