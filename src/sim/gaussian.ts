import type { SeededRng } from '../core/rng.ts';

/** A standard normal variate (Box–Muller, one of the pair; two uniforms per call, no state, no allocation). */
export function standardNormal(rng: SeededRng): number {
  const u1 = 1 - rng.nextFloat(); // (0, 1]: log is finite
  const u2 = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A log-normal variate with the given median and log-space standard deviation. */
export function logNormal(rng: SeededRng, median: number, sigma: number): number {
  return median * Math.exp(sigma * standardNormal(rng));
}

/** Uniform integer in [lo, hi] (inclusive). */
export function uniformInt(rng: SeededRng, lo: number, hi: number): number {
  return lo + rng.nextInt(hi - lo + 1);
}

/** A whole number of nanoseconds, exponential with the given mean, at least 1. */
export function exponentialNs(rng: SeededRng, meanNs: number): number {
  const t = Math.round(-Math.log(1 - rng.nextFloat()) * meanNs);
  return t < 1 ? 1 : t;
}
