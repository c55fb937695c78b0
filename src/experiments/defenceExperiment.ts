import { buildFeatureMatrixFromDay, type FeatureMatrix } from '../datasets/buildFeatureMatrix.ts';
import { labelFeatureMatrix, toLoadedDataset, type Dataset } from '../datasets/buildDataset.ts';
import { lobsterDayFromEvents } from '../data/lobster/lobsterDayFromEvents.ts';
import type { LobsterDay } from '../data/lobster/LobsterDay.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { trainOnDataset } from '../models/trainOnDataset.ts';
import type { ModelArtifact } from '../models/artifact/ModelArtifact.ts';
import { loadPredictor } from '../models/artifact/PredictorRegistry.ts';
import { predictRows } from '../models/predictRows.ts';
import { predictedClasses } from '../models/metrics/predictedClasses.ts';
import { confusionMatrix } from '../models/metrics/ConfusionMatrix.ts';
import { macroF1 } from '../models/metrics/F1Scores.ts';
import { simulateMarket, SIMULATED_MANIPULATIONS } from '../sim/simulateMarket.ts';
import { runDetectors } from '../clean/runDetectors.ts';
import { removeOrders } from '../clean/removeOrders.ts';
import { ConstantLatency } from '../backtest/latency/ConstantLatency.ts';
import { L3ExactQueue } from '../backtest/queue/L3ExactQueue.ts';
import { VENUE_FEES } from '../backtest/fees/venueFees.ts';
import { backtestModelFromArtifact, runLobsterBacktest } from '../backtest/runLobsterBacktest.ts';
import { MakerPolicy } from '../strategy/MakerPolicy.ts';
import { TakerPolicy } from '../strategy/TakerPolicy.ts';

/** The three ways to train: on a clean day, on a polluted day as is, on the polluted day after cleaning. */
export type TrainVariant = 'clean' | 'polluted' | 'defended';
export type TestDay = 'clean' | 'polluted';

export interface DefenceCell {
  readonly train: TrainVariant;
  readonly test: TestDay;
  readonly seed: number;
  readonly macroF1: number;
  readonly pnl: number;
  readonly trades: number;
}

export interface DefenceExperiment {
  readonly cells: readonly DefenceCell[];
  /** Per test day, averaged over seeds: (pnl_defended − pnl_polluted) / (pnl_clean − pnl_polluted). */
  readonly recovery: { readonly clean: number; readonly polluted: number };
  /** Orders the detectors removed from each polluted training day, and how many were truly manipulative. */
  readonly cleaning: readonly { readonly seed: number; readonly removed: number; readonly flaggedOrders: number; readonly trulyManipulative: number }[];
}

export interface DefenceOptions {
  readonly seeds: readonly number[];
  readonly durationNs: number;
  readonly policy: 'maker' | 'taker';
  /** Manipulator agents of each kind on a polluted day (default 1). */
  readonly intensity?: number;
  /**
   * The defence: 'orders' removes the flagged orders' events before features and labels; 'orders+rows'
   * also drops the training rows that fall inside a flagged order's life (+ `guardNs` after it), whose
   * labels carry the price moves manipulation caused (default 'orders').
   */
  readonly defence?: 'orders' | 'orders+rows';
  readonly guardNs?: number;
  readonly onProgress?: (line: string) => void;
}

const HORIZON = 5;
const TRAIN_FRACTION = 0.6;

/**
 * Defence in training, on simulated days with ground truth. For each seed: a training day simulated
 * with and without manipulators (same seed, so the honest agents are the same population), and a test
 * day (another seed) likewise. Three logistic models (default features, LOBCAST k = 5): trained on the
 * clean day, on the polluted day, and on the polluted day with every order the detectors flag removed
 * before features and labels are computed ("features computed without flagged orders"). Each is scored
 * on both test days: macro-F1 against labels made the same way for every model (σ of the clean model),
 * and backtest P&L of the policy over the whole test day (50 µs latency, exact queues, NASDAQ fees).
 * At test time the detectors are not used: flags need the future (a spoof is known when it is cancelled),
 * so test-time cleaning would be look-ahead.
 */
