import type { Predictor } from '../Predictor.ts';
import type { Tree } from './Tree.ts';
import { softmax } from '../softmax.ts';
import { LinkedGbdtPredictor } from './LinkedGbdtPredictor.ts';

/**
 * Deepest ensemble padded into complete trees: a tree then takes 2^depth leaves (256 at depth 8, about
 * 6 KiB), whatever it really has. Deeper ensembles (maxDepth ≤ 0 or > 8) keep their linked nodes.
 */
export const MAX_COMPLETE_DEPTH = 8;

/** The compiled predictor of a tree ensemble: complete trees when shallow enough, linked nodes otherwise. */
export function compileGbdt(trees: readonly Tree[], initScore: Float64Array, numFeatures: number, probabilities: boolean): Predictor {
  const depth = trees.reduce((d, t) => Math.max(d, treeDepth(t)), 0);
  return depth <= MAX_COMPLETE_DEPTH ? new GbdtPredictor(trees, initScore, numFeatures, probabilities, depth) : new LinkedGbdtPredictor(trees, initScore, numFeatures, probabilities);
}

/** Splits on the longest root-to-leaf path (0 for a lone leaf). */
export function treeDepth(t: Tree): number {
  let max = 0;
  const stack = t.feature.length > 0 ? [0, 0] : [];
  while (stack.length > 0) {
    const level = stack.pop() as number;
    const node = stack.pop() as number;
    for (const c of [t.left[node], t.right[node]]) {
      if (c >= 0) stack.push(c, level + 1);
      else max = Math.max(max, level + 1);
    }
  }
  return max;
}

/**
 * A tree ensemble compiled for single-row inference as complete binary trees of one depth D (the
 * ensemble's deepest tree). A shallower leaf is copied to every slot below it, and the padding splits
 * above those copies (+∞ thresholds) may send a row either way, so each tree is exactly D comparisons in
 * heap order: the children of node i are 2i + 1 and 2i + 2, with no child pointers and no "is this a
 * leaf?" test. The step `i = 2i + 1 + Number(!(x ≤ t))` compiles to a compare and a flag-to-register
 * move, not a branch (a ternary would compile to a branch mispredicted about every other level), and six
 * trees are walked side by side so that their independent load chains overlap.
 *
 * The arrays are plain packed JS arrays, not typed arrays, on purpose: once any ArrayBuffer in the
 * process has been detached (tfjs and WebAssembly memory growth do it), V8 re-checks every typed-array
 * access for a detached buffer, which made this walk about 1.5× slower; packed arrays of doubles and of
 * small integers are as compact and have no such check. The row is copied into one per call.
 *
 * `!(x ≤ t)` also sends NaN right, which is the trainer's direction wherever no default was learned
 * (defaultLeft 0). Only when some split learned to send NaN left is a row scanned for NaN, and such a row
 * takes a walk that reads the learned directions.
 *
 * Margins start at the initial scores and add the trees in training order (round-major, so each class
 * sees its own trees in order): the same sums in the same order as the trainer, so outputs equal its
 * own bit for bit. `predict` allocates nothing.
 */
export class GbdtPredictor implements Predictor {
  readonly kind = 'gbdt';
  readonly numOutputs: number;
  /** Internal nodes of tree t at [t·(2^D − 1), (t + 1)·(2^D − 1)), heap order; padding splits: feature 0, +∞. */
  private readonly feature: number[];
  private readonly threshold: number[];
  /** Present only when some split sends NaN left. */
  private readonly defaultLeft: Uint8Array | null;
  /** Leaves of tree t at [t·2^D, (t + 1)·2^D), left to right. */
  private readonly leafValue: number[];
  /** The row being predicted, copied (see above). */
  private readonly row: number[];
  private readonly trees: number;

  constructor(
    trees: readonly Tree[],
    private readonly initScore: Float64Array,
    readonly numFeatures: number,
    /** Softmax over the margins (classification), or the raw margin (regression). */
    private readonly probabilities: boolean,
    /** At least the depth of every tree. */
    private readonly depth: number,
  ) {
    this.numOutputs = initScore.length;
    this.trees = trees.length;
    const inner = (1 << depth) - 1;
    const leaves = 1 << depth;
    const feature = new Int32Array(trees.length * inner);
    const threshold = new Float64Array(trees.length * inner).fill(Infinity);
    const leafValue = new Float64Array(trees.length * leaves);
    const sendsNanLeft = trees.some((t) => t.defaultLeft.some((d) => d !== 0));
    this.defaultLeft = sendsNanLeft ? new Uint8Array(trees.length * inner) : null;
    trees.forEach((t, ti) => {
      const nodeBase = ti * inner;
      const leafBase = ti * leaves - inner;
      // (source child, heap slot, level) from the root; a leaf fills the slots of its whole subtree.
      const stack = [t.feature.length > 0 ? 0 : -1, 0, 0];
      while (stack.length > 0) {
        const level = stack.pop() as number;
        const slot = stack.pop() as number;
        const c = stack.pop() as number;
        if (c >= 0) {
          if (level >= depth) throw new RangeError(`gbdt: tree ${ti} is deeper than ${depth}`);
          feature[nodeBase + slot] = t.feature[c];
          threshold[nodeBase + slot] = t.threshold[c];
          if (this.defaultLeft) this.defaultLeft[nodeBase + slot] = t.defaultLeft[c];
          stack.push(t.left[c], 2 * slot + 1, level + 1, t.right[c], 2 * slot + 2, level + 1);
        } else {
          const span = 1 << (depth - level);
          const first = (slot + 1) * span - 1;
          leafValue.fill(t.leafValue[~c], leafBase + first, leafBase + first + span);
        }
      }
    });
    this.feature = Array.from(feature);
    this.threshold = packedDoubles(threshold);
    this.leafValue = packedDoubles(leafValue);
    this.row = packedDoubles(new Float64Array(numFeatures));
  }

