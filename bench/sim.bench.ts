import { measure, report, round } from './harness.ts';
import { ManipulationKind } from '../src/clean/ManipulationKind.ts';
import { readSimulatorParams, type SimulatorParams } from '../src/sim/calibrate/SimulatorParams.ts';
import { simulateMarket, type SimulatedMarket } from '../src/sim/simulateMarket.ts';

const DAY_NS = 23_400 * 1_000_000_000;
const MANIPULATORS = [ManipulationKind.Spoof, ManipulationKind.Layer, ManipulationKind.Wash, ManipulationKind.Stuff, ManipulationKind.Ignite];

/**
 * The agent-based simulator on a full 6.5-hour day with all five manipulators (spoof, layer, wash, stuff,
 * ignite), default agents and parameters, seed 1: simulated events (the matching engine's Add / Delete /
 * ExecuteVisible rows) per wall second, as the median of 5 timed days (harness measure()) after one
 * warm-up day, with the GC pauses of the timed runs. Each run builds the whole market from scratch (agents,
 * latent value path, engine, event batch), as `tachyon sim` does; writing Parquet is not included.
 *
 * GC pauses are those of the timed runs (the harness lets the event loop deliver perf_hooks' gc entries).
 * `npm run bench -- sim [P]` runs the same day with the parameters file P (e.g. from `sim calibrate`).
 */
export async function run(args: string[]): Promise<void> {
  const params: SimulatorParams = args[0] ? readSimulatorParams(args[0]) : {};
  let day: SimulatedMarket | undefined;
  const simulate = (): void => {
    day = simulateMarket({ ...params, seed: 1, durationNs: DAY_NS, manipulators: MANIPULATORS });
  };
  simulate(); // warm-up
  const m = await measure(simulate, { warmup: 0, reps: 5 });
  if (!day) throw new Error('no simulated day');
  const events = day.events.length;
  report({
    bench: 'sim',
    day: `6.5 h, seed 1, manipulators ${MANIPULATORS.join(',')}${args[0] ? `, params ${args[0]}` : ', default parameters'}`,
    events,
    orders: day.orders,
    trades: day.trades,
    wakeUps: day.wakeUps,
    manipulativeOrders: day.manipulativeOrders,
    eventsPerSecond: round(events / (m.medianMs / 1000)),
    bestEventsPerSecond: round(events / (m.bestMs / 1000)),
    wakeUpsPerSecond: round(day.wakeUps / (m.medianMs / 1000)),
    medianMs: round(m.medianMs, 1),
    reps: m.reps,
    gcPauses: m.gcPauses,
    gcMaxMs: round(m.gcMaxMs, 2),
    gcTotalMs: round(m.gcTotalMs, 1),
    gcShareOfTime: round(m.gcTotalMs / (m.medianMs * m.reps), 3),
    goalEventsPerSecond: 2_000_000,
  });
}
