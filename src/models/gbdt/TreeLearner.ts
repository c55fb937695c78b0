import type { BinnedRows, FeatureBins } from './FeatureBins.ts';
import type { GbdtOptions } from './GbdtOptions.ts';
import type { SoftmaxObjective } from './Objective.ts';
import type { Tree } from './Tree.ts';
import { FEATURE_SLOTS, histogramOf, learnerKernels, type LearnerKernels } from './learnerKernels.ts';

/**
 * Gradients and hessians of one tree as integers (LightGBM's quantised training, Shi et al. 2022): g ≈
 * gi · gScale with gi in [−Q, Q], h ≈ hi · hScale with hi in [1, Q] (a row always weighs at least one
 * unit, so a bin is empty exactly when its sum is 0). Each row's pair is packed into one double,
 * gi · 2^S + hi, with S chosen so that every sum over the tree's rows stays an exact integer below 2^53:
 * histogram sums, the subtraction trick and the split scan are then exact integer arithmetic carried by
 * doubles, in any order. Q is the largest power of two (≤ 2^15) that fits: 512 for 100 k rows (a row's
 * rounding error is then at most 1/1024 of the tree's largest |g| or h), 4 for 10 M rows (LightGBM's
 * default), 1 at the limit of 2^26 − 1 rows. Split search uses these sums; leaf values are computed
 * afterwards from the exact float gradients of each leaf's rows.
 */
class Quantizer {
  shift = 1;
  invShift = 1;
  gScale = 1;
  hScale = 1;

  /**
   * Fits the scales to output k's rows[0 .. m), writes their packed values and returns the packed sum.
   * `known`: max |g| and max h of those rows when already at hand (at known[2k], known[2k + 1]).
   */
  quantize(kernels: LearnerKernels, k: number, m: number, known: Float64Array | null): number {
    let maxG: number;
    let maxH: number;
    if (known) {
      maxG = known[2 * k];
      maxH = known[2 * k + 1];
    } else {
      kernels.maxima(k, 0, m);
      maxG = kernels.out[0];
      maxH = kernels.out[1];
    }
    // The largest Q (a power of two) with |Σgi| · 2^S + 2^S ≤ 2^52, where 2^S > Σhi: sums of m rows.
    let q = 1 << 15;
    let s = Math.ceil(Math.log2(q * m + 1));
    while (q > 1 && (q * m + 1) * 2 ** s > 2 ** 52) {
      q >>= 1;
      s = Math.ceil(Math.log2(q * m + 1));
    }
    if ((q * m + 1) * 2 ** s > 2 ** 52) throw new RangeError(`gbdt: ${m} rows in one tree: its histogram sums would not stay exact (at most 2^26 − 1 rows)`);
    this.shift = 2 ** s;
    this.invShift = 2 ** -s;
    this.gScale = maxG > 0 ? maxG / q : 1;
    this.hScale = maxH > 0 ? maxH / q : 1;
    return kernels.pack(k, 0, m, 1 / this.gScale, 1 / this.hScale, this.shift);
  }
}

/**
 * Grows one tree leaf-wise on binned rows (LightGBM's algorithm): always split the leaf whose best split
 * gains most, up to maxLeaves leaves and maxDepth. Each leaf keeps a histogram of quantised gradients
 * (256 slots per feature, one double per slot holding a bin's packed sums: one addition per row and
 * feature); after a split only the smaller child's histogram is built from rows, the larger one is
 * parent − smaller (the subtraction trick, exact on integers), and no histogram is built for a leaf that
 * can no longer split. A leaf's rows are a contiguous range of one index array, partitioned stably so
 * that they stay ascending (sequential reads). Every buffer is allocated once, in the constructor, and
 * reused by every tree. The loops over rows and bins (histograms, partitions, split scans, leaf sums,
 * margins, three-class gradients) run in `learnerKernels`, in WebAssembly; this class keeps the tree.
 */
export class TreeLearner {
  private readonly n: number;
  private readonly F: number;
  /** Doubles per histogram. */
  private readonly B: number;
  private readonly offsets: Int32Array;
  private readonly upper: readonly Float64Array[];
  private readonly hasNan: Uint8Array;
  private readonly stride: number;
  private readonly k: LearnerKernels;
  /** One histogram per leaf slot, maxLeaves slots (a view into the kernels' memory). */
  private readonly hist: Float64Array;
  private readonly q = new Quantizer();
  /** Packed quantised (g, h) of each row of the tree being grown. */
  private readonly packed: Float64Array;
  /** Per output: gradients and hessians of every row, interleaved (row i at 2i, 2i + 1); the caller fills them. */
  readonly gradients: readonly Float64Array[];
  /** Margins, row-major (scores[row · outputs + k]): the caller's, grown trees add to them. */
  readonly scores: Float64Array;
  /** Row indices; leaf l owns rows[leafStart[l] .. leafStart[l] + leafCount[l]). */
  private readonly rows: Int32Array;
  private readonly allFeatures: Int32Array;
  /** Whether the gradients came from the fused softmax kernel, with their maxima (a run takes one path throughout). */
  private maximaFresh = false;
  /** The labels last copied into the kernels' memory. */
  private labelsOf: Uint8Array | null = null;
  /** 0, 1, …, n − 1: every tree without a bag starts from these rows. */
  private readonly identity: Int32Array;

