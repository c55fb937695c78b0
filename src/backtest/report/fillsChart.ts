import type { BacktestResult } from '../BacktestResult.ts';
import { downsampleMinMax } from './downsampleMinMax.ts';
import { CHART_WIDTH, COLORS, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MAX_LINE_POINTS, MAX_MARKERS_PER_KIND } from './reportLayout.ts';
import { axisBottom, axisLeft, coord, extent, formatUsdTick, legendItem, LinearScale, linePath, markerPath, numberTicks, paddedDomain, svgDocument, type PlotBox } from './svgChart.ts';
import { timeAxis } from './timeAxis.ts';

export interface FillsChart {
  readonly svg: string;
  /** Fill markers drawn (at most 4 × MAX_MARKERS_PER_KIND; the rest are thinned out by time bucket). */
  readonly shown: number;
}

interface Kind {
  readonly side: 1 | -1;
  readonly liquidity: 0 | 1;
  readonly label: string;
}

const KINDS: readonly Kind[] = [
  { side: 1, liquidity: 0, label: 'buy, maker' },
  { side: 1, liquidity: 1, label: 'buy, taker' },
  { side: -1, liquidity: 0, label: 'sell, maker' },
  { side: -1, liquidity: 1, label: 'sell, taker' },
];

/** Indices of the fills of one kind, in time order (the log's order; sorted if the log is not). */
function kindIndices(result: BacktestResult, kind: Kind): Int32Array {
  const f = result.fills;
  const out: number[] = [];
  for (let i = 0; i < f.length; i++) {
    if ((f.side[i] > 0 ? 1 : -1) === kind.side && (f.liquidity[i] === 0 ? 0 : 1) === kind.liquidity) out.push(i);
  }
  const idx = Int32Array.from(out);
  let sorted = true;
  for (let k = 1; k < idx.length && sorted; k++) sorted = f.exchNs[idx[k]] >= f.exchNs[idx[k - 1]];
  if (!sorted) idx.sort((a, b) => f.exchNs[a] - f.exchNs[b] || a - b);
  return idx;
}

/**
 * The mid price with the fills on it: ▲ buys, ▼ sells (green, red); hollow = maker (rested, was hit),
 * solid = taker (crossed the spread). Each kind keeps at most MAX_MARKERS_PER_KIND markers: the lowest
 * and highest price per time bucket.
 */
export function fillsChart(result: BacktestResult): FillsChart {
  const e = result.equity;
  const f = result.fills;
  const box: PlotBox = { x: MARGIN_LEFT, y: MARGIN_TOP + 22, width: CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT, height: 300 };
  const axis = timeAxis(result, box);
  const mid = e.mid.subarray(0, e.length);
  const times = e.timeNs.subarray(0, e.length);
  const midIdx = downsampleMinMax(mid, MAX_LINE_POINTS);
  const kinds = KINDS.map((kind) => {
    const all = kindIndices(result, kind);
    return { kind, idx: downsampleMinMax(f.price, MAX_MARKERS_PER_KIND, all) };
  });

  const [mLo, mHi] = extent(mid);
  const [pLo, pHi] = extent(f.price.subarray(0, f.length));
  const lo = Math.min(Number.isFinite(mLo) ? mLo : Infinity, Number.isFinite(pLo) ? pLo : Infinity);
  const hi = Math.max(Number.isFinite(mHi) ? mHi : -Infinity, Number.isFinite(pHi) ? pHi : -Infinity);
  const [yLo, yHi] = paddedDomain(lo, hi);
  const sy = new LinearScale(yLo, yHi, box.y + box.height, box.y);

  const r = 3.5;
  const markers = kinds.map(({ kind, idx }) => {
    const shape = kind.side > 0 ? 'up' : 'down';
    const color = kind.side > 0 ? COLORS.buy : COLORS.sell;
    let d = '';
    for (const i of idx) {
      const x = axis.scale.map(f.exchNs[i]);
      const y = sy.map(f.price[i]);
      if (Number.isFinite(x) && Number.isFinite(y)) d += markerPath(shape, x, y, r);
    }
    const fill = kind.liquidity === 0 ? '#ffffff' : color;
    return { d, color, fill, shape, kind } as const;
  });
  const clip = `<clipPath id="fills-clip"><rect x="${coord(box.x)}" y="${coord(box.y - r)}" width="${coord(box.width)}" height="${coord(box.height + 2 * r)}"/></clipPath>`;
  const legend = [
    legendItem(box.x, MARGIN_TOP + 2, `<line x1="0" y1="0" x2="10" y2="0" stroke="${COLORS.mid}" stroke-width="2"/>`, 'mid'),
    ...markers.map((m, k) =>
      legendItem(box.x + 80 + k * 120, MARGIN_TOP + 2, `<path d="${markerPath(m.shape, 5, 0, r)}" fill="${m.fill}" stroke="${m.color}"/>`, m.kind.label),
    ),
  ];
  const body = [
    `<defs>${clip}</defs>`,
    axisLeft(sy, numberTicks(yLo, yHi, 6, formatUsdTick), box, { grid: true, title: 'price' }),
    axisBottom(axis.scale, axis.ticks, box, { grid: true, title: axis.title }),
    `<g clip-path="url(#fills-clip)">`,
    `<path class="series thin" d="${linePath(times, mid, axis.scale, sy, midIdx)}" stroke="${COLORS.mid}"/>`,
    ...markers.map((m) => (m.d ? `<path class="markers" d="${m.d}" fill="${m.fill}" stroke="${m.color}"/>` : '')),
    `</g>`,
    ...legend,
  ];
  const shown = kinds.reduce((s, k) => s + k.idx.length, 0);
  return { svg: svgDocument(CHART_WIDTH, box.y + box.height + MARGIN_BOTTOM, 'Fills over the mid price', body.join('')), shown };
}
