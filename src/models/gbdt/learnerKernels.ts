import { EMPTY, F64, I32, encodeWasmModule, f64, i32, memarg, op, uleb, wasmApi } from '../nn/wasmModule.ts';
import { EXP2_FRACTION, EXP_TABLE_BITS, LN2_STEP_HI, LN2_STEP_LO, POW2_NEGATIVE, TABLE_SIZE_OVER_LN2 } from './expNonPositive.ts';
import { HESSIAN_FACTOR, MIN_HESSIAN } from './Objective.ts';

/** Slots (doubles) per feature in a histogram: a Uint8 bin indexes its slot directly. */
export const FEATURE_SLOTS = 256;

/**
 * The tree learner's working memory and its hot loops: histograms, partitions, the split scan, the
 * quantisation of gradients, leaf sums, margin updates and (three classes) the softmax gradients. The
 * arrays are views over one WebAssembly memory, and the loops are a small WebAssembly module written for
 * this data set (its addresses and the number of features are constants in the code, the per-feature
 * histogram loop unrolled): no bounds checks and addresses folded into the loads, 2–3× faster than the
 * same loops in JavaScript (histograms, partitions). Where WebAssembly is missing (or the data would not
 * fit in 4 GiB), the same loops run in JavaScript over plain arrays. Both do the same floating-point
 * operations in the same order, so they grow the same trees bit for bit (learnerKernels.test.ts).
 */
export interface LearnerKernels {
  /** True when the loops run in WebAssembly. */
  readonly wasm: boolean;
  /** `slots` histograms of `slotDoubles` doubles. */
  readonly hist: Float64Array;
  /** Row indices, partitioned leaf by leaf. */
  readonly rows: Int32Array;
  /** The right-hand rows of a partition, before they are copied back after the left ones. */
  readonly scratch: Int32Array;
  /** One packed quantised (g, h) per row. */
  readonly packed: Float64Array;
  /** Bins, row-major (`stride` bytes per row). */
  readonly byRow: Uint8Array;
  /** Bins, column-major (feature f of row r at f · n + r). */
  readonly byColumn: Uint8Array;
  /** The side of each bin under the split being applied: 4 (one Int32 step) left, 0 right. */
  readonly goLeft: Uint8Array;
  /** Per output: the rows' gradients and hessians, interleaved (row r at 2r, 2r + 1). */
  readonly gh: readonly Float64Array[];
  /** Margins, row-major: scores[r · outputs + k]. */
  readonly scores: Float64Array;
  /** Where `maxima` leaves its results. */
  readonly out: Float64Array;
  /** Per feature: its non-missing bins (the NaN bin comes right after them). */
  readonly binCount: Int32Array;
  /** Per feature: 1 when NaN rows may exist (a default direction is then learned). */
  readonly hasNan: Int32Array;
  /** The features `scan` looks at, ascending (the first `count` entries). */
  readonly featureList: Int32Array;
  /** `scan`'s result: score, feature (−1: none), bin, default-left, left G, left H. */
  readonly best: Float64Array;
  /**
   * Three-class softmax gradients into `gh` from `scores`, `labels` and `classWeights` (views to fill
   * first): SoftmaxObjective's softmaxGradients3, operation for operation; `maxima` then holds each
   * class's max |g| and max h over all rows (as `maxima()` would leave them in `out`: classes 0, 1, 2 at
   * 0–1, 2–3, 4–5). Null in the JavaScript kernels (the objective itself is that code).
   */
  readonly softmax3: { readonly labels: Uint8Array; readonly classWeights: Float64Array; readonly maxima: Float64Array; run(): void } | null;
  /** out[0] = max |g|, out[1] = max h of output k over rows[start .. end). */
  maxima(k: number, start: number, end: number): void;
  /**
   * packed[r] = ⌊g · gInv + ½⌋ · shift + max(1, ⌊h · hInv + ½⌋) for output k over rows[start .. end);
   * returns their sum.
   */
  pack(k: number, start: number, end: number, gInv: number, hInv: number, shift: number): number;
  /** −G/(H + λ) over output k's exact gradients of rows[start .. end). */
  newtonStep(k: number, start: number, end: number, lambda: number): number;
  /** scores[r · outputs + k] += v over rows[start .. end). */
  addToRows(k: number, start: number, end: number, v: number): void;
  /** hist[into .. into + count) −= hist[from .. from + count). */
  subtract(into: number, from: number, count: number): void;
  /**
   * The best split of the histogram at hist[base ..] over featureList[0 .. count), in quantised units
   * (see TreeLearner.findBestSplit): every threshold left to right, NaN rows tried on both sides; the
   * first of equal scores wins. Result in `best`.
   */
  scan(base: number, count: number, G: number, H: number, hMin: number, hMax: number, lambda: number, shift: number, inv: number): void;
  /** Adds packed[r] to hist[base + f · 256 + bin(r, f)] for every feature f and r in rows[start .. end). */
  histogram(base: number, start: number, end: number): void;
  /**
   * Stable partition of rows[start .. end) by goLeft[bin of `feature`]: the left rows move forwards in
   * place, the right ones to scratch[0 ..). Returns the end of the left rows.
   */
  partition(start: number, end: number, feature: number): number;
}

export interface KernelShape {
  readonly rows: number;
  readonly features: number;
  /** Bytes per row of `byRow` (features rounded up to whole 32-bit words). */
  readonly stride: number;
  readonly slots: number;
  readonly slotDoubles: number;
  /** Model outputs (classes, or 1 for regression): one gradient array each. */
  readonly outputs: number;
}

