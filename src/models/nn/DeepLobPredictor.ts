import type { Predictor } from '../Predictor.ts';
import { convLayers, inceptionLayers, LEAKY_ALPHA, samePadding, type ConvLayer, type DeepLobArchitecture } from './DeepLobNetwork.ts';
import { softmaxInPlace } from '../softmax.ts';
import type { SnapshotNormalizer } from './SnapshotNormalizer.ts';

/** One conv layer's weights transposed to [out][k·in] (a dot product per output unit) and its biases. */
interface Compiled {
  readonly layer: ConvLayer;
  readonly w: Float64Array;
  readonly b: Float64Array;
}

/**
 * The DeepLOB net in plain JS, float64, buffers allocated once: the same steps as deepLobLogitsTf
 * (convolutions as dot products over taps, LeakyReLU, inception, LSTM, softmax). Input: one raw window,
 * T × 4L values oldest first (LobSnapshots.window's layout); normalisation is applied here.
 */
export class DeepLobPredictor implements Predictor {
  readonly kind = 'deeplob';
  readonly numFeatures: number;
  readonly numOutputs: number;
  private readonly convs: Compiled[];
  private readonly inception: Compiled[];
  private readonly lstmX: Float64Array;
  private readonly lstmH: Float64Array;
  private readonly lstmB: Float64Array;
  private readonly outW: Float64Array;
  private readonly outB: Float64Array;
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;
  private readonly branch: Float64Array;
  private readonly pooled: Float64Array;
  private readonly features: Float64Array;
  private readonly gates: Float64Array;
  private readonly h: Float64Array;
  private readonly c: Float64Array;

  constructor(
    private readonly a: DeepLobArchitecture,
    private readonly normalizer: SnapshotNormalizer,
    weights: readonly Float32Array[],
  ) {
    const width = 4 * a.levels;
    this.numFeatures = a.window * width;
    this.numOutputs = a.numClasses;
    let p = 0;
    const compile = (layer: ConvLayer): Compiled => {
      const rows = layer.k * layer.inChannels;
      const src = weights[p++];
      const w = new Float64Array(rows * layer.outChannels);
      for (let i = 0; i < rows; i++) for (let o = 0; o < layer.outChannels; o++) w[o * rows + i] = src[i * layer.outChannels + o];
      return { layer, w, b: Float64Array.from(weights[p++]) };
    };
    this.convs = convLayers(a).map(compile);
    this.inception = inceptionLayers(a).map(compile);
    const h = a.lstmUnits;
    const inputs = 3 * a.inceptionFilters;
    this.lstmX = transpose(weights[p++], inputs, 4 * h);
    this.lstmH = transpose(weights[p++], h, 4 * h);
    this.lstmB = Float64Array.from(weights[p++]);
    this.outW = transpose(weights[p++], h, a.numClasses);
    this.outB = Float64Array.from(weights[p++]);
    const t = a.window;
    const largest = Math.max(t * width, t * 2 * a.levels * a.convFilters);
    this.bufA = new Float64Array(largest);
    this.bufB = new Float64Array(largest);
    this.branch = new Float64Array(t * a.inceptionFilters);
    this.pooled = new Float64Array(t * a.convFilters);
    this.features = new Float64Array(t * inputs);
    this.gates = new Float64Array(t * 4 * h);
    this.h = new Float64Array(h);
    this.c = new Float64Array(h);
  }

  predict(x: Float64Array, out: Float64Array): void {
    const a = this.a;
    const t = a.window;
    const width = 4 * a.levels;
    const n = this.normalizer;
    const pInv = 1 / n.priceStd;
    const sInv = 1 / n.sizeStd;
    let src = this.bufA;
    let dst = this.bufB;
    for (let r = 0; r < t; r++) {
      for (let col = 0; col < width; col++) {
        const i = r * width + col;
        const v = col % 2 === 0 ? (x[i] - n.priceMean) * pInv : (x[i] - n.sizeMean) * sInv;
        // Rounded to float32 as the trainer's input was: removes most of the gap to the tfjs reference.
        src[i] = v - v === 0 ? Math.fround(v) : 0;
      }
    }
    // Conv blocks: activations [T][width][channels], ping-ponging between two buffers.
    let w = width;
    for (const cl of this.convs) {
      w = convForward(cl, src, t, w, dst, 0, cl.layer.outChannels);
      const s = src;
      src = dst;
      dst = s;
    }
    // Inception on [T][F]: three branches written side by side into features [T][3I].
    const f = a.convFilters;
    const ii = a.inceptionFilters;
    const [i1a, i1b, i2a, i2b, i3] = this.inception;
    convForward(i1a, src, t, 1, this.branch, 0, ii);
    convForward(i1b, this.branch, t, 1, this.features, 0, 3 * ii);
    convForward(i2a, src, t, 1, this.branch, 0, ii);
    convForward(i2b, this.branch, t, 1, this.features, ii, 3 * ii);
    for (let s = 0; s < t; s++) {
      for (let ch = 0; ch < f; ch++) {
        let m = src[s * f + ch];
        if (s > 0 && src[(s - 1) * f + ch] > m) m = src[(s - 1) * f + ch];
        if (s + 1 < t && src[(s + 1) * f + ch] > m) m = src[(s + 1) * f + ch];
        this.pooled[s * f + ch] = m;
      }
    }
    convForward(i3, this.pooled, t, 1, this.features, 2 * ii, 3 * ii);
    this.lstm(out);
  }

