import { loadTfWasm } from './tfWasm.ts';
import { deepLobLogitsTf, deepLobWeightSpecs, type DeepLobArchitecture } from './DeepLobNetwork.ts';
import { DeepLobPredictor } from './DeepLobPredictor.ts';
import { SnapshotNormalizer, type SnapshotNormalizerJSON } from './SnapshotNormalizer.ts';
import { weightsFromJSON, weightsToJSON, type WeightTensorJSON } from './WeightTensor.ts';
import { trainingSummaryFromJSON, type TrainingSummary } from './TrainingSummary.ts';

/** The DeepLOB net's artifact body. */
export interface DeepLobJSON {
  readonly kind: 'deeplob';
  readonly version: 1;
  readonly architecture: DeepLobArchitecture;
  readonly normalizer: SnapshotNormalizerJSON;
  readonly weights: WeightTensorJSON[];
  readonly training: TrainingSummary;
}

/** A trained DeepLOB-style net: architecture, train-only snapshot normalisation, float32 weights. */
export class DeepLobModel {
  constructor(
    readonly architecture: DeepLobArchitecture,
    readonly normalizer: SnapshotNormalizer,
    /** In deepLobWeightSpecs order. */
    readonly weights: readonly Float32Array[],
    readonly training: TrainingSummary,
  ) {}

  get epochs(): number {
    return this.training.epochs;
  }

  /** NaN when trained without validation rows. */
  get bestValidationLoss(): number {
    return this.training.bestValidationLoss ?? NaN;
  }

  /** Plain-JS forward pass over one raw window (T × 4L, oldest first); no allocation per call. */
  predictor(): DeepLobPredictor {
    return new DeepLobPredictor(this.architecture, this.normalizer, this.weights);
  }

  /**
   * Class probabilities from tfjs (float32) for the windows ending at `rows` of raw snapshot columns,
   * row-major rows × classes: batch evaluation (far faster per window than the one-row predictor) and
   * the parity reference.
   */
  async predictBatch(snapshots: readonly Float64Array[], rows: Int32Array, batchSize = 256): Promise<Float64Array> {
    const a = this.architecture;
    const width = 4 * a.levels;
    if (snapshots.length !== width) throw new RangeError(`deeplob: expected ${width} snapshot columns, got ${snapshots.length}`);
    const n = snapshots[0].length;
    for (const r of rows) if (r < a.window - 1 || r >= n) throw new RangeError(`deeplob: row ${r} has no full window of ${a.window} in [0, ${n})`);
    const tf = await loadTfWasm();
    const matrix = this.normalizer.matrix(snapshots);
    const specs = deepLobWeightSpecs(a);
    const params = this.weights.map((w, i) => tf.tensor(w, specs[i].shape as number[]));
    const out = new Float64Array(rows.length * a.numClasses);
    try {
      for (let s = 0; s < rows.length; s += batchSize) {
        const part = rows.subarray(s, Math.min(rows.length, s + batchSize));
        const probs = tf.tidy(() => tf.softmax(deepLobLogitsTf(tf, a, params, tf.tensor3d(windowBatch(matrix, width, a.window, part), [part.length, a.window, width]))));
        out.set(probs.dataSync(), s * a.numClasses);
        probs.dispose();
      }
    } finally {
      for (const p of params) p.dispose();
    }
    return out;
  }

  toJSON(): DeepLobJSON {
    return {
      kind: 'deeplob',
      version: 1,
      architecture: { ...this.architecture },
      normalizer: this.normalizer.toJSON(),
      weights: weightsToJSON(deepLobWeightSpecs(this.architecture), this.weights),
      training: this.training,
    };
  }

  /** Restores a model; a malformed artifact is a RangeError naming the field. */
  static fromJSON(json: unknown): DeepLobModel {
    const o = json as Partial<Record<keyof DeepLobJSON, unknown>> | null;
    if (o === null || typeof o !== 'object' || o.kind !== 'deeplob') throw new RangeError('deeplob artifact: field "kind" must be "deeplob"');
    if (o.version !== 1) throw new RangeError(`deeplob artifact: field "version" must be 1, got ${String(o.version)}`);
    const arch = o.architecture as Partial<Record<keyof DeepLobArchitecture, unknown>> | null;
    if (arch === null || typeof arch !== 'object') throw new RangeError('deeplob artifact: field "architecture" must be an object');
    const field = (f: keyof DeepLobArchitecture, min: number): number => {
      const v = arch[f];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new RangeError(`deeplob artifact: field "architecture.${f}" must be an integer ≥ ${min}`);
      return v;
    };
    const architecture: DeepLobArchitecture = {
      window: field('window', 5),
      levels: field('levels', 1),
      convFilters: field('convFilters', 1),
      inceptionFilters: field('inceptionFilters', 1),
      lstmUnits: field('lstmUnits', 1),
      numClasses: field('numClasses', 2),
    };
    const normalizer = SnapshotNormalizer.fromJSON(o.normalizer);
    const weights = weightsFromJSON(o.weights, deepLobWeightSpecs(architecture), 'deeplob');
    return new DeepLobModel(architecture, normalizer, weights, trainingSummaryFromJSON(o.training, 'deeplob'));
  }
}

/** Normalised windows ending at `rows`, [rows][T][width] float32: contiguous slices of the row-major matrix. */
export function windowBatch(matrix: Float32Array, width: number, window: number, rows: Int32Array): Float32Array {
  const span = window * width;
  const buf = new Float32Array(rows.length * span);
  for (let i = 0; i < rows.length; i++) {
    const end = (rows[i] + 1) * width;
    buf.set(matrix.subarray(end - span, end), i * span);
  }
  return buf;
}