/** WebAssembly kernels when possible, else the JavaScript ones. */
export function learnerKernels(shape: KernelShape, preferWasm = true): LearnerKernels {
  return (preferWasm ? wasmKernels(shape) : null) ?? jsKernels(shape);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function jsKernels(shape: KernelShape): LearnerKernels {
  const { rows: n, features: F, stride } = shape;
  const hist = new Float64Array(shape.slots * shape.slotDoubles);
  const rows = new Int32Array(n);
  const scratch = new Int32Array(n);
  const packed = new Float64Array(n);
  const byRow = new Uint8Array(n * stride);
  const byColumn = new Uint8Array(n * F);
  const goLeft = new Uint8Array(256);
  const K = shape.outputs;
  const gh = Array.from({ length: K }, () => new Float64Array(2 * n));
  const scores = new Float64Array(n * K);
  const out = new Float64Array(2);
  const binCount = new Int32Array(F);
  const hasNan = new Int32Array(F);
  const featureList = new Int32Array(F);
  const best = new Float64Array(6);
  const words = new Int32Array(byRow.buffer, 0, byRow.length >> 2);
  const W = stride >> 2;
  const all = Int32Array.from({ length: F }, (_, f) => f);
  return {
    wasm: false,
    hist,
    rows,
    scratch,
    packed,
    byRow,
    byColumn,
    goLeft,
    gh,
    scores,
    out,
    binCount,
    hasNan,
    featureList,
    best,
    softmax3: null,
    maxima: (k, start, end) => maxima(gh[k], rows, start, end, out),
    pack: (k, start, end, gInv, hInv, shift) => packRows(gh[k], rows, start, end, gInv, hInv, shift, packed),
    newtonStep: (k, start, end, lambda) => newtonStep(gh[k], rows, start, end, lambda),
    addToRows: (k, start, end, v) => addToRows(scores, rows, start, end, K, k, v),
    subtract: (into, from, count) => subtractRange(hist, into, from, count),
    scan: (base, count, G, H, hMin, hMax, lambda, shift, inv) => {
      best[0] = -Infinity;
      best[1] = -1;
      for (let q = 0; q < count; q++) {
        const f = featureList[q];
        const o0 = base + f * FEATURE_SLOTS;
        const nb = binCount[f];
        const nanV = hasNan[f] ? hist[o0 + nb] : 0;
        const nanG = Math.floor(nanV * inv);
        scanFeature(hist, o0, nb, nanG, nanV - nanG * shift, f, G, H, hMin, hMax, lambda, shift, inv, best);
      }
    },
    histogram: (base, start, end) => {
      if (LITTLE_ENDIAN) histogramByWords(hist, base, rows, start, end, packed, words, W);
      else histogramOf(hist, base, rows, start, end, packed, byRow, stride, all);
    },
    partition: (start, end, feature) => partitionRows(rows, scratch, start, end, byColumn, feature * n, goLeft),
  };
}

// Hot loops live in small functions that end with their loop. V8 compiles a long loop on the fly
// (on-stack replacement) before the code after it has ever run; in a large method that code then lacks
// type feedback and the compiled loop is thrown away again and again.

/** Four bins per 32-bit load, eight features per iteration, one addition per bin. */
function histogramByWords(hist: Float64Array, base: number, rows: Int32Array, start: number, end: number, packed: Float64Array, words: Int32Array, W: number): void {
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const v = packed[r];
    let p = r * W;
    let o = base;
    let q = 0;
    for (; q + 2 <= W; q += 2, p += 2, o += 8 * FEATURE_SLOTS) {
      const w = words[p];
      const u = words[p + 1];
      hist[o + (w & 255)] += v;
      hist[o + 256 + ((w >>> 8) & 255)] += v;
      hist[o + 512 + ((w >>> 16) & 255)] += v;
      hist[o + 768 + (w >>> 24)] += v;
      hist[o + 1024 + (u & 255)] += v;
      hist[o + 1280 + ((u >>> 8) & 255)] += v;
      hist[o + 1536 + ((u >>> 16) & 255)] += v;
      hist[o + 1792 + (u >>> 24)] += v;
    }
    if (q < W) {
      const w = words[p];
      hist[o + (w & 255)] += v;
      hist[o + 256 + ((w >>> 8) & 255)] += v;
      hist[o + 512 + ((w >>> 16) & 255)] += v;
      hist[o + 768 + (w >>> 24)] += v;
    }
  }
}

/** The histogram of a subset of features (column sampling), one byte at a time. */
export function histogramOf(hist: Float64Array, base: number, rows: Int32Array, start: number, end: number, packed: Float64Array, bins: Uint8Array, stride: number, feats: Int32Array): void {
  const nf = feats.length;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const v = packed[r];
    const rb = r * stride;
    for (let q = 0; q < nf; q++) {
      const f = feats[q];
      hist[base + f * FEATURE_SLOTS + bins[rb + f]] += v;
    }
  }
}

/** Branch-free (left/right is a coin flip to the branch predictor): both stores happen, one index moves. */
function partitionRows(rows: Int32Array, scratch: Int32Array, start: number, end: number, col: Uint8Array, fo: number, goLeft: Uint8Array): number {
  let nl = start;
  let nr = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const left = goLeft[col[fo + r]] >> 2;
    rows[nl] = r;
    scratch[nr] = r;
    nl += left;
    nr += 1 - left;
  }
  return nl;
}

