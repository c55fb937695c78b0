import { describe, expect, it } from 'vitest';
import { SeededRng } from '../core/rng.ts';
import { FastSeededRng } from './FastSeededRng.ts';
import { mixSeed } from './AgentMarket.ts';

describe('FastSeededRng', () => {
  it('gives SeededRng stream, draw for draw, for every method', () => {
    const seeds = [0, 1, 2, 7, 12345, 0x7fffffff, 0x80000000, 0xffffffff, -5, mixSeed(1, -1), mixSeed(1, 3), mixSeed(99, 58)];
    const weights = [0.5, 2, 0, 1.25];
    for (const seed of seeds) {
      const a = new SeededRng(seed);
      const b = new FastSeededRng(seed);
      for (let i = 0; i < 4000; i++) {
        switch (i % 5) {
          case 0:
            expect(b.nextUint32()).toBe(a.nextUint32());
            break;
          case 1:
            expect(b.nextFloat()).toBe(a.nextFloat());
            break;
          case 2:
            expect(b.nextInt(1 + (i % 97))).toBe(a.nextInt(1 + (i % 97)));
            break;
          case 3:
            expect(b.exponential(0.25)).toBe(a.exponential(0.25));
            break;
          default:
            expect(b.pickWeighted(weights, 3.75)).toBe(a.pickWeighted(weights, 3.75));
        }
      }
    }
  });
});
