import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.ts';
import { softmax } from '../softmax.ts';
import { SoftmaxObjective } from './Objective.ts';
import { expNonPositive } from './expNonPositive.ts';

/** Units in the last place of b between a and b. */
function ulps(a: number, b: number): number {
  return Math.abs(a - b) / 2 ** (Math.floor(Math.log2(b)) - 52);
}

describe('expNonPositive', () => {
  it('is within 2 ulp of Math.exp on (−708, 0], and 0 below', () => {
    const rng = new SeededRng(1);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = -rng.nextFloat() * (i % 2 ? 40 : 708);
      worst = Math.max(worst, ulps(expNonPositive(x), Math.exp(x)));
    }
    for (const x of [-0, -1e-300, -1e-12, -Math.LN2, -1, -707.9]) worst = Math.max(worst, ulps(expNonPositive(x), Math.exp(x)));
    expect(worst).toBeLessThanOrEqual(2);
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-709)).toBe(0);
  });
});

describe('softmax gradients', () => {
  it('three classes (unrolled) and the general loop agree with softmax() to 1e-15, weights and floor included', () => {
    const rng = new SeededRng(2);
    const n = 2000;
    for (const k of [2, 3, 4]) {
      const scores = Float64Array.from({ length: n * k }, () => (rng.nextFloat() - 0.5) * 20);
      // A confidently right row: its hessian hits the floor.
      scores[0] = 60;
      const y = Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 0 : rng.nextInt(k)));
      const weights = Float64Array.from({ length: k }, (_, c) => 1 + c / 2);
      const gh = Array.from({ length: k }, () => new Float64Array(2 * n));
      new SoftmaxObjective(k, weights).gradients(scores, y, gh);
      const p = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        softmax(scores, i * k, k, p, 0);
        const w = weights[y[i]];
        for (let c = 0; c < k; c++) {
          expect(Math.abs(gh[c][2 * i] - w * (c === y[i] ? p[c] - 1 : p[c]))).toBeLessThan(1e-15);
          expect(Math.abs(gh[c][2 * i + 1] - Math.max(w * 2 * p[c] * (1 - p[c]), 1e-16))).toBeLessThan(1e-15);
        }
      }
      expect(gh[0][1]).toBe(1e-16);
    }
  });
});