/** out[0] = the largest |g|, out[1] the largest h (written as they grow, so inside the loop). */
function maxima(gh: Float64Array, rows: Int32Array, start: number, end: number, out: Float64Array): void {
  let maxG = 0;
  let maxH = 0;
  out[0] = 0;
  out[1] = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const a = g < 0 ? -g : g;
    const h = gh[2 * r + 1];
    if (a > maxG) {
      maxG = a;
      out[0] = a;
    }
    if (h > maxH) {
      maxH = h;
      out[1] = h;
    }
  }
}

/** Rounds by Math.floor(x + 0.5), and takes the floor by comparison: Math.round and Math.max are slow in V8. */
function packRows(gh: Float64Array, rows: Int32Array, start: number, end: number, gInv: number, hInv: number, shift: number, packed: Float64Array): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const hi = Math.floor(gh[2 * r + 1] * hInv + 0.5);
    const v = Math.floor(gh[2 * r] * gInv + 0.5) * shift + (hi > 1 ? hi : 1);
    packed[r] = v;
    sum += v;
  }
  return sum;
}

function newtonStep(gh: Float64Array, rows: Int32Array, start: number, end: number, lambda: number): number {
  let G = 0;
  let H = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    G += gh[2 * r];
    H += gh[2 * r + 1];
  }
  return -G / (H + lambda);
}

function addToRows(scores: Float64Array, rows: Int32Array, start: number, end: number, K: number, k: number, v: number): void {
  for (let i = start; i < end; i++) scores[rows[i] * K + k] += v;
}

function subtractRange(hist: Float64Array, into: number, from: number, count: number): void {
  for (let j = 0; j < count; j++) hist[into + j] -= hist[from + j];
}

/**
 * One feature's thresholds, left to right, in quantised units; improves `best` (score, feature, bin,
 * default-left, left G, left H) in place. NaN rows (nanG, nanH) are tried on both sides.
 */
function scanFeature(
  hist: Float64Array,
  o0: number,
  nb: number,
  nanG: number,
  nanH: number,
  f: number,
  G: number,
  H: number,
  hMin: number,
  hMax: number,
  lambda: number,
  shift: number,
  inv: number,
  best: Float64Array,
): void {
  const withNan = nanH > 0;
  // The last non-missing bin can be a threshold only to separate the NaN rows.
  const lastB = withNan ? nb - 1 : nb - 2;
  let bestScore = best[0];
  let sum = 0;
  for (let b = 0; b <= lastB; b++) {
    const x = hist[o0 + b];
    // An empty bin moves no row: the same split as the previous threshold.
    if (x === 0) continue;
    sum += x;
    const gl = Math.floor(sum * inv);
    const hl = sum - gl * shift;
    if (hl >= hMin && hl <= hMax) {
      // gl²/dl + gr²/dr beats the best iff gl²·dr + gr²·dl > best·dl·dr (dl, dr > 0): divisions, the
      // costliest part of the scan, are paid for a new best only.
      const gr = G - gl;
      const dl = hl + lambda;
      const dr = H - hl + lambda;
      const num = gl * gl * dr + gr * gr * dl;
      if (num > bestScore * dl * dr) {
        const score = num / (dl * dr);
        bestScore = score;
        best[0] = score;
        best[1] = f;
        best[2] = b;
        best[3] = 0;
        best[4] = gl;
        best[5] = hl;
      }
    }
    if (withNan && b < nb - 1) {
      const gl2 = gl + nanG;
      const hl2 = hl + nanH;
      if (hl2 >= hMin && hl2 <= hMax) {
        const gr = G - gl2;
        const dl = hl2 + lambda;
        const dr = H - hl2 + lambda;
        const num = gl2 * gl2 * dr + gr * gr * dl;
        if (num > bestScore * dl * dr) {
          const score = num / (dl * dr);
          bestScore = score;
          best[0] = score;
          best[1] = f;
          best[2] = b;
          best[3] = 1;
          best[4] = gl2;
          best[5] = hl2;
        }
      }
    }
  }
}

// --- WebAssembly ----------------------------------------------------------------------------------

const I32_LOAD8_U = 0x2d;
const F64_ABS = 0x99;
const F64_NEG = 0x9a;
const F64_FLOOR = 0x9c;
const F64_DIV = 0xa3;
const F64_MAX = 0xa5;
const F64_NE = 0x62;
const F64_GT = 0x64;
const F64_GE = 0x66;
const F64_CONVERT_I32_S = 0xb7;
const I32_AND = 0x71;
const I32_LT_S = 0x48;
const I32_LE_S = 0x4c;
const F64_LE = op.f64Le;
const I32_STORE = 0x36;
const I32_GE_U = 0x4f;
const get = (i: number): number[] => [op.localGet, ...uleb(i)];
const set = (i: number): number[] => [op.localSet, ...uleb(i)];
const tee = (i: number): number[] => [op.localTee, ...uleb(i)];

interface Layout {
  hist: number;
  rows: number;
  scratch: number;
  packed: number;
  byRow: number;
  byColumn: number;
  goLeft: number;
  gh: number;
  scores: number;
  out: number;
  binCount: number;
  hasNan: number;
  featureList: number;
  best: number;
  labels: number;
  classWeights: number;
  maxima3: number;
  expTable: number;
  pow2Table: number;
  bytes: number;
}

