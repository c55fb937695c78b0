import type { Command } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { durationOptionNs, parseCommandArgs } from '../args.ts';
import { DEFENCE_KINDS, runDefenceExperiment, type DefenceKind } from '../../experiments/defenceExperiment.ts';
import type { RecoveryStats } from '../../experiments/defenceRecovery.ts';
import '../../models/ModelZoo.ts';

const help = `tachyon experiment defence — does cleaning manipulation out of training data pay?

usage:
  tachyon experiment defence [--seeds 1,2,3] [--duration 2h] [--intensity 3] [--policy maker|taker]
                             [--defence orders|orders+rows|truth[,…]] [--reference] [--json]

For each seed, simulates a training day with and without manipulators (spoof, layer, wash, stuff,
ignite; --intensity agents of each kind) and a test day likewise. Trains the same logistic model (default
features, LOBCAST k = 5) on the clean day, on the polluted day, and on the polluted day after each
defence; scores each on both test days: macro-F1 and backtest P&L of the policy (50 µs latency, exact
queues, NASDAQ fees). Detectors are not used at test time (their flags need the future).

defences (--defence, a comma list; default orders):
  orders        every order the detectors flag removed before features and labels
  orders+rows   also drops the training rows inside a flagged order's life + 1 s, whose labels carry the
                moves manipulation caused
  truth         every order the ground truth labels manipulative removed instead: not deployable (it
                reads labels), the ceiling of order-removal defences
--reference     also trains on an independent clean day (seed + 500000): a model no manipulator touched,
                whose "recovery" shows how much P&L moves with the training day alone

Recovery, per test day = (mean P&L defended − mean P&L polluted) / (mean P&L clean − mean P&L polluted),
the means over seeds; the goal is ≥ 0.8. It is printed with its standard error over seeds (delta method)
and the per-seed ratios, which scatter widely: a seed's cost of pollution is a difference between models
trained on two days that diverge once the manipulators act.

--json prints {"cells":[{"train","defence"?,"test","seed","macroF1","pnl","trades"}],"recovery":{"clean","polluted"}
(of the first defence),"recoveries":[{"variant","clean":{"recovery","standardError","perSeed","meanCost","meanGain"},
"polluted":{…}}],"cleaning":[…]}`;

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
      reference: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const seeds = (values.seeds ?? '1,2,3').split(',').map(Number);
    if (seeds.some((s) => !Number.isSafeInteger(s))) throw new UsageError(`--seeds must be integers, got "${values.seeds}"`);
    if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds must be distinct, got "${values.seeds}"`);
    const policy = values.policy ?? 'maker';
    if (policy !== 'maker' && policy !== 'taker') throw new UsageError(`--policy must be maker or taker, got "${policy}"`);
    const intensity = Number(values.intensity ?? 3);
    if (!Number.isInteger(intensity) || intensity < 1) throw new UsageError(`--intensity must be an integer ≥ 1`);
    const defences = (values.defence ?? 'orders').split(',');
    const isDefence = (d: string): d is DefenceKind => (DEFENCE_KINDS as readonly string[]).includes(d);
    const bad = defences.find((d) => !isDefence(d));
    if (bad !== undefined) throw new UsageError(`--defence must be a comma list of ${DEFENCE_KINDS.join(', ')}; got "${bad}"`);
    if (new Set(defences).size !== defences.length) throw new UsageError(`--defence lists "${values.defence}" with a repeat`);
    const r = await runDefenceExperiment({
      defence: defences.filter(isDefence),
      seeds,
      durationNs: durationOptionNs(values.duration, 'duration', 2 * 3600e9),
      policy,
      intensity,
      reference: values.reference,
      onProgress: values.json ? undefined : (l) => io.out(l),
    });
    if (values.json) {
      io.out(JSON.stringify(r));
      return 0;
    }
    const mean = (pick: (c: (typeof r.cells)[number]) => boolean, test: string, key: 'macroF1' | 'pnl'): number => {
      const xs = r.cells.filter((c) => pick(c) && c.test === test).map((c) => c[key]);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const rows: [string, (c: (typeof r.cells)[number]) => boolean][] = [
      ['clean', (c) => c.train === 'clean'],
      ['polluted', (c) => c.train === 'polluted'],
      ...defences.map((d): [string, (c: (typeof r.cells)[number]) => boolean] => [`defended (${d})`, (c) => c.train === 'defended' && c.defence === d]),
      ...(values.reference ? [['reference', (c: (typeof r.cells)[number]) => c.train === 'reference'] as [string, (c: (typeof r.cells)[number]) => boolean]] : []),
    ];
    io.out('');
    io.out(`mean over seeds ${seeds.join(', ')}`);
    io.out(`  trained                     test clean: macro-F1      P&L     test polluted: macro-F1      P&L`);
    for (const [name, pick] of rows) {
      io.out(
        `  ${name.padEnd(26)}              ${mean(pick, 'clean', 'macroF1').toFixed(4)}  ${mean(pick, 'clean', 'pnl').toFixed(2).padStart(9)}                 ${mean(pick, 'polluted', 'macroF1').toFixed(4)}  ${mean(pick, 'polluted', 'pnl').toFixed(2).padStart(9)}`,
      );
    }
    io.out(`recovery of the P&L pollution costs (ratio of means over ${seeds.length} seeds ± standard error; per-seed ratios in brackets; goal ≥ 0.8):`);
    for (const v of r.recoveries) io.out(`  ${v.variant.padEnd(12)} clean test days ${formatRecovery(v.clean)}; polluted ${formatRecovery(v.polluted)}`);
    return 0;
  },
};

function formatRecovery(s: RecoveryStats): string {
  const se = Number.isNaN(s.standardError) ? '' : ` ± ${s.standardError.toFixed(2)}`;
  return `${s.recovery.toFixed(3)}${se} [${s.perSeed.map((x) => x.toFixed(2)).join(', ')}] (mean cost $${s.meanCost.toFixed(0)})`;
}
