import type { LatencyHistogram } from '../../core/LatencyHistogram.ts';
import type { LiveEngine } from './LiveEngine.ts';

/** The figures of a live run, as `tachyon live --json` and `npm run bench -- live` print them. */
export interface LiveResult {
  ticks: number;
  orders: number;
  stageP99Ns: Record<string, number>;
  tickToOrderP50Us: number;
  tickToOrderP99Us: number;
  tickToOrderP999Us: number;
  wireToWireP99Us: number | null;
  maxGcPauseMs: number;
  [extra: string]: unknown;
}

const us = (ns: number): number => (ns === ns ? Math.round(ns / 10) / 100 : NaN);

/** The engine's figures; wire-to-wire comes from the venue (the sandbox's send and receive times). */
export function liveResult(engine: LiveEngine, wireToWire: LatencyHistogram | { p99Us: number; count: number } | null = null): LiveResult {
  const s = engine.stats;
  const t = s.tickToOrder;
  let w2w: number | null = null;
  if (wireToWire !== null) w2w = 'p99Us' in wireToWire ? (wireToWire.count > 0 ? Math.round(wireToWire.p99Us * 100) / 100 : null) : wireToWire.count > 0 ? us(wireToWire.percentile(0.99)) : null;
  return {
    ticks: s.ticks,
    orders: s.orders,
    stageP99Ns: s.stageP99Ns(),
    tickToOrderP50Us: us(t.percentile(0.5)),
    tickToOrderP99Us: us(t.percentile(0.99)),
    tickToOrderP999Us: us(t.percentile(0.999)),
    wireToWireP99Us: w2w,
    maxGcPauseMs: Math.round(s.gcMaxMs * 1000) / 1000,
    tickToDecisionP99Us: us(s.tickToDecision.percentile(0.99)),
    tickToDecisionP999Us: us(s.tickToDecision.percentile(0.999)),
    gcPauses: s.gcCount,
    gcByKind: { ...s.gcByKind },
  };
}

export type HistogramRow = ReturnType<LiveEngine['stats']['table']>[number];

/** A small self-contained HTML report of the histograms (a table and one bar per quantile). */
export function renderLiveReport(title: string, rows: readonly HistogramRow[], result: LiveResult, extra: Record<string, unknown> = {}): string {
  const fmt = (ns: number | null): string => (ns !== null && ns === ns && ns !== Infinity ? (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${Math.round(ns)} ns`) : '–');
  const max = Math.max(1, ...rows.map((r) => (r.p999 !== null && r.p999 === r.p999 ? r.p999 : 0)));
  const bar = (ns: number | null, color: string): string => (ns !== null && ns === ns ? `<div style="background:${color};height:6px;width:${Math.max(1, Math.round((Math.log10(1 + ns) / Math.log10(1 + max)) * 300))}px"></div>` : '');
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const table = rows
    .map((r) => `<tr><td>${r.name}</td><td>${r.count}</td><td>${fmt(r.p50)}</td><td>${fmt(r.p90)}</td><td>${fmt(r.p99)}</td><td>${fmt(r.p999)}</td><td>${fmt(r.max)}</td><td>${bar(r.p50, '#4a90d9')}${bar(r.p99, '#e8a33d')}${bar(r.p999, '#d0453b')}</td></tr>`)
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}td,th{padding:2px 10px;text-align:right}td:first-child,th:first-child{text-align:left}pre{background:#f4f4f4;padding:1em}</style></head>
<body><h1>${esc(title)}</h1>
<p>Per-stage latency of the engine's hot path (one synchronous pass per market-data packet), tick-to-order (packet receive → order written to the socket), tick-to-decision (packet receive → strategy done, every packet). Bars: p50 (blue), p99 (orange), p99.9 (red), log scale.</p>
<table><tr><th>histogram</th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th></th></tr>
${table}</table>
<h2>Result</h2><pre>${esc(JSON.stringify({ ...result, ...extra }, null, 2))}</pre></body></html>\n`;
}

/** The same figures as plain text. */
export function renderLiveText(rows: readonly HistogramRow[]): string {
  const fmt = (ns: number | null): string => (ns !== null && ns === ns && ns !== Infinity ? `${(ns / 1e3).toFixed(2)}` : '-');
  const lines = ['histogram           count      p50µs    p99µs  p99.9µs    maxµs'];
  for (const r of rows) lines.push(`${r.name.padEnd(18)} ${String(r.count).padStart(6)} ${fmt(r.p50).padStart(10)} ${fmt(r.p99).padStart(8)} ${fmt(r.p999).padStart(8)} ${fmt(r.max).padStart(8)}`);
  return lines.join('\n');
}
