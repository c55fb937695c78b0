import { SeededRng } from '../../core/rng.ts';
import { loadTfWasm } from './tfWasm.ts';
import { classWeights, type ClassWeighting } from '../classWeights.ts';
import { checkSequenceData, type SequenceData } from './SequenceData.ts';
import { SnapshotNormalizer } from './SnapshotNormalizer.ts';
import { DEEPLOB_VARIANTS, deepLobLogitsTf, deepLobWeightSpecs, initDeepLobWeights, type DeepLobArchitecture, type DeepLobVariant } from './DeepLobNetwork.ts';
import { DeepLobModel, windowBatch } from './DeepLobModel.ts';
import { capRows, loopOptions, runTrainingLoop, type LoopOptions } from './trainLoop.ts';
import { trainingSummary } from './TrainingSummary.ts';

export interface DeepLobOptions extends Partial<LoopOptions> {
  /** Filter/unit counts: a named variant (default 'full') or explicit sizes. The window always comes from the data. */
  variant?: DeepLobVariant | { convFilters: number; inceptionFilters: number; lstmUnits: number };
  /** Default 'balanced'. */
  classWeighting?: ClassWeighting;
  /** Cap on training / validation windows (evenly spaced over the part): what bounds the CPU time. */
  maxTrainRows?: number;
  maxValidationRows?: number;
}

/**
 * Defaults sized for "a real day on a 2-core CPU within minutes". Measured (tfjs-wasm, one thread, batch
 * 64): the full net trains at ~13 ms per window per epoch (≈ 1 340 s per epoch on 100k windows), the small
 * one at ~2.5 ms. So by default at most 4 epochs over at most 8 000 training windows (≈ 110 s per epoch,
 * ≈ 7 CPU-minutes), evenly spaced over the training part; raise the caps when the budget allows.
 */
export const DEEPLOB_DEFAULTS = {
  maxEpochs: 4,
  patience: 2,
  minDelta: 1e-4,
  batchSize: 64,
  learningRate: 1e-3,
  seed: 1,
  evalBatchSize: 256,
  maxTrainRows: 8_000,
  maxValidationRows: 2_000,
} as const;

/**
 * Trains the DeepLOB-style net (DeepLobNetwork.ts) on windows of raw snapshots with Adam on class-weighted
 * cross-entropy, early stopping on validation loss, on tfjs-wasm. Prices and sizes are normalised with
 * statistics of the training rows only. Same data, options and seed → the same weights, bit for bit.
 */
export async function trainDeepLob(data: SequenceData, options: DeepLobOptions = {}): Promise<DeepLobModel> {
  checkSequenceData(data, 'trainDeepLob');
  const variant = options.variant ?? 'full';
  const sizes = typeof variant === 'string' ? DEEPLOB_VARIANTS[variant] : variant;
  if (sizes === undefined) throw new RangeError(`trainDeepLob: unknown variant "${String(variant)}": one of ${Object.keys(DEEPLOB_VARIANTS).join(', ')}`);
  for (const f of ['convFilters', 'inceptionFilters', 'lstmUnits'] as const) {
    if (!Number.isInteger(sizes[f]) || sizes[f] < 1) throw new RangeError(`trainDeepLob: ${f} must be an integer ≥ 1, got ${sizes[f]}`);
  }
  const architecture: DeepLobArchitecture = {
    window: data.window,
    levels: data.snapshots.length / 4,
    convFilters: sizes.convFilters,
    inceptionFilters: sizes.inceptionFilters,
    lstmUnits: sizes.lstmUnits,
    numClasses: data.numClasses,
  };
  const loop = loopOptions(DEEPLOB_DEFAULTS, options);
  const train = capRows(data.train, options.maxTrainRows ?? DEEPLOB_DEFAULTS.maxTrainRows);
  const validation = capRows(data.validation, options.maxValidationRows ?? DEEPLOB_DEFAULTS.maxValidationRows);
  const tf = await loadTfWasm();
  const normalizer = SnapshotNormalizer.fit(data.snapshots, train);
  const matrix = normalizer.matrix(data.snapshots);
  const width = data.snapshots.length;
  const weights = classWeights(data.y, train, data.numClasses, options.classWeighting ?? 'balanced');
  const specs = deepLobWeightSpecs(architecture);
  const params = initDeepLobWeights(architecture, new SeededRng(loop.seed)).map((w, i) => tf.tidy(() => tf.variable(tf.tensor(w, specs[i].shape as number[]))));
  try {
    const result = runTrainingLoop(
      tf,
      {
        params,
        y: data.y,
        numClasses: data.numClasses,
        train,
        validation,
        classWeights: weights,
        inputs: (rows) => tf.tensor3d(windowBatch(matrix, width, data.window, rows), [rows.length, data.window, width]),
        logits: (x) => deepLobLogitsTf(tf, architecture, params, x as Parameters<typeof deepLobLogitsTf>[3]),
      },
      loop,
    );
    const training = trainingSummary(result, { ...loop, trainRows: train.length, validationRows: validation.length, classWeights: weights });
    return new DeepLobModel(architecture, normalizer, result.best, training);
  } finally {
    for (const p of params) p.dispose();
  }
}