function layoutOf(shape: KernelShape): Layout {
  const { rows: n, features: F, stride } = shape;
  const align = (x: number): number => Math.ceil(x / 64) * 64;
  const hist = 0;
  const rows = align(hist + 8 * shape.slots * shape.slotDoubles);
  const scratch = align(rows + 4 * n);
  const packed = align(scratch + 4 * n);
  const byRow = align(packed + 8 * n);
  const byColumn = align(byRow + n * stride);
  const goLeft = align(byColumn + n * F);
  const gh = align(goLeft + 256);
  const scores = align(gh + 16 * n * shape.outputs);
  const out = align(scores + 8 * n * shape.outputs);
  const binCount = align(out + 16);
  const hasNan = align(binCount + 4 * F);
  const featureList = align(hasNan + 4 * F);
  const best = align(featureList + 4 * F);
  const labels = align(best + 48);
  const classWeights = align(labels + n);
  const maxima3 = align(classWeights + 8 * shape.outputs);
  const expTable = align(maxima3 + 48);
  const pow2Table = align(expTable + 8 * EXP2_FRACTION.length);
  const bytes = pow2Table + 8 * POW2_NEGATIVE.length;
  return { hist, rows, scratch, packed, byRow, byColumn, goLeft, gh, scores, out, binCount, hasNan, featureList, best, labels, classWeights, maxima3, expTable, pow2Table, bytes };
}

/**
 * histogram(base, p, end): p and end are byte addresses into `rows`, base the byte address of a
 * histogram. Per row: v = packed[r]; then, unrolled over the features, hist[base + f·2048 + 8·bin] += v,
 * the bin loaded at byRow + r·stride + f (both constant offsets sit in the load instructions).
 */
function histogramBody(L: Layout, F: number, stride: number): number[] {
  const [base, p, end, r, v, bp, a] = [0, 1, 2, 3, 4, 5, 6];
  const perFeature: number[] = [];
  for (let f = 0; f < F; f++) {
    const off = 8 * FEATURE_SLOTS * f;
    perFeature.push(
      ...get(bp), I32_LOAD8_U, ...memarg(0, L.byRow + f), ...i32(3), op.i32Shl, ...get(base), op.i32Add, ...tee(a),
      ...get(a), op.f64Load, ...memarg(3, off), ...get(v), op.f64Add,
      op.f64Store, ...memarg(3, off),
    );
  }
  return [
    op.block, EMPTY,
    ...get(p), ...get(end), I32_GE_U, op.brIf, 0,
    op.loop, EMPTY,
    ...get(p), op.i32Load, ...memarg(2, 0), ...set(r),
    ...get(r), ...i32(3), op.i32Shl, op.f64Load, ...memarg(3, L.packed), ...set(v),
    ...get(r), ...i32(stride), op.i32Mul, ...set(bp),
    ...perFeature,
    ...get(p), ...i32(4), op.i32Add, ...tee(p), ...get(end), op.i32LtU, op.brIf, 0,
    op.end,
    op.end,
  ];
}

/**
 * partition(p, end, col) → left end: p and end byte addresses into `rows`, col the byte address of one
 * feature's column. Each row is stored at both `left` and `right` (scratch); goLeft[bin] (4 or 0) moves
 * one of them on.
 */
function partitionBody(L: Layout): number[] {
  const [p, end, col, left, right, r, g] = [0, 1, 2, 3, 4, 5, 6];
  return [
    ...get(p), ...set(left),
    ...i32(L.scratch | 0), ...set(right),
    op.block, EMPTY,
    ...get(p), ...get(end), I32_GE_U, op.brIf, 0,
    op.loop, EMPTY,
    ...get(p), op.i32Load, ...memarg(2, 0), ...set(r),
    ...get(r), ...get(col), op.i32Add, I32_LOAD8_U, ...memarg(0, 0), I32_LOAD8_U, ...memarg(0, L.goLeft), ...set(g),
    ...get(left), ...get(r), I32_STORE, ...memarg(2, 0),
    ...get(right), ...get(r), I32_STORE, ...memarg(2, 0),
    ...get(left), ...get(g), op.i32Add, ...set(left),
    ...get(right), ...i32(4), op.i32Add, ...get(g), op.i32Sub, ...set(right),
    ...get(p), ...i32(4), op.i32Add, ...tee(p), ...get(end), op.i32LtU, op.brIf, 0,
    op.end,
    op.end,
    ...get(left),
  ];
}

/** Opens `loop` over rows: p runs over byte addresses [p, end) of `rows`, r is the row. */
function rowLoop(p: number, end: number, r: number, body: number[]): number[] {
  return [
    op.block, EMPTY,
    ...get(p), ...get(end), I32_GE_U, op.brIf, 0,
    op.loop, EMPTY,
    ...get(p), op.i32Load, ...memarg(2, 0), ...set(r),
    ...body,
    ...get(p), ...i32(4), op.i32Add, ...tee(p), ...get(end), op.i32LtU, op.brIf, 0,
    op.end,
    op.end,
  ];
}

/** maxima(p, end, gh): max |g| and max h over the rows, stored at `out`. */
function maximaBody(L: Layout): number[] {
  const [p, end, gh, r, a, mg, mh] = [0, 1, 2, 3, 4, 5, 6];
  return [
    ...rowLoop(p, end, r, [
      ...get(r), ...i32(4), op.i32Shl, ...get(gh), op.i32Add, ...set(a),
      ...get(mg), ...get(a), op.f64Load, ...memarg(3, 0), F64_ABS, F64_MAX, ...set(mg),
      ...get(mh), ...get(a), op.f64Load, ...memarg(3, 8), F64_MAX, ...set(mh),
    ]),
    ...i32(0), ...get(mg), op.f64Store, ...memarg(3, L.out),
    ...i32(0), ...get(mh), op.f64Store, ...memarg(3, L.out + 8),
  ];
}

