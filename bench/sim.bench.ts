import { PerformanceObserver } from 'node:perf_hooks';
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
 * GC pauses: perf_hooks delivers "gc" entries asynchronously, so measure()'s own recorder, which stops
 * before the event loop turns, sees none of a synchronous run's collections (it reports 0). Here an
 * observer stays open across measure() and the event loop is let run before and after it, so the pauses
 * of exactly the timed runs are counted (the warm-up runs before the observer starts).
 * `npm run bench -- sim [P]` runs the same day with the parameters file P (e.g. from `sim calibrate`).
 */
export async function run(args: string[]): Promise<void> {
  const params: SimulatorParams = args[0] ? readSimulatorParams(args[0]) : {};
  let day: SimulatedMarket | undefined;
  const simulate = (): void => {
    day = simulateMarket({ ...params, seed: 1, durationNs: DAY_NS, manipulators: MANIPULATORS });
  };
  simulate(); // warm-up
  await turn();
  const gc = { count: 0, maxMs: 0, totalMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.totalMs += e.duration;
      if (e.duration > gc.maxMs) gc.maxMs = e.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const m = measure(simulate, { warmup: 0, reps: 5 });
  await turn();
  observer.disconnect();
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
    gcPauses: gc.count,
    gcMaxMs: round(gc.maxMs, 2),
    gcTotalMs: round(gc.totalMs, 1),
    gcShareOfTime: round(gc.totalMs / (m.medianMs * m.reps), 3),
    goalEventsPerSecond: 2_000_000,
  });
}

/** Lets the event loop deliver pending perf_hooks entries. */
function turn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}
