import type { ClassificationData } from './TrainingData.ts';
import type { Predictor } from './Predictor.ts';
import type { StandardizerJSON } from '../labels/Standardizer.ts';
import { trainLogisticRegression } from './linear/trainLogisticRegression.ts';
import { registerLinearPredictorLoaders } from './linear/registerLinearLoaders.ts';
import { trainGbdt } from './gbdt/trainGbdt.ts';
import { GbdtModel, type GbdtModelJSON } from './gbdt/GbdtModel.ts';
import { registerPredictorLoader } from './artifact/PredictorRegistry.ts';
import { ModelArtifactError } from './artifact/ModelArtifactError.ts';
import { trainMlp } from './nn/trainMlp.ts';
import { MlpModel } from './nn/MlpModel.ts';
import { trainDeepLob } from './nn/trainDeepLob.ts';
import { DeepLobModel } from './nn/DeepLobModel.ts';
import { sequenceDataFromClassification, writeWindow } from './nn/SequenceData.ts';

/** What a trainer hands back: the compiled predictor and what goes into the artifact. */
export interface TrainedModel {
  readonly predictor: Predictor;
  readonly body: unknown;
  readonly normalisation: StandardizerJSON | null;
  /** Anything worth printing about the fit (iterations, rounds, epochs, early stopping). */
  readonly summary: Record<string, number | string | null>;
  /**
   * Scores many rows at once (row-major probabilities) where the model has a faster batch path than
   * its live predictor, or reads more than one row per prediction (sequence models read a window).
   */
  readonly predictRows?: (rows: Int32Array) => Promise<Float64Array>;
  /** Builds the live predictor's input for a dataset row (default: the row's features). */
  readonly inputFor?: (row: number, out: Float64Array) => void;
}

/** Which dataset columns a model family reads. */
export type ModelInputs = 'tabular' | 'snapshots';

export interface TrainerContext {
  readonly seed: number;
  /** Lets the cost meter sample memory during long synchronous fits. */
  readonly sample?: () => void;
}

export type Trainer = (data: ClassificationData, ctx: TrainerContext) => Promise<TrainedModel>;

const trainers = new Map<string, { train: Trainer; describe: string; inputs: ModelInputs }>();

/** Adds a model kind to the zoo (the trainers of each family register themselves here). */
export function registerTrainer(kind: string, describe: string, train: Trainer, inputs: ModelInputs = 'tabular'): void {
  trainers.set(kind, { train, describe, inputs });
}

export function trainerFor(kind: string): { train: Trainer; inputs: ModelInputs } {
  const t = trainers.get(kind);
  if (!t) throw new RangeError(`unknown model "${kind}": one of ${[...trainers.keys()].join(', ')}`);
  return t;
}

export function modelKinds(): { kind: string; describe: string }[] {
  return [...trainers.entries()].map(([kind, t]) => ({ kind, describe: t.describe }));
}

registerLinearPredictorLoaders();
registerTrainer('logistic', 'multinomial logistic regression, L2, L-BFGS, balanced class weights', async (data) => {
  const r = trainLogisticRegression(data);
  return {
    predictor: r.model,
    body: r.model.toJSON(),
    normalisation: r.model.standardizer.toJSON(),
    summary: { iterations: r.iterations, bestIteration: r.bestIteration, stoppedBy: r.stoppedBy, validationLogLoss: r.validationLogLoss },
  };
});

registerPredictorLoader(
  'gbdt',
  (body) => {
    try {
      return GbdtModel.fromJSON(body as GbdtModelJSON).predictor();
    } catch (e) {
      throw new ModelArtifactError('model artifact', 'body', `not a GBDT model: ${(e as Error).message}`);
    }
  },
  'Histogram gradient-boosted trees (softmax), leaf-wise, flattened for inference',
);
registerTrainer('gbdt', 'histogram gradient-boosted trees, softmax, balanced class weights, leaf-wise, early stopping on validation', async (data, ctx) => {
  const model = trainGbdt(data, { seed: ctx.seed, rounds: 500, earlyStoppingRounds: 20, classWeight: 'balanced' });
  return {
    predictor: model.predictor(),
    body: model.toJSON(),
    normalisation: null,
    summary: { rounds: model.rounds, bestIteration: model.bestIteration, topFeature: model.importance()[0]?.feature ?? null },
  };
});

registerPredictorLoader('mlp', (body) => MlpModel.fromJSON(body).predictor(), 'Multilayer perceptron (ReLU, softmax) as dense layers over preallocated arrays');
registerTrainer('mlp', 'multilayer perceptron 64-32, ReLU, Adam, early stopping (tfjs wasm)', async (data, ctx) => {
  const model = await trainMlp(data, { seed: ctx.seed });
  return {
    predictor: model.predictor(),
    body: model.toJSON(),
    normalisation: model.standardizer.toJSON(),
    summary: { epochs: model.epochs, bestValidationLoss: model.bestValidationLoss },
  };
});

/** DeepLOB's input window (snapshots): the paper's T = 100. */
export const DEEPLOB_WINDOW = 100;

registerPredictorLoader('deeplob', (body) => DeepLobModel.fromJSON(body).predictor(), 'DeepLOB-style CNN + inception + LSTM over the last T book snapshots');
registerTrainer(
  'deeplob',
  'DeepLOB-style CNN + inception + LSTM on the last 100 raw snapshots (tfjs wasm), the expensive reference',
  async (data, ctx) => {
    const seq = sequenceDataFromClassification(data, DEEPLOB_WINDOW);
    const model = await trainDeepLob(seq, { seed: ctx.seed });
    return {
      predictor: model.predictor(),
      body: model.toJSON(),
      normalisation: null,
      summary: { epochs: model.epochs, bestValidationLoss: model.bestValidationLoss, window: DEEPLOB_WINDOW },
      predictRows: (rows) => model.predictBatch(seq.snapshots, rows),
      inputFor: (row, out) => writeWindow(seq.snapshots, row, DEEPLOB_WINDOW, out),
    };
  },
  'snapshots',
);