/** pack(p, end, gh, gInv, hInv, shift) → Σ packed: the JavaScript packRows' operations, in its order. */
function packBody(L: Layout): number[] {
  const [p, end, gh, gInv, hInv, shift, r, a, h, v, sum] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  return [
    ...rowLoop(p, end, r, [
      ...get(r), ...i32(4), op.i32Shl, ...get(gh), op.i32Add, ...set(a),
      ...get(a), op.f64Load, ...memarg(3, 8), ...get(hInv), op.f64Mul, ...f64(0.5), op.f64Add, F64_FLOOR, ...f64(1), F64_MAX, ...set(h),
      ...get(a), op.f64Load, ...memarg(3, 0), ...get(gInv), op.f64Mul, ...f64(0.5), op.f64Add, F64_FLOOR, ...get(shift), op.f64Mul, ...get(h), op.f64Add, ...set(v),
      ...get(r), ...i32(3), op.i32Shl, ...get(v), op.f64Store, ...memarg(3, L.packed),
      ...get(sum), ...get(v), op.f64Add, ...set(sum),
    ]),
    ...get(sum),
  ];
}

/** newton(p, end, gh, λ) → −G/(H + λ). */
function newtonBody(): number[] {
  const [p, end, gh, lambda, r, a, G, H] = [0, 1, 2, 3, 4, 5, 6, 7];
  return [
    ...rowLoop(p, end, r, [
      ...get(r), ...i32(4), op.i32Shl, ...get(gh), op.i32Add, ...set(a),
      ...get(G), ...get(a), op.f64Load, ...memarg(3, 0), op.f64Add, ...set(G),
      ...get(H), ...get(a), op.f64Load, ...memarg(3, 8), op.f64Add, ...set(H),
    ]),
    ...get(G), F64_NEG, ...get(H), ...get(lambda), op.f64Add, F64_DIV,
  ];
}

/** addToRows(p, end, rowBytes, base, v): f64 at base + r · rowBytes += v. */
function addToRowsBody(): number[] {
  const [p, end, rowBytes, base, v, r, a] = [0, 1, 2, 3, 4, 5, 6];
  return rowLoop(p, end, r, [
    ...get(r), ...get(rowBytes), op.i32Mul, ...get(base), op.i32Add, ...tee(a),
    ...get(a), op.f64Load, ...memarg(3, 0), ...get(v), op.f64Add, op.f64Store, ...memarg(3, 0),
  ]);
}

/** subtract(into, from, bytes): byte addresses; two doubles per iteration (histogram slots are whole KiBs). */
function subtractBody(): number[] {
  const [into, from, bytes, end] = [0, 1, 2, 3];
  return [
    ...get(into), ...get(bytes), op.i32Add, ...set(end),
    op.block, EMPTY,
    ...get(into), ...get(end), I32_GE_U, op.brIf, 0,
    op.loop, EMPTY,
    ...get(into), ...get(into), op.f64Load, ...memarg(3, 0), ...get(from), op.f64Load, ...memarg(3, 0), op.f64Sub, op.f64Store, ...memarg(3, 0),
    ...get(into), ...get(into), op.f64Load, ...memarg(3, 8), ...get(from), op.f64Load, ...memarg(3, 8), op.f64Sub, op.f64Store, ...memarg(3, 8),
    ...get(from), ...i32(16), op.i32Add, ...set(from),
    ...get(into), ...i32(16), op.i32Add, ...tee(into), ...get(end), op.i32LtU, op.brIf, 0,
    op.end,
    op.end,
  ];
}

/**
 * scan(base, count, G, H, hMin, hMax, λ, shift, inv): the JavaScript scanFeature over every listed
 * feature, the same operations in the same order (so the same result, which goes to `best`).
 */
