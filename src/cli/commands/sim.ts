import { isManipulationKind, type ManipulationKind } from '../../clean/ManipulationKind.ts';
import { NS_PER_SECOND } from '../../core/time.ts';
import { simulateMarket, SIMULATED_MANIPULATIONS } from '../../sim/simulateMarket.ts';
import { writeSimulatedDay } from '../../sim/writeSimulatedDay.ts';
import { readSimulatorParams } from '../../sim/calibrate/SimulatorParams.ts';
import { UsageError, type Command } from '../Command.ts';
import { durationOptionNs, intOption, parseCommandArgs } from '../args.ts';
import { ProgressBar } from '../progress.ts';

const help = `tachyon sim — an agent-based market day with manipulators and their ground truth

usage:
  tachyon sim [--seed n] [--duration 6.5h] [--manipulators spoof,layer,wash,stuff,ignite] [--params P] [--out DIR] [--json]

Simulates a deterministic NASDAQ-like trading day (GOOG 2012-like: ~$580, one-cent tick, LOBSTER units)
on the matching engine: market makers, noise, fundamental, momentum and informed traders around a latent
mean-reverting value with jumps, each with its own latency to the venue, plus the manipulators asked for
(one agent per name; repeat a name for more). Every order is labelled with its agent and manipulation kind.

Writes DIR/events.parquet (the event store: Add/Delete/ExecuteVisible with order ids, as LOBSTER) and
DIR/labels.parquet (order_id, agent_id, agent_type, kind, role, visible, account; agent_type, kind and role
are small integer codes, their tables are in the file's "tachyon.sim_labels" metadata). Same seed, same bytes.

options:
  --seed n               random seed (default 1)
  --duration d           session length from 09:30, e.g. 30m, 6.5h (default 6.5h)
  --manipulators list    comma-separated: ${SIMULATED_MANIPULATIONS.join(', ')}, or "none" (default: all five)
  --params P             simulator parameters (JSON), e.g. from \`tachyon sim calibrate --out P\` (default: built-in)
  --out DIR              output directory, created if missing (default out/sim)
  --json                 print {"events","orders","trades","manipulativeOrders","eventsPerSecond"} as the last line
                         (eventsPerSecond: events / wall seconds of the simulation itself, not the writing)

example:
  npx tachyon sim --seed 7 --duration 1h --manipulators spoof,wash --out /tmp/day
  npx tachyon query "SELECT kind, count(*) FROM '/tmp/day/labels.parquet' GROUP BY 1"`;

export const simCommand: Command = {
  path: ['sim'],
  summary: 'simulate an agent-based market day with labelled manipulators (events + ground truth)',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      seed: { type: 'string' },
      duration: { type: 'string' },
      manipulators: { type: 'string' },
      params: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const seed = intOption(values.seed, 'seed', 1);
    const durationNs = durationOptionNs(values.duration, 'duration', 23_400 * NS_PER_SECOND);
    if (durationNs <= 0) throw new UsageError(`--duration must be positive, got "${values.duration}"`);
    const manipulators = parseManipulators(values.manipulators);
    const out = values.out ?? 'out/sim';

    const bar = new ProgressBar('simulating', 1, io.stderrIsTty);
    const t0 = performance.now();
    const params = values.params === undefined ? {} : readSimulatorParams(values.params);
    const day = simulateMarket({ ...params, seed, durationNs, manipulators, onProgress: (f) => bar.update(f) });
    const seconds = (performance.now() - t0) / 1000;
    bar.finish();
    const written = await writeSimulatedDay(out, day, manipulators);

    const summary = {
      events: day.events.length,
      orders: day.orders,
      trades: day.trades,
      manipulativeOrders: day.manipulativeOrders,
      eventsPerSecond: Math.round(day.events.length / seconds),
    };
    if (values.json) {
      io.out(JSON.stringify(summary));
      return 0;
    }
    const n = (x: number): string => x.toLocaleString('en-US');
    const scale = day.instrument.priceScale;
    io.out(`Tachyon sim: seed ${seed}, ${(durationNs / 3600e9).toFixed(2)} h from 09:30 New York time, ${day.agents.length} agents`);
    io.out(`  events     ${n(summary.events)} (${n(day.orders)} orders, ${n(day.cancels)} cancels, ${n(day.trades)} trades) in ${seconds.toFixed(2)} s: ${n(summary.eventsPerSecond)} events/s`);
    const byKind = Object.entries(day.manipulativeOrdersByKind).map(([k, v]) => `${k} ${n(v)}`).join(', ');
    const share = day.orders > 0 ? ((100 * day.manipulativeOrders) / day.orders).toFixed(1) : '0';
    io.out(`  manipulation ${n(day.manipulativeOrders)} orders (${share} % of orders)${byKind ? `: ${byKind}` : ''}`);
    io.out(`  close      best bid ${(day.closeBestBid / scale).toFixed(2)} / best ask ${(day.closeBestAsk / scale).toFixed(2)}; latent value ${(day.latentValue.at(day.closeNs) / scale).toFixed(2)}`);
    io.out(`  written    ${written.eventsPath} (${(written.eventsBytes / 1e6).toFixed(1)} MB), ${written.labelsPath} (${(written.labelsBytes / 1e6).toFixed(1)} MB)`);
    io.out(`  query it:  npx tachyon query "SELECT kind, count(*) FROM '${written.labelsPath}' GROUP BY 1 ORDER BY 1"`);
    return 0;
  },
};

function parseManipulators(value: string | undefined): ManipulationKind[] {
  if (value === undefined) return [...SIMULATED_MANIPULATIONS];
  if (value === 'none' || value === '') return [];
  const kinds: ManipulationKind[] = [];
  for (const raw of value.split(',')) {
    const k = raw.trim();
    if (!isManipulationKind(k) || !SIMULATED_MANIPULATIONS.includes(k)) {
      throw new UsageError(`--manipulators: unknown manipulation "${k}" (known: ${SIMULATED_MANIPULATIONS.join(', ')}, or none)`);
    }
    kinds.push(k);
  }
  return kinds;
}
