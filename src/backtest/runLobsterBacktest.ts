import { performance } from 'node:perf_hooks';
import { parseSampler } from '../features/Sampler.ts';
import { loadPredictor } from '../models/artifact/PredictorRegistry.ts';
import type { ModelArtifact } from '../models/artifact/ModelArtifact.ts';
import type { Predictor } from '../models/Predictor.ts';
import type { Strategy } from '../strategy/Strategy.ts';
import type { BacktestResult } from './BacktestResult.ts';
import { BacktestEngine, type BacktestModel } from './BacktestEngine.ts';
import type { FeeModel } from './fees/FeeModel.ts';
import type { LatencyModel } from './latency/LatencyModel.ts';
import { forEachDayRow, type LobsterDay } from '../data/lobster/LobsterDay.ts';
import type { QueueModel } from './queue/QueueModel.ts';

export interface LobsterBacktestOptions {
  readonly strategy: Strategy;
  readonly latency: LatencyModel;
  readonly queue: QueueModel;
  readonly fees: FeeModel;
  readonly maxPosition: number;
  /** The model and how to call it; null: no model. */
  readonly model: BacktestModel | null;
  readonly timerNs?: number;
  readonly tradeFromNs?: number;
  readonly seed?: number;
  readonly describe?: { readonly [name: string]: string | number };
}

/** One backtest over a LOBSTER day in memory; eventsPerSecond counts the replay loop only. */
export function runLobsterBacktest(day: LobsterDay, o: LobsterBacktestOptions): BacktestResult {
  const engine = new BacktestEngine({ ...o, instrument: day.instrument, originNs: day.originNs });
  const t0 = performance.now();
  forEachDayRow(day, (batch, i, data, base, levels) => engine.onMarketEvent(batch, i, data, base, levels));
  const seconds = (performance.now() - t0) / 1000;
  return engine.finish(seconds);
}

/**
 * The model an artifact describes, ready for the engine: its compiled predictor, its feature columns
 * and the sampling it was trained with (recorded in the artifact; `event` for artifacts older than that),
 * optionally with the predictor wrapped (the quality experiment blends its outputs).
 */
export function backtestModelFromArtifact(artifact: ModelArtifact, source: string, wrap?: (p: Predictor) => Predictor, sampling?: string): BacktestModel {
  const recorded = artifact.label.params.sampling;
  const spec = sampling ?? (typeof recorded === 'string' ? recorded : 'event');
  const predictor = loadPredictor(artifact, source);
  return { predictor: wrap ? wrap(predictor) : predictor, features: artifact.features, sampler: parseSampler(spec) };
}
