import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Standardizer } from './Standardizer.ts';
import { chronologicalSplit } from './ChronologicalSplit.ts';
import { kAheadLabels } from './KAheadLabeling.ts';
import { SeededRng } from '../core/rng.ts';

describe('Standardizer', () => {
  it('fits mean and population std on the given rows only, skipping NaN (hand-computed)', () => {
    const a = Float64Array.from([1, 2, 3, NaN, 1000]);
    const b = Float64Array.from([5, 5, 5, 5, -1000]);
    const s = Standardizer.fit([a, b], Int32Array.from([0, 1, 2, 3]));
    expect(Array.from(s.mean)).toEqual([2, 5]);
    expect(s.std[0]).toBe(Math.sqrt(2 / 3)); // deviations -1, 0, 1 over 3 finite values
    expect(s.std[1]).toBe(1); // constant column: std 0 → 1
    expect(Array.from(s.count)).toEqual([3, 4]);
    const out = new Float64Array(2);
    s.transformRow([3, 7], out);
    expect(out[0]).toBe((3 - 2) * (1 / Math.sqrt(2 / 3)));
    expect(out[1]).toBe(2);
  });

  it('a column with no finite training value passes through (mean 0, std 1, count 0)', () => {
    const s = Standardizer.fit([Float64Array.from([NaN, Infinity, 4])], Int32Array.from([0, 1]));
    expect([s.mean[0], s.std[0], s.count[0]]).toEqual([0, 1, 0]);
  });

  it('transformInPlace and transformRow give identical bits; JSON round-trips exactly', () => {
    const rng = new SeededRng(3);
    const cols = [0, 1, 2].map(() => Float64Array.from({ length: 50 }, () => rng.nextFloat() * 1e3 - 300));
    const rows = Int32Array.from({ length: 30 }, (_, i) => i);
    const s = Standardizer.fit(cols, rows);
    const restored = Standardizer.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(Array.from(restored.mean)).toEqual(Array.from(s.mean));
    expect(Array.from(restored.std)).toEqual(Array.from(s.std));
    const rowsOut: number[][] = [];
    const out = new Float64Array(3);
    for (let i = 0; i < 50; i++) rowsOut.push(Array.from(restored.transformRow([cols[0][i], cols[1][i], cols[2][i]], out)));
    s.transformInPlace(cols);
    for (let i = 0; i < 50; i++) expect([cols[0][i], cols[1][i], cols[2][i]]).toEqual(rowsOut[i]);
  });

  it('rejects malformed artifacts and mismatched shapes, naming the field', () => {
    expect(() => Standardizer.fromJSON({ kind: 'x' })).toThrow(/kind/);
    expect(() => Standardizer.fromJSON({ kind: 'standardizer', mean: [0], std: [0], count: [1] })).toThrow(/std\[0\]/);
    expect(() => Standardizer.fromJSON({ kind: 'standardizer', mean: ['a'], std: [1], count: [1] })).toThrow(/"mean"/);
    expect(() => Standardizer.fit([new Float64Array(3), new Float64Array(4)], Int32Array.from([0]))).toThrow(/column 1/);
    expect(() => Standardizer.fit([new Float64Array(3)], Int32Array.from([3]))).toThrow(/fit row 3/);
    const s = Standardizer.fit([new Float64Array(3)], Int32Array.from([0]));
    expect(() => s.transformInPlace([])).toThrow(/expected 1 columns/);
    expect(() => s.transformRow([1, 2], new Float64Array(2))).toThrow(/expected 1 values/);
  });

  it('test data never touches the statistics: garbage in every non-train row refits bit for bit', () => {
    const rng = new SeededRng(99);
    const n = 2_000;
    const mid = new Float64Array(n);
    let p = 20_000;
    for (let i = 0; i < n; i++) mid[i] = (p += rng.nextInt(3) - 1) / 2;
    const cols = [0, 1, 2, 3].map((c) => Float64Array.from({ length: n }, (_, i) => (c === 3 && i % 17 === 0 ? NaN : rng.nextFloat() * (c + 1) * 100)));
    const { labelEnd } = kAheadLabels(mid, { horizon: 10 });
    const split = chronologicalSplit(n, { train: 0.7, validation: 0.15 }, labelEnd, 5);
    const before = Standardizer.fit(cols, split.train);

    const isTrain = new Uint8Array(n);
    for (const i of split.train) isTrain[i] = 1;
    const garbage = [NaN, 1e300, -1e300, Infinity, 0];
    for (const col of cols) for (let i = 0; i < n; i++) if (!isTrain[i]) col[i] = garbage[i % garbage.length];
    const after = Standardizer.fit(cols, split.train);

    expect(Array.from(new Uint8Array(after.mean.buffer))).toEqual(Array.from(new Uint8Array(before.mean.buffer)));
    expect(Array.from(new Uint8Array(after.std.buffer))).toEqual(Array.from(new Uint8Array(before.std.buffer)));
    expect(Array.from(after.count)).toEqual(Array.from(before.count));
  });

  it('property: standardized training columns have mean ≈ 0 and std ≈ 1 (or are constant 0)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 80 }), (xs) => {
        const col = Float64Array.from(xs);
        const rows = Int32Array.from(xs.keys());
        const s = Standardizer.fit([col], rows);
        s.transformInPlace([col]);
        const m = col.reduce((a, b) => a + b, 0) / col.length;
        const v = col.reduce((a, b) => a + (b - m) * (b - m), 0) / col.length;
        expect(Math.abs(m)).toBeLessThan(1e-6);
        if (v > 1e-12) expect(Math.abs(v - 1)).toBeLessThan(1e-6);
      }),
    );
  });
});