  private lstm(out: Float64Array): void {
    const t = this.a.window;
    const hn = this.a.lstmUnits;
    const g4 = 4 * hn;
    const nin = 3 * this.a.inceptionFilters;
    const z = this.gates;
    const feats = this.features;
    const wx = this.lstmX;
    // Input projections of every step at once: z[s][g] = b[g] + Σ x[s][i] Wx[i][g].
    for (let s = 0; s < t; s++) {
      const xb = s * nin;
      for (let g = 0; g < g4; g++) {
        let acc = this.lstmB[g];
        const wb = g * nin;
        for (let i = 0; i < nin; i++) acc += feats[xb + i] * wx[wb + i];
        z[s * g4 + g] = acc;
      }
    }
    const h = this.h;
    const c = this.c;
    const wh = this.lstmH;
    h.fill(0);
    c.fill(0);
    for (let s = 0; s < t; s++) {
      const zb = s * g4;
      for (let g = 0; g < g4; g++) {
        let acc = z[zb + g];
        const wb = g * hn;
        for (let k = 0; k < hn; k++) acc += h[k] * wh[wb + k];
        z[zb + g] = acc;
      }
      for (let k = 0; k < hn; k++) {
        const ig = sigmoid(z[zb + k]);
        const fg = sigmoid(z[zb + hn + k]);
        const gg = Math.tanh(z[zb + 2 * hn + k]);
        const og = sigmoid(z[zb + 3 * hn + k]);
        c[k] = fg * c[k] + ig * gg;
        h[k] = og * Math.tanh(c[k]);
      }
    }
    const k = this.a.numClasses;
    for (let o = 0; o < k; o++) {
      let acc = this.outB[o];
      for (let i = 0; i < hn; i++) acc += h[i] * this.outW[o * hn + i];
      out[o] = acc;
    }
    softmaxInPlace(out, 0, k);
  }
}

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

function transpose(src: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let o = 0; o < cols; o++) out[o * rows + i] = src[i * cols + o];
  return out;
}

/**
 * One conv + LeakyReLU over input [T][w][C] into output [T][w'][stride] at channel offset `offset`
 * (stride > channels lets inception branches share one output). Returns the output width w'.
 */
function convForward(cl: Compiled, input: Float64Array, t: number, w: number, output: Float64Array, offset: number, stride: number): number {
  const { layer, w: wt, b } = cl;
  const cin = layer.inChannels;
  const cout = layer.outChannels;
  const k = layer.k;
  const taps = k * cin;
  if (layer.kind === 'width') {
    // 1×k stride k: each output position is a dot product over k·C contiguous inputs.
    const wo = w / k;
    for (let pos = 0, n = t * wo; pos < n; pos++) {
      const ib = pos * taps;
      const ob = pos * stride + offset;
      for (let o = 0; o < cout; o++) {
        let acc = b[o];
        const wb = o * taps;
        for (let i = 0; i < taps; i++) acc += input[ib + i] * wt[wb + i];
        output[ob + o] = acc < 0 ? acc * LEAKY_ALPHA : acc;
      }
    }
    return wo;
  }
  const [before] = samePadding(k);
  for (let s = 0; s < t; s++) {
    const j0 = Math.max(0, before - s);
    const j1 = Math.min(k, t + before - s);
    for (let x = 0; x < w; x++) {
      const ob = (s * w + x) * stride + offset;
      for (let o = 0; o < cout; o++) {
        let acc = b[o];
        const wb = o * taps;
        for (let j = j0; j < j1; j++) {
          const ib = ((s + j - before) * w + x) * cin;
          const jb = wb + j * cin;
          for (let ci = 0; ci < cin; ci++) acc += input[ib + ci] * wt[jb + ci];
        }
        output[ob + o] = acc < 0 ? acc * LEAKY_ALPHA : acc;
      }
    }
  }
  return w;
}
