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
import { recoveryStats, type RecoveryStats } from './defenceRecovery.ts';

/**
 * The ways to train: on a clean day, on a polluted day as is, on the polluted day after a defence, and
 * (optionally) on an independent clean day, the reference that shows how much P&L moves with the day a
 * model was trained on alone.
 */
export type TrainVariant = 'clean' | 'polluted' | 'defended' | 'reference';
export type TestDay = 'clean' | 'polluted';

/**
 * - 'orders': the detectors' flagged orders are removed (their adds, cancels and executions of their
 *   resting size) before features and labels are computed: "features computed without flagged orders";
 * - 'orders+rows': also drops the training rows inside a flagged order's life (+ `guardNs` after it),
 *   whose labels carry the price moves the manipulation caused;
 * - 'truth': removes every order the simulator's ground truth labels manipulative (visible in the events)
 *   instead of the flagged ones. Not a defence anyone can deploy (it reads labels): the ceiling of
 *   order-removal defences, for judging how much the detectors' misses cost.
 */
export type DefenceKind = 'orders' | 'orders+rows' | 'truth';
export const DEFENCE_KINDS: readonly DefenceKind[] = ['orders', 'orders+rows', 'truth'];

export interface DefenceCell {
  readonly train: TrainVariant;
  /** For train = 'defended': which defence. */
  readonly defence?: DefenceKind;
  readonly test: TestDay;
  readonly seed: number;
  readonly macroF1: number;
  readonly pnl: number;
  readonly trades: number;
}

/** Recovery of one defended (or reference) variant, per test day. */
export interface VariantRecovery {
  /** A defence kind, or 'reference' (a model trained on an independent clean day). */
  readonly variant: DefenceKind | 'reference';
  readonly clean: RecoveryStats;
  readonly polluted: RecoveryStats;
}

export interface DefenceExperiment {
  readonly cells: readonly DefenceCell[];
  /**
   * Of the first defence, per test day, over seeds: (mean pnl_defended − mean pnl_polluted) /
   * (mean pnl_clean − mean pnl_polluted), the means over seeds.
   */
  readonly recovery: { readonly clean: number; readonly polluted: number };
  /** Every defence (and the reference, when asked for): the same recovery with its standard error and per-seed ratios. */
  readonly recoveries: readonly VariantRecovery[];
  /** Orders the detectors removed from each polluted training day, and how many were truly manipulative. */
  readonly cleaning: readonly { readonly seed: number; readonly removed: number; readonly flaggedOrders: number; readonly trulyManipulative: number }[];
}

export interface DefenceOptions {
  readonly seeds: readonly number[];
  readonly durationNs: number;
  readonly policy: 'maker' | 'taker';
  /** Manipulator agents of each kind on a polluted day (default 1). */
  readonly intensity?: number;
  /** The defences to train with (DefenceKind; default 'orders'); recovery is reported for each, `recovery` for the first. */
  readonly defence?: DefenceKind | readonly DefenceKind[];
  readonly guardNs?: number;
  /** Also train on an independent clean day (seed + REFERENCE_SEED_OFFSET) and report its recovery: the noise floor. */
  readonly reference?: boolean;
  readonly onProgress?: (line: string) => void;
}

const HORIZON = 5;
const TRAIN_FRACTION = 0.6;
/** Test days are seed + 1 000; the reference's clean training day is far from every training and test seed. */
export const TEST_SEED_OFFSET = 1_000;
export const REFERENCE_SEED_OFFSET = 500_000;

/**
 * Defence in training, on simulated days with ground truth. For each seed: a training day simulated
 * with and without manipulators (same seed, so the honest agents are the same population), and a test
 * day (another seed) likewise. Logistic models (default features, LOBCAST k = 5) trained on the clean
 * day, on the polluted day, and on the polluted day after each defence (DefenceKind; by default every
 * order the detectors flag removed before features and labels are computed), and optionally on an
 * independent clean day (the reference). Each is scored on both test days: macro-F1 against labels made
 * the same way for every model (σ of the clean model), and backtest P&L of the policy over the whole test
 * day (50 µs latency, exact queues, NASDAQ fees). At test time the detectors are not used: flags need the
 * future (a spoof is known when it is cancelled), so test-time cleaning would be look-ahead.
 */
