import { buildFeatureMatrixFromDay } from '../datasets/buildFeatureMatrix.ts';
import { labelFeatureMatrix, toLoadedDataset } from '../datasets/buildDataset.ts';
import type { LobsterDay } from '../data/lobster/LobsterDay.ts';
import { trainOnDataset, type TrainOnDatasetResult } from '../models/trainOnDataset.ts';
import type { BacktestResult } from '../backtest/BacktestResult.ts';
import { ConstantLatency } from '../backtest/latency/ConstantLatency.ts';
import { L3ExactQueue } from '../backtest/queue/L3ExactQueue.ts';
import { VENUE_FEES } from '../backtest/fees/venueFees.ts';
import { backtestModelFromArtifact, runLobsterBacktest } from '../backtest/runLobsterBacktest.ts';
import { TakerPolicy } from '../strategy/TakerPolicy.ts';
import { MakerPolicy } from '../strategy/MakerPolicy.ts';

export interface ModelLoopResult {
  readonly trained: TrainOnDatasetResult;
  readonly taker: BacktestResult;
  readonly maker: BacktestResult;
  readonly datasetRows: number;
}

/**
 * The whole loop on one day in memory: features → LOBCAST labels (k = 5, balanced) → a logistic model
 * trained on the first 60 % (purged, 10 % validation) → the taker and maker policies backtested on the
 * last 30 % with 50 µs latencies, exact queue positions and NASDAQ fees. `npm start` runs it on the
 * simulated day; every step is the code the CLI commands run on real data.
 */
export async function runModelLoop(
  day: LobsterDay,
  options: {
    seed?: number;
    sampling?: string;
    /** Build the training data from this day instead (e.g. the day with flagged orders removed). */
    trainDay?: LobsterDay;
    onProgress?: (events: number) => void;
  } = {},
): Promise<ModelLoopResult> {
  const sampling = options.sampling ?? 'event';
  const matrix = await buildFeatureMatrixFromDay(options.trainDay ?? day, { features: 'default', sampling, onProgress: options.onProgress });
  const ds = toLoadedDataset(labelFeatureMatrix(matrix, { label: 'lobcast', sigma: 'balanced', horizon: 5, trainFraction: 0.6 }), `${day.messagesPath} (in memory)`);
  const trained = await trainOnDataset(ds, { model: 'logistic', seed: options.seed ?? 1 });
  const from = day.events.exchTs[Math.floor(0.7 * day.events.length)];
  const run = (policy: 'taker' | 'maker'): BacktestResult =>
    runLobsterBacktest(day, {
      strategy: policy === 'taker' ? new TakerPolicy({ threshold: 0.6, qty: 100, holdPredictions: 5 }) : new MakerPolicy({ qty: 100, signalTicks: 2, inventoryTicks: 1, maxPosition: 500 }),
      latency: new ConstantLatency(50_000),
      queue: new L3ExactQueue(),
      fees: VENUE_FEES.nasdaq(),
      maxPosition: 1_000,
      model: backtestModelFromArtifact(trained.artifact, 'logistic (trained in memory)'),
      tradeFromNs: from,
    });
  return { trained, taker: run('taker'), maker: run('maker'), datasetRows: ds.rows };
}