  predict(x: Float64Array, out: Float64Array): void {
    const k = this.numOutputs;
    for (let c = 0; c < k; c++) out[c] = this.initScore[c];
    const row = this.row;
    for (let j = 0; j < row.length; j++) row[j] = x[j];
    if (this.defaultLeft !== null && hasNaN(row)) addTreesWithMissing(row, this.feature, this.threshold, this.defaultLeft, this.leafValue, this.trees, this.depth, k, out);
    else addTrees(row, this.feature, this.threshold, this.leafValue, this.trees, this.depth, k, out);
    if (this.probabilities) softmax(out, 0, k, out, 0);
  }
}

/**
 * The values in a packed array of unboxed doubles (V8's PACKED_DOUBLE_ELEMENTS) even when they are all
 * small integers, so that every predictor's arrays have the same elements kind and the walk stays
 * monomorphic: the array starts from a double literal, and elements kinds never narrow.
 */
function packedDoubles(values: Float64Array): number[] {
  const a = [0.5];
  a.length = 0;
  for (let i = 0; i < values.length; i++) a.push(values[i]);
  return a;
}

function hasNaN(row: readonly number[]): boolean {
  let nan = false;
  for (let j = 0; j < row.length; j++) nan = nan || row[j] !== row[j];
  return nan;
}

/**
 * Adds every tree's leaf to margin[tree mod k], in tree order. Six trees at a time: their six walks are
 * independent, so the CPU overlaps them; their leaves are then added in tree order, in registers for the
 * usual one (regression) or three (direction) outputs.
 */
function addTrees(x: readonly number[], feature: readonly number[], threshold: readonly number[], leaf: readonly number[], trees: number, depth: number, k: number, margin: Float64Array): void {
  const inner = (1 << depth) - 1;
  const leaves = 1 << depth;
  let m0 = margin[0];
  let m1 = k > 1 ? margin[1] : 0;
  let m2 = k > 2 ? margin[2] : 0;
  let t = 0;
  for (; t + 6 <= trees; t += 6) {
    const a0 = t * inner;
    const a1 = a0 + inner;
    const a2 = a1 + inner;
    const a3 = a2 + inner;
    const a4 = a3 + inner;
    const a5 = a4 + inner;
    let i0 = 0;
    let i1 = 0;
    let i2 = 0;
    let i3 = 0;
    let i4 = 0;
    let i5 = 0;
    for (let d = 0; d < depth; d++) {
      i0 = (2 * i0 + 1 + Number(!(x[feature[a0 + i0]] <= threshold[a0 + i0]))) | 0;
      i1 = (2 * i1 + 1 + Number(!(x[feature[a1 + i1]] <= threshold[a1 + i1]))) | 0;
      i2 = (2 * i2 + 1 + Number(!(x[feature[a2 + i2]] <= threshold[a2 + i2]))) | 0;
      i3 = (2 * i3 + 1 + Number(!(x[feature[a3 + i3]] <= threshold[a3 + i3]))) | 0;
      i4 = (2 * i4 + 1 + Number(!(x[feature[a4 + i4]] <= threshold[a4 + i4]))) | 0;
      i5 = (2 * i5 + 1 + Number(!(x[feature[a5 + i5]] <= threshold[a5 + i5]))) | 0;
    }
    // Heap slot i of a leaf is leaf i − inner of its tree.
    const l0 = t * leaves - inner;
    const v0 = leaf[l0 + i0];
    const v1 = leaf[l0 + leaves + i1];
    const v2 = leaf[l0 + 2 * leaves + i2];
    const v3 = leaf[l0 + 3 * leaves + i3];
    const v4 = leaf[l0 + 4 * leaves + i4];
    const v5 = leaf[l0 + 5 * leaves + i5];
    if (k === 3) {
      m0 += v0;
      m1 += v1;
      m2 += v2;
      m0 += v3;
      m1 += v4;
      m2 += v5;
    } else if (k === 1) {
      m0 += v0;
      m0 += v1;
      m0 += v2;
      m0 += v3;
      m0 += v4;
      m0 += v5;
    } else {
      margin[t % k] += v0;
      margin[(t + 1) % k] += v1;
      margin[(t + 2) % k] += v2;
      margin[(t + 3) % k] += v3;
      margin[(t + 4) % k] += v4;
      margin[(t + 5) % k] += v5;
    }
  }
  if (k === 1 || k === 3) {
    margin[0] = m0;
    if (k === 3) {
      margin[1] = m1;
      margin[2] = m2;
    }
  }
  for (; t < trees; t++) {
    const a = t * inner;
    let i = 0;
    for (let d = 0; d < depth; d++) i = (2 * i + 1 + Number(!(x[feature[a + i]] <= threshold[a + i]))) | 0;
    margin[t % k] += leaf[t * leaves - inner + i];
  }
}

/** A row with NaN in an ensemble where some split sends NaN left: each split sends it its learned way. */
function addTreesWithMissing(x: readonly number[], feature: readonly number[], threshold: readonly number[], defaultLeft: Uint8Array, leaf: readonly number[], trees: number, depth: number, k: number, margin: Float64Array): void {
  const inner = (1 << depth) - 1;
  const leaves = 1 << depth;
  for (let t = 0; t < trees; t++) {
    const a = t * inner;
    let i = 0;
    for (let d = 0; d < depth; d++) {
      const v = x[feature[a + i]];
      i = 2 * i + (v <= threshold[a + i] || (v !== v && defaultLeft[a + i] === 1) ? 1 : 2);
    }
    margin[t % k] += leaf[t * leaves - inner + i];
  }
}
