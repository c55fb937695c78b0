import type { Predictor } from '../Predictor.ts';
import { compileGbdt } from './GbdtPredictor.ts';
import type { Tree } from './Tree.ts';

export type GbdtObjectiveName = 'softmax' | 'squared_error';

/** A tree as stored in an artifact: plain number arrays (a threshold of +Infinity is written as null). */
export interface GbdtTreeJSON {
  feature: number[];
  threshold: (number | null)[];
  left: number[];
  right: number[];
  defaultLeft: number[];
  gain: number[];
  leafValue: number[];
}

/** The GBDT part of a model artifact. */
export interface GbdtModelJSON {
  format: 'tachyon-gbdt';
  version: 1;
  objective: GbdtObjectiveName;
  featureNames: string[];
  initScore: number[];
  rounds: number;
  bestIteration: number;
  /** Round-major: tree r * numOutputs + k is round r's tree for output k. */
  trees: GbdtTreeJSON[];
}

/** Margins the trainer itself computed while training (row-major, numOutputs per row), for parity checks. */
export interface GbdtFitScores {
  readonly train: Float64Array;
  readonly validation: Float64Array;
}

/** A trained ensemble: the trees of the kept rounds, their initial scores and what training recorded. */
export class GbdtModel {
  constructor(
    readonly objective: GbdtObjectiveName,
    readonly featureNames: readonly string[],
    readonly initScore: Float64Array,
    /** Round-major, numOutputs trees per round. */
    readonly trees: readonly Tree[],
    /** Rounds trained (with early stopping, including the rounds after the best one). */
    readonly rounds: number,
    /** Rounds kept in the model: the best validation round (1-based), or every round without validation. */
    readonly bestIteration: number,
    /** Present on a freshly trained model, absent on one loaded from JSON. */
    readonly fitScores?: GbdtFitScores,
  ) {}

  get numOutputs(): number {
    return this.initScore.length;
  }

  predictor(): Predictor {
    return compileGbdt(this.trees, this.initScore, this.featureNames.length, this.objective === 'softmax');
  }

  /** Total split gain per feature over every tree, largest first (ties in feature order). */
  importance(): { feature: string; gain: number }[] {
    const gain = new Float64Array(this.featureNames.length);
    for (const t of this.trees) for (let k = 0; k < t.feature.length; k++) gain[t.feature[k]] += t.gain[k];
    return this.featureNames.map((feature, f) => ({ feature, gain: gain[f], f })).sort((a, b) => b.gain - a.gain || a.f - b.f).map(({ feature, gain }) => ({ feature, gain }));
  }

  toJSON(): GbdtModelJSON {
    return {
      format: 'tachyon-gbdt',
      version: 1,
      objective: this.objective,
      featureNames: [...this.featureNames],
      initScore: Array.from(this.initScore),
      rounds: this.rounds,
      bestIteration: this.bestIteration,
      trees: this.trees.map((t) => ({
        feature: Array.from(t.feature),
        // JSON has no Infinity: null stands for it (a split sending every non-missing value left).
        threshold: Array.from(t.threshold, (v) => (v === Infinity ? null : v)),
        left: Array.from(t.left),
        right: Array.from(t.right),
        defaultLeft: Array.from(t.defaultLeft),
        gain: Array.from(t.gain),
        leafValue: Array.from(t.leafValue),
      })),
    };
  }

  static fromJSON(json: GbdtModelJSON): GbdtModel {
    if (json.format !== 'tachyon-gbdt' || json.version !== 1) throw new RangeError(`not a tachyon-gbdt v1 model: format ${String(json.format)}, version ${String(json.version)}`);
    if (json.objective !== 'softmax' && json.objective !== 'squared_error') throw new RangeError(`gbdt model: unknown objective ${String(json.objective)}`);
    const F = json.featureNames.length;
    const trees = json.trees.map((t, i): Tree => {
      const nodes = t.feature.length;
      const leaves = t.leafValue.length;
      const bad = (what: string): never => {
        throw new RangeError(`gbdt model: tree ${i}: ${what}`);
      };
      if (t.threshold.length !== nodes || t.left.length !== nodes || t.right.length !== nodes || t.defaultLeft.length !== nodes || t.gain.length !== nodes) bad('node arrays differ in length');
      if (leaves !== nodes + 1) bad(`${leaves} leaves for ${nodes} splits`);
      for (let k = 0; k < nodes; k++) {
        if (!(t.feature[k] >= 0 && t.feature[k] < F)) bad(`node ${k}: feature ${t.feature[k]} out of range`);
        for (const c of [t.left[k], t.right[k]]) if (!(c >= 0 ? c > k && c < nodes : ~c < leaves)) bad(`node ${k}: child ${c} out of range`);
      }
      return {
        feature: Int32Array.from(t.feature),
        threshold: Float64Array.from(t.threshold, (v) => (v === null ? Infinity : v)),
        left: Int32Array.from(t.left),
        right: Int32Array.from(t.right),
        defaultLeft: Uint8Array.from(t.defaultLeft),
        gain: Float64Array.from(t.gain),
        leafValue: Float64Array.from(t.leafValue),
      };
    });
    if (trees.length % json.initScore.length !== 0) throw new RangeError(`gbdt model: ${trees.length} trees is not a whole number of rounds of ${json.initScore.length}`);
    return new GbdtModel(json.objective, json.featureNames, Float64Array.from(json.initScore), trees, json.rounds, json.bestIteration);
  }
}
