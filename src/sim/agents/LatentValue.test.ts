import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../core/rng.ts';
import { DEFAULT_LATENT_VALUE, LatentValue } from './LatentValue.ts';

const SECOND = 1_000_000_000;

/** Least-squares AR(1) slope of (x[t+lag] − μ) on (x[t] − μ). */
function ar1(path: Float64Array, mean: number, lag: number): number {
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i + lag < path.length; i += lag) {
    const x = path[i] - mean;
    sxy += x * (path[i + lag] - mean);
    sxx += x * x;
  }
  return sxy / sxx;
}

describe('LatentValue (Ornstein–Uhlenbeck with jumps)', () => {
  it('is mean reverting at its rate κ: the AR(1) slope over Δ matches exp(−κΔ) (fixed seed, long path)', () => {
    const kappa = Math.LN2 / 600; // 10-minute half-life
    const v = new LatentValue({ ...DEFAULT_LATENT_VALUE, meanReversionPerSecond: kappa, stepNs: SECOND }, 0, 200 * 3600 * SECOND, new SeededRng(11));
    const lag = 60;
    const slope = ar1(v.path, DEFAULT_LATENT_VALUE.mean, lag);
    const expected = Math.exp(-kappa * lag);
    expect(slope).toBeLessThan(1);
    expect(Math.abs(slope - expected)).toBeLessThan(0.03);
    // Stationary spread: σ/√(2κ), inflated a little by the jumps.
    let ss = 0;
    for (const x of v.path) ss += (x - DEFAULT_LATENT_VALUE.mean) ** 2;
    const sd = Math.sqrt(ss / v.path.length);
    const diffusionSd = DEFAULT_LATENT_VALUE.volatilityPerSqrtSecond / Math.sqrt(2 * kappa);
    expect(sd).toBeGreaterThan(0.7 * diffusionSd);
    expect(sd).toBeLessThan(1.5 * diffusionSd);
    expect(v.jumpSteps.length).toBeGreaterThan(0);
  });

  it('pulls a displaced value back to the mean: after three half-lives the average deviation is ≈ 1/8 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.double({ min: 60, max: 3600, noNaN: true }), fc.constantFrom(-1, 1), (seed, halfLife, sign) => {
        const kappa = Math.LN2 / halfLife;
        const stepNs = Math.max(1, Math.round(halfLife / 50)) * SECOND;
        const mean = 5_000_000;
        const sd = DEFAULT_LATENT_VALUE.volatilityPerSqrtSecond / Math.sqrt(2 * kappa);
        const start = mean + sign * 20 * sd;
        const rng = new SeededRng(seed);
        const horizonNs = Math.round(3 * halfLife) * SECOND;
        let sum = 0;
        const paths = 40;
        for (let p = 0; p < paths; p++) {
          const v = new LatentValue({ ...DEFAULT_LATENT_VALUE, mean, start, meanReversionPerSecond: kappa, jumpRatePerSecond: 0, stepNs }, 0, horizonNs, rng);
          sum += v.at(horizonNs) - mean;
        }
        const ratio = sum / paths / (start - mean);
        // Expected 2^-3 = 0.125; the noise of the average is ≤ sd/√40 ≈ 0.008 of the 20-sd displacement.
        expect(Math.abs(ratio - 0.125)).toBeLessThan(0.05);
      }),
      { numRuns: 25 },
    );
  });

  it('without noise it decays exactly as (V0 − μ)·exp(−κt), and `at` clamps to the path', () => {
    const kappa = 0.01;
    const v = new LatentValue({ mean: 1000, start: 2000, meanReversionPerSecond: kappa, volatilityPerSqrtSecond: 0, jumpRatePerSecond: 0, jumpSd: 0, stepNs: SECOND }, 5 * SECOND, 105 * SECOND, new SeededRng(1));
    expect(v.path.length).toBe(101);
    expect(v.at(0)).toBe(2000);
    expect(v.at(55 * SECOND + 1)).toBeCloseTo(1000 + 1000 * Math.exp(-kappa * 50), 6);
    expect(v.at(1e15)).toBeCloseTo(1000 + 1000 * Math.exp(-kappa * 100), 6);
    expect(v.halfLifeSeconds).toBeCloseTo(69.3147, 3);
  });

  it('rejects impossible parameters', () => {
    expect(() => new LatentValue({ ...DEFAULT_LATENT_VALUE, meanReversionPerSecond: 0 }, 0, SECOND, new SeededRng(1))).toThrow(RangeError);
  });
});
