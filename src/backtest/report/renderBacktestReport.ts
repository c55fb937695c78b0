import type { BacktestResult } from '../BacktestResult.ts';
import { equityChart } from './equityChart.ts';
import { escapeHtml } from './escapeHtml.ts';
import { fillsChart } from './fillsChart.ts';
import { formatCompact, formatCount, formatNumber, formatPercent, formatUsd, MISSING } from './formatFigures.ts';
import { latencyChart } from './latencyChart.ts';
import { markoutChart, formatHorizon } from './markoutChart.ts';
import { computeMarkouts, type HorizonMarkouts, type MarkoutStats } from './markouts.ts';
import { newYorkClock, newYorkDate, newYorkOffsetLabel } from './newYorkTime.ts';
import { positionChart } from './positionChart.ts';
import { qualityChart, type QualityPoint } from './qualityChart.ts';

export interface BacktestReportExtras {
  /** Page title (default: "Backtest: SYMBOL DATE"). */
  readonly title?: string;
  /** Backtests of the same policy at several model qualities: drawn as accuracy → P&L. */
  readonly qualityPoints?: readonly QualityPoint[];
  /** P&L elasticity to model quality, printed with the quality chart. */
  readonly elasticity?: number;
}

/** Section titles, in page order (the quality section only when quality points are given). */
export const REPORT_SECTIONS = {
  summary: 'Summary',
  config: 'Configuration',
  equity: 'Equity and drawdown',
  position: 'Position',
  fills: 'Fills over the mid price',
  latency: 'Latency used',
  markouts: 'Markouts',
  quality: 'Model quality → P&L',
} as const;

/**
 * One self-contained HTML page about one backtest run: header (symbol, New York date, session span),
 * summary figures, the configuration, and hand-drawn inline SVG charts (equity and drawdown, position,
 * fills over the mid, latency histograms, markouts, and model quality → P&L when given). No scripts,
 * fonts or links to fetch: it opens offline. Long series are thinned to ≤ 2000 points per line keeping
 * each bucket's min and max, so a full day with tens of thousands of fills stays a few hundred kB.
 * Every text from the result (symbol, config, descriptions, title) is escaped. Deterministic: same result,
 * same bytes (no clock is read).
 */
export function renderBacktestReport(result: BacktestResult, extra: BacktestReportExtras = {}): string {
  const e = result.equity;
  const firstNs = e.length > 0 ? e.timeNs[0] : result.fills.length > 0 ? result.fills.exchNs[0] : 0;
  const date = newYorkDate(result.originNs, firstNs);
  const title = extra.title ?? `Backtest: ${result.symbol} ${date}`;
  const markouts = computeMarkouts(result.fills, result.equity);
  const fills = fillsChart(result);
  const span =
    e.length > 0
      ? `${newYorkClock(result.originNs, e.timeNs[0])}–${newYorkClock(result.originNs, e.timeNs[e.length - 1])} New York time (${newYorkOffsetLabel(result.originNs, e.timeNs[0])})`
      : 'no equity samples';

  const sections = [
    section('summary', REPORT_SECTIONS.summary, summaryCards(result)),
    section('config', REPORT_SECTIONS.config, configTable(result.config)),
    section('equity', REPORT_SECTIONS.equity, figure(equityChart(result), 'Mark-to-mid equity (cash + position × mid, fees paid) and its fall from the running peak.')),
    section('position', REPORT_SECTIONS.position, figure(positionChart(result), 'Position in shares after each sample.')),
    section('fills', REPORT_SECTIONS.fills, figure(fills.svg, fillsNote(result, fills.shown))),
    section('latency', REPORT_SECTIONS.latency, `<p class="note">Latency model: ${escapeHtml(result.latency.description)}</p>${figure(latencyChart(result.latency), 'Latencies drawn during the run, in µs (capped reservoir of samples).')}`),
    section('markouts', REPORT_SECTIONS.markouts, markoutSection(markouts)),
  ];
  if (extra.qualityPoints && extra.qualityPoints.length > 0) {
    sections.push(section('quality', REPORT_SECTIONS.quality, qualitySection(extra.qualityPoints, extra.elasticity)));
  }

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta"><span><b>${escapeHtml(result.symbol)}</b></span><span>${escapeHtml(date)}</span><span>${escapeHtml(span)}</span><span>${escapeHtml(formatCount(result.events))} market events</span></p>`,
    '</header>',
    '<main>',
    ...sections,
    '</main>',
    '<footer>Tachyon backtest report. Times are New York wall-clock; P&amp;L is in dollars after fees.</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function section(id: string, heading: string, body: string): string {
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(heading)}</h2>${body}</section>`;
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function summaryCards(result: BacktestResult): string {
  const s = result.summary;
  let maker = 0;
  for (let i = 0; i < result.fills.length; i++) if (result.fills.liquidity[i] === 0) maker++;
  const taker = result.fills.length - maker;
  const cards: [string, string, string?][] = [
    ['P&L', formatUsd(s.pnl), s.pnl > 0 ? 'pos' : s.pnl < 0 ? 'neg' : undefined],
    ['fees', formatUsd(s.fees)],
    ['trades', formatCount(s.trades)],
    ['maker / taker fills', `${formatCount(maker)} / ${formatCount(taker)}`],
    ['fill ratio', formatPercent(s.fillRatio)],
    ['Sharpe (annualised)', formatNumber(s.sharpe, 2)],
    ['max drawdown', formatUsd(s.maxDrawdown)],
    ['turnover', formatUsd(s.turnover, 0)],
    ['events / s', formatCompact(s.eventsPerSecond)],
  ];
  return `<div class="cards">${cards
    .map(([label, value, cls]) => `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value${cls ? ` ${cls}` : ''}">${escapeHtml(value)}</div></div>`)
    .join('')}</div>`;
}

function configTable(config: BacktestResult['config']): string {
  const entries = Object.entries(config);
  if (entries.length === 0) return '<p class="note">No settings recorded.</p>';
  const rows = entries.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(typeof v === 'number' ? formatPlain(v) : v)}</td></tr>`);
  return `<table class="kv"><tbody>${rows.join('')}</tbody></table>`;
}

