import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';

/** perf_hooks' GC kinds: scavenge (minor), mark-compact (major), incremental marking, weak callbacks. */
const GC_KIND_NAMES: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
import { LatencyHistogram } from '../../core/LatencyHistogram.ts';
import type { Predictor } from '../../models/Predictor.ts';
import { stamp } from './clock.ts';

/** The stages of the engine's hot path, in order, each with its own histogram (ns). */
export const STAGES = ['decode', 'book', 'features', 'model', 'policy', 'risk', 'journal', 'encode', 'write'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * The engine's latency figures: one HDR-like histogram per stage, tick-to-order (local receive time of
 * the packet to the order written to the socket), tick-to-decision (receive time to the end of the
 * strategy's callback, for every packet, order or not), and GC pauses from perf_hooks. Recording is a
 * few integer operations (LatencyHistogram); times come from `performance.now()` (a double, no BigInt,
 * nothing allocated per call). Only packets of the measured part of a run are recorded (`measuring`).
 */
export class LiveStats {
  readonly stages: Record<Stage, LatencyHistogram>;
  readonly tickToOrder = new LatencyHistogram();
  readonly tickToDecision = new LatencyHistogram();
  measuring = false;
  /** Packets (events) processed while measuring. */
  ticks = 0;
  /** Orders written to the socket while measuring. */
  orders = 0;
  gcCount = 0;
  gcTotalMs = 0;
  gcMaxMs = 0;
  /** Pauses by V8 collection kind (perf_hooks' `detail.kind`): count and longest, in ms. */
  readonly gcByKind: Record<string, { count: number; maxMs: number }> = {};
  private observer: PerformanceObserver | null = null;

  constructor() {
    const s = {} as Record<Stage, LatencyHistogram>;
    for (const k of STAGES) s[k] = new LatencyHistogram();
    this.stages = s;
  }

  /** Starts counting GC pauses (entries arrive asynchronously, between packets). */
  watchGc(): void {
    if (this.observer !== null) return;
    this.observer = new PerformanceObserver((list) => {
      if (!this.measuring) return;
      for (const e of list.getEntries()) this.countGc(e);
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  private countGc(e: PerformanceEntry): void {
    this.gcCount++;
    this.gcTotalMs += e.duration;
    if (e.duration > this.gcMaxMs) this.gcMaxMs = e.duration;
    const kind = GC_KIND_NAMES[((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind ?? 0] ?? 'other';
    const k = (this.gcByKind[kind] ??= { count: 0, maxMs: 0 });
    k.count++;
    if (e.duration > k.maxMs) k.maxMs = Math.round(e.duration * 1000) / 1000;
  }

  stopGc(): void {
    const pending = this.observer?.takeRecords?.() ?? [];
    if (this.measuring) for (const e of pending) this.countGc(e);
    this.observer?.disconnect();
    this.observer = null;
  }

  reset(): void {
    for (const k of STAGES) this.stages[k].reset();
    this.tickToOrder.reset();
    this.tickToDecision.reset();
    this.ticks = 0;
    this.orders = 0;
    this.gcCount = 0;
    for (const k of Object.keys(this.gcByKind)) delete this.gcByKind[k];
    this.gcTotalMs = 0;
    this.gcMaxMs = 0;
  }

  /** p99 per stage in ns (rounded), for the JSON line. */
  stageP99Ns(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of STAGES) out[k] = Math.round(this.stages[k].percentile(0.99) || 0);
    return out;
  }

  /** Every histogram's quantiles (ns), for reports. */
  table(): { name: string; count: number; p50: number; p90: number; p99: number; p999: number; max: number; mean: number }[] {
    const row = (name: string, h: LatencyHistogram) => ({
      name,
      count: h.count,
      p50: h.percentile(0.5),
      p90: h.percentile(0.9),
      p99: h.percentile(0.99),
      p999: h.percentile(0.999),
      max: h.max,
      mean: h.mean(),
    });
    return [...STAGES.map((k) => row(k, this.stages[k])), row('tick-to-order', this.tickToOrder), row('tick-to-decision', this.tickToDecision)];
  }
}

/** A predictor that times each call of the one it wraps (the model stage), without allocating. */
export class TimedPredictor implements Predictor {
  readonly kind: string;
  readonly numFeatures: number;
  readonly numOutputs: number;
  /** Time the calls (set while measuring). */
  enabled = false;
  /** Start and end of the last call (performance.now(), ms). */
  readonly t = new Float64Array(2);
  constructor(readonly inner: Predictor) {
    this.kind = inner.kind;
    this.numFeatures = inner.numFeatures;
    this.numOutputs = inner.numOutputs;
  }
  predict(x: Float64Array, out: Float64Array): void {
    if (!this.enabled) return this.inner.predict(x, out);
    stamp(this.t, 0);
    this.inner.predict(x, out);
    stamp(this.t, 1);
  }
}
