import { describe, expect, it } from 'vitest';
import { EmpiricalLatency, summarizeLatency } from './EmpiricalLatency.ts';

const dist = (values: number[], source = 'test') => ({ samples: Float64Array.from(values), source });

describe('EmpiricalLatency', () => {
  it('draws only recorded values, each about equally often', () => {
    const m = new EmpiricalLatency(dist([100, 200, 300, 400]), { seed: 3 });
    const counts = new Map<number, number>();
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      const x = m.feedNs(i);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([100, 200, 300, 400]);
    for (const c of counts.values()) expect(Math.abs(c / n - 0.25)).toBeLessThan(0.01);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i * 1000);
    const draw = (seed: number) => {
      const m = new EmpiricalLatency(dist(values), { seed });
      return Array.from({ length: 50 }, () => m.feedNs(0));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('gives each leg its own stream: feed latencies do not depend on how many orders are sent', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const quiet = new EmpiricalLatency(dist(values), { seed: 5 });
    const busy = new EmpiricalLatency(dist(values), { seed: 5 });
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 100; i++) {
      a.push(quiet.feedNs(i));
      busy.orderNs(i);
      busy.responseNs(i);
      busy.orderNs(i);
      b.push(busy.feedNs(i));
    }
    expect(b).toEqual(a);
  });

  it('uses separate order and response distributions when given', () => {
    const m = new EmpiricalLatency(dist([1]), { order: dist([2]), response: dist([3]) });
    expect([m.feedNs(0), m.orderNs(0), m.responseNs(0)]).toEqual([1, 2, 3]);
  });

  it('copies its samples: the caller may reuse its array', () => {
    const samples = Float64Array.from([10, 10]);
    const m = new EmpiricalLatency({ samples, source: 'x' });
    samples.fill(99);
    expect(m.feedNs(0)).toBe(10);
  });

  it('rejects empty distributions and negative or fractional samples, naming the sample', () => {
    expect(() => new EmpiricalLatency(dist([]))).toThrow(/no samples/);
    expect(() => new EmpiricalLatency(dist([5, -1]))).toThrow(/sample 1 is -1/);
    expect(() => new EmpiricalLatency(dist([5]), { order: dist([0.5]) })).toThrow(/order distribution/);
  });

  it('describes its source and quantiles', () => {
    const m = new EmpiricalLatency(dist([1_000, 2_000, 3_000], 'Binance test'), { seed: 9 });
    expect(m.description).toBe('empirical (Binance test; 3 samples, all legs: median 2 µs, p99 3 µs, max 3 µs; seed 9)');
    expect(summarizeLatency(Float64Array.from([3, 1, 2, 4]))).toEqual({ count: 4, minNs: 1, p50Ns: 2, p99Ns: 4, maxNs: 4, meanNs: 2.5 });
  });
});
