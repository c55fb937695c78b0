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
 *
 * Slow models (a DeepLOB window takes milliseconds) get fewer calls: the warm-up stops after a quarter
 * of `budgetMs` (but not before 20 calls), and the timed calls are cut to about `budgetMs`. The per-call
 * cost that sizes them is taken from warm code, after the warm-up: timed on the first cold calls, it
 * came out tens of times too high, and cut fast models to a few thousand timed calls and warm-up calls.
 */
export function measureInferenceLatency(predictor: Predictor, rows: readonly Float64Array[], calls = 200_000, warmup = 50_000, budgetMs = 5_000): InferenceLatency {
  if (rows.length === 0) throw new RangeError('measureInferenceLatency needs at least one row');
  const out = new Float64Array(predictor.numOutputs);
  let sink = 0;
  const warmStart = performance.now();
  let warmed = 0;
  while (warmed < warmup && (warmed < 20 || performance.now() - warmStart < budgetMs / 4)) {
    predictor.predict(rows[warmed % rows.length], out);
    sink += out[0];
    warmed++;
  }
  const probeCalls = Math.max(5, Math.min(1000, warmed >> 4));
  const probe = performance.now();
  for (let i = 0; i < probeCalls; i++) {
    predictor.predict(rows[i % rows.length], out);
    sink += out[0];
  }
  const perCallMs = (performance.now() - probe) / probeCalls;
  calls = Math.min(calls, Math.max(200, Math.floor(budgetMs / Math.max(perCallMs, 1e-6))));
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
