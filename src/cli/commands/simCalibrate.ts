import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { NS_PER_SECOND } from '../../core/time.ts';
import { calibrateSimulator, simulatedFacts } from '../../sim/calibrate/calibrateSimulator.ts';
import { CALIBRATION_KNOBS } from '../../sim/calibrate/calibrationKnobs.ts';
import { compareFacts, type FactVerdict, formatTolerance } from '../../sim/calibrate/factComparison.ts';
import { writeSimulatorParams } from '../../sim/calibrate/SimulatorParams.ts';
import { stylizedFactsOfLobsterFiles } from '../../sim/calibrate/stylizedFacts.ts';
import { UsageError, type Command } from '../Command.ts';
import { durationOptionNs, intOption, parseCommandArgs, requireOption } from '../args.ts';
import { ProgressBar } from '../progress.ts';

const MINUTE_NS = 60 * NS_PER_SECOND;

const help = `tachyon sim calibrate — fit the agent-based simulator to a real LOBSTER day, and say what it reproduces

usage:
  tachyon sim calibrate --messages M --orderbook O [--out P] [--segment 1h] [--seeds 3] [--rounds 4]
                        [--seed n] [--check-duration 6.5h] [--warm-up 1m] [--json]

Measures the real day's stylized facts (spread distribution, depth at the best, order sizes, inter-arrival
times, cancel-to-add ratio, 1-s mid-return volatility and kurtosis, autocorrelation of |returns| and of
trade signs), then fits the simulator by deterministic coordinate descent over a few knobs (${CALIBRATION_KNOBS.map((k) => k.name).join(', ')}),
scoring each point on short simulated segments (seeds 1..k) seen through the real file's level window.
The opening price, date and odd-lot sizes are read off the real day. Finally one full simulated day with
the fitted parameters and a seed the search never saw is measured the same way and compared fact by fact: "reproduced" means within the
tolerance shown (×1.2: the simulated value is within a factor 1.2 of the real one; ±0.05: absolute).

Writes the parameters to P (JSON), which \`tachyon sim --params P\` loads.

options:
  --messages M          LOBSTER message file (.csv or .csv.gz)
  --orderbook O         its orderbook file
  --out P               parameters file to write (default out/sim-params.json)
  --segment d           length of each simulated segment in the search (default 1h)
  --seeds k             segments per point, seeds 1..k (default 3)
  --rounds n            coordinate-descent rounds (default 4)
  --seed n              seed of the final full-day check (default 100, outside the search's seeds)
  --check-duration d    length of the final simulated day (default 6.5h)
  --warm-up d           facts are counted from this long after the first event, real and simulated (default 1m)
  --json                print {"params":{…},"facts":[{"name","real","simulated","reproduced"}]} as the last line

example:
  npx tachyon sim calibrate --messages GOOG_message_10.csv.gz --orderbook GOOG_orderbook_10.csv.gz --out goog.json
  npx tachyon sim --params goog.json --duration 1h --out /tmp/goog-like`;

