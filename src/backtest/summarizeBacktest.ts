import type { BacktestSummary, EquityCurve } from './BacktestResult.ts';
import type { FillRecorder } from './FillRecorder.ts';
import type { Portfolio } from './Portfolio.ts';

const NS_PER_MINUTE = 60e9;
/** Trading minutes in a year: 252 sessions of 6.5 hours. */
const MINUTES_PER_YEAR = 252 * 390;

/** The headline figures of a run (see BacktestSummary for each definition). */
export function summarizeBacktest(recorder: FillRecorder, portfolio: Portfolio, submittedQty: number, events: number, wallSeconds: number): BacktestSummary {
  const curve = recorder.equityCurve();
  return {
    pnl: recorder.finalEquity,
    fees: portfolio.fees,
    trades: portfolio.fills,
    fillRatio: submittedQty > 0 ? portfolio.filledQty / submittedQty : 0,
    sharpe: annualisedSharpe(curve),
    maxDrawdown: maxDrawdown(curve.equity),
    turnover: portfolio.turnover,
    eventsPerSecond: wallSeconds > 0 ? events / wallSeconds : 0,
  };
}

/** Sharpe ratio of the equity curve's one-minute changes, annualised by √(minutes per year). */
export function annualisedSharpe(curve: EquityCurve): number {
  const diffs: number[] = [];
  let lastT = NaN;
  let lastE = NaN;
  for (let k = 0; k < curve.length; k++) {
    const e = curve.equity[k];
    if (e !== e) continue;
    if (lastT !== lastT) {
      lastT = curve.timeNs[k];
      lastE = e;
    } else if (curve.timeNs[k] - lastT >= NS_PER_MINUTE) {
      diffs.push(e - lastE);
      lastT = curve.timeNs[k];
      lastE = e;
    }
  }
  if (diffs.length < 2) return 0;
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  const variance = diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (diffs.length - 1);
  return variance > 0 ? (mean / Math.sqrt(variance)) * Math.sqrt(MINUTES_PER_YEAR) : 0;
}

/** Largest fall from a running peak, in the curve's units (≥ 0; NaN points are skipped). */
export function maxDrawdown(equity: Float64Array): number {
  let peak = -Infinity;
  let worst = 0;
  for (let k = 0; k < equity.length; k++) {
    const e = equity[k];
    if (e !== e) continue;
    if (e > peak) peak = e;
    else if (peak - e > worst) worst = peak - e;
  }
  return worst;
}
