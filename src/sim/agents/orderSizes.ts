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

/**
 * The shape of drawOrderSize, made adjustable (for calibration to another day): the share of round lots
 * (split among 100/200/300/500 shares in drawOrderSize's proportions 45:5:1:1), and the log-normal of the
 * odd lots (median and log-sd, clipped to 1–99 shares).
 */
export interface OrderSizeShape {
  readonly roundLotShare: number;
  readonly oddLotMedian: number;
  readonly oddLotSigma: number;
}

/** drawOrderSize's own shape. */
export const DEFAULT_ORDER_SIZE_SHAPE: OrderSizeShape = { roundLotShare: 0.52, oddLotMedian: 12, oddLotSigma: 0.7 };

/** An order size drawn from `shape` (same draws per call as drawOrderSize: one uniform, plus a normal for odd lots). */
export function drawShapedOrderSize(rng: SeededRng, shape: OrderSizeShape): number {
  const u = rng.nextFloat();
  if (u < shape.roundLotShare) {
    const v = (u / shape.roundLotShare) * 0.52;
    return v < 0.45 ? 100 : v < 0.5 ? 200 : v < 0.51 ? 300 : 500;
  }
  const s = Math.round(shape.oddLotMedian * Math.exp(shape.oddLotSigma * standardNormal(rng)));
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
