import { describe, expect, it } from 'vitest';
import { ConstantLatency, formatDurationNs } from './ConstantLatency.ts';

describe('ConstantLatency', () => {
  it('returns its constants whatever the time', () => {
    const m = new ConstantLatency(10_000, 20_000, 30_000);
    for (const t of [0, 1, 1e15]) {
      expect(m.feedNs(t)).toBe(10_000);
      expect(m.orderNs(t)).toBe(20_000);
      expect(m.responseNs(t)).toBe(30_000);
    }
    expect(m.description).toBe('constant feed 10 µs, order 20 µs, response 30 µs');
  });

  it('defaults order to feed and response to order', () => {
    const m = new ConstantLatency(50_000);
    expect([m.feedNs(0), m.orderNs(0), m.responseNs(0)]).toEqual([50_000, 50_000, 50_000]);
    expect(m.description).toBe('constant 50 µs');
    expect(new ConstantLatency(1, 2).responseNs(0)).toBe(2);
  });

  it('rejects negative, fractional and non-finite latencies', () => {
    expect(() => new ConstantLatency(-1)).toThrow(/feed latency/);
    expect(() => new ConstantLatency(0, 1.5)).toThrow(/order latency/);
    expect(() => new ConstantLatency(0, 0, Infinity)).toThrow(/response latency/);
  });

  it('formats durations in the largest readable unit', () => {
    expect(formatDurationNs(800)).toBe('800 ns');
    expect(formatDurationNs(1_500)).toBe('1.5 µs');
    expect(formatDurationNs(4_099_434)).toBe('4.099434 ms');
  });
});
