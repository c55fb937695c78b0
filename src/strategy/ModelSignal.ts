import type { EventBatch } from '../data/EventBatch.ts';
import type { BookView } from '../features/BookView.ts';
import type { FeatureColumn } from '../features/Feature.ts';
import { FEATURE_FACTORIES, createFeatures } from '../features/featureSets.ts';
import { FeaturePipeline } from '../features/FeaturePipeline.ts';
import type { Sampler } from '../features/Sampler.ts';
import type { Predictor } from '../models/Predictor.ts';

/**
 * Book → features → model, per event: the part of the pipeline between the book and the policy, shared
 * by the backtester and the live engine. Only the feature groups the model reads are computed; the model
 * runs when the sampler takes a row (the sampling the model was trained with), so its output is always
 * the prediction from the latest sample. Sequence models (input = window × row width) get the last
 * `window` rows, oldest first, from a ring buffer.
 */
export class ModelSignal {
  readonly pipeline: FeaturePipeline;
  /** Latest model output. */
  readonly output: Float64Array;
  /** The model's input row of the latest prediction (the last row of the window for sequence models). */
  readonly features: Float64Array;
  /** Predictions made so far. */
  predictions = 0;
  readonly window: number;
  private readonly pick: Int32Array;
  private readonly ring: Float64Array;
  private readonly x: Float64Array;
  private filled = 0;

  constructor(
    readonly predictor: Predictor,
    modelFeatures: readonly FeatureColumn[],
    book: BookView,
    tickSize: number,
    priceScale: number,
    sampler: Sampler,
  ) {
    const groups = featureGroupsFor(modelFeatures);
    this.pipeline = new FeaturePipeline(createFeatures(groups.join(',')), book, tickSize, priceScale, sampler);
    const cols = this.pipeline.engine.columns.map((c) => c.name);
    this.pick = Int32Array.from(modelFeatures, (f) => cols.indexOf(f.name));
    const f = modelFeatures.length;
    if (f === 0 || predictor.numFeatures % f !== 0) throw new RangeError(`the model takes ${predictor.numFeatures} inputs, not a multiple of its ${f} features`);
    this.window = predictor.numFeatures / f;
    this.ring = new Float64Array(this.window * f);
    this.x = new Float64Array(predictor.numFeatures);
    this.features = new Float64Array(f);
    this.output = new Float64Array(predictor.numOutputs).fill(NaN);
  }

  /**
   * After event i was applied to the book: updates the features; when a row is sampled (and, for
   * sequence models, a full window exists) runs the model. Returns true when `output` is new.
   */
  onEvent(batch: EventBatch, i: number): boolean {
    if (!this.pipeline.onEvent(batch, i)) return false;
    const row = this.pipeline.row;
    const pick = this.pick;
    const f = pick.length;
    const feats = this.features;
    for (let j = 0; j < f; j++) feats[j] = row[pick[j]];
    if (this.window === 1) {
      this.predictor.predict(feats, this.output);
    } else {
      const w = this.window;
      const slot = this.filled % w;
      this.ring.set(feats, slot * f);
      this.filled++;
      if (this.filled < w) return false;
      // Oldest first: slots slot+1 … w-1, then 0 … slot.
      let o = 0;
      for (let k = 1; k <= w; k++) {
        const base = ((slot + k) % w) * f;
        for (let j = 0; j < f; j++) this.x[o++] = this.ring[base + j];
      }
      this.predictor.predict(this.x, this.output);
    }
    this.predictions++;
    return true;
  }
}

let columnGroups: Map<string, string> | null = null;

/** The feature groups (FEATURE_FACTORIES keys) whose columns include every named column. */
export function featureGroupsFor(columns: readonly FeatureColumn[]): string[] {
  if (columnGroups === null) {
    columnGroups = new Map();
    for (const [group, make] of Object.entries(FEATURE_FACTORIES)) for (const c of make().columns) columnGroups.set(c.name, group);
  }
  const groups = new Set<string>();
  const missing: string[] = [];
  for (const c of columns) {
    const g = columnGroups.get(c.name);
    if (g === undefined) missing.push(c.name);
    else groups.add(g);
  }
  if (missing.length) throw new RangeError(`the model reads features this code does not compute: ${missing.join(', ')}`);
  return [...groups];
}
