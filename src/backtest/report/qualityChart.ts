import { escapeHtml } from './escapeHtml.ts';
import { formatNumber, formatUsd } from './formatFigures.ts';
import { COLORS, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP } from './reportLayout.ts';
import { axisBottom, axisLeft, coord, extent, formatUsdTick, LinearScale, linePath, markerPath, niceDomain, numberTicks, svgDocument, type PlotBox } from './svgChart.ts';

/** One backtest of a model of a given quality: the blend weight that degraded it, its test metrics and its P&L. */
export interface QualityPoint {
  readonly blend: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly pnl: number;
}

/** Accuracy (x, %) against P&L (y, $): points joined in order of accuracy, each with its figures as a tooltip. */
export function qualityChart(points: readonly QualityPoint[]): string {
  const width = 620;
  const box: PlotBox = { x: MARGIN_LEFT, y: MARGIN_TOP, width: width - MARGIN_LEFT - 24, height: 240 };
  const order = points
    .map((p, i) => i)
    .filter((i) => Number.isFinite(points[i].accuracy) && Number.isFinite(points[i].pnl))
    .sort((a, b) => points[a].accuracy - points[b].accuracy || a - b);
  const acc = Float64Array.from(points, (p) => p.accuracy * 100);
  const pnl = Float64Array.from(points, (p) => p.pnl);
  const [xLo, xHi] = niceDomain(...extent(acc, order), 5);
  const [yLo, yHi] = niceDomain(...extent(pnl, order), 5);
  const sx = new LinearScale(xLo, xHi, box.x, box.x + box.width);
  const sy = new LinearScale(yLo, yHi, box.y + box.height, box.y);
  let dots = '';
  for (const i of order) {
    const p = points[i];
    const tip = `blend ${formatNumber(p.blend, 3)}: accuracy ${formatNumber(p.accuracy * 100, 2)} %, macro-F1 ${formatNumber(p.macroF1 * 100, 2)} %, P&L ${formatUsd(p.pnl)}`;
    dots += `<path d="${markerPath('circle', sx.map(acc[i]), sy.map(pnl[i]), 4)}"><title>${escapeHtml(tip)}</title></path>`;
  }
  const zero = yLo < 0 && yHi > 0 ? `<line class="zero" x1="${coord(box.x)}" y1="${coord(sy.map(0))}" x2="${coord(box.x + box.width)}" y2="${coord(sy.map(0))}"/>` : '';
  const body = [
    axisLeft(sy, numberTicks(yLo, yHi, 5, formatUsdTick), box, { grid: true, title: 'P&L' }),
    axisBottom(sx, numberTicks(xLo, xHi, 6), box, { grid: true, title: 'test accuracy (%)' }),
    zero,
    `<path class="series" d="${linePath(acc, pnl, sx, sy, order)}" stroke="${COLORS.quality}"/>`,
    `<g fill="${COLORS.quality}" stroke="#ffffff">${dots}</g>`,
  ];
  return svgDocument(width, box.y + box.height + MARGIN_BOTTOM, 'Model quality → P&L', body.join(''));
}