export async function runDefenceExperiment(o: DefenceOptions): Promise<DefenceExperiment> {
  const defences: readonly DefenceKind[] = o.defence === undefined ? ['orders'] : typeof o.defence === 'string' ? [o.defence] : o.defence;
  if (defences.length === 0) throw new RangeError('runDefenceExperiment: no defence to train with');
  const cells: DefenceCell[] = [];
  const cleaning: DefenceExperiment['cleaning'][number][] = [];
  const manipulators = Array.from({ length: o.intensity ?? 1 }, () => SIMULATED_MANIPULATIONS).flat();
  const sim = (s: number, polluted: boolean): EventBatch => simulateMarket({ seed: s, durationNs: o.durationNs, manipulators: polluted ? manipulators : [] }).events;
  for (const seed of o.seeds) {
    const pollutedTrainSim = simulateMarket({ seed, durationNs: o.durationNs, manipulators });
    const run = runDetectors(pollutedTrainSim.events);
    const flagged = new Set<number>();
    for (const f of run.flags) if (f.kind !== 'bad-data') flagged.add(f.orderId);
    const manipulative = new Set<number>();
    const gt = pollutedTrainSim.groundTruth;
    for (let k = 0; k < gt.orderId.length; k++) if (gt.kind[k] !== null) manipulative.add(gt.orderId[k]);
    let trulyManipulative = 0;
    for (const id of flagged) if (manipulative.has(id)) trulyManipulative++;
    const defended = removeOrders(pollutedTrainSim.events, flagged);
    cleaning.push({ seed, removed: defended.removed, flaggedOrders: flagged.size, trulyManipulative });
    o.onProgress?.(`seed ${seed}: detectors flagged ${flagged.size} orders (${trulyManipulative} truly manipulative), ${defended.removed} events removed`);

    // What each model trains on: a day, and the training rows to drop (exchange-time spans).
    interface Training {
      readonly train: TrainVariant;
      readonly defence?: DefenceKind;
      /** Trainings with the same key train on the same day (its features and labels are built once). */
      readonly key: string;
      readonly day: () => LobsterDay;
      readonly drop?: () => [number, number][];
    }
    const trainings: Training[] = [
      { train: 'clean', key: 'clean', day: () => lobsterDayFromEvents(sim(seed, false), 10, `train clean ${seed}`) },
      { train: 'polluted', key: 'polluted', day: () => lobsterDayFromEvents(pollutedTrainSim.events, 10, `train polluted ${seed}`) },
    ];
    for (const defence of defences) {
      const day =
        defence === 'truth'
          ? () => lobsterDayFromEvents(removeOrders(pollutedTrainSim.events, manipulative).events, 10, `train defended (truth) ${seed}`)
          : () => lobsterDayFromEvents(defended.events, 10, `train defended (${defence}) ${seed}`);
      trainings.push({ train: 'defended', defence, key: defence === 'truth' ? 'truth' : 'flagged', day, drop: defence === 'orders+rows' ? () => flaggedSpans(pollutedTrainSim.events, flagged, o.guardNs ?? 1e9) : undefined });
    }
    if (o.reference) trainings.push({ train: 'reference', key: 'reference', day: () => lobsterDayFromEvents(sim(seed + REFERENCE_SEED_OFFSET, false), 10, `train reference ${seed + REFERENCE_SEED_OFFSET}`) });

    const models: ModelArtifact[] = [];
    const built = new Map<string, Dataset>();
    let sigma = NaN;
    for (const t of trainings) {
      let labelled = built.get(t.key);
      if (!labelled) {
        const matrix = await buildFeatureMatrixFromDay(t.day(), { features: 'default' });
        labelled = labelFeatureMatrix(matrix, { label: 'lobcast', sigma: 'balanced', horizon: HORIZON, trainFraction: TRAIN_FRACTION });
        built.set(t.key, labelled);
      }
      const ds = t.drop ? dropRowsInside(labelled, t.drop()) : labelled;
      const name = t.defence ? `${t.train} (${t.defence})` : t.train;
      const trained = await trainOnDataset(toLoadedDataset(ds, `${name} day ${seed}`), { model: 'logistic', seed, trainFraction: 0.8, validationFraction: 0.1 });
      models.push(trained.artifact);
      if (t.train === 'clean') sigma = trained.artifact.label.params.sigma as number;
    }
    const testSeed = seed + TEST_SEED_OFFSET;
    for (const test of ['clean', 'polluted'] as const) {
      const day = lobsterDayFromEvents(sim(testSeed, test === 'polluted'), 10, `test ${test} ${testSeed}`);
      const matrix = await buildFeatureMatrixFromDay(day, { features: 'default' });
      const labelled = labelFeatureMatrix(matrix, { label: 'lobcast', sigma, horizon: HORIZON, trainFraction: TRAIN_FRACTION });
      for (let m = 0; m < trainings.length; m++) {
        const { train, defence } = trainings[m];
        const artifact = models[m];
        const f1 = scoreOnDay(artifact, matrix, labelled);
        const bt = runLobsterBacktest(day, {
          strategy: o.policy === 'maker' ? new MakerPolicy({ qty: 100, signalTicks: 2, inventoryTicks: 1, maxPosition: 500 }) : new TakerPolicy({ threshold: 0.6, qty: 100, holdPredictions: HORIZON }),
          latency: new ConstantLatency(50_000),
          queue: new L3ExactQueue(),
          fees: VENUE_FEES.nasdaq(),
          maxPosition: 1_000,
          model: backtestModelFromArtifact(artifact, `${train} model`),
        });
        cells.push({ train, ...(defence ? { defence } : {}), test, seed, macroF1: f1, pnl: bt.summary.pnl, trades: bt.summary.trades });
        const name = defence ? `${train} (${defence})` : train;
        o.onProgress?.(`seed ${seed}: trained ${name.padEnd(22)} tested ${test.padEnd(8)} macro-F1 ${f1.toFixed(4)}  P&L ${bt.summary.pnl.toFixed(2)}`);
      }
    }
  }
  const pnls = (test: TestDay, train: TrainVariant, defence?: DefenceKind): number[] =>
    o.seeds.map((seed) => {
      const c = cells.find((x) => x.seed === seed && x.test === test && x.train === train && x.defence === defence);
      if (!c) throw new Error(`no cell ${train}${defence ? ` (${defence})` : ''} / ${test} for seed ${seed}`);
      return c.pnl;
    });
  const stats = (test: TestDay, train: TrainVariant, defence?: DefenceKind): RecoveryStats => recoveryStats(pnls(test, 'clean'), pnls(test, 'polluted'), pnls(test, train, defence));
  const recoveries: VariantRecovery[] = defences.map((d) => ({ variant: d, clean: stats('clean', 'defended', d), polluted: stats('polluted', 'defended', d) }));
  if (o.reference) recoveries.push({ variant: 'reference', clean: stats('clean', 'reference'), polluted: stats('polluted', 'reference') });
  const first = recoveries[0];
  return { cells, recovery: { clean: first.clean.recovery, polluted: first.polluted.recovery }, recoveries, cleaning };
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
