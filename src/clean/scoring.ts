/**
 * The small vocabulary detectors score with. A detector turns each piece of evidence into a number in
 * [0, 1] with `ramp` (0 at or below `lo`, 1 at or above `hi`, linear between; `hi < lo` ramps down) and
 * combines them with `weighted`, so a score is a weighted share of the evidence that is present and every
 * flag's reason can say which evidence it was.
 */
export function ramp(x: number, lo: number, hi: number): number {
  if (Number.isNaN(x)) return 0;
  if (lo === hi) return x >= hi ? 1 : 0;
  const t = (x - lo) / (hi - lo);
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

/** Weighted mean of [value, weight] pairs (weights need not sum to 1), clamped to [0, 1]. */
export function weighted(parts: readonly (readonly [number, number])[]): number {
  let s = 0;
  let w = 0;
  for (const [v, wt] of parts) {
    s += v * wt;
    w += wt;
  }
  const r = w > 0 ? s / w : 0;
  return r <= 0 ? 0 : r >= 1 ? 1 : r;
}

/** A score rounded for output (flags carry three decimals: enough to rank, stable across platforms). */
export function roundScore(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** ns → a short human duration ("850 µs", "42 ms", "3.1 s"). */
export function formatDuration(ns: number): string {
  const a = Math.abs(ns);
  if (a < 1e3) return `${ns} ns`;
  if (a < 1e6) return `${(ns / 1e3).toFixed(0)} µs`;
  if (a < 1e9) return `${(ns / 1e6).toFixed(a < 1e7 ? 1 : 0)} ms`;
  return `${(ns / 1e9).toFixed(1)} s`;
}

/** Number of trailing decimal zeros of a positive integer size (100 → 2, 1500 → 2, 0 or non-integer → 0). */
export function trailingZeros(size: number): number {
  if (!(size > 0) || !Number.isInteger(size)) return 0;
  let z = 0;
  let s = size;
  while (s % 10 === 0) {
    s /= 10;
    z++;
  }
  return z;
}
