import type { EpochReport, LoopResult } from './trainLoop.ts';

/** How a net was trained, kept in its artifact. */
export interface TrainingSummary {
  readonly seed: number;
  readonly epochs: number;
  /** Epoch whose weights were kept (best validation loss). */
  readonly bestEpoch: number;
  /** Class-weighted cross-entropy on the validation rows at `bestEpoch` (null without validation rows). */
  readonly bestValidationLoss: number | null;
  readonly trainRows: number;
  readonly validationRows: number;
  readonly classWeights: number[];
  readonly batchSize: number;
  readonly learningRate: number;
  readonly history: { epoch: number; trainLoss: number; validationLoss: number | null; seconds: number }[];
}

export function trainingSummary(
  result: LoopResult,
  o: { seed: number; batchSize: number; learningRate: number; trainRows: number; validationRows: number; classWeights: Float64Array },
): TrainingSummary {
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    seed: o.seed,
    epochs: result.epochs,
    bestEpoch: result.bestEpoch,
    bestValidationLoss: finite(result.bestValidationLoss),
    trainRows: o.trainRows,
    validationRows: o.validationRows,
    classWeights: Array.from(o.classWeights),
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    history: result.history.map((h: EpochReport) => ({ epoch: h.epoch, trainLoss: h.trainLoss, validationLoss: finite(h.validationLoss), seconds: h.seconds })),
  };
}

/** Checks the fields code reads back from an artifact (history is kept as written: informational). */
export function trainingSummaryFromJSON(json: unknown, artifact: string): TrainingSummary {
  const o = json as Partial<Record<keyof TrainingSummary, unknown>> | null;
  if (o === null || typeof o !== 'object') throw new RangeError(`${artifact} artifact: field "training" must be an object`);
  for (const f of ['seed', 'epochs', 'bestEpoch', 'trainRows', 'validationRows', 'batchSize', 'learningRate'] as const) {
    if (typeof o[f] !== 'number') throw new RangeError(`${artifact} artifact: field "training.${f}" must be a number`);
  }
  if (o.bestValidationLoss !== null && typeof o.bestValidationLoss !== 'number') {
    throw new RangeError(`${artifact} artifact: field "training.bestValidationLoss" must be a number or null`);
  }
  if (!Array.isArray(o.history) || !Array.isArray(o.classWeights)) throw new RangeError(`${artifact} artifact: fields "training.history" and "training.classWeights" must be arrays`);
  return o as unknown as TrainingSummary;
}