/** A config number as written (no grouping), "—" when not finite. */
function formatPlain(v: number): string {
  return Number.isFinite(v) ? String(v) : MISSING;
}

function fillsNote(result: BacktestResult, shown: number): string {
  const n = result.fills.length;
  const base = '▲ buy, ▼ sell; hollow: maker (rested, was hit), solid: taker (crossed the spread).';
  if (n === 0) return `No fills. ${base}`;
  if (shown >= n) return `${formatCount(n)} fills. ${base}`;
  return `${formatCount(n)} fills, ${formatCount(shown)} drawn (per kind, the lowest and highest price in each time bucket). ${base}`;
}

function markoutSection(horizons: readonly HorizonMarkouts[]): string {
  const row = (h: HorizonMarkouts, label: string, s: MarkoutStats): string =>
    `<tr><td>${escapeHtml(formatHorizon(h.horizonNs))}</td><td>${escapeHtml(label)}</td>` +
    [formatCount(s.count), formatNumber(s.meanBps, 2), formatNumber(s.medianBps, 2), formatUsd(s.meanUsd, 4), formatUsd(s.medianUsd, 4), formatUsd(s.totalUsd), formatCount(s.beyondEnd), formatCount(s.noMid)]
      .map((v) => `<td class="num">${escapeHtml(v)}</td>`)
      .join('') +
    '</tr>';
  const rows = horizons.flatMap((h) => [row(h, 'maker', h.maker), row(h, 'taker', h.taker), row(h, 'all', h.all)]);
  const table =
    '<table class="figures markouts"><thead><tr><th>after</th><th>liquidity</th><th>n</th><th>mean bps</th><th>median bps</th><th>mean $/share</th><th>median $/share</th>' +
    `<th>Σ qty × markout</th><th>past end</th><th>no mid</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return (
    figure(markoutChart(horizons), 'Mid move after each fill in the fill’s favour: side × (mid(t + h) − price), in bps of the price; negative = adversely selected.') +
    table
  );
}

function qualitySection(points: readonly QualityPoint[], elasticity: number | undefined): string {
  const e = elasticity === undefined ? '' : `<p class="headline">P&amp;L elasticity to model quality: <b>${escapeHtml(formatNumber(elasticity, 3))}</b></p>`;
  const rows = [...points]
    .sort((a, b) => a.blend - b.blend)
    .map(
      (p) =>
        `<tr>${[formatNumber(p.blend, 3), formatPercent(p.accuracy, 2), formatPercent(p.macroF1, 2), formatUsd(p.pnl)].map((v) => `<td class="num">${escapeHtml(v)}</td>`).join('')}</tr>`,
    );
  const table = `<table class="figures"><thead><tr><th>blend</th><th>accuracy</th><th>macro-F1</th><th>P&amp;L</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `${e}<div class="side-by-side">${figure(qualityChart(points), 'Each point: one backtest with a model of that test accuracy.')}${table}</div>`;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0 auto; max-width: 1000px; padding: 16px 20px 40px; color: #1d2125; background: #fff; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d8dbe0; }
.meta { color: #555; margin: 0; }
.meta span + span::before { content: " · "; color: #aaa; }
.note, figcaption { color: #555; font-size: 13px; }
figure { margin: 0; }
svg { max-width: 100%; height: auto; display: block; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(172px, 1fr)); gap: 8px; }
.card { border: 1px solid #d8dbe0; border-radius: 6px; padding: 8px 10px; }
.card .label { font-size: 12px; color: #666; }
.card .value { font-size: 19px; font-variant-numeric: tabular-nums; margin-top: 2px; }
.pos { color: #1e8449; } .neg { color: #c0392b; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; margin-top: 8px; }
table.kv th { text-align: left; font-weight: 600; padding: 3px 16px 3px 0; vertical-align: top; }
table.kv td { padding: 3px 0; word-break: break-word; }
table.figures th, table.figures td { border-bottom: 1px solid #e3e5e8; padding: 3px 8px; }
table.figures th { text-align: right; font-weight: 600; background: #f6f7f8; }
table.figures th:first-child, table.markouts th:nth-child(2) { text-align: left; }
td.num { text-align: right; }
.headline { font-size: 15px; }
.side-by-side { display: flex; gap: 20px; align-items: flex-start; flex-wrap: wrap; }
footer { margin-top: 32px; color: #777; font-size: 12px; }
.axis { stroke: #555; stroke-width: 1; }
.grid { stroke: #e6e8eb; stroke-width: 1; }
.zero { stroke: #888; stroke-width: 1; stroke-dasharray: 4 3; }
.tick, .bar-label, .legend, .panel-stats { font-size: 11px; fill: #333; }
.bar-value { font-size: 11px; font-weight: 600; fill: #222; }
.axis-title { font-size: 12px; fill: #333; }
.panel-title { font-size: 13px; font-weight: 600; fill: #222; }
.series { fill: none; stroke-width: 1.4; stroke-linejoin: round; }
.series.thin { stroke-width: 1; }
.area { fill-opacity: 0.22; stroke: none; }
.markers { stroke-width: 1; }
svg .note { font-size: 12px; fill: #777; }
`;
