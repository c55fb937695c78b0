import type { Command } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { durationOptionNs, parseCommandArgs } from '../args.ts';
import { runDefenceExperiment } from '../../experiments/defenceExperiment.ts';
import '../../models/ModelZoo.ts';

const help = `tachyon experiment defence — does cleaning manipulation out of training data pay?

usage:
  tachyon experiment defence [--seeds 1,2,3] [--duration 2h] [--intensity 3] [--policy maker|taker]
                             [--defence orders|orders+rows] [--json]

For each seed, simulates a training day with and without manipulators (spoof, layer, wash, stuff,
ignite; --intensity agents of each kind) and a test day likewise. Trains the same logistic model (default
features, LOBCAST k = 5) on the clean day, on the polluted day, and on the polluted day with every order
the detectors flag removed before features and labels ("defended"; --defence orders+rows also drops the
training rows inside a flagged order's life + 1 s, whose labels carry the moves manipulation caused); scores each on both test days:
macro-F1 and backtest P&L of the policy (50 µs latency, exact queues, NASDAQ fees). Detectors are not
used at test time (their flags need the future). Recovery = (P&L defended − P&L polluted) / (P&L clean −
P&L polluted), averaged over seeds, per test day; the goal is ≥ 0.8.

--json prints {"cells":[{"train","test","seed","macroF1","pnl","trades"}],"recovery":{"clean","polluted"},"cleaning":[…]}`;

export const experimentDefenceCommand: Command = {
  path: ['experiment', 'defence'],
  summary: 'train with and without the manipulation defence on simulated days; macro-F1 and P&L per cell',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      seeds: { type: 'string' },
      duration: { type: 'string' },
      intensity: { type: 'string' },
      policy: { type: 'string' },
      defence: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const seeds = (values.seeds ?? '1,2,3').split(',').map(Number);
    if (seeds.some((s) => !Number.isSafeInteger(s))) throw new UsageError(`--seeds must be integers, got "${values.seeds}"`);
    const policy = values.policy ?? 'maker';
    if (policy !== 'maker' && policy !== 'taker') throw new UsageError(`--policy must be maker or taker, got "${policy}"`);
    const intensity = Number(values.intensity ?? 3);
    if (!Number.isInteger(intensity) || intensity < 1) throw new UsageError(`--intensity must be an integer ≥ 1`);
    const defence = values.defence ?? 'orders';
    if (defence !== 'orders' && defence !== 'orders+rows') throw new UsageError(`--defence must be orders or orders+rows, got "${defence}"`);
    const r = await runDefenceExperiment({
      defence,
      seeds,
      durationNs: durationOptionNs(values.duration, 'duration', 2 * 3600e9),
      policy,
      intensity,
      onProgress: values.json ? undefined : (l) => io.out(l),
    });
    const mean = (train: string, test: string, key: 'macroF1' | 'pnl'): number => {
      const xs = r.cells.filter((c) => c.train === train && c.test === test).map((c) => c[key]);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    if (values.json) io.out(JSON.stringify(r));
    else {
      io.out('');
      io.out(`mean over seeds ${seeds.join(', ')}      test clean: macro-F1   P&L     test polluted: macro-F1   P&L`);
      for (const train of ['clean', 'polluted', 'defended']) {
        io.out(`  trained ${train.padEnd(9)}              ${mean(train, 'clean', 'macroF1').toFixed(4)}  ${mean(train, 'clean', 'pnl').toFixed(2).padStart(9)}              ${mean(train, 'polluted', 'macroF1').toFixed(4)}  ${mean(train, 'polluted', 'pnl').toFixed(2).padStart(9)}`);
      }
      io.out(`recovery of the P&L pollution costs: ${r.recovery.clean.toFixed(3)} on clean test days, ${r.recovery.polluted.toFixed(3)} on polluted ones (goal ≥ 0.8)`);
    }
    return 0;
  },
};
