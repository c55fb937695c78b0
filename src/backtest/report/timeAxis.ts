import type { BacktestResult } from '../BacktestResult.ts';
import { newYorkOffsetLabel, newYorkTimeTicks } from './newYorkTime.ts';
import { LinearScale, type PlotBox, type Tick } from './svgChart.ts';

/** The time axis every time chart of a report shares: the equity curve's span, New York wall-clock ticks. */
export interface TimeAxis {
  readonly scale: LinearScale;
  readonly ticks: readonly Tick[];
  /** "New York time (UTC−4)". */
  readonly title: string;
}

/** Time axis of a result's equity curve (falling back to the fills' span when the curve is empty) over a box. */
export function timeAxis(result: BacktestResult, box: PlotBox): TimeAxis {
  let start = NaN;
  let end = NaN;
  const t = result.equity.timeNs;
  if (result.equity.length > 0) {
    start = t[0];
    end = t[result.equity.length - 1];
  } else if (result.fills.length > 0) {
    start = Infinity;
    end = -Infinity;
    for (let i = 0; i < result.fills.length; i++) {
      start = Math.min(start, result.fills.exchNs[i]);
      end = Math.max(end, result.fills.exchNs[i]);
    }
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    start = 0;
    end = 1e9;
  }
  const scale = new LinearScale(start, end, box.x, box.x + box.width);
  const maxTicks = Math.max(2, Math.floor(box.width / 90));
  return { scale, ticks: newYorkTimeTicks(result.originNs, scale.d0, scale.d1, maxTicks), title: `New York time (${newYorkOffsetLabel(result.originNs, start)})` };
}