function scanBody(L: Layout): number[] {
  const [base, count, G, H, hMin, hMax, lambda, shift, inv] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [q, f, o0, nb, lastB, b, bf, bb, bdl, withNan] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
  const [best, bgl, bhl, nanV, nanG, nanH, sum, x, gl, hl, gr, num, gl2, hl2, dl, dr] = [19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34];
  /**
   * If (lg, lh) is within the bounds and beats the best, it becomes the best (default-left `left`):
   * num = lg²·dr + gr²·dl > best·dl·dr, then best = num/(dl·dr), as in scanFeature.
   */
  const tryCandidate = (lg: number, lh: number, left: number): number[] => [
    ...get(lh), ...get(hMin), F64_GE, ...get(lh), ...get(hMax), F64_LE, I32_AND,
    op.if, EMPTY,
    ...get(G), ...get(lg), op.f64Sub, ...set(gr),
    ...get(lh), ...get(lambda), op.f64Add, ...set(dl),
    ...get(H), ...get(lh), op.f64Sub, ...get(lambda), op.f64Add, ...set(dr),
    ...get(lg), ...get(lg), op.f64Mul, ...get(dr), op.f64Mul, ...get(gr), ...get(gr), op.f64Mul, ...get(dl), op.f64Mul, op.f64Add, ...tee(num),
    ...get(best), ...get(dl), op.f64Mul, ...get(dr), op.f64Mul, F64_GT,
    op.if, EMPTY,
    ...get(num), ...get(dl), ...get(dr), op.f64Mul, F64_DIV, ...set(best),
    ...get(f), ...set(bf),
    ...get(b), ...set(bb),
    ...i32(left), ...set(bdl),
    ...get(lg), ...set(bgl),
    ...get(lh), ...set(bhl),
    op.end,
    op.end,
  ];
  return [
    ...f64(-Infinity), ...set(best),
    ...i32(-1), ...set(bf),
    op.block, EMPTY,
    ...get(count), op.i32Eqz, op.brIf, 0,
    op.loop, EMPTY,
    // f, its histogram and bin count; the NaN bin's sums when the feature has NaN rows.
    ...get(q), ...i32(2), op.i32Shl, op.i32Load, ...memarg(2, L.featureList), ...set(f),
    ...get(f), ...i32(11), op.i32Shl, ...get(base), op.i32Add, ...set(o0),
    ...get(f), ...i32(2), op.i32Shl, op.i32Load, ...memarg(2, L.binCount), ...set(nb),
    ...get(nb), ...i32(3), op.i32Shl, ...get(o0), op.i32Add, op.f64Load, ...memarg(3, 0),
    ...f64(0),
    ...get(f), ...i32(2), op.i32Shl, op.i32Load, ...memarg(2, L.hasNan),
    op.select, ...set(nanV),
    ...get(nanV), ...get(inv), op.f64Mul, F64_FLOOR, ...set(nanG),
    ...get(nanV), ...get(nanG), ...get(shift), op.f64Mul, op.f64Sub, ...set(nanH),
    ...get(nanH), ...f64(0), F64_GT, ...set(withNan),
    // The last non-missing bin is a threshold only to separate the NaN rows.
    ...get(nb), ...i32(2), op.i32Sub, ...get(withNan), op.i32Add, ...set(lastB),
    ...f64(0), ...set(sum),
    ...i32(0), ...set(b),
    op.block, EMPTY,
    ...get(lastB), ...i32(0), I32_LT_S, op.brIf, 0,
    op.loop, EMPTY,
    ...get(b), ...i32(3), op.i32Shl, ...get(o0), op.i32Add, op.f64Load, ...memarg(3, 0), ...tee(x),
    ...f64(0), F64_NE,
    op.if, EMPTY,
    ...get(sum), ...get(x), op.f64Add, ...set(sum),
    ...get(sum), ...get(inv), op.f64Mul, F64_FLOOR, ...set(gl),
    ...get(sum), ...get(gl), ...get(shift), op.f64Mul, op.f64Sub, ...set(hl),
    ...tryCandidate(gl, hl, 0),
    ...get(withNan), ...get(b), ...get(nb), ...i32(1), op.i32Sub, I32_LT_S, I32_AND,
    op.if, EMPTY,
    ...get(gl), ...get(nanG), op.f64Add, ...set(gl2),
    ...get(hl), ...get(nanH), op.f64Add, ...set(hl2),
    ...tryCandidate(gl2, hl2, 1),
    op.end,
    op.end,
    ...get(b), ...i32(1), op.i32Add, ...tee(b), ...get(lastB), I32_LE_S, op.brIf, 0,
    op.end,
    op.end,
    ...get(q), ...i32(1), op.i32Add, ...tee(q), ...get(count), op.i32LtU, op.brIf, 0,
    op.end,
    op.end,
    ...i32(0), ...get(best), op.f64Store, ...memarg(3, L.best),
    ...i32(0), ...get(bf), F64_CONVERT_I32_S, op.f64Store, ...memarg(3, L.best + 8),
    ...i32(0), ...get(bb), F64_CONVERT_I32_S, op.f64Store, ...memarg(3, L.best + 16),
    ...i32(0), ...get(bdl), F64_CONVERT_I32_S, op.f64Store, ...memarg(3, L.best + 24),
    ...i32(0), ...get(bgl), op.f64Store, ...memarg(3, L.best + 32),
    ...i32(0), ...get(bhl), op.f64Store, ...memarg(3, L.best + 40),
  ];
}

/**
 * softmax3(n): rows 0 … n − 1 of a three-output model. Per row: the margins' maximum, e^(s − max) by
 * expNonPositive's table method for each class (e^0 comes out exactly 1, as the objective's shortcut
 * gives), p = e / Σe, then g = w·(p − [c = label]) and h = max(w·2·p·(1 − p), 1e-16), c's gradient
 * array at gh + 16·n·c. The same operations in the same order as softmaxGradients3. Each class's
 * max |g| and max h go to `maxima3`.
 */
