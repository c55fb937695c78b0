import { describe, expect, it } from 'vitest';
import { recoveryStats } from './defenceRecovery.ts';

describe('recoveryStats', () => {
  it('is the ratio of the mean gain to the mean cost, not the mean of per-seed ratios', () => {
    // Costs 100 and 10, gains 80 and 10: 90 / 110 of the total cost won back; per seed 0.8 and 1.
    const s = recoveryStats([0, 0], [-100, -10], [-20, 0]);
    expect(s.recovery).toBeCloseTo(90 / 110, 12);
    expect(s.perSeed).toEqual([0.8, 1]);
    expect(s.meanCost).toBe(55);
    expect(s.meanGain).toBe(45);
  });

  it('has a standard error of 0 when every seed recovers the same share, and grows with the scatter', () => {
    expect(recoveryStats([10, 20, 30], [0, 0, 0], [5, 10, 15]).standardError).toBeCloseTo(0, 12);
    const tight = recoveryStats([10, 10, 10, 10], [0, 0, 0, 0], [7, 9, 7, 9]);
    const loose = recoveryStats([10, 10, 10, 10], [0, 0, 0, 0], [0, 16, 0, 16]);
    expect(tight.recovery).toBeCloseTo(0.8, 12);
    expect(loose.recovery).toBeCloseTo(0.8, 12);
    // d = gain − R·cost = ±1 (tight) or ±8 (loose): sd/√n/mean cost.
    expect(tight.standardError).toBeCloseTo(Math.sqrt(4 / 3) / 2 / 10, 12);
    expect(loose.standardError).toBeCloseTo(8 * tight.standardError, 12);
  });

  it('is NaN where it cannot be defined: no total cost, or one seed for the standard error', () => {
    expect(recoveryStats([5, -5], [0, 0], [1, 1]).recovery).toBeNaN();
    const one = recoveryStats([10], [0], [8]);
    expect(one.recovery).toBeCloseTo(0.8, 12);
    expect(one.standardError).toBeNaN();
    expect(() => recoveryStats([1, 2], [0], [0, 0])).toThrow(/one each per seed/);
  });
});
