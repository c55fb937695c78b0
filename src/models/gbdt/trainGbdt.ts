import { SeededRng } from '../../core/rng.ts';
import type { ClassificationData, RegressionData } from '../TrainingData.ts';
import { binRows, fitFeatureBins } from './FeatureBins.ts';
import { GbdtModel } from './GbdtModel.ts';
import { resolveGbdtOptions, type GbdtOptions } from './GbdtOptions.ts';
import { classWeights } from '../classWeights.ts';
import { SoftmaxObjective, SquaredErrorObjective, type Objective } from './Objective.ts';
import type { Tree } from './Tree.ts';
import { TreeLearner } from './TreeLearner.ts';

/**
 * Trains a histogram GBDT: softmax (one tree per class per round) on classification data, squared error
 * on regression data. Bins are fitted on training rows only; validation rows serve early stopping and
 * nothing else. All randomness (bin sample, row and feature subsampling) comes from one SeededRng, so
 * the same data and seed give the same trees.
 */
export function trainGbdt(data: ClassificationData | RegressionData, options: Partial<GbdtOptions> = {}): GbdtModel {
  const o = resolveGbdtOptions(options);
  const F = data.x.length;
  if (F === 0) throw new RangeError('gbdt: no features');
  if (data.featureNames.length !== F) throw new RangeError(`gbdt: ${data.featureNames.length} feature names for ${F} feature columns`);
  const n = data.train.length;
  if (n === 0) throw new RangeError('gbdt: no training rows');
  const classification = 'numClasses' in data;
  const objective: Objective = classification ? new SoftmaxObjective(data.numClasses, classWeights(data.y as Uint8Array, data.train, data.numClasses, o.classWeight)) : new SquaredErrorObjective();
  const K = objective.numOutputs;
  if (classification) {
    for (const r of data.train) if (data.y[r] >= K) throw new RangeError(`gbdt: row ${r}: label ${data.y[r]} ≥ numClasses ${K}`);
  }
  const rng = new SeededRng(o.seed);

  const featureBins = fitFeatureBins(data.x, data.train, o.maxBins, o.binSampleRows, rng);
  const trainBins = binRows(data.x, data.train, featureBins);
  const valRows = data.validation;
  const nv = valRows.length;
  const valBins = binRows(data.x, valRows, featureBins);
  const yTrain = classification ? Uint8Array.from(data.train, (r) => data.y[r]) : Float64Array.from(data.train, (r) => data.y[r]);
  const yVal = classification ? Uint8Array.from(valRows, (r) => data.y[r]) : Float64Array.from(valRows, (r) => data.y[r]);

  const init = objective.initScore(yTrain);
  // Gradients and training margins live in the learner's (WebAssembly) memory, next to the rows.
  const learner = new TreeLearner(trainBins, featureBins, o, K);
  const scores = learner.scores;
  const gh = learner.gradients;
  const valScores = new Float64Array(nv * K);
  for (let i = 0; i < n; i++) scores.set(init, i * K);
  for (let i = 0; i < nv; i++) valScores.set(init, i * K);
  const trees: Tree[] = [];

  const bagSize = Math.max(1, Math.round(n * o.subsample));
  const bag = bagSize < n ? new Int32Array(bagSize) : null;
  const inBag = bag ? new Uint8Array(n) : null;
  const pool = bag ? new Int32Array(n) : null;
  const featCount = Math.max(1, Math.round(F * o.colsample));
  const feats = featCount < F ? new Int32Array(featCount) : null;
  const featPool = feats ? Int32Array.from({ length: F }, (_, f) => f) : null;

  const stopping = nv > 0 && o.earlyStoppingRounds > 0;
  let bestLoss = Infinity;
  let bestRound = 0;
  let bestTrain: Float64Array | null = null;
  let bestVal: Float64Array | null = null;
  let round = 0;
  while (round < o.rounds) {
    // Three classes: the learner's WebAssembly kernel computes the objective's gradients (the same bits).
    const fused = objective instanceof SoftmaxObjective && learner.softmaxGradients(objective, yTrain as Uint8Array);
    if (!fused) objective.gradients(scores, yTrain, gh);
    if (bag && inBag && pool) drawBag(rng, pool, bag, inBag);
    for (let k = 0; k < K; k++) {
      if (feats && featPool) drawFeatures(rng, featPool, feats);
      const tree = learner.grow(k, bag, feats);
      trees.push(tree);
      learner.addToGrownRows(k, tree.leafValue);
      if (inBag) learner.addToBinnedRows(trainBins, inBag, scores, K, k, tree.leafValue);
      if (nv > 0) learner.addToBinnedRows(valBins, null, valScores, K, k, tree.leafValue);
    }
    round++;
    if (stopping) {
      const loss = objective.loss(valScores, yVal);
      if (loss < bestLoss) {
        bestLoss = loss;
        bestRound = round;
        // Margins as of the best round, so that fitScores describe the model that is kept.
        bestTrain = scores.slice();
        bestVal = valScores.slice();
      } else if (round - bestRound >= o.earlyStoppingRounds) break;
    }
  }
  const kept = stopping ? bestRound : round;
  return new GbdtModel(objective.name, data.featureNames, init, trees.slice(0, kept * K), round, kept, {
    // A copy: the model must not hold on to the learner's memory.
    train: stopping && bestTrain ? bestTrain : scores.slice(),
    validation: stopping && bestVal ? bestVal : valScores,
  });
}

/** A seeded sample of rows without replacement (partial Fisher–Yates), sorted so reads stay sequential. */
function drawBag(rng: SeededRng, pool: Int32Array, bag: Int32Array, inBag: Uint8Array): void {
  const n = pool.length;
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < bag.length; i++) {
    const j = i + rng.nextInt(n - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  bag.set(pool.subarray(0, bag.length));
  bag.sort();
  inBag.fill(0);
  for (let i = 0; i < bag.length; i++) inBag[bag[i]] = 1;
}

/** A seeded subset of features for one tree, in ascending order. */
function drawFeatures(rng: SeededRng, pool: Int32Array, feats: Int32Array): void {
  const F = pool.length;
  for (let i = 0; i < F; i++) pool[i] = i;
  for (let i = 0; i < feats.length; i++) {
    const j = i + rng.nextInt(F - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  feats.set(pool.subarray(0, feats.length));
  feats.sort();
}

