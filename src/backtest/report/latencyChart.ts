import type { LatencySamples } from '../BacktestResult.ts';
import { formatCompact, formatCount, formatMicros } from './formatFigures.ts';
import { latencyHistogram, type LatencyHistogram } from './latencyHistogram.ts';
import { CHART_WIDTH, COLORS } from './reportLayout.ts';
import { axisBottom, axisLeft, coord, LinearScale, numberTicks, svgDocument, type PlotBox, type Tick } from './svgChart.ts';
import { escapeHtml } from './escapeHtml.ts';

export const LATENCY_KINDS = [
  { key: 'feedNs', label: 'feed (venue → strategy)' },
  { key: 'orderNs', label: 'order (strategy → venue)' },
  { key: 'responseNs', label: 'response (venue → strategy)' },
] as const;

/** Ticks at 1, 2, 5 × 10^k µs (only powers of ten over more than three decades) within [lo, hi]. */
export function logTicks(loUs: number, hiUs: number): Tick[] {
  if (!(loUs > 0) || !(hiUs >= loUs)) return [];
  const d0 = Math.floor(Math.log10(loUs));
  const d1 = Math.ceil(Math.log10(hiUs));
  const mantissas = d1 - d0 > 3 ? [1] : [1, 2, 5];
  const out: Tick[] = [];
  for (let d = d0; d <= d1; d++) {
    for (const m of mantissas) {
      const v = m * 10 ** d;
      if (v >= loUs * (1 - 1e-9) && v <= hiUs * (1 + 1e-9)) out.push({ value: Math.log10(v), label: v >= 1e4 ? formatCompact(v) : Number(v.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 3 }) });
    }
  }
  return out;
}

/** One histogram panel: bars over µs (log10 x when the histogram is log-binned), count on y. */
function panel(h: LatencyHistogram, box: PlotBox, title: string): string {
  const head = `<text class="panel-title" x="${coord(box.x)}" y="${coord(box.y - 36)}">${escapeHtml(title)}</text>`;
  if (h.count === 0) {
    return `${head}<text class="note" x="${coord(box.x + box.width / 2)}" y="${coord(box.y + box.height / 2)}" text-anchor="middle">no samples</text>`;
  }
  const stats =
    `<text class="panel-stats" x="${coord(box.x)}" y="${coord(box.y - 21)}">p50 ${escapeHtml(formatMicros(h.p50Us))} · p99 ${escapeHtml(formatMicros(h.p99Us))}</text>` +
    `<text class="panel-stats" x="${coord(box.x)}" y="${coord(box.y - 7)}">max ${escapeHtml(formatMicros(h.maxUs))} · n ${escapeHtml(formatCount(h.count))}</text>`;
  const bins = h.counts.length;
  const xOf = (us: number): number => (h.log ? Math.log10(us) : us);
  const sx = new LinearScale(xOf(h.edgesUs[0]), xOf(h.edgesUs[bins]), box.x, box.x + box.width);
  let top = 0;
  for (const c of h.counts) top = Math.max(top, c);
  const yTicks = numberTicks(0, top, 3);
  const yMax = Math.max(top, yTicks.length > 0 ? yTicks[yTicks.length - 1].value : 1, 1);
  const sy = new LinearScale(0, yMax, box.y + box.height, box.y);
  let bars = '';
  for (let k = 0; k < bins; k++) {
    if (h.counts[k] === 0) continue;
    const x0 = sx.map(xOf(h.edgesUs[k]));
    const x1 = sx.map(xOf(h.edgesUs[k + 1]));
    const y = sy.map(h.counts[k]);
    bars += `<rect x="${coord(x0)}" y="${coord(y)}" width="${coord(Math.max(0.5, x1 - x0 - 0.5))}" height="${coord(box.y + box.height - y)}"/>`;
  }
  const xTicks = h.log
    ? logTicks(h.edgesUs[0], h.edgesUs[bins])
    : numberTicks(h.edgesUs[0], h.edgesUs[bins], Math.max(2, Math.floor(box.width / 60)));
  return [
    head,
    stats,
    axisLeft(sy, yTicks, box, { grid: true }),
    axisBottom(sx, xTicks, box, { title: h.log ? 'µs (log scale)' : 'µs' }),
    `<g fill="${COLORS.line}">${bars}</g>`,
  ].join('');
}

/** Histograms of the feed, order and response latencies the run drew, side by side. */
export function latencyChart(latency: LatencySamples): string {
  const cols = LATENCY_KINDS.length;
  const cell = CHART_WIDTH / cols;
  const left = 52;
  const right = 22;
  const body = LATENCY_KINDS.map(({ key, label }, k) => {
    const box: PlotBox = { x: k * cell + left, y: 58, width: cell - left - right, height: 150 };
    return panel(latencyHistogram(latency[key]), box, label);
  });
  return svgDocument(CHART_WIDTH, 58 + 150 + 42, 'Latency used', body.join(''));
}
