import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { parseCommandArgs, requireOption } from '../args.ts';
import { prepareLobsterBacktest } from '../../backtest/BacktestSetup.ts';
import { renderBacktestReport } from '../../backtest/report/renderBacktestReport.ts';
import { DEFAULT_BLENDS, runQualityExperiment } from '../../experiments/qualityExperiment.ts';
import { BACKTEST_OPTIONS, BACKTEST_OPTIONS_HELP, backtestSpecFromOptions } from './backtestOptions.ts';

const help = `tachyon experiment quality — how P&L moves with model quality, on one day with one execution model

usage:
  tachyon experiment quality --messages M --orderbook O --model A.json [--blends b1,b2,…] [--out DIR] [--json] [options]

Backtests the policy with the model's predictions blended toward the true future label (blend b > 0:
(1 − b)·p + b·onehot(label), a better model made by look-ahead on purpose) and toward noise (b < 0: toward a
random class per row), everything else the same. Scores accuracy and macro-F1 on the traded period against
labels made with the model's own protocol on this day, and prints P&L after costs at each point, with the
elasticity: % P&L change per % accuracy change against the model as trained (also dollars per accuracy
point, which stays meaningful when the model's own P&L is near zero).

options:
  --blends=LIST             default ${DEFAULT_BLENDS.join(',')} (must include 0; write it with = since it starts with -)
${BACKTEST_OPTIONS_HELP}
  --out DIR                 writes DIR/report.html (the blend-0 run with the quality chart; default quality-out)
  --json                    last line {"points":[{"blend","accuracy","macroF1","pnl"}],"elasticity","dollarsPerAccuracyPoint"}

example:
  npx tachyon experiment quality --messages GOOG_..._message_10.csv.gz --orderbook GOOG_..._orderbook_10.csv.gz \\
    --model goog-k5.logistic.json --policy taker --json`;

export const experimentQualityCommand: Command = {
  path: ['experiment', 'quality'],
  summary: 'model quality → dollars: backtest predictions blended toward the truth and toward noise',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...BACKTEST_OPTIONS, blends: { type: 'string' } });
    const blends = values.blends === undefined ? DEFAULT_BLENDS : values.blends.split(',').map(Number);
    if (blends.some((b) => !(b >= -1 && b <= 1))) throw new UsageError(`--blends must be numbers in [-1, 1], got "${values.blends}"`);
    const spec = backtestSpecFromOptions(values);
    const prepared = await prepareLobsterBacktest(requireOption(values.messages, 'messages'), requireOption(values.orderbook, 'orderbook'), requireOption(values.model, 'model'), spec);
    if (!values.json) io.out('blend   accuracy  macroF1        P&L  fills');
    const r = await runQualityExperiment(prepared, {
      blends,
      seed: spec.seed,
      onPoint: (p) => {
        if (!values.json) io.out(`${p.blend.toFixed(2).padStart(5)}   ${p.accuracy.toFixed(4)}    ${p.macroF1.toFixed(4)}  ${p.pnl.toFixed(2).padStart(9)}  ${p.trades}`);
      },
    });
    const out = values.out ?? 'quality-out';
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'report.html'), renderBacktestReport(r.base, { title: `Model quality → P&L: ${r.base.symbol}`, qualityPoints: r.points, elasticity: r.elasticity }));
    const json = { points: r.points.map((p) => ({ blend: p.blend, accuracy: p.accuracy, macroF1: p.macroF1, pnl: p.pnl })), elasticity: r.elasticity, dollarsPerAccuracyPoint: r.dollarsPerAccuracyPoint };
    if (!values.json) io.out(`elasticity ${r.elasticity.toFixed(3)} (% P&L per % accuracy), $${r.dollarsPerAccuracyPoint.toFixed(2)} per accuracy point; ${r.scoredRows} scored rows; report ${join(out, 'report.html')}`);
    io.out(JSON.stringify(json));
    return 0;
  },
};
