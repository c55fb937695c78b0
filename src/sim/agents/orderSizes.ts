import type { SeededRng } from '../../core/rng.ts';
import { standardNormal } from '../gaussian.ts';

/**
 * A NASDAQ-like order size for honest flow, shaped on LOBSTER's GOOG 2012-06-21 adds: about half are
 * one round lot (100 shares), a few are 200–500, the rest odd lots spread around ten shares (log-normal,
 * median 12, 1–99). Mean ≈ 60 shares, close to the day's mean add and execution size (63).
 */
export function drawOrderSize(rng: SeededRng): number {
  const u = rng.nextFloat();
  if (u < 0.45) return 100;
  if (u < 0.5) return 200;
  if (u < 0.52) return u < 0.51 ? 300 : 500;
  const s = Math.round(12 * Math.exp(0.7 * standardNormal(rng)));
  return s < 1 ? 1 : s > 99 ? 99 : s;
}

/** One element of `sizes`, uniformly. */
export function pickSize(rng: SeededRng, sizes: readonly number[]): number {
  return sizes[rng.nextInt(sizes.length)];
}

/** The highest tick-multiple price at or below `price`. */
export function floorToTick(price: number, tick: number): number {
  return Math.floor(price / tick) * tick;
}

/** The lowest tick-multiple price at or above `price`. */
export function ceilToTick(price: number, tick: number): number {
  return Math.ceil(price / tick) * tick;
}