export async function runDefenceExperiment(o: DefenceOptions): Promise<DefenceExperiment> {
  const cells: DefenceCell[] = [];
  const cleaning: DefenceExperiment['cleaning'][number][] = [];
  const manipulators = Array.from({ length: o.intensity ?? 1 }, () => SIMULATED_MANIPULATIONS).flat();
  for (const seed of o.seeds) {
    const sim = (s: number, polluted: boolean): EventBatch => simulateMarket({ seed: s, durationNs: o.durationNs, manipulators: polluted ? manipulators : [] }).events;
    const pollutedTrainSim = simulateMarket({ seed, durationNs: o.durationNs, manipulators });
    const run = runDetectors(pollutedTrainSim.events);
    const flagged = new Set<number>();
    for (const f of run.flags) if (f.kind !== 'bad-data') flagged.add(f.orderId);
    const truth = new Map<number, boolean>();
    const gt = pollutedTrainSim.groundTruth;
    for (let k = 0; k < gt.orderId.length; k++) truth.set(gt.orderId[k], gt.kind[k] !== null);
    let trulyManipulative = 0;
    for (const id of flagged) if (truth.get(id)) trulyManipulative++;
    const defended = removeOrders(pollutedTrainSim.events, flagged);
    cleaning.push({ seed, removed: defended.removed, flaggedOrders: flagged.size, trulyManipulative });
    o.onProgress?.(`seed ${seed}: detectors flagged ${flagged.size} orders (${trulyManipulative} truly manipulative), ${defended.removed} events removed`);

    const trainDays: Record<TrainVariant, LobsterDay> = {
      clean: lobsterDayFromEvents(sim(seed, false), 10, `train clean ${seed}`),
      polluted: lobsterDayFromEvents(pollutedTrainSim.events, 10, `train polluted ${seed}`),
      defended: lobsterDayFromEvents(defended.events, 10, `train defended ${seed}`),
    };
    const models = {} as Record<TrainVariant, ModelArtifact>;
    let sigma = NaN;
    const spans = (o.defence ?? 'orders') === 'orders+rows' ? flaggedSpans(pollutedTrainSim.events, flagged, o.guardNs ?? 1e9) : [];
    for (const variant of ['clean', 'polluted', 'defended'] as const) {
      const matrix = await buildFeatureMatrixFromDay(trainDays[variant], { features: 'default' });
      const labelled = labelFeatureMatrix(matrix, { label: 'lobcast', sigma: 'balanced', horizon: HORIZON, trainFraction: TRAIN_FRACTION });
      const ds = variant === 'defended' ? dropRowsInside(labelled, spans) : labelled;
      const trained = await trainOnDataset(toLoadedDataset(ds, `${variant} day ${seed}`), { model: 'logistic', seed, trainFraction: 0.8, validationFraction: 0.1 });
      models[variant] = trained.artifact;
      if (variant === 'clean') sigma = trained.artifact.label.params.sigma as number;
    }
    const testSeed = seed + 1_000;
    for (const test of ['clean', 'polluted'] as const) {
      const day = lobsterDayFromEvents(sim(testSeed, test === 'polluted'), 10, `test ${test} ${testSeed}`);
      const matrix = await buildFeatureMatrixFromDay(day, { features: 'default' });
      const labelled = labelFeatureMatrix(matrix, { label: 'lobcast', sigma, horizon: HORIZON, trainFraction: TRAIN_FRACTION });
      for (const train of ['clean', 'polluted', 'defended'] as const) {
        const artifact = models[train];
        const f1 = scoreOnDay(artifact, matrix, labelled);
        const bt = runLobsterBacktest(day, {
          strategy: o.policy === 'maker' ? new MakerPolicy({ qty: 100, signalTicks: 2, inventoryTicks: 1, maxPosition: 500 }) : new TakerPolicy({ threshold: 0.6, qty: 100, holdPredictions: HORIZON }),
          latency: new ConstantLatency(50_000),
          queue: new L3ExactQueue(),
          fees: VENUE_FEES.nasdaq(),
          maxPosition: 1_000,
          model: backtestModelFromArtifact(artifact, `${train} model`),
        });
        cells.push({ train, test, seed, macroF1: f1, pnl: bt.summary.pnl, trades: bt.summary.trades });
        o.onProgress?.(`seed ${seed}: trained ${train.padEnd(8)} tested ${test.padEnd(8)} macro-F1 ${f1.toFixed(4)}  P&L ${bt.summary.pnl.toFixed(2)}`);
      }
    }
  }
  const mean = (train: TrainVariant, test: TestDay): number => {
    const xs = cells.filter((c) => c.train === train && c.test === test).map((c) => c.pnl);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const recovery = (test: TestDay): number => {
    const cost = mean('clean', test) - mean('polluted', test);
    return cost !== 0 ? (mean('defended', test) - mean('polluted', test)) / cost : NaN;
  };
  return { cells, recovery: { clean: recovery('clean'), polluted: recovery('polluted') }, cleaning };
}

/** Macro-F1 of a model over every labelled row of a day (features in the model's order). */
function scoreOnDay(artifact: ModelArtifact, matrix: FeatureMatrix, ds: Dataset): number {
  const names = matrix.columns.map((c) => c.name);
  const columns = artifact.features.map((f) => {
    const k = names.indexOf(f.name);
    if (k < 0) throw new RangeError(`the test day lacks feature ${f.name}`);
    return matrix.values[k];
  });
  const predictor = loadPredictor(artifact, artifact.kind);
  const probs = predictRows(predictor, columns, ds.rows);
  return macroF1(confusionMatrix(ds.labels, predictedClasses(probs, 3), 3));
}

/** [start, end] exchange-time spans of the flagged orders' lives (first to last event, + guard), merged. */
function flaggedSpans(events: EventBatch, flagged: ReadonlySet<number>, guardNs: number): [number, number][] {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  for (let i = 0; i < events.length; i++) {
    const id = events.orderId[i];
    if (!flagged.has(id)) continue;
    if (!first.has(id)) first.set(id, events.exchTs[i]);
    last.set(id, events.exchTs[i]);
  }
  const spans = [...first.entries()].map(([id, t]): [number, number] => [t, (last.get(id) ?? t) + guardNs]).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const top = merged[merged.length - 1];
    if (top && s[0] <= top[1]) top[1] = Math.max(top[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/** The dataset without the rows whose sample time falls inside one of the spans. */
function dropRowsInside(ds: Dataset, spans: readonly [number, number][]): Dataset {
  if (spans.length === 0) return ds;
  const keep: number[] = [];
  let s = 0;
  for (let k = 0; k < ds.rows.length; k++) {
    const t = ds.matrix.timeNs[ds.rows[k]];
    while (s < spans.length && spans[s][1] < t) s++;
    if (s < spans.length && spans[s][0] <= t) continue;
    keep.push(k);
  }
  return { ...ds, rows: Int32Array.from(keep, (k) => ds.rows[k]), labels: Uint8Array.from(keep, (k) => ds.labels[k]), returnBps: Float64Array.from(keep, (k) => ds.returnBps[k]), returnBpsClock: undefined };
}
