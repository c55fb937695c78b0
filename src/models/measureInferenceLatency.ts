import { LatencyHistogram } from '../core/LatencyHistogram.ts';
import type { Predictor } from './Predictor.ts';

export interface InferenceLatency {
  p50Us: number;
  p99Us: number;
  p999Us: number;
  /** Median cost of the timer itself (an empty timed call), already subtracted from the figures above. */
  timerOverheadUs: number;
  calls: number;
}

/**
 * Single-row inference latency: each call is timed on its own (performance.now, sub-µs resolution, no
 * allocation), rows cycled from a real test set, after a warm-up that lets the JIT settle. The timer's
 * own median cost is measured the same way and subtracted, and said, so sub-µs models are not flattered
 * or buried by the clock.
 */
export function measureInferenceLatency(predictor: Predictor, rows: readonly Float64Array[], calls = 200_000, warmup = 50_000, budgetMs = 5_000): InferenceLatency {
  if (rows.length === 0) throw new RangeError('measureInferenceLatency needs at least one row');
  const out = new Float64Array(predictor.numOutputs);
  let sink = 0;
  // Slow models (a DeepLOB window takes milliseconds) get fewer calls: about `budgetMs` of timing in all.
  const probe = performance.now();
  for (let i = 0; i < 5; i++) predictor.predict(rows[i % rows.length], out);
  const perCallMs = (performance.now() - probe) / 5;
  const affordable = Math.max(200, Math.floor(budgetMs / Math.max(perCallMs, 1e-6)));
  calls = Math.min(calls, affordable);
  warmup = Math.min(warmup, Math.max(20, Math.floor(affordable / 4)));
  for (let i = 0; i < warmup; i++) {
    predictor.predict(rows[i % rows.length], out);
    sink += out[0];
  }
  const timer = new LatencyHistogram();
  for (let i = 0; i < 20_000; i++) {
    const t0 = performance.now();
    const t1 = performance.now();
    timer.record((t1 - t0) * 1e6);
  }
  const overheadNs = timer.percentile(0.5);
  const h = new LatencyHistogram();
  for (let i = 0; i < calls; i++) {
    const x = rows[i % rows.length];
    const t0 = performance.now();
    predictor.predict(x, out);
    const t1 = performance.now();
    h.record((t1 - t0) * 1e6 - overheadNs);
    sink += out[0];
  }
  if (sink === 0.123456789) console.error('unreachable');
  const us = (ns: number): number => Math.round(Math.max(0, ns) / 10) / 100;
  return { p50Us: us(h.percentile(0.5)), p99Us: us(h.percentile(0.99)), p999Us: us(h.percentile(0.999)), timerOverheadUs: us(overheadNs), calls };
}
