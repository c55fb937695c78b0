/**
 * Training parameters of the histogram GBDT. Defaults follow LightGBM/XGBoost so that results compare
 * with theirs without tuning: learning rate 0.1, 31 leaves, depth 6, 20 rows per leaf, L2 λ = 1.
 */
export interface GbdtOptions {
  /** Boosting rounds (a round grows one tree per class). */
  rounds: number;
  /** Shrinkage applied to every leaf value. */
  learningRate: number;
  /** Leaf-wise growth stops at this many leaves. */
  maxLeaves: number;
  /** Depth limit (root at depth 0); 0 or less: unlimited. */
  maxDepth: number;
  /** Fewest training rows a leaf may hold. */
  minDataInLeaf: number;
  /** Smallest sum of hessians a child may have (LightGBM's min_sum_hessian_in_leaf). */
  minChildHessian: number;
  /** L2 regularisation of leaf values. */
  lambda: number;
  /** A split must gain more than this. */
  minSplitGain: number;
  /** Bins per feature for non-missing values (≤ 255: one more is kept for NaN, all in a Uint8). */
  maxBins: number;
  /** Training rows used to place bin boundaries (a seeded sample when there are more). */
  binSampleRows: number;
  /** Share of training rows drawn (seeded, without replacement) for each round; 1 = all. */
  subsample: number;
  /** Share of features drawn (seeded) for each tree; 1 = all. */
  colsample: number;
  /** Stop when the validation loss has not improved for this many rounds (needs validation rows); 0 = never. */
  earlyStoppingRounds: number;
  seed: number;
  /**
   * Softmax only: 'balanced' weights each row by n / (K · count of its class) in the training part
   * (as the logistic model does), so that rare moves are not drowned by the stationary class; 'none'
   * (default) matches XGBoost's unweighted objective.
   */
  classWeight: 'none' | 'balanced';
  /**
   * Run the learner's hot loops (histograms, partitions) in WebAssembly when the runtime has it (default);
   * false: the same loops in plain JavaScript, which grow the same trees bit for bit, slower.
   */
  wasm: boolean;
}

export const DEFAULT_GBDT_OPTIONS: Readonly<GbdtOptions> = Object.freeze({
  rounds: 500,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: 6,
  minDataInLeaf: 20,
  minChildHessian: 1e-3,
  lambda: 1,
  minSplitGain: 0,
  maxBins: 255,
  binSampleRows: 200_000,
  subsample: 1,
  colsample: 1,
  earlyStoppingRounds: 20,
  seed: 1,
  classWeight: 'none',
  wasm: true,
});

/** Defaults filled in and every value checked, with a message naming the bad option. */
export function resolveGbdtOptions(options: Partial<GbdtOptions> = {}): GbdtOptions {
  const o: GbdtOptions = { ...DEFAULT_GBDT_OPTIONS, ...options };
  const need = (ok: boolean, name: keyof GbdtOptions, what: string): void => {
    if (!ok) throw new RangeError(`gbdt option ${name} must be ${what}, got ${String(o[name])}`);
  };
  need(Number.isInteger(o.rounds) && o.rounds >= 1, 'rounds', 'an integer ≥ 1');
  need(o.classWeight === 'none' || o.classWeight === 'balanced', 'classWeight', "'none' or 'balanced'");
  need(o.learningRate > 0 && Number.isFinite(o.learningRate), 'learningRate', '> 0');
  need(Number.isInteger(o.maxLeaves) && o.maxLeaves >= 2, 'maxLeaves', 'an integer ≥ 2');
  need(Number.isInteger(o.maxDepth), 'maxDepth', 'an integer');
  need(Number.isInteger(o.minDataInLeaf) && o.minDataInLeaf >= 1, 'minDataInLeaf', 'an integer ≥ 1');
  need(o.minChildHessian >= 0, 'minChildHessian', '≥ 0');
  need(o.lambda >= 0 && Number.isFinite(o.lambda), 'lambda', '≥ 0');
  need(o.minSplitGain >= 0, 'minSplitGain', '≥ 0');
  need(Number.isInteger(o.maxBins) && o.maxBins >= 2 && o.maxBins <= 255, 'maxBins', 'an integer in [2, 255]');
  need(Number.isInteger(o.binSampleRows) && o.binSampleRows >= 1, 'binSampleRows', 'an integer ≥ 1');
  need(o.subsample > 0 && o.subsample <= 1, 'subsample', 'in (0, 1]');
  need(o.colsample > 0 && o.colsample <= 1, 'colsample', 'in (0, 1]');
  need(Number.isInteger(o.earlyStoppingRounds) && o.earlyStoppingRounds >= 0, 'earlyStoppingRounds', 'an integer ≥ 0');
  need(Number.isInteger(o.seed), 'seed', 'an integer');
  need(typeof o.wasm === 'boolean', 'wasm', 'true or false');
  return o;
}