function softmax3Body(L: Layout, n: number): number[] {
  const [count, i, label, ki, j] = [0, 1, 2, 3, 4];
  const [s0, s1, s2, max, d, kf, r, e0, e1, e2, inv, w, p, h, g] = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const maxG = [20, 22, 24];
  const maxH = [21, 23, 25];
  // Saturating (never traps): NaN margins give NaN gradients, as in JavaScript.
  const I32_TRUNC_SAT_F64_S = [0xfc, 0x02];
  const I32_EQ = 0x46;
  const F64_LT = 0x63;
  const I32_SHR_S = 0x75;
  /** e^d (d ≤ 0) onto the stack: expNonPositive, with d clamped first so the table index stays valid. */
  const exp = (): number[] => [
    // (0 first: select's result when d < −708, below)
    ...f64(0),
    ...get(d), ...f64(-708.5), F64_MAX, ...get(d), ...f64(-708.5), F64_MAX,
    // (the clamped d is used twice: recompute rather than spend a local)
    ...f64(TABLE_SIZE_OVER_LN2), op.f64Mul, ...f64(0.5), op.f64Add, F64_FLOOR, ...set(kf),
    ...get(kf), ...f64(LN2_STEP_HI), op.f64Mul, op.f64Sub, ...get(kf), ...f64(LN2_STEP_LO), op.f64Mul, op.f64Sub, ...set(r),
    ...get(kf), ...I32_TRUNC_SAT_F64_S, ...set(ki),
    ...get(ki), ...i32(EXP2_FRACTION.length - 1), I32_AND, ...set(j),
    ...get(j), ...i32(3), op.i32Shl, op.f64Load, ...memarg(3, L.expTable),
    ...f64(1), ...get(r), ...f64(1), ...get(r), ...f64(0.5), ...get(r), ...f64(1 / 6), op.f64Mul, op.f64Add, op.f64Mul, op.f64Add, op.f64Mul, op.f64Add,
    op.f64Mul,
    ...get(j), ...get(ki), op.i32Sub, ...i32(EXP_TABLE_BITS), I32_SHR_S, ...i32(3), op.i32Shl, op.f64Load, ...memarg(3, L.pow2Table),
    op.f64Mul,
    // expNonPositive returns 0 below −708 (and NaN for NaN, as d < −708 is then false).
    ...get(d), ...f64(-708), F64_LT, op.select,
  ];
  const perClass = (c: number, e: number): number[] => [
    ...get(e), ...get(inv), op.f64Mul, ...set(p),
    // g at gh + 16·n·c + 16·i, h 8 bytes on.
    ...get(i), ...i32(4), op.i32Shl,
    ...get(w), ...get(p), ...f64(1), op.f64Sub, ...get(p), ...get(label), ...i32(c), I32_EQ, op.select, op.f64Mul, ...tee(g),
    op.f64Store, ...memarg(3, L.gh + 16 * n * c),
    ...get(maxG[c]), ...get(g), F64_ABS, F64_MAX, ...set(maxG[c]),
    ...get(w), ...f64(HESSIAN_FACTOR), op.f64Mul, ...get(p), op.f64Mul, ...f64(1), ...get(p), op.f64Sub, op.f64Mul, ...set(h),
    ...get(h), ...f64(MIN_HESSIAN), ...get(h), ...f64(MIN_HESSIAN), F64_GT, op.select, ...set(h),
    ...get(i), ...i32(4), op.i32Shl, ...get(h), op.f64Store, ...memarg(3, L.gh + 16 * n * c + 8),
    ...get(maxH[c]), ...get(h), F64_MAX, ...set(maxH[c]),
  ];
  return [
    op.block, EMPTY,
    ...get(count), op.i32Eqz, op.brIf, 0,
    op.loop, EMPTY,
    ...get(i), ...i32(24), op.i32Mul, op.f64Load, ...memarg(3, L.scores), ...tee(s0), ...set(max),
    ...get(i), ...i32(24), op.i32Mul, op.f64Load, ...memarg(3, L.scores + 8), ...set(s1),
    ...get(i), ...i32(24), op.i32Mul, op.f64Load, ...memarg(3, L.scores + 16), ...set(s2),
    ...get(s1), ...get(max), ...get(s1), ...get(max), F64_GT, op.select, ...set(max),
    ...get(s2), ...get(max), ...get(s2), ...get(max), F64_GT, op.select, ...set(max),
    ...get(s0), ...get(max), op.f64Sub, ...set(d), ...exp(), ...set(e0),
    ...get(s1), ...get(max), op.f64Sub, ...set(d), ...exp(), ...set(e1),
    ...get(s2), ...get(max), op.f64Sub, ...set(d), ...exp(), ...set(e2),
    ...f64(1), ...get(e0), ...get(e1), op.f64Add, ...get(e2), op.f64Add, F64_DIV, ...set(inv),
    ...get(i), I32_LOAD8_U, ...memarg(0, L.labels), ...set(label),
    ...get(label), ...i32(3), op.i32Shl, op.f64Load, ...memarg(3, L.classWeights), ...set(w),
    ...perClass(0, e0),
    ...perClass(1, e1),
    ...perClass(2, e2),
    ...get(i), ...i32(1), op.i32Add, ...tee(i), ...get(count), op.i32LtU, op.brIf, 0,
    op.end,
    op.end,
    ...[0, 1, 2].flatMap((c) => [...i32(0), ...get(maxG[c]), op.f64Store, ...memarg(3, L.maxima3 + 16 * c), ...i32(0), ...get(maxH[c]), op.f64Store, ...memarg(3, L.maxima3 + 16 * c + 8)]),
  ];
}

