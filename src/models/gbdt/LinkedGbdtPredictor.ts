import type { Predictor } from '../Predictor.ts';
import type { Tree } from './Tree.ts';
import { softmax } from '../softmax.ts';

/**
 * A tree ensemble compiled for inference as linked nodes: every tree's nodes concatenated into flat
 * typed arrays, raw thresholds (no binning at inference), leaves as negative child indices. The layout
 * for ensembles too deep to pad into complete trees (see GbdtPredictor, which is used otherwise).
 * `predict` allocates nothing. Margins start at the initial scores and add the trees in training order,
 * the same sums in the same order as the trainer, so outputs equal the trainer's bit for bit.
 */
export class LinkedGbdtPredictor implements Predictor {
  readonly kind = 'gbdt';
  readonly numOutputs: number;
  private readonly root: Int32Array;
  private readonly treeOutput: Int32Array;
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly defaultLeft: Uint8Array;
  /** child[2·node] = left, child[2·node + 1] = right: the branch-free walk indexes it with (x > t). */
  private readonly child: Int32Array;
  private readonly leafValue: Float64Array;

  constructor(
    trees: readonly Tree[],
    private readonly initScore: Float64Array,
    readonly numFeatures: number,
    /** Softmax over the margins (classification), or the raw margin (regression). */
    private readonly probabilities: boolean,
  ) {
    this.numOutputs = initScore.length;
    let nodes = 0;
    let leaves = 0;
    for (const t of trees) {
      nodes += t.feature.length;
      leaves += t.leafValue.length;
    }
    this.root = new Int32Array(trees.length);
    this.treeOutput = new Int32Array(trees.length);
    this.feature = new Int32Array(nodes);
    this.threshold = new Float64Array(nodes);
    this.left = new Int32Array(nodes);
    this.right = new Int32Array(nodes);
    this.defaultLeft = new Uint8Array(nodes);
    this.leafValue = new Float64Array(leaves);
    this.child = new Int32Array(2 * nodes);
    const relink = (c: number, nodeBase: number, leafBase: number): number => (c >= 0 ? c + nodeBase : ~(~c + leafBase));
    let nodeBase = 0;
    let leafBase = 0;
    trees.forEach((t, i) => {
      // Trees of one round follow each other, one per output.
      this.treeOutput[i] = i % this.numOutputs;
      this.root[i] = t.feature.length > 0 ? nodeBase : ~leafBase;
      for (let k = 0; k < t.feature.length; k++) {
        this.feature[nodeBase + k] = t.feature[k];
        this.threshold[nodeBase + k] = t.threshold[k];
        this.left[nodeBase + k] = relink(t.left[k], nodeBase, leafBase);
        this.right[nodeBase + k] = relink(t.right[k], nodeBase, leafBase);
        this.defaultLeft[nodeBase + k] = t.defaultLeft[k];
      }
      this.leafValue.set(t.leafValue, leafBase);
      for (let k = 0; k < t.feature.length; k++) {
        this.child[2 * (nodeBase + k)] = this.left[nodeBase + k];
        this.child[2 * (nodeBase + k) + 1] = this.right[nodeBase + k];
      }
      nodeBase += t.feature.length;
      leafBase += t.leafValue.length;
    });
  }

  predict(x: Float64Array, out: Float64Array): void {
    const k = this.numOutputs;
    for (let c = 0; c < k; c++) out[c] = this.initScore[c];
    let hasNaN = false;
    for (let j = 0; j < x.length; j++) if (x[j] !== x[j]) hasNaN = true;
    if (hasNaN) this.walkWithMissing(x, out);
    else this.walk(x, out);
    if (this.probabilities) softmax(out, 0, k, out, 0);
  }

  /** No missing values (the usual row): two trees are walked side by side so that their load chains overlap. */
  private walk(x: Float64Array, out: Float64Array): void {
    const { root, treeOutput, feature, threshold, child, leafValue } = this;
    const n = root.length;
    let t = 0;
    for (; t + 1 < n; t += 2) {
      let a = root[t];
      let b = root[t + 1];
      while (a >= 0 || b >= 0) {
        if (a >= 0) a = child[2 * a + (x[feature[a]] > threshold[a] ? 1 : 0)];
        if (b >= 0) b = child[2 * b + (x[feature[b]] > threshold[b] ? 1 : 0)];
      }
      out[treeOutput[t]] += leafValue[~a];
      out[treeOutput[t + 1]] += leafValue[~b];
    }
    for (; t < n; t++) {
      let node = root[t];
      while (node >= 0) node = child[2 * node + (x[feature[node]] > threshold[node] ? 1 : 0)];
      out[treeOutput[t]] += leafValue[~node];
    }
  }

  /** A row with NaN: each split sends it its learned default way. */
  private walkWithMissing(x: Float64Array, out: Float64Array): void {
    const { root, treeOutput, feature, threshold, left, right, defaultLeft, leafValue } = this;
    for (let t = 0; t < root.length; t++) {
      let node = root[t];
      while (node >= 0) {
        const v = x[feature[node]];
        node = v <= threshold[node] ? left[node] : v > threshold[node] || defaultLeft[node] === 0 ? right[node] : left[node];
      }
      out[treeOutput[t]] += leafValue[~node];
    }
  }
}
