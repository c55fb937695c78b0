import { checkHorizon, checkMids } from './DirectionLabel.ts';

/**
 * Regression targets: the future mid return in basis points.
 *
 * Event clock: bps[t] = 1e4 · (mid[t+k] / mid[t] − 1), NaN where t+k is past the last sample.
 */
export function forwardReturnBps(mid: Float64Array, k: number): Float64Array {
  checkHorizon(k);
  const n = mid.length;
  if (n < k + 1) {
    throw new RangeError(`forward return: horizon k=${k} is longer than the data: needs ${k + 1} samples, got ${n}`);
  }
  checkMids(mid);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = t + k < n ? 1e4 * (mid[t + k] / mid[t] - 1) : NaN;
  return out;
}

/** labelEnd for `forwardReturnBps`: t+k, or -1 where there is no target. */
export function forwardReturnLabelEnd(n: number, k: number): Int32Array {
  checkHorizon(k);
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) out[t] = t + k < n ? t + k : -1;
  return out;
}

export interface ClockForwardReturn {
  /** 1e4 · (mid as of time[t]+Δ / mid[t] − 1); NaN when time[t]+Δ is after the last sample's time. */
  readonly bps: Float64Array;
  /** The sample the target reads (the last one with time <= time[t]+Δ), -1 when NaN. */
  readonly labelEnd: Int32Array;
}

/**
 * Clock horizon: the mid "as of" time[t] + Δ is the mid of the last sample with time <= time[t] + Δ
 * (the book state in force at that instant). O(n) with one forward-moving pointer, since the target
 * times are non-decreasing. Times are integer ns offsets as in event batches (exact below 2^53).
 * When no sample reaches time[t] + Δ (it is beyond the last sample's time) the target is NaN: the
 * state at that instant is not known from the data.
 */
export function forwardReturnBpsClock(mid: Float64Array, timeNs: Float64Array, horizonNs: number): ClockForwardReturn {
  const n = mid.length;
  if (timeNs.length !== n) throw new RangeError(`timeNs has ${timeNs.length} samples but mid has ${n}`);
  if (!(horizonNs > 0) || !Number.isFinite(horizonNs)) {
    throw new RangeError(`horizonNs must be a finite positive number of ns, got ${horizonNs}`);
  }
  checkMids(mid);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(timeNs[i]) || (i > 0 && timeNs[i] < timeNs[i - 1])) {
      throw new RangeError(`timeNs[${i}] = ${timeNs[i]} is not finite and non-decreasing (previous ${timeNs[i - 1]})`);
    }
  }
  if (n === 0 || timeNs[0] + horizonNs > timeNs[n - 1]) {
    throw new RangeError(
      `forward return: clock horizon ${horizonNs} ns is longer than the data (${n} samples spanning ${n === 0 ? 0 : timeNs[n - 1] - timeNs[0]} ns)`,
    );
  }
  const bps = new Float64Array(n);
  const labelEnd = new Int32Array(n);
  const last = timeNs[n - 1];
  let j = 0;
  for (let t = 0; t < n; t++) {
    const target = timeNs[t] + horizonNs;
    if (target > last) {
      bps[t] = NaN;
      labelEnd[t] = -1;
      continue;
    }
    while (j + 1 < n && timeNs[j + 1] <= target) j++;
    bps[t] = 1e4 * (mid[j] / mid[t] - 1);
    labelEnd[t] = j;
  }
  return { bps, labelEnd };
}
