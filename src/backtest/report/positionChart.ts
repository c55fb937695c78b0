import type { BacktestResult } from '../BacktestResult.ts';
import { downsampleMinMax } from './downsampleMinMax.ts';
import { CHART_WIDTH, COLORS, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MAX_LINE_POINTS } from './reportLayout.ts';
import { axisBottom, axisLeft, coord, extent, LinearScale, niceDomain, numberTicks, stepPath, svgDocument, type PlotBox } from './svgChart.ts';
import { timeAxis } from './timeAxis.ts';

/** Position in shares over time, as a step line with the flat (zero) position marked. */
export function positionChart(result: BacktestResult): string {
  const e = result.equity;
  const n = e.length;
  const box: PlotBox = { x: MARGIN_LEFT, y: MARGIN_TOP, width: CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT, height: 170 };
  const axis = timeAxis(result, box);
  const position = e.position.subarray(0, n);
  const times = e.timeNs.subarray(0, n);
  const [lo, hi] = extent(position);
  const [yLo, yHi] = niceDomain(Math.min(Number.isFinite(lo) ? lo : 0, 0), Math.max(Number.isFinite(hi) ? hi : 0, 0), 4);
  const sy = new LinearScale(yLo, yHi, box.y + box.height, box.y);
  const idx = downsampleMinMax(position, MAX_LINE_POINTS);
  const zero = coord(sy.clamped(0));
  const body = [
    axisLeft(sy, numberTicks(yLo, yHi, 4), box, { grid: true, title: 'position (shares)' }),
    axisBottom(axis.scale, axis.ticks, box, { grid: true, title: axis.title }),
    `<line class="zero" x1="${coord(box.x)}" y1="${zero}" x2="${coord(box.x + box.width)}" y2="${zero}"/>`,
    `<path class="series" d="${stepPath(times, position, axis.scale, sy, idx)}" stroke="${COLORS.position}"/>`,
  ];
  return svgDocument(CHART_WIDTH, box.y + box.height + MARGIN_BOTTOM, 'Position over time', body.join(''));
}