export const simCalibrateCommand: Command = {
  path: ['sim', 'calibrate'],
  summary: 'fit the simulator to a real LOBSTER day; table of stylized facts, simulated vs real',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      messages: { type: 'string' },
      orderbook: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      seeds: { type: 'string' },
      segment: { type: 'string' },
      rounds: { type: 'string' },
      'check-duration': { type: 'string' },
      'warm-up': { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const messages = requireOption(values.messages, 'messages');
    const orderbook = requireOption(values.orderbook, 'orderbook');
    const out = values.out ?? 'out/sim-params.json';
    const seed = intOption(values.seed, 'seed', 100);
    const seedCount = intOption(values.seeds, 'seeds', 3);
    const segmentNs = durationOptionNs(values.segment, 'segment', 60 * MINUTE_NS);
    const rounds = intOption(values.rounds, 'rounds', 4);
    const checkNs = durationOptionNs(values['check-duration'], 'check-duration', 390 * MINUTE_NS);
    const warmUpNs = durationOptionNs(values['warm-up'], 'warm-up', MINUTE_NS);
    if (rounds < 0) throw new UsageError(`--rounds must be at least 0, got ${rounds}`);
    if (seedCount < 1) throw new UsageError(`--seeds must be at least 1, got ${seedCount}`);
    if (segmentNs <= warmUpNs) throw new UsageError('--segment must be longer than --warm-up');
    if (checkNs <= warmUpNs) throw new UsageError('--check-duration must be longer than --warm-up');

    const t0 = performance.now();
    const reading = new ProgressBar('reading real day', 0, io.stderrIsTty);
    const real = await stylizedFactsOfLobsterFiles(messages, orderbook, { warmUpNs, onProgress: (rows) => reading.update(rows) });
    reading.finish();
    if (!(real.firstMid > 0)) throw new RangeError(`${messages}: the book is never two-sided, so there is no opening price to start from`);
    const openingPrice = Math.round(real.firstMid / real.tickSize) * real.tickSize;
    const date = /_(\d{4}-\d{2}-\d{2})_/.exec(basename(messages))?.[1];

    const searching = new ProgressBar('calibrating', 1, io.stderrIsTty);
    const result = calibrateSimulator(
      { facts: real.facts, openingPrice, date, tickSize: real.tickSize, levels: real.levels },
      { seeds: Array.from({ length: seedCount }, (_, i) => i + 1), segmentNs, warmUpNs, rounds, onProgress: (f) => searching.update(f) },
    );
    searching.finish();

    const checking = new ProgressBar('checking a full day', 1, io.stderrIsTty);
    const simulated = simulatedFacts(result.params, { seed, durationNs: checkNs, warmUpNs, tickSize: real.tickSize, levels: real.levels, onProgress: (f) => checking.update(f) });
    checking.finish();
    const verdicts = compareFacts(real.facts, simulated);
    const seconds = (performance.now() - t0) / 1000;

    mkdirSync(dirname(out), { recursive: true });
    writeSimulatorParams(out, result.params);

    const hours = (ns: number): string => `${(ns / 3600e9).toFixed(2)} h`;
    io.out(`Tachyon sim calibrate: ${basename(messages)} (level ${real.levels}, ${real.facts.events.toLocaleString('en-US')} messages after the first ${warmUpNs / 1e9} s)`);
    io.out(
      `  search   ${result.evaluations} points × ${result.segments / result.evaluations} segments of ${hours(segmentNs)}, ${rounds} rounds: objective ${result.initialObjective.toFixed(2)} → ${result.objective.toFixed(2)} (0 = every fact exact)`,
    );
    io.out(`  check    one simulated day of ${hours(checkNs)} (seed ${seed}) with the fitted parameters, measured through the same ${real.levels}-level window; ${seconds.toFixed(1)} s in all`);
    io.out('');
    io.out(formatTable(verdicts));
    io.out('');
    const hit = verdicts.filter((v) => v.reproduced);
    const missed = verdicts.filter((v) => !v.reproduced);
    io.out(`Reproduced ${hit.length} of ${verdicts.length}: ${hit.map((v) => v.fact.label).join('; ')}.`);
    if (missed.length > 0) {
      io.out(`Not reproduced (${missed.length}), and why:`);
      const byReason = new Map<string, FactVerdict[]>();
      for (const v of missed) byReason.set(v.fact.whyMissed, [...(byReason.get(v.fact.whyMissed) ?? []), v]);
      for (const [why, vs] of byReason) io.out(`  - ${vs.map((v) => `${v.fact.label} ${fmt(v.simulated)} vs ${fmt(v.real)}`).join('; ')}: ${why}.`);
    }
    io.out(`Knobs: ${Object.entries(result.knobs).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}.`);
    io.out(`Parameters written to ${out}; simulate with them: npx tachyon sim --params ${out}`);
    if (values.json) {
      io.out(
        JSON.stringify({
          params: result.params,
          facts: verdicts.map((v) => ({ name: v.fact.name, real: jsonNumber(v.real), simulated: jsonNumber(v.simulated), reproduced: v.reproduced })),
        }),
      );
    }
    return 0;
  },
};

function formatTable(verdicts: readonly FactVerdict[]): string {
  const width = Math.max(...verdicts.map((v) => v.fact.label.length));
  const lines = [`  ${'fact'.padEnd(width)}  ${'real'.padStart(10)}  ${'simulated'.padStart(10)}  ${'tolerance'.padStart(9)}  verdict`];
  for (const v of verdicts) {
    lines.push(`  ${v.fact.label.padEnd(width)}  ${fmt(v.real).padStart(10)}  ${fmt(v.simulated).padStart(10)}  ${formatTolerance(v.fact.tolerance).padStart(9)}  ${v.reproduced ? 'reproduced' : 'NOT reproduced'}`);
  }
  return lines.join('\n');
}

/** Four significant digits, at most three decimals. */
function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  const decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3;
  return x.toFixed(decimals);
}

function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : null;
}
