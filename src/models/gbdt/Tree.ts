/**
 * One regression tree as the trainer grows it. Internal nodes are numbered from 0 (the root, when there
 * is a split); a child index c ≥ 0 is an internal node, c < 0 is leaf ~c. Row x goes left when
 * x[feature] ≤ threshold, NaN goes left when defaultLeft is 1.
 */
export interface Tree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  /** Loss reduction of each split (the gain importance sums these). */
  readonly gain: Float64Array;
  /** Leaf outputs, shrinkage already applied. */
  readonly leafValue: Float64Array;
}

/** A tree's leaf for one raw row: the same walk as the compiled predictor, for tests and tools. */
export function leafOf(tree: Tree, x: ArrayLike<number>): number {
  let node = tree.feature.length > 0 ? 0 : -1;
  while (node >= 0) {
    const v = x[tree.feature[node]];
    node = v <= tree.threshold[node] ? tree.left[node] : v > tree.threshold[node] || !tree.defaultLeft[node] ? tree.right[node] : tree.left[node];
  }
  return ~node;
}