  // Per leaf; G and H in quantised units.
  private readonly leafStart: Int32Array;
  private readonly leafCount: Int32Array;
  private readonly leafDepth: Int32Array;
  private readonly leafG: Float64Array;
  private readonly leafH: Float64Array;
  private readonly leafSlot: Int32Array;
  /** Internal node whose child this leaf is (-1 for the root), and which side (1 left). */
  private readonly leafParent: Int32Array;
  private readonly leafIsLeft: Uint8Array;
  // Best split found for each leaf (gain in loss units, left sums in quantised units).
  private readonly bestGain: Float64Array;
  private readonly bestFeature: Int32Array;
  private readonly bestBin: Int32Array;
  private readonly bestDefaultLeft: Uint8Array;
  private readonly bestLeftG: Float64Array;
  private readonly bestLeftH: Float64Array;

  // Internal nodes of the tree being grown.
  private readonly nodeFeature: Int32Array;
  private readonly nodeBin: Int32Array;
  private readonly nodeLeft: Int32Array;
  private readonly nodeRight: Int32Array;
  private readonly nodeDefaultLeft: Uint8Array;
  private readonly nodeGain: Float64Array;
  private numLeaves = 0;
  private numNodes = 0;

  constructor(
    binned: BinnedRows,
    featureBins: FeatureBins,
    private readonly o: GbdtOptions,
    outputs: number,
  ) {
    this.n = binned.rows;
    this.F = binned.features;
    this.offsets = featureBins.offsets;
    this.upper = featureBins.upper;
    this.hasNan = featureBins.hasNan;
    this.stride = binned.stride;
    // Padding bytes of a row land in the histograms of features past F, which nothing reads.
    this.B = binned.stride * FEATURE_SLOTS;
    const L = o.maxLeaves;
    this.k = learnerKernels({ rows: this.n, features: this.F, stride: binned.stride, slots: L, slotDoubles: this.B, outputs }, o.wasm);
    this.gradients = this.k.gh;
    this.scores = this.k.scores;
    this.k.byRow.set(binned.byRow);
    this.k.byColumn.set(binned.byColumn);
    for (let f = 0; f < this.F; f++) {
      this.k.binCount[f] = this.offsets[f + 1] - this.offsets[f] - 1;
      this.k.hasNan[f] = this.hasNan[f];
    }
    this.hist = this.k.hist;
    this.packed = this.k.packed;
    this.rows = this.k.rows;
    this.allFeatures = Int32Array.from({ length: this.F }, (_, f) => f);
    this.identity = Int32Array.from({ length: this.n }, (_, i) => i);
    this.leafStart = new Int32Array(L);
    this.leafCount = new Int32Array(L);
    this.leafDepth = new Int32Array(L);
    this.leafG = new Float64Array(L);
    this.leafH = new Float64Array(L);
    this.leafSlot = new Int32Array(L);
    this.leafParent = new Int32Array(L);
    this.leafIsLeft = new Uint8Array(L);
    this.bestGain = new Float64Array(L);
    this.bestFeature = new Int32Array(L);
    this.bestBin = new Int32Array(L);
    this.bestDefaultLeft = new Uint8Array(L);
    this.bestLeftG = new Float64Array(L);
    this.bestLeftH = new Float64Array(L);
    this.nodeFeature = new Int32Array(L);
    this.nodeBin = new Int32Array(L);
    this.nodeLeft = new Int32Array(L);
    this.nodeRight = new Int32Array(L);
    this.nodeDefaultLeft = new Uint8Array(L);
    this.nodeGain = new Float64Array(L);
  }

  /**
   * Grows a tree on output k's gradients. `bag`: the rows to grow on (ascending), or null for all;
   * `features`: the features it may split on (ascending), or null for all.
   */
  grow(k: number, bag: Int32Array | null, features: Int32Array | null): Tree {
    const feats = features ?? this.allFeatures;
    this.k.featureList.set(feats);
    const m = bag ? bag.length : this.n;
    this.rows.set(bag ?? this.identity);
    // The fused softmax kernel found every row's maxima: without a bag they are this tree's.
    const sum = this.q.quantize(this.k, k, m, bag === null && this.maximaFresh && this.k.softmax3 ? this.k.softmax3.maxima : null);
    this.numLeaves = 1;
    this.numNodes = 0;
    this.leafStart[0] = 0;
    this.leafCount[0] = m;
    this.leafDepth[0] = 0;
    this.leafSlot[0] = 0;
    this.leafParent[0] = -1;
    const G = Math.floor(sum * this.q.invShift);
    this.leafG[0] = G;
    this.leafH[0] = sum - G * this.q.shift;
    this.bestGain[0] = -Infinity;
    if (this.splittable(0)) {
      this.buildHistogram(0, 0, m, feats);
      this.findBestSplit(0, feats);
    }
    this.splitLeaves(feats);
    return this.emit(k);
  }

