import type * as tfType from '@tensorflow/tfjs';
import type { SeededRng } from '../../core/rng.ts';
import { glorotUniform, orthogonal } from './seededInit.ts';
import type { WeightSpec } from './WeightTensor.ts';

type Tf = typeof tfType;

/**
 * A DeepLOB-style network (Zhang, Zohren & Roberts 2019) over a window of T snapshots × 4L columns:
 *   block 1: conv 1×2 stride 2 (price with size) → conv 4×1 → conv 4×1
 *   block 2: conv 1×2 stride 2 (ask with bid)    → conv 4×1 → conv 4×1
 *   block 3: conv 1×L (all levels)               → conv 4×1 → conv 4×1
 *   inception: [1×1 → 3×1], [1×1 → 5×1], [max-pool 3×1 → 1×1], concatenated
 *   LSTM (sigmoid gates, tanh) over the T steps → dense → softmax.
 * Every conv is followed by LeakyReLU(0.01); "4×1" convs run along time with TF's 'same' padding.
 * No batch norm or dropout (as the authors' Keras code), which keeps inference a fixed function of weights.
 *
 * Convolutions are written as matrix products (non-overlapping 1×k strides are a reshape; k×1 along time
 * is k shifted slices concatenated on channels): the wasm backend has no Conv2DBackpropFilter kernel,
 * and the same formulation is what the plain-JS forward pass (DeepLobPredictor) mirrors step by step.
 */
export interface DeepLobArchitecture {
  /** T: snapshots per input window. */
  readonly window: number;
  /** L: book levels (the input has 4L columns). */
  readonly levels: number;
  readonly convFilters: number;
  /** Filters per inception branch (the LSTM sees 3 × this many channels). */
  readonly inceptionFilters: number;
  readonly lstmUnits: number;
  readonly numClasses: number;
}

/** Sizes of the two variants: the paper's (16 conv / 32 inception filters, LSTM 64) and a small one for tests. */
export const DEEPLOB_VARIANTS = {
  full: { window: 100, convFilters: 16, inceptionFilters: 32, lstmUnits: 64 },
  small: { window: 50, convFilters: 8, inceptionFilters: 8, lstmUnits: 16 },
} as const;

export type DeepLobVariant = keyof typeof DEEPLOB_VARIANTS;

export const LEAKY_ALPHA = 0.01;

/** Conv layers of the three blocks: name, kind (width: 1×k stride k; time: k×1 'same'), k, in/out channels. */
export interface ConvLayer {
  readonly name: string;
  readonly kind: 'width' | 'time';
  readonly k: number;
  readonly inChannels: number;
  readonly outChannels: number;
}

export function convLayers(a: DeepLobArchitecture): ConvLayer[] {
  const f = a.convFilters;
  const time = (name: string): ConvLayer => ({ name, kind: 'time', k: 4, inChannels: f, outChannels: f });
  return [
    { name: 'conv1a', kind: 'width', k: 2, inChannels: 1, outChannels: f },
    time('conv1b'),
    time('conv1c'),
    { name: 'conv2a', kind: 'width', k: 2, inChannels: f, outChannels: f },
    time('conv2b'),
    time('conv2c'),
    { name: 'conv3a', kind: 'width', k: a.levels, inChannels: f, outChannels: f },
    time('conv3b'),
    time('conv3c'),
  ];
}

/** Inception layers (after the conv blocks): k = 1 is a 1×1 conv, otherwise k×1 along time. */
export function inceptionLayers(a: DeepLobArchitecture): ConvLayer[] {
  const f = a.convFilters;
  const i = a.inceptionFilters;
  return [
    { name: 'inc1a', kind: 'time', k: 1, inChannels: f, outChannels: i },
    { name: 'inc1b', kind: 'time', k: 3, inChannels: i, outChannels: i },
    { name: 'inc2a', kind: 'time', k: 1, inChannels: f, outChannels: i },
    { name: 'inc2b', kind: 'time', k: 5, inChannels: i, outChannels: i },
    { name: 'inc3', kind: 'time', k: 1, inChannels: f, outChannels: i },
  ];
}

/**
 * Parameters in order: per conv/inception layer `<name>/kernel` [k·in, out] (row index j·in + c for tap j,
 * channel c) and `<name>/bias` [out]; `lstm/kernel` [3I, 4H], `lstm/recurrent` [H, 4H], `lstm/bias` [4H]
 * (gates i, f, g, o as Keras); `out/kernel` [H, classes], `out/bias` [classes].
 */
