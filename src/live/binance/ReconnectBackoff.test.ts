import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.ts';
import { ReconnectBackoff, type BackoffPolicy } from './ReconnectBackoff.ts';

const policy: BackoffPolicy = { initialMs: 100, maxMs: 1600, multiplier: 2, jitter: 0.5 };

describe('ReconnectBackoff', () => {
  it('grows exponentially to the cap, jittered within [1 - jitter, 1] of the base, and resets', () => {
    const b = new ReconnectBackoff(policy, new SeededRng(42));
    const bases = [100, 200, 400, 800, 1600, 1600, 1600];
    for (const base of bases) {
      const d = b.next();
      expect(d).toBeGreaterThanOrEqual(base * 0.5);
      expect(d).toBeLessThanOrEqual(base);
    }
    expect(b.attempt).toBe(bases.length);
    b.reset();
    const d = b.next();
    expect(d).toBeGreaterThanOrEqual(50);
    expect(d).toBeLessThanOrEqual(100);
  });

  it('is reproducible: the same seed gives the same schedule, another seed another one', () => {
    const run = (seed: number) => {
      const b = new ReconnectBackoff(policy, new SeededRng(seed));
      return Array.from({ length: 8 }, () => b.next());
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('without jitter the delays are exactly initial * multiplier^k, capped', () => {
    const b = new ReconnectBackoff({ initialMs: 10, maxMs: 100, multiplier: 3, jitter: 0 }, new SeededRng(1));
    expect(Array.from({ length: 5 }, () => b.next())).toEqual([10, 30, 90, 100, 100]);
  });

  it('every delay stays within its bounds for any policy and seed (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (initialMs, extra, multiplier, jitter, seed) => {
          const p = { initialMs, maxMs: initialMs + extra, multiplier, jitter };
          const b = new ReconnectBackoff(p, new SeededRng(seed));
          for (let k = 0; k < 20; k++) {
            const base = Math.min(p.maxMs, initialMs * multiplier ** k);
            const d = b.next();
            expect(Number.isInteger(d)).toBe(true);
            expect(d).toBeGreaterThanOrEqual(Math.round(base * (1 - jitter)) - 1);
            expect(d).toBeLessThanOrEqual(Math.round(base));
          }
        },
      ),
    );
  });

  it('rejects nonsensical policies', () => {
    const rng = new SeededRng(1);
    expect(() => new ReconnectBackoff({ ...policy, maxMs: 10 }, rng)).toThrow(RangeError);
    expect(() => new ReconnectBackoff({ ...policy, multiplier: 0.5 }, rng)).toThrow(RangeError);
    expect(() => new ReconnectBackoff({ ...policy, jitter: 2 }, rng)).toThrow(RangeError);
  });
});
