import { readModelArtifact } from '../models/artifact/ModelArtifactFile.ts';
import type { ModelArtifact } from '../models/artifact/ModelArtifact.ts';
import type { Predictor } from '../models/Predictor.ts';
import '../models/ModelZoo.ts'; // registers every model family's loader
import { MakerPolicy } from '../strategy/MakerPolicy.ts';
import type { Strategy } from '../strategy/Strategy.ts';
import { TakerPolicy } from '../strategy/TakerPolicy.ts';
import type { BacktestResult } from './BacktestResult.ts';
import { parseFeeSpec } from './fees/venueFees.ts';
import { latencyModelMaker, parseLatencySpecText } from './latency/parseLatencySpec.ts';
import { loadLobsterDay, type LobsterDay } from '../data/lobster/LobsterDay.ts';
import { L2ConservativeQueue } from './queue/L2ConservativeQueue.ts';
import { L2ProbabilisticQueue } from './queue/L2ProbabilisticQueue.ts';
import { L3ExactQueue } from './queue/L3ExactQueue.ts';
import type { QueueModel } from './queue/QueueModel.ts';
import { backtestModelFromArtifact, runLobsterBacktest } from './runLobsterBacktest.ts';

/** Everything a LOBSTER backtest needs besides the day, as the CLI states it. */
export interface BacktestSpec {
  readonly policy: 'taker' | 'maker';
  readonly latency: string;
  readonly queue: string;
  readonly fees: string;
  readonly qty: number;
  /** Taker: probability threshold. */
  readonly threshold: number;
  /** Taker: hold in predictions; default the model's label horizon. */
  readonly hold?: number;
  /** Maker: lean in ticks per unit of signal and per qty of inventory. */
  readonly signalTicks: number;
  readonly inventoryTicks: number;
  readonly maxPosition: number;
  /** Where trading starts: a fraction of the day's messages in (0, 1), or New York "HH:MM[:SS]". */
  readonly tradeFrom: string;
  readonly seed: number;
}

export const DEFAULT_BACKTEST_SPEC: BacktestSpec = {
  policy: 'taker',
  latency: 'constant:50us',
  queue: 'l3',
  fees: 'nasdaq',
  qty: 100,
  threshold: 0.6,
  signalTicks: 2,
  inventoryTicks: 1,
  maxPosition: 1_000,
  // The 60/10/30 chronological split trains on the first 70 % (train + validation): trade the rest.
  tradeFrom: '0.7',
  seed: 1,
};

export function queueModelFromSpec(spec: string): QueueModel {
  if (spec === 'l3') return new L3ExactQueue();
  if (spec === 'l2-conservative') return new L2ConservativeQueue();
  const m = /^l2-prob(?::(\d+(?:\.\d+)?))?$/.exec(spec);
  if (m) return new L2ProbabilisticQueue(m[1] === undefined ? 3 : Number(m[1]));
  throw new RangeError(`queue "${spec}": expected l3, l2-conservative or l2-prob[:power]`);
}

/** The exchange time (ns from the day's origin) where trading starts. */
export function tradeFromNs(day: LobsterDay, spec: string): number {
  const ev = day.events;
  const f = Number(spec);
  if (Number.isFinite(f) && f >= 0 && f < 1) return ev.exchTs[Math.floor(f * ev.length)];
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(spec);
  if (!m) throw new RangeError(`trade-from "${spec}": expected a fraction of the day in [0, 1) or a New York time HH:MM[:SS]`);
  // LOBSTER times are offsets from New York midnight.
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1e9;
}

export function strategyFromSpec(spec: BacktestSpec, artifact: ModelArtifact | null): Strategy {
  if (spec.policy === 'taker') {
    if (artifact === null) throw new RangeError('the taker policy trades on a model: give --model');
    return new TakerPolicy({ threshold: spec.threshold, qty: spec.qty, holdPredictions: spec.hold ?? artifact.label.horizon });
  }
  return new MakerPolicy({ qty: spec.qty, signalTicks: spec.signalTicks, inventoryTicks: spec.inventoryTicks, maxPosition: spec.maxPosition });
}

/** A loaded day and model, ready to be backtested (again and again, e.g. by the quality experiment). */
export interface PreparedBacktest {
  readonly day: LobsterDay;
  readonly artifact: ModelArtifact | null;
  readonly modelPath: string | null;
  readonly spec: BacktestSpec;
  /** One run; `wrap` replaces the model's predictor (e.g. blended toward the truth). */
  run(wrap?: (p: Predictor) => Predictor): Promise<BacktestResult>;
}

export async function prepareLobsterBacktest(messages: string, orderbook: string, modelPath: string | null, spec: BacktestSpec): Promise<PreparedBacktest> {
  const artifact = modelPath === null ? null : await readModelArtifact(modelPath);
  const day = await loadLobsterDay(messages, orderbook);
  queueModelFromSpec(spec.queue); // fail on a bad spec before any work
  parseFeeSpec(spec.fees);
  const from = tradeFromNs(day, spec.tradeFrom);
  // Read once (an empirical spec reads a capture); every run gets a fresh model from the same seed.
  const latency = await latencyModelMaker(parseLatencySpecText(spec.latency), spec.latency);
  return {
    day,
    artifact,
    modelPath,
    spec,
    async run(wrap) {
      const strategy = strategyFromSpec(spec, artifact);
      return runLobsterBacktest(day, {
        strategy,
        latency: latency(),
        queue: queueModelFromSpec(spec.queue),
        fees: parseFeeSpec(spec.fees),
        maxPosition: spec.maxPosition,
        model: artifact && modelPath ? backtestModelFromArtifact(artifact, modelPath, wrap) : null,
        tradeFromNs: from,
        seed: spec.seed,
        describe: { messages, model: modelPath ?? 'none', tradeFrom: spec.tradeFrom },
      });
    },
  };
}
