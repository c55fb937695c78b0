import { performance } from 'node:perf_hooks';
import type { LatencyHistogram } from '../../core/LatencyHistogram.ts';

/**
 * Clock reads for the hot path that allocate nothing. A double (a time in ms, a span in ns) returned
 * from, or passed to, a function V8 does not inline is boxed: a 16-byte heap number per call. So reads
 * are written straight into a Float64Array slot (`stamp`: the tiny function inlines performance.now()
 * and returns nothing), and spans are recorded as int32 ns (a small integer is never boxed).
 */
export function stamp(t: Float64Array, k: number): void {
  t[k] = performance.now();
}

/** Records t[b] − t[a] (ms) into `h` as integer ns (clamped to 2^31 − 1 ns ≈ 2.1 s). */
export function span(h: LatencyHistogram, t: Float64Array, a: number, b: number): void {
  const ns = (t[b] - t[a]) * 1e6;
  h.record(ns < 2147483647 ? ns | 0 : 2147483647);
}

/** Records `ms` milliseconds (a local double) into `h` as integer ns. */
export function recordMs(h: LatencyHistogram, ms: number): void {
  const ns = ms * 1e6;
  h.record(ns < 2147483647 ? ns | 0 : 2147483647);
}