  /** Splits the leaf that gains most until none gains or the leaf budget is spent. */
  private splitLeaves(feats: Int32Array): void {
    // The loops of a hot method sit where nothing follows them (see learnerKernels.ts).
    const o = this.o;
    while (this.numLeaves < o.maxLeaves) {
      let best = -1;
      for (let l = 0; l < this.numLeaves; l++) if (this.bestGain[l] > o.minSplitGain && (best < 0 || this.bestGain[l] > this.bestGain[best])) best = l;
      if (best < 0) return;
      this.split(best, feats);
    }
  }

  /** Whether a leaf may still be split (depth, size, leaf budget), hence whether it needs a histogram. */
  private splittable(l: number): boolean {
    const o = this.o;
    return (o.maxDepth <= 0 || this.leafDepth[l] < o.maxDepth) && this.leafCount[l] >= 2 * o.minDataInLeaf && this.numLeaves < o.maxLeaves;
  }

  private split(l: number, feats: Int32Array): void {
    const f = this.bestFeature[l];
    const tb = this.bestBin[l];
    const dl = this.bestDefaultLeft[l];
    const node = this.numNodes++;
    this.nodeFeature[node] = f;
    this.nodeBin[node] = tb;
    this.nodeDefaultLeft[node] = dl;
    this.nodeGain[node] = this.bestGain[l];
    const parent = this.leafParent[l];
    if (parent >= 0) {
      if (this.leafIsLeft[l]) this.nodeLeft[parent] = node;
      else this.nodeRight[parent] = node;
    }
    // Stable partition: left rows compact forwards in place, right rows go through the scratch buffer.
    // Branch-free (left/right is a coin flip to the branch predictor): the side comes from a table.
    const goLeft = this.k.goLeft;
    goLeft.fill(4, 0, tb + 1);
    goLeft.fill(0, tb + 1);
    if (dl === 1) goLeft[this.offsets[f + 1] - this.offsets[f] - 1] = 4;
    const start = this.leafStart[l];
    const end = start + this.leafCount[l];
    const nl = this.k.partition(start, end, f);
    const nr = end - nl;
    this.rows.set(this.k.scratch.subarray(0, nr), nl);

    const r = this.numLeaves++;
    const depth = this.leafDepth[l] + 1;
    const G = this.leafG[l];
    const H = this.leafH[l];
    this.leafCount[l] = nl - start;
    this.leafStart[r] = nl;
    this.leafCount[r] = nr;
    this.leafDepth[l] = depth;
    this.leafDepth[r] = depth;
    this.leafG[l] = this.bestLeftG[l];
    this.leafH[l] = this.bestLeftH[l];
    this.leafG[r] = G - this.bestLeftG[l];
    this.leafH[r] = H - this.bestLeftH[l];
    this.nodeLeft[node] = ~l;
    this.nodeRight[node] = ~r;
    this.leafParent[l] = node;
    this.leafIsLeft[l] = 1;
    this.leafParent[r] = node;
    this.leafIsLeft[r] = 0;
    this.bestGain[l] = -Infinity;
    this.bestGain[r] = -Infinity;

    const canL = this.splittable(l);
    const canR = this.splittable(r);
    if (!canL && !canR) return;
    const small = this.leafCount[l] <= this.leafCount[r] ? l : r;
    const large = small === l ? r : l;
    // Slots in use are always 0 .. numLeaves − 1, so slot r (the new leaf's number) is free.
    const parentSlot = this.leafSlot[l];
    this.leafSlot[small] = r;
    this.leafSlot[large] = parentSlot;
    this.buildHistogram(r, this.leafStart[small], this.leafStart[small] + this.leafCount[small], feats);
    if (small === l ? canR : canL) {
      this.subtract(parentSlot, r);
      this.findBestSplit(large, feats);
    }
    if (small === l ? canL : canR) this.findBestSplit(small, feats);
  }

  private buildHistogram(slot: number, start: number, end: number, feats: Int32Array): void {
    const base = slot * this.B;
    this.hist.fill(0, base, base + this.B);
    if (feats.length === this.F) this.k.histogram(base, start, end);
    else histogramOf(this.hist, base, this.rows, start, end, this.packed, this.k.byRow, this.stride, feats);
  }

