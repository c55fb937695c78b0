import { NS_PER_SECOND } from '../../core/time.ts';
import type { EquityCurve, FillLog } from '../BacktestResult.ts';

/** Markout statistics of one group of fills (maker, taker or all) at one horizon. */
export interface MarkoutStats {
  /** Fills of the group. */
  readonly fills: number;
  /** Fills measured: fills − beyondEnd − noMid. */
  readonly count: number;
  /** Fills left out because t + h is past the last sample of the equity curve. */
  readonly beyondEnd: number;
  /** Fills left out because the curve has no mid at t + h (before its first sample, or NaN there). */
  readonly noMid: number;
  /** Mean and median markout per share, dollars (NaN when count is 0). */
  readonly meanUsd: number;
  readonly medianUsd: number;
  /** Mean and median markout in basis points of the fill price (NaN when count is 0). */
  readonly meanBps: number;
  readonly medianBps: number;
  /** Σ qty × markout over the measured fills, dollars: what the mid moved in the book's favour. */
  readonly totalUsd: number;
}

export interface HorizonMarkouts {
  readonly horizonNs: number;
  readonly maker: MarkoutStats;
  readonly taker: MarkoutStats;
  readonly all: MarkoutStats;
}

export const DEFAULT_MARKOUT_HORIZONS_NS: readonly number[] = [NS_PER_SECOND, 10 * NS_PER_SECOND];

/**
 * Adverse-selection markouts: for each fill at venue time t and price p, the mid move after h in the
 * fill's favour, side × (mid(t + h) − p) per share, in dollars and in basis points of p. A buy followed by
 * a rising mid has a positive markout; a maker whose fills are consistently negative is being picked off.
 *
 * mid(t + h) is the mid of the last equity-curve sample at or before t + h (the curve's times must be
 * non-decreasing). Fills whose horizon passes the curve's last sample are excluded and counted
 * (`beyondEnd`), as are fills with no mid there (`noMid`). Fills may come in any order.
 */
export function computeMarkouts(
  fills: FillLog,
  equity: EquityCurve,
  horizonsNs: readonly number[] = DEFAULT_MARKOUT_HORIZONS_NS,
): HorizonMarkouts[] {
  const times = equity.timeNs;
  const m = equity.length;
  for (let k = 1; k < m; k++) {
    if (!(times[k] >= times[k - 1])) throw new RangeError(`equity curve: timeNs[${k}] = ${times[k]} is before timeNs[${k - 1}] = ${times[k - 1]}`);
  }
  for (const h of horizonsNs) if (!(h >= 0) || !Number.isFinite(h)) throw new RangeError(`markout horizon must be a finite ns ≥ 0, got ${h}`);
  const lastTime = m > 0 ? times[m - 1] : -Infinity;
  return horizonsNs.map((h) => {
    const groups = [new GroupAccumulator(), new GroupAccumulator()]; // by liquidity code: 0 maker, 1 taker
    const all = new GroupAccumulator();
    for (let i = 0; i < fills.length; i++) {
      const g = groups[fills.liquidity[i] === 0 ? 0 : 1];
      const target = fills.exchNs[i] + h;
      if (target > lastTime) {
        g.beyondEnd++;
        all.beyondEnd++;
        continue;
      }
      const k = lastAtOrBefore(times, m, target);
      const mid = k < 0 ? NaN : equity.mid[k];
      if (!Number.isFinite(mid)) {
        g.noMid++;
        all.noMid++;
        continue;
      }
      const price = fills.price[i];
      const usd = fills.side[i] * (mid - price);
      const bps = (1e4 * usd) / price;
      g.add(usd, bps, fills.qty[i]);
      all.add(usd, bps, fills.qty[i]);
    }
    return { horizonNs: h, maker: groups[0].stats(), taker: groups[1].stats(), all: all.stats() };
  });
}

/** Index of the last time ≤ t in a non-decreasing array (−1 if none). */
function lastAtOrBefore(times: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n; // first index with times[i] > t lies in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

class GroupAccumulator {
  beyondEnd = 0;
  noMid = 0;
  private readonly usd: number[] = [];
  private readonly bps: number[] = [];
  private total = 0;

  add(usd: number, bps: number, qty: number): void {
    this.usd.push(usd);
    this.bps.push(bps);
    this.total += usd * qty;
  }

  stats(): MarkoutStats {
    const count = this.usd.length;
    return {
      fills: count + this.beyondEnd + this.noMid,
      count,
      beyondEnd: this.beyondEnd,
      noMid: this.noMid,
      meanUsd: mean(this.usd),
      medianUsd: median(this.usd),
      meanBps: mean(this.bps),
      medianBps: median(this.bps),
      totalUsd: this.total,
    };
  }
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

function median(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
