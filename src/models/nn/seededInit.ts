import type { SeededRng } from '../../core/rng.ts';

/**
 * Initial weights drawn from SeededRng in plain JS rather than tfjs's own RNG: the values then depend on
 * the seed alone (not on tfjs's version or backend), and are rounded to float32 as tfjs stores them.
 */

/** Glorot (Xavier) uniform: U(−a, a), a = √(6 / (fanIn + fanOut)); `count` values. */
export function glorotUniform(rng: SeededRng, fanIn: number, fanOut: number, count: number): Float32Array {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (2 * rng.nextFloat() - 1) * a;
  return out;
}

/** Standard normal variate (Box–Muller; one of the pair is discarded to keep the stream simple). */
function normal(rng: SeededRng): number {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A rows × cols matrix (row-major) with orthonormal rows or columns, whichever are fewer (Keras'
 * `orthogonal` for LSTM recurrent kernels): Gram–Schmidt, twice, over Gaussian vectors.
 */
export function orthogonal(rng: SeededRng, rows: number, cols: number): Float32Array {
  const transpose = rows > cols;
  const n = transpose ? cols : rows; // vectors to orthonormalise
  const d = transpose ? rows : cols; // their length (≥ n)
  const v = new Float64Array(n * d);
  for (let i = 0; i < v.length; i++) v[i] = normal(rng);
  for (let i = 0; i < n; i++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += v[i * d + k] * v[j * d + k];
        for (let k = 0; k < d; k++) v[i * d + k] -= dot * v[j * d + k];
      }
    }
    let norm = 0;
    for (let k = 0; k < d; k++) norm += v[i * d + k] * v[i * d + k];
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < d; k++) v[i * d + k] *= inv;
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      if (transpose) out[k * cols + i] = v[i * d + k];
      else out[i * cols + k] = v[i * d + k];
    }
  }
  return out;
}