export function deepLobWeightSpecs(a: DeepLobArchitecture): WeightSpec[] {
  const specs: WeightSpec[] = [];
  for (const l of [...convLayers(a), ...inceptionLayers(a)]) {
    specs.push({ name: `${l.name}/kernel`, shape: [l.k * l.inChannels, l.outChannels] }, { name: `${l.name}/bias`, shape: [l.outChannels] });
  }
  const h = a.lstmUnits;
  specs.push(
    { name: 'lstm/kernel', shape: [3 * a.inceptionFilters, 4 * h] },
    { name: 'lstm/recurrent', shape: [h, 4 * h] },
    { name: 'lstm/bias', shape: [4 * h] },
    { name: 'out/kernel', shape: [h, a.numClasses] },
    { name: 'out/bias', shape: [a.numClasses] },
  );
  return specs;
}

/** Keras defaults from the seeded stream: Glorot-uniform kernels (conv fans include the taps), orthogonal recurrent kernel, forget-gate bias 1. */
export function initDeepLobWeights(a: DeepLobArchitecture, rng: SeededRng): Float32Array[] {
  const out: Float32Array[] = [];
  for (const l of [...convLayers(a), ...inceptionLayers(a)]) {
    out.push(glorotUniform(rng, l.k * l.inChannels, l.k * l.outChannels, l.k * l.inChannels * l.outChannels), new Float32Array(l.outChannels));
  }
  const h = a.lstmUnits;
  const inputs = 3 * a.inceptionFilters;
  const bias = new Float32Array(4 * h);
  bias.fill(1, h, 2 * h);
  out.push(glorotUniform(rng, inputs, 4 * h, inputs * 4 * h), orthogonal(rng, h, 4 * h), bias);
  out.push(glorotUniform(rng, h, a.numClasses, h * a.numClasses), new Float32Array(a.numClasses));
  return out;
}

/** 'same' padding along time for a k-tap kernel, as TensorFlow: the extra row goes after. */
export function samePadding(k: number): [number, number] {
  const before = Math.floor((k - 1) / 2);
  return [before, k - 1 - before];
}

/**
 * A k×1 convolution along time with 'same' padding: x [batch, T, W, C], kernel [k·C, F] → [batch, T, W, F].
 * The wasm backend's Conv2D is fast but it has no Conv2DBackpropFilter kernel and its
 * Conv2DBackpropInput is slow, so both gradients are written as forward convolutions: the input gradient
 * is the output gradient convolved with the time-flipped, channel-transposed kernel; the filter gradient
 * is a convolution of the input (batch moved to channels) with the output gradient as the filter.
 */
export function timeConvTf(tf: Tf, x: tfType.Tensor4D, kernel: tfType.Tensor2D, k: number): tfType.Tensor4D {
  const [, , , c] = x.shape;
  const f = kernel.shape[1];
  const [before, after] = samePadding(k);
  const op = tf.customGrad((...args: (tfType.Tensor | tfType.GradSaveFunc)[]) => {
    const [xs, ks, save] = args as [tfType.Tensor4D, tfType.Tensor2D, tfType.GradSaveFunc];
    const filter = tf.reshape(ks, [k, 1, c, f]) as tfType.Tensor4D;
    const padded = tf.pad(xs, [[0, 0], [before, after], [0, 0], [0, 0]]);
    save([padded, filter]);
    return {
      value: tf.conv2d(padded, filter, 1, 'valid'),
      gradFunc: (dy4: tfType.Tensor4D, saved: tfType.Tensor[]) => {
        const [xp, fl] = saved as [tfType.Tensor4D, tfType.Tensor4D];
        const flipped = tf.transpose(tf.reverse(fl, 0), [0, 1, 3, 2]) as tfType.Tensor4D;
        const dx = tf.conv2d(tf.pad(dy4, [[0, 0], [after, before], [0, 0], [0, 0]]), flipped, 1, 'valid');
        const xt = tf.transpose(xp, [3, 1, 2, 0]) as tfType.Tensor4D; // [C, T + k − 1, W, batch]
        const dyt = tf.transpose(dy4, [1, 2, 0, 3]) as tfType.Tensor4D; // [T, W, batch, F]
        const dk = tf.reshape(tf.transpose(tf.conv2d(xt, dyt, 1, 'valid'), [1, 0, 2, 3]), [k * c, f]);
        return [dx, dk];
      },
    };
  });
  return op(x, kernel);
}

