import { describe, expect, it } from 'vitest';
import { SeededRng } from './rng.ts';

describe('SeededRng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new SeededRng(42);
    const b = new SeededRng(42);
    const c = new SeededRng(43);
    const sa = Array.from({ length: 100 }, () => a.nextUint32());
    const sb = Array.from({ length: 100 }, () => b.nextUint32());
    const sc = Array.from({ length: 100 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('is uniform enough: mean and exponential mean within 1% over 200k draws', () => {
    const r = new SeededRng(7);
    let sum = 0;
    let expSum = 0;
    let min = 1;
    let max = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = r.nextFloat();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      expSum += r.exponential(4);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(expSum / n - 0.25) / 0.25).toBeLessThan(0.01);
  });

  it('picks by weight', () => {
    const r = new SeededRng(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.pickWeighted([1, 2, 7], 10)]++;
    expect(counts[0] / 30_000).toBeCloseTo(0.1, 1);
    expect(counts[2] / 30_000).toBeCloseTo(0.7, 1);
  });
});
