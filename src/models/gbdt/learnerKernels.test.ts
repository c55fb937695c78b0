import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.ts';
import { FEATURE_SLOTS, jsKernels, learnerKernels, type KernelShape, type LearnerKernels } from './learnerKernels.ts';
import { SoftmaxObjective } from './Objective.ts';

/** The same random contents in both kernel sets: bins (some features nearly constant), rows, gradients. */
function fill(k: LearnerKernels, shape: KernelShape, seed: number): void {
  const rng = new SeededRng(seed);
  const { rows: n, features: F, stride } = shape;
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < F; f++) {
      const b = f % 3 === 0 ? (rng.nextFloat() < 0.8 ? 0 : rng.nextInt(40)) : rng.nextInt(200);
      k.byRow[r * stride + f] = b;
      k.byColumn[f * n + r] = b;
    }
  }
  for (let f = 0; f < F; f++) {
    k.binCount[f] = 199;
    k.hasNan[f] = f % 2;
    k.featureList[f] = f;
  }
  for (const gh of k.gh) for (let i = 0; i < gh.length; i++) gh[i] = i % 2 ? rng.nextFloat() * 0.5 : rng.nextFloat() * 2 - 1;
  for (let i = 0; i < k.scores.length; i++) k.scores[i] = rng.nextFloat();
  // An ascending subset of the rows, as a leaf holds them.
  let m = 0;
  for (let r = 0; r < n; r++) if (rng.nextFloat() < 0.7) k.rows[m++] = r;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

describe('learner kernels: WebAssembly and JavaScript agree bit for bit', () => {
  const shape: KernelShape = { rows: 3001, features: 13, stride: 16, slots: 4, slotDoubles: 16 * FEATURE_SLOTS, outputs: 3 };
  const wasm = learnerKernels(shape);
  const js = jsKernels(shape);

  it('runs in WebAssembly here (Node has it)', () => {
    expect(wasm.wasm).toBe(true);
    expect(js.wasm).toBe(false);
  });

  it('every kernel, on the same data', () => {
    for (const k of [wasm, js]) fill(k, shape, 3);
    const m = 2000;
    for (const k of [wasm, js]) {
      k.maxima(1, 0, m);
      // Scales as the quantiser would set them: packed sums stay exact.
      const sum = k.pack(1, 0, m, 512 / k.out[0], 512 / k.out[1], 2 ** 26);
      k.out[0] = sum;
      k.hist.fill(0);
      k.histogram(0, 0, m);
      k.histogram(shape.slotDoubles, 100, 900);
      k.subtract(0, shape.slotDoubles, shape.slotDoubles);
      k.scan(0, shape.features, Math.floor(sum / 2 ** 26), sum - Math.floor(sum / 2 ** 26) * 2 ** 26, 30, 1e9, 5, 2 ** 26, 2 ** -26);
      k.out[1] = k.newtonStep(2, 10, 1500, 1);
      k.addToRows(0, 0, m, 0.25);
      k.goLeft.fill(4, 0, 60);
      k.goLeft.fill(0, 60);
      k.goLeft[199] = 4;
      const nl = k.partition(0, m, 4);
      k.rows.set(k.scratch.subarray(0, m - nl), nl);
      k.out[1] += nl;
    }
    expect(same(wasm.packed, js.packed)).toBe(true);
    // (The JavaScript loop also fills the padding features' slots, which nothing reads.)
    for (let slot = 0; slot < 2; slot++) {
      const from = slot * shape.slotDoubles;
      const to = from + shape.features * FEATURE_SLOTS;
      expect(same(wasm.hist.subarray(from, to), js.hist.subarray(from, to))).toBe(true);
    }
    expect(same(wasm.best, js.best)).toBe(true);
    expect(wasm.best[1]).toBeGreaterThanOrEqual(0);
    expect(same(wasm.out, js.out)).toBe(true);
    expect(same(wasm.scores, js.scores)).toBe(true);
    expect(same(wasm.rows, js.rows)).toBe(true);
  });

  it('histogram: each row adds its packed value to one slot per feature', () => {
    const k = wasm;
    fill(k, shape, 9);
    k.hist.fill(0);
    k.packed.fill(0);
    for (let i = 0; i < 50; i++) k.packed[k.rows[i]] = 1 + i;
    k.histogram(0, 0, 50);
    for (let f = 0; f < shape.features; f++) {
      const expected = new Float64Array(FEATURE_SLOTS);
      for (let i = 0; i < 50; i++) expected[k.byRow[k.rows[i] * shape.stride + f]] += 1 + i;
      expect(same(k.hist.subarray(f * FEATURE_SLOTS, (f + 1) * FEATURE_SLOTS), expected)).toBe(true);
    }
  });

  it('partition is stable: both sides keep their order', () => {
    const k = wasm;
    fill(k, shape, 11);
    const before = Array.from(k.rows.subarray(0, 1000));
    k.goLeft.fill(0);
    for (let b = 0; b < 256; b += 3) k.goLeft[b] = 4;
    const nl = k.partition(0, 1000, 2);
    k.rows.set(k.scratch.subarray(0, 1000 - nl), nl);
    const left = before.filter((r) => k.goLeft[k.byColumn[2 * shape.rows + r]] === 4);
    const right = before.filter((r) => k.goLeft[k.byColumn[2 * shape.rows + r]] === 0);
    expect(nl).toBe(left.length);
    expect(Array.from(k.rows.subarray(0, 1000))).toEqual([...left, ...right]);
  });

  it('softmax3 gives the gradients of SoftmaxObjective bit for bit (ties, huge gaps, class weights)', () => {
    const k = wasm;
    const fused = k.softmax3;
    if (!fused) throw new Error('no softmax3 kernel');
    const rng = new SeededRng(4);
    const n = shape.rows;
    for (let i = 0; i < 3 * n; i++) k.scores[i] = (rng.nextFloat() - 0.5) * 30;
    k.scores.set([1, 1, 1, 2, 2, -1, 0, 800, -800, -1e6, 5, 5, NaN, 0, 1, 3, Infinity, 2], 0);
    const y = Uint8Array.from({ length: n }, () => rng.nextInt(3));
    const weights = Float64Array.of(0.7, 1, 2.5);
    fused.labels.set(y);
    fused.classWeights.set(weights);
    fused.run();
    const expected = Array.from({ length: 3 }, () => new Float64Array(2 * n));
    new SoftmaxObjective(3, weights).gradients(k.scores, y, expected);
    for (let c = 0; c < 3; c++) expect(same(k.gh[c], expected[c])).toBe(true);
  });
});
