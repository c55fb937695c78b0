import type { SeededRng } from '../core/rng.ts';
import type { Predictor } from '../models/Predictor.ts';

/**
 * A predictor whose output is moved toward the truth, or toward noise, by a controlled amount: the
 * instrument of the model-quality experiment. With blend b > 0 the output becomes (1 − b)·p + b·onehot(y)
 * (y the row's true future label: this is deliberate look-ahead, to manufacture a better model); with
 * b < 0 it becomes (1 − |b|)·p + |b|·onehot(z), z a random class drawn once per row from the seed, so
 * every negative blend degrades toward the same noise. Rows without a label keep the model's output.
 *
 * It is called once per sampled row, in order; `firstRow` is the row of the first call (a sequence model
 * is first called when its window is full). It records the class it predicted for each row.
 */
export class BlendedPredictor implements Predictor {
  readonly kind: string;
  readonly numFeatures: number;
  readonly numOutputs: number;
  /** Predicted class per sampled row (argmax of the blended output); -1 where the model did not run. */
  readonly predicted: Int8Array;
  calls = 0;
  private readonly noise: Uint8Array;

  constructor(
    private readonly inner: Predictor,
    private readonly labels: Int8Array,
    private readonly blend: number,
    rng: SeededRng,
    private readonly firstRow = 0,
  ) {
    if (!(blend >= -1 && blend <= 1)) throw new RangeError(`blend must be in [-1, 1], got ${blend}`);
    this.kind = inner.kind;
    this.numFeatures = inner.numFeatures;
    this.numOutputs = inner.numOutputs;
    this.predicted = new Int8Array(labels.length).fill(-1);
    this.noise = Uint8Array.from(labels, () => Math.floor(rng.nextFloat() * inner.numOutputs));
  }

  predict(x: Float64Array, out: Float64Array): void {
    this.inner.predict(x, out);
    const row = this.firstRow + this.calls++;
    if (row >= this.labels.length) return;
    const y = this.labels[row];
    const b = this.blend;
    if (y >= 0 && b !== 0) {
      const target = b > 0 ? y : this.noise[row];
      const w = Math.abs(b);
      for (let k = 0; k < out.length; k++) out[k] = (1 - w) * out[k] + (k === target ? w : 0);
    }
    let best = 0;
    for (let k = 1; k < out.length; k++) if (out[k] > out[best]) best = k;
    this.predicted[row] = best;
  }
}
