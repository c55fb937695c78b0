/** Sizes and colours the report's charts share, so panels line up and the page reads as one. */
export const CHART_WIDTH = 960;
/** Room left of a plot for tick labels and the rotated axis title; right of it for the last tick label. */
export const MARGIN_LEFT = 100;
export const MARGIN_RIGHT = 24;
export const MARGIN_TOP = 14;
/** Room under a plot for tick labels and the axis title. */
export const MARGIN_BOTTOM = 42;
/** Points drawn per line at most (downsampleMinMax keeps each bucket's min and max). */
export const MAX_LINE_POINTS = 2000;
/** Markers drawn per kind of fill (buy/sell × maker/taker) at most. */
export const MAX_MARKERS_PER_KIND = 500;

export const COLORS = {
  line: '#1f4e79',
  drawdown: '#c0392b',
  position: '#6c3483',
  mid: '#8a8f98',
  buy: '#1e8449',
  sell: '#c0392b',
  maker: '#2e86c1',
  taker: '#e67e22',
  quality: '#1f4e79',
} as const;
