import { escapeHtml } from './escapeHtml.ts';
import { formatCount, formatNumber } from './formatFigures.ts';
import type { HorizonMarkouts, MarkoutStats } from './markouts.ts';
import { COLORS, MARGIN_LEFT, MARGIN_TOP } from './reportLayout.ts';
import { axisLeft, coord, legendItem, LinearScale, niceDomain, numberTicks, svgDocument, type PlotBox } from './svgChart.ts';

/** "1 s", "250 ms", "10 µs". */
export function formatHorizon(ns: number): string {
  if (ns >= 1e9 && ns % 1e8 === 0) return `${ns / 1e9} s`;
  if (ns >= 1e6) return `${Number((ns / 1e6).toPrecision(6))} ms`;
  if (ns >= 1e3) return `${Number((ns / 1e3).toPrecision(6))} µs`;
  return `${ns} ns`;
}

const GROUPS = [
  { key: 'maker', label: 'maker', color: COLORS.maker },
  { key: 'taker', label: 'taker', color: COLORS.taker },
] as const;

/** Bars of the mean markout in bps per horizon, maker and taker side by side, each with its fill count. */
export function markoutChart(horizons: readonly HorizonMarkouts[]): string {
  const width = 620;
  const box: PlotBox = { x: MARGIN_LEFT, y: MARGIN_TOP + 24, width: width - MARGIN_LEFT - 20, height: 200 };
  const means: number[] = [];
  for (const h of horizons) for (const g of GROUPS) if (Number.isFinite(h[g.key].meanBps)) means.push(h[g.key].meanBps);
  const [lo, hi] = niceDomain(Math.min(0, ...means), Math.max(0, ...means), 5);
  // Room above and below the bars for their count labels.
  const pad = (hi - lo) * 0.2;
  const sy = new LinearScale(lo - (lo < 0 ? pad : 0), hi + (hi > 0 ? pad : 0), box.y + box.height, box.y);
  const zero = sy.map(0);
  const band = box.width / Math.max(1, horizons.length);
  const barWidth = Math.min(70, band / 3);
  const parts: string[] = [
    axisLeft(sy, numberTicks(lo, hi, 5), box, { grid: true, title: 'mean markout (bps)' }),
    `<line class="zero" x1="${coord(box.x)}" y1="${coord(zero)}" x2="${coord(box.x + box.width)}" y2="${coord(zero)}"/>`,
    `<line class="axis" x1="${coord(box.x)}" y1="${coord(box.y + box.height)}" x2="${coord(box.x + box.width)}" y2="${coord(box.y + box.height)}"/>`,
  ];
  horizons.forEach((h, k) => {
    const cx = box.x + band * (k + 0.5);
    parts.push(`<text class="tick" x="${coord(cx)}" y="${coord(box.y + box.height + 18)}" text-anchor="middle">after ${escapeHtml(formatHorizon(h.horizonNs))}</text>`);
    GROUPS.forEach((g, j) => {
      const s: MarkoutStats = h[g.key];
      const x = cx + (j - 1) * barWidth - 2 + j * 4;
      const label = `n=${formatCount(s.count)}`;
      if (!Number.isFinite(s.meanBps)) {
        parts.push(`<text class="bar-label" x="${coord(x + barWidth / 2)}" y="${coord(zero - 5)}" text-anchor="middle">${escapeHtml(label)}</text>`);
        return;
      }
      const y = sy.map(s.meanBps);
      const top = Math.min(y, zero);
      const tip = `${g.label} after ${formatHorizon(h.horizonNs)}: mean ${formatNumber(s.meanBps, 2)} bps, median ${formatNumber(s.medianBps, 2)} bps, n=${formatCount(s.count)}`;
      parts.push(
        `<rect x="${coord(x)}" y="${coord(top)}" width="${coord(barWidth)}" height="${coord(Math.max(0.5, Math.abs(zero - y)))}" fill="${g.color}"><title>${escapeHtml(tip)}</title></rect>`,
      );
      // Two lines: the mean (bps) nearest the bar's end, then the count.
      const [l1, l2] = s.meanBps >= 0 ? [y - 18, y - 5] : [y + 14, y + 27];
      const lx = coord(x + barWidth / 2);
      parts.push(`<text class="bar-value" x="${lx}" y="${coord(l1)}" text-anchor="middle">${escapeHtml(formatNumber(s.meanBps, 2))}</text>`);
      parts.push(`<text class="bar-label" x="${lx}" y="${coord(l2)}" text-anchor="middle">${escapeHtml(label)}</text>`);
    });
  });
  GROUPS.forEach((g, j) =>
    parts.push(legendItem(box.x + j * 90, MARGIN_TOP + 4, `<rect x="0" y="-5" width="10" height="10" fill="${g.color}"/>`, g.label)),
  );
  return svgDocument(width, box.y + box.height + 30, 'Markouts', parts.join(''));
}
