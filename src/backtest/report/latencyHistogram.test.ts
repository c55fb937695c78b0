import { describe, expect, it } from 'vitest';
import { latencyHistogram } from './latencyHistogram.ts';

const sum = (a: Uint32Array): number => a.reduce((s, v) => s + v, 0);

describe('latencyHistogram', () => {
  it('bins a narrow spread linearly, in µs, with percentiles', () => {
    const ns = Float64Array.from({ length: 100 }, (_, i) => 50_000 + i * 100); // 50.0 … 59.9 µs
    const h = latencyHistogram(ns, 10);
    expect(h.log).toBe(false);
    expect(h.count).toBe(100);
    expect(sum(h.counts)).toBe(100);
    expect(Array.from(h.counts)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
    expect(h.edgesUs[0]).toBe(50);
    expect(h.edgesUs[10]).toBeCloseTo(59.9, 10);
    expect(h.p50Us).toBe(54.9);
    expect(h.p99Us).toBe(59.8);
    expect(h.meanUs).toBeCloseTo(54.95, 10);
  });

  it('switches to log10 bins when the spread is wide, counting zeros in the first bin', () => {
    const ns = [0, 0, 10_000, 100_000, 1_000_000, 1_000_000, 10_000_000]; // 0, 0, 10 µs … 10 ms
    const h = latencyHistogram(ns, 3);
    expect(h.log).toBe(true);
    expect(h.zeros).toBe(2);
    expect(Array.from(h.edgesUs, (e) => Number(e.toPrecision(10)))).toEqual([10, 100, 1000, 10000]);
    expect(Array.from(h.counts)).toEqual([3, 1, 3]); // two zeros and 10 µs; 100 µs; 1 ms twice and 10 ms (the last edge is in the last bin)
  });

  it('handles a constant, an empty set and bad samples', () => {
    const c = latencyHistogram([25_000, 25_000, 25_000], 5);
    expect(sum(c.counts)).toBe(3);
    expect(c.edgesUs[0]).toBeLessThan(25);
    expect(c.edgesUs[5]).toBeGreaterThan(25);
    const e = latencyHistogram([], 5);
    expect(e.count).toBe(0);
    expect(e.counts.length).toBe(0);
    const bad = latencyHistogram([NaN, -1, 1000], 5);
    expect([bad.count, bad.dropped]).toEqual([1, 2]);
    const zeros = latencyHistogram([0, 0], 5);
    expect(sum(zeros.counts)).toBe(2);
  });
});
