import { describe, expect, it } from 'vitest';
import { NS_PER_MS, utcMidnightOfNs } from '../../core/time.ts';
import { HostClock } from './HostClock.ts';

describe('HostClock', () => {
  it('reads ns from its origin: agrees with the wall clock to a few ms, never goes back, integer-valued', () => {
    const epochNs = BigInt(Date.now()) * BigInt(NS_PER_MS);
    const origin = utcMidnightOfNs(epochNs);
    const clock = new HostClock(origin);
    const wall = Number(epochNs - origin);
    const t0 = clock.nowNs();
    expect(Math.abs(t0 - wall)).toBeLessThan(50 * NS_PER_MS);
    let prev = t0;
    for (let i = 0; i < 10_000; i++) {
      const t = clock.nowNs();
      expect(t).toBeGreaterThanOrEqual(prev);
      prev = t;
    }
    expect(Number.isInteger(prev)).toBe(true);
  });
});
