import type { ClassificationData } from './TrainingData.ts';
import type { Predictor } from './Predictor.ts';
import type { StandardizerJSON } from '../labels/Standardizer.ts';
import { trainLogisticRegression } from './linear/trainLogisticRegression.ts';
import { registerLinearPredictorLoaders } from './linear/registerLinearLoaders.ts';
import { trainGbdt } from './gbdt/trainGbdt.ts';
import { GbdtModel, type GbdtModelJSON } from './gbdt/GbdtModel.ts';
import { registerPredictorLoader } from './artifact/PredictorRegistry.ts';
import { ModelArtifactError } from './artifact/ModelArtifactError.ts';

/** What a trainer hands back: the compiled predictor and what goes into the artifact. */
export interface TrainedModel {
  readonly predictor: Predictor;
  readonly body: unknown;
  readonly normalisation: StandardizerJSON | null;
  /** Anything worth printing about the fit (iterations, rounds, epochs, early stopping). */
  readonly summary: Record<string, number | string | null>;
}

export interface TrainerContext {
  readonly seed: number;
  /** Lets the cost meter sample memory during long synchronous fits. */
  readonly sample?: () => void;
}

export type Trainer = (data: ClassificationData, ctx: TrainerContext) => Promise<TrainedModel>;

const trainers = new Map<string, { train: Trainer; describe: string }>();

/** Adds a model kind to the zoo (the trainers of each family register themselves here). */
export function registerTrainer(kind: string, describe: string, train: Trainer): void {
  trainers.set(kind, { train, describe });
}

export function trainerFor(kind: string): Trainer {
  const t = trainers.get(kind);
  if (!t) throw new RangeError(`unknown model "${kind}": one of ${[...trainers.keys()].join(', ')}`);
  return t.train;
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
registerTrainer('gbdt', 'histogram gradient-boosted trees, softmax, leaf-wise, early stopping on validation', async (data, ctx) => {
  const model = trainGbdt(data, { seed: ctx.seed, rounds: 500, earlyStoppingRounds: 20 });
  return {
    predictor: model.predictor(),
    body: model.toJSON(),
    normalisation: null,
    summary: { rounds: model.rounds, bestIteration: model.bestIteration, topFeature: model.importance()[0]?.feature ?? null },
  };
});
