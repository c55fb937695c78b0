import { GOOG10, measure, report, round, sharedData } from './harness.ts';
import { buildLobsterDataset, toLoadedDataset } from '../src/datasets/buildDataset.ts';
import { trainOnDataset } from '../src/models/trainOnDataset.ts';
import { loadLobsterDay, forEachDayRow } from '../src/data/lobster/LobsterDay.ts';
import { BacktestEngine } from '../src/backtest/BacktestEngine.ts';
import { backtestModelFromArtifact } from '../src/backtest/runLobsterBacktest.ts';
import { ConstantLatency } from '../src/backtest/latency/ConstantLatency.ts';
import { L3ExactQueue } from '../src/backtest/queue/L3ExactQueue.ts';
import { VENUE_FEES } from '../src/backtest/fees/venueFees.ts';
import { TakerPolicy } from '../src/strategy/TakerPolicy.ts';
import { MakerPolicy } from '../src/strategy/MakerPolicy.ts';
import { LobsterWindowedReplay } from '../src/book/LobsterWindowedReplay.ts';
import type { Strategy } from '../src/strategy/Strategy.ts';

/**
 * Backtest speed on the GOOG level-10 day (148 k events), decoded into memory first (parsing is the
 * readers' benchmark, not this one). Timed: the whole day through the engine, median of repeated runs.
 * - eventsPerSecond: the issue's configuration: taker policy on a compiled logistic model (default
 *   features, LOBCAST k = 5, trained here on the first 60 % of the day), which runs on every event
 *   (its training sampling), constant 50 µs latencies, exact L3 queue positions, NASDAQ fees.
 * - engineEventsPerSecond: the same engine without a model (maker policy on the book alone): replay,
 *   venue, queue, latency queues and strategy callbacks — what NautilusTrader's ~3 M/s figure covers.
 * - replayEventsPerSecond: the LOBSTER replay alone (the floor under both).
 * - modelRowsPerSecond is the feature + model share, for the breakdown.
 */
export async function run(args: string[]): Promise<void> {
  const messages = args[0] ?? sharedData(...GOOG10.messages);
  const orderbook = args[1] ?? sharedData(...GOOG10.orderbook);
  const ds = await buildLobsterDataset(messages, orderbook, { label: 'lobcast', sigma: 'balanced', horizon: 5, trainFraction: 0.6 });
  const trained = await trainOnDataset(toLoadedDataset(ds), { model: 'logistic' });
  const day = await loadLobsterDay(messages, orderbook);
  const n = day.events.length;

  let fills = 0;
  const backtest = (strategy: Strategy, withModel: boolean): void => {
    const engine = new BacktestEngine({
      instrument: day.instrument,
      originNs: day.originNs,
      latency: new ConstantLatency(50_000, 50_000, 50_000),
      queue: new L3ExactQueue(),
      fees: VENUE_FEES.nasdaq(),
      strategy,
      // A fresh model per run: its sampler and feature state start from the beginning of the day.
      model: withModel ? backtestModelFromArtifact(trained.artifact, 'logistic (trained in the bench)') : null,
      maxPosition: 1_000,
    });
    forEachDayRow(day, (b, i, d, base, lv) => engine.onMarketEvent(b, i, d, base, lv));
    fills = engine.finish(1).summary.trades;
  };
  const full = await measure(() => backtest(new TakerPolicy({ threshold: 0.6, qty: 100, holdPredictions: 5 }), true), { warmup: 2, reps: 9 });
  const takerFills = fills;
  const engineOnly = await measure(() => backtest(new MakerPolicy({ qty: 100, signalTicks: 0, inventoryTicks: 1, maxPosition: 500 }), false), { warmup: 2, reps: 9 });
  const makerFills = fills;
  const replayOnly = await measure(() => {
    const r = new LobsterWindowedReplay();
    forEachDayRow(day, (b, i, d, base, lv) => r.apply(b, i, d, base, lv));
  }, { warmup: 2, reps: 9 });

  const eps = (ms: number): number => round(n / (ms / 1000));
  report({
    bench: 'backtest',
    events: n,
    eventsPerSecond: eps(full.medianMs),
    goalEventsPerSecond: 3_000_000,
    engineEventsPerSecond: eps(engineOnly.medianMs),
    replayEventsPerSecond: eps(replayOnly.medianMs),
    nsPerEvent: { full: round((full.medianMs * 1e6) / n), engineOnly: round((engineOnly.medianMs * 1e6) / n), replay: round((replayOnly.medianMs * 1e6) / n) },
    takerFills,
    makerFills,
    modelFeatures: trained.artifact.features.length,
    gcMaxMs: round(Math.max(full.gcMaxMs, engineOnly.gcMaxMs), 2),
    reps: full.reps,
  });
}
