import type { BacktestResult } from '../BacktestResult.ts';
import { downsampleMinMax } from './downsampleMinMax.ts';
import { CHART_WIDTH, COLORS, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MAX_LINE_POINTS } from './reportLayout.ts';
import { areaPath, axisBottom, formatUsdTick, axisLeft, extent, LinearScale, linePath, numberTicks, paddedDomain, svgDocument, type PlotBox } from './svgChart.ts';
import { timeAxis } from './timeAxis.ts';

/** Drawdown of an equity series: equity − its running peak (≤ 0; NaN where equity is NaN). */
export function drawdownSeries(equity: ArrayLike<number>, length = equity.length): Float64Array {
  const out = new Float64Array(length);
  let peak = -Infinity;
  for (let i = 0; i < length; i++) {
    const v = equity[i];
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      continue;
    }
    if (v > peak) peak = v;
    out[i] = v - peak;
  }
  return out;
}

/** Two panels on one time axis: mark-to-mid equity above, drawdown from the running peak below. */
export function equityChart(result: BacktestResult): string {
  const e = result.equity;
  const n = e.length;
  const width = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
  const top: PlotBox = { x: MARGIN_LEFT, y: MARGIN_TOP, width, height: 240 };
  const bottom: PlotBox = { x: MARGIN_LEFT, y: top.y + top.height + 20, width, height: 110 };
  const height = bottom.y + bottom.height + MARGIN_BOTTOM;
  const axis = timeAxis(result, top);
  const equity = e.equity.subarray(0, n);
  const times = e.timeNs.subarray(0, n);
  const dd = drawdownSeries(equity);

  const [eLo, eHi] = paddedDomain(...extent(equity));
  const sy = new LinearScale(eLo, eHi, top.y + top.height, top.y);
  const [ddMin] = extent(dd);
  const [dLo, dHi] = Number.isFinite(ddMin) && ddMin < 0 ? [ddMin * 1.06, 0] : [-1, 0];
  const sd = new LinearScale(dLo, dHi, bottom.y + bottom.height, bottom.y);

  const eIdx = downsampleMinMax(equity, MAX_LINE_POINTS);
  const dIdx = downsampleMinMax(dd, MAX_LINE_POINTS);
  const body = [
    axisLeft(sy, numberTicks(eLo, eHi, 6, formatUsdTick), top, { grid: true, title: 'equity' }),
    axisBottom(axis.scale, axis.ticks, top, { grid: true, labels: false }),
    `<path class="series" d="${linePath(times, equity, axis.scale, sy, eIdx)}" stroke="${COLORS.line}"/>`,
    axisLeft(sd, numberTicks(dLo, dHi, 3, formatUsdTick), bottom, { grid: true, title: 'drawdown' }),
    axisBottom(axis.scale, axis.ticks, bottom, { grid: true, title: axis.title }),
    `<path class="area" d="${areaPath(times, dd, axis.scale, sd, 0, dIdx)}" fill="${COLORS.drawdown}"/>`,
    `<path class="series thin" d="${linePath(times, dd, axis.scale, sd, dIdx)}" stroke="${COLORS.drawdown}"/>`,
  ];
  return svgDocument(CHART_WIDTH, height, 'Equity and drawdown', body.join(''));
}