/**
 * x · w with gradients computed by untransposed products of explicitly transposed operands: the wasm
 * backend's matmul with a transposed operand (what tfjs's own gradient uses) is ~10× slower.
 */
export function matMulTf(tf: Tf, x: tfType.Tensor2D, w: tfType.Tensor2D): tfType.Tensor2D {
  const op = tf.customGrad((...args: (tfType.Tensor | tfType.GradSaveFunc)[]) => {
    const [xs, ws, save] = args as [tfType.Tensor2D, tfType.Tensor2D, tfType.GradSaveFunc];
    save([xs, ws]);
    return {
      value: tf.matMul(xs, ws) as tfType.Tensor2D,
      gradFunc: (dy: tfType.Tensor2D, saved: tfType.Tensor[]) => {
        const [xv, wv] = saved as [tfType.Tensor2D, tfType.Tensor2D];
        return [tf.matMul(dy, tf.transpose(wv)), tf.matMul(tf.transpose(xv), dy)];
      },
    };
  });
  return op(x, w);
}

/** Forward pass to logits in tfjs: x [batch, T, 4L] (normalised) → [batch, classes]. */
export function deepLobLogitsTf(tf: Tf, a: DeepLobArchitecture, params: readonly tfType.Tensor[], x: tfType.Tensor3D): tfType.Tensor2D {
  const b = x.shape[0];
  const t = a.window;
  let p = 0;
  const next = (): [tfType.Tensor2D, tfType.Tensor1D] => [params[p++] as tfType.Tensor2D, params[p++] as tfType.Tensor1D];
  const leaky = (z: tfType.Tensor): tfType.Tensor => tf.leakyRelu(z, LEAKY_ALPHA);
  // Activations are [batch, T, width, channels].
  const conv = (h: tfType.Tensor4D, l: ConvLayer): tfType.Tensor4D => {
    const [kernel, bias] = next();
    const [, , w, c] = h.shape;
    if (l.kind === 'width') {
      const rows = tf.reshape(h, [b * t * (w / l.k), l.k * c]) as tfType.Tensor2D;
      return tf.reshape(leaky(tf.add(matMulTf(tf, rows, kernel), bias)), [b, t, w / l.k, l.outChannels]);
    }
    if (l.k > 1) return leaky(tf.add(timeConvTf(tf, h, kernel, l.k), bias)) as tfType.Tensor4D;
    const rows = tf.reshape(h, [b * t * w, c]) as tfType.Tensor2D;
    return tf.reshape(leaky(tf.add(matMulTf(tf, rows, kernel), bias)), [b, t, w, l.outChannels]);
  };
  let h = tf.reshape(x, [b, t, 4 * a.levels, 1]) as tfType.Tensor4D;
  for (const l of convLayers(a)) h = conv(h, l);
  const [i1a, i1b, i2a, i2b, i3] = inceptionLayers(a);
  const branch1 = conv(conv(h, i1a), i1b);
  const branch2 = conv(conv(h, i2a), i2b);
  const branch3 = conv(tf.maxPool(h, [3, 1], [1, 1], 'same'), i3);
  const features = tf.reshape(tf.concat([branch1, branch2, branch3], 3), [b * t, 3 * a.inceptionFilters]) as tfType.Tensor2D;
  const [wx, wh, bias] = [params[p++], params[p++], params[p++]] as [tfType.Tensor2D, tfType.Tensor2D, tfType.Tensor1D];
  const hUnits = a.lstmUnits;
  // Time-major rows: each step is a contiguous block of rows (wasm's Unpack is slow on any axis).
  const projected = tf.reshape(tf.add(matMulTf(tf, features, wx), bias), [b, t, 4 * hUnits]);
  const timeMajor = tf.reshape(tf.transpose(projected, [1, 0, 2]), [t * b, 4 * hUnits]);
  let hs: tfType.Tensor2D = tf.zeros([b, hUnits]);
  let cs: tfType.Tensor2D = tf.zeros([b, hUnits]);
  for (let s = 0; s < t; s++) {
    const z = tf.add(tf.slice(timeMajor, [s * b, 0], [b, 4 * hUnits]), matMulTf(tf, hs, wh)) as tfType.Tensor2D;
    const [zi, zf, zg, zo] = tf.split(z, 4, 1) as tfType.Tensor2D[];
    cs = tf.add(tf.mul(tf.sigmoid(zf), cs), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
    hs = tf.mul(tf.sigmoid(zo), tf.tanh(cs));
  }
  const [wo, bo] = next();
  return tf.add(matMulTf(tf, hs, wo), bo);
}