  /** hist[into] −= hist[from] (whole slots: bins no row reaches are 0 in both). */
  private subtract(into: number, from: number): void {
    this.k.subtract(into * this.B, from * this.B, this.B);
  }

  /**
   * Scans every feature's bins for the split that gains most; NaN rows are tried on both sides. Sums are
   * in quantised units: gain = gScale²/hScale · (gl²/(hl + λ') + gr²/(hr + λ') − G²/(H + λ')), λ' = λ/hScale.
   */
  private findBestSplit(l: number, feats: Int32Array): void {
    const o = this.o;
    const qz = this.q;
    const shift = qz.shift;
    const inv = qz.invShift;
    const lambda = o.lambda / qz.hScale;
    const G = this.leafG[l];
    const H = this.leafH[l];
    // Both constraints as one bound on a side's hessian: its row count is estimated as hessian · C / H.
    // At least one unit: a side holds a row.
    const hMin = Math.max(1, o.minChildHessian / qz.hScale, ((o.minDataInLeaf - 0.5) * H) / this.leafCount[l]);
    const hMax = H - hMin;
    const parentScore = (G * G) / (H + lambda);
    this.k.scan(this.leafSlot[l] * this.B, feats.length, G, H, hMin, hMax, lambda, shift, inv);
    const best = this.k.best;
    const bestF = best[1];
    this.bestGain[l] = bestF < 0 ? -Infinity : ((best[0] - parentScore) * qz.gScale * qz.gScale) / qz.hScale;
    this.bestFeature[l] = bestF;
    this.bestBin[l] = best[2];
    this.bestDefaultLeft[l] = best[3];
    this.bestLeftG[l] = best[4];
    this.bestLeftH[l] = best[5];
  }

  /**
   * The grown tree, compacted. Leaf values are −G/(H + λ) · learning rate on the exact gradient sums of
   * each leaf's rows (quantisation only chose the splits).
   */
  private emit(output: number): Tree {
    const k = this.numNodes;
    const threshold = new Float64Array(k);
    for (let i = 0; i < k; i++) threshold[i] = this.upper[this.nodeFeature[i]][this.nodeBin[i]];
    const leafValue = new Float64Array(this.numLeaves);
    for (let l = 0; l < this.numLeaves; l++) {
      const start = this.leafStart[l];
      leafValue[l] = this.k.newtonStep(output, start, start + this.leafCount[l], this.o.lambda) * this.o.learningRate;
    }
    return {
      feature: this.nodeFeature.slice(0, k),
      threshold,
      left: this.nodeLeft.slice(0, k),
      right: this.nodeRight.slice(0, k),
      defaultLeft: this.nodeDefaultLeft.slice(0, k),
      gain: this.nodeGain.slice(0, k),
      leafValue,
    };
  }

  /**
   * Softmax gradients of three classes for every row from `scores`, in the WebAssembly kernels: the same
   * bits as `objective.gradients`, faster. False (nothing done) when the kernels cannot.
   */
  softmaxGradients(objective: SoftmaxObjective, y: Uint8Array): boolean {
    const fused = this.k.softmax3;
    if (fused === null || objective.numOutputs !== 3) return false;
    if (this.labelsOf !== y) {
      fused.labels.set(y);
      this.labelsOf = y;
    }
    fused.classWeights.set(objective.classWeights);
    fused.run();
    this.maximaFresh = true;
    return true;
  }

  /** Adds the last tree's leaf values to output k's margins (`scores`) of the rows it was grown on. */
  addToGrownRows(k: number, leafValue: Float64Array): void {
    for (let l = 0; l < this.numLeaves; l++) {
      const start = this.leafStart[l];
      this.k.addToRows(k, start, start + this.leafCount[l], leafValue[l]);
    }
  }

  /**
   * Adds the last tree's leaf values to margins of other binned rows (out-of-bag or validation rows),
   * walking each row down the tree on bins: "bin ≤ b" is "value ≤ threshold", so this is the predictor's walk.
   */
  addToBinnedRows(binned: BinnedRows, skip: Uint8Array | null, scores: Float64Array, K: number, k: number, leafValue: Float64Array): void {
    const n = binned.rows;
    const col = binned.byColumn;
    for (let i = 0; i < n; i++) {
      if (skip && skip[i]) continue;
      let node = this.numNodes > 0 ? 0 : -1;
      while (node >= 0) {
        const f = this.nodeFeature[node];
        const b = col[f * n + i];
        const nanBin = this.offsets[f + 1] - this.offsets[f] - 1;
        node = b <= this.nodeBin[node] || (this.nodeDefaultLeft[node] === 1 && b === nanBin) ? this.nodeLeft[node] : this.nodeRight[node];
      }
      scores[i * K + k] += leafValue[~node];
    }
  }
}