/** The module's bytes for one layout (a few hundred bytes plus ~20 per feature). */
export function learnerKernelBytes(shape: KernelShape): Uint8Array {
  const L = layoutOf(shape);
  return encodeWasmModule(
    [
      { name: 'histogram', params: [I32, I32, I32], results: [], locals: [I32, F64, I32, I32], body: histogramBody(L, shape.features, shape.stride) },
      { name: 'partition', params: [I32, I32, I32], results: [I32], locals: [I32, I32, I32, I32], body: partitionBody(L) },
      { name: 'maxima', params: [I32, I32, I32], results: [], locals: [I32, I32, F64, F64], body: maximaBody(L) },
      { name: 'pack', params: [I32, I32, I32, F64, F64, F64], results: [F64], locals: [I32, I32, F64, F64, F64], body: packBody(L) },
      { name: 'newton', params: [I32, I32, I32, F64], results: [F64], locals: [I32, I32, F64, F64], body: newtonBody() },
      { name: 'addToRows', params: [I32, I32, I32, I32, F64], results: [], locals: [I32, I32], body: addToRowsBody() },
      { name: 'subtract', params: [I32, I32, I32], results: [], locals: [I32], body: subtractBody() },
      {
        name: 'scan',
        params: [I32, I32, F64, F64, F64, F64, F64, F64, F64],
        results: [],
        locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, F64, F64, F64, F64, F64, F64, F64, F64, F64, F64, F64],
        body: scanBody(L),
      },
      ...(shape.outputs === 3
        ? [{ name: 'softmax3', params: [I32], results: [], locals: [I32, I32, I32, I32, ...Array<number>(21).fill(F64)], body: softmax3Body(L, shape.rows) }]
        : []),
    ],
    Math.ceil(L.bytes / 65536),
  );
}

function wasmKernels(shape: KernelShape): LearnerKernels | null {
  const api = wasmApi();
  const L = layoutOf(shape);
  // Addresses are 32-bit; stay clear of the top page.
  if (api === null || L.bytes > 2 ** 32 - 2 ** 16) return null;
  const code = learnerKernelBytes(shape);
  if (!api.validate(code)) return null;
  const memory = new api.Memory({ initial: Math.ceil(L.bytes / 65536) });
  const { exports } = new api.Instance(new api.Module(code), { env: { memory } });
  new Float64Array(memory.buffer, L.expTable, EXP2_FRACTION.length).set(EXP2_FRACTION);
  new Float64Array(memory.buffer, L.pow2Table, POW2_NEGATIVE.length).set(POW2_NEGATIVE);
  const histogram = exports.histogram as (base: number, p: number, end: number) => void;
  const partition = exports.partition as (p: number, end: number, col: number) => number;
  const maximaW = exports.maxima as (p: number, end: number, gh: number) => void;
  const packW = exports.pack as (p: number, end: number, gh: number, gInv: number, hInv: number, shift: number) => number;
  const newtonW = exports.newton as (p: number, end: number, gh: number, lambda: number) => number;
  const addW = exports.addToRows as (p: number, end: number, rowBytes: number, base: number, v: number) => void;
  const subtractW = exports.subtract as (into: number, from: number, bytes: number) => void;
  const scanW = exports.scan as LearnerKernels['scan'];
  const softmax3W = exports.softmax3 as ((n: number) => void) | undefined;
  const { rows: n, features: F, stride, outputs: K } = shape;
  const buf = memory.buffer;
  const ghOf = (k: number): number => L.gh + 16 * n * k;
  return {
    wasm: true,
    hist: new Float64Array(buf, L.hist, shape.slots * shape.slotDoubles),
    rows: new Int32Array(buf, L.rows, n),
    scratch: new Int32Array(buf, L.scratch, n),
    packed: new Float64Array(buf, L.packed, n),
    byRow: new Uint8Array(buf, L.byRow, n * stride),
    byColumn: new Uint8Array(buf, L.byColumn, n * F),
    goLeft: new Uint8Array(buf, L.goLeft, 256),
    gh: Array.from({ length: K }, (_, k) => new Float64Array(buf, ghOf(k), 2 * n)),
    scores: new Float64Array(buf, L.scores, n * K),
    out: new Float64Array(buf, L.out, 2),
    binCount: new Int32Array(buf, L.binCount, F),
    hasNan: new Int32Array(buf, L.hasNan, F),
    featureList: new Int32Array(buf, L.featureList, F),
    best: new Float64Array(buf, L.best, 6),
    softmax3: softmax3W
      ? { labels: new Uint8Array(buf, L.labels, n), classWeights: new Float64Array(buf, L.classWeights, K), maxima: new Float64Array(buf, L.maxima3, 6), run: () => softmax3W(n) }
      : null,
    maxima: (k, start, end) => maximaW(L.rows + 4 * start, L.rows + 4 * end, ghOf(k)),
    pack: (k, start, end, gInv, hInv, shift) => packW(L.rows + 4 * start, L.rows + 4 * end, ghOf(k), gInv, hInv, shift),
    newtonStep: (k, start, end, lambda) => newtonW(L.rows + 4 * start, L.rows + 4 * end, ghOf(k), lambda),
    addToRows: (k, start, end, v) => addW(L.rows + 4 * start, L.rows + 4 * end, 8 * K, L.scores + 8 * k, v),
    subtract: (into, from, count) => subtractW(L.hist + 8 * into, L.hist + 8 * from, 8 * count),
    scan: (base, count, G, H, hMin, hMax, lambda, shift, inv) => scanW(L.hist + 8 * base, count, G, H, hMin, hMax, lambda, shift, inv),
    histogram: (base, start, end) => histogram(L.hist + 8 * base, L.rows + 4 * start, L.rows + 4 * end),
    // Addresses above 2^31 come back as negative i32s: >>> 0 makes them unsigned again.
    partition: (start, end, feature) => ((partition(L.rows + 4 * start, L.rows + 4 * end, L.byColumn + feature * n) >>> 0) - L.rows) / 4,
  };
}
