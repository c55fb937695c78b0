import type { StylizedFacts } from './StylizedFactSheet.ts';

/**
 * How a simulated fact is judged against the real one.
 * - `ratio`: reproduced when simulated / real lies within [1 / (1 + tol), 1 + tol] (both positive);
 * - `absolute`: reproduced when |simulated − real| ≤ tol (correlations, shares).
 * The distance is the error in units of the tolerance (log ratio / log(1 + tol), or |Δ| / tol), so
 * "reproduced" is exactly "distance ≤ 1", and distances of different facts add up in one objective.
 */
export interface Tolerance {
  readonly kind: 'ratio' | 'absolute';
  readonly tol: number;
}

export interface ComparedFact {
  /** Stable name, e.g. "spread.mean" (the JSON's `name`). */
  readonly name: string;
  /** What it is, with its unit (the table's label). */
  readonly label: string;
  readonly value: (f: StylizedFacts) => number;
  readonly tolerance: Tolerance;
  /** Weight in the calibration objective (a group of related facts shares about one unit). */
  readonly weight: number;
  /** Why the agent model may miss it (printed only when it does). */
  readonly whyMissed: string;
}

const ratio = (tol: number): Tolerance => ({ kind: 'ratio', tol });
const absolute = (tol: number): Tolerance => ({ kind: 'absolute', tol });

const SPREAD_WHY =
  'the simulated spread comes from agents quoting at fixed tick distances scaled together, which fixes the shape of its distribution; the real one has its own shape (a long right tail, wider after the open)';
const SIZE_WHY = 'sizes are drawn from a fixed round-lot / odd-lot mixture per agent type';
const TIMING_WHY =
  'agents act on Poisson clocks with a fixed latency each; real messages come in millisecond bursts (algorithms reacting to each other and re-pricing), which no agent here does';
const KURTOSIS_WHY =
  "1-s mid returns in the simulator are sums of many small quote moves around a Gaussian latent value; the real day's fat tails come from rare large gaps in the quotes";
const CLUSTER_WHY = 'the latent value has constant volatility (no GARCH-like regimes), so activity bursts are short-lived';
const SIGN_WHY =
  'real order flow is split into many child orders over minutes (long memory in signs); only informed and momentum traders trade repeatedly in one direction here';

/** Every fact of the report, in table order. */
export const COMPARED_FACTS: readonly ComparedFact[] = [
  { name: 'spread.mean', label: 'spread mean (ticks)', value: (f) => f.spread.mean, tolerance: ratio(0.2), weight: 0.4, whyMissed: SPREAD_WHY },
  { name: 'spread.median', label: 'spread median (ticks)', value: (f) => f.spread.median, tolerance: ratio(0.2), weight: 0.2, whyMissed: SPREAD_WHY },
  { name: 'spread.p10', label: 'spread p10 (ticks)', value: (f) => f.spread.p10, tolerance: ratio(0.3), weight: 0.2, whyMissed: SPREAD_WHY },
  { name: 'spread.p90', label: 'spread p90 (ticks)', value: (f) => f.spread.p90, tolerance: ratio(0.25), weight: 0.2, whyMissed: SPREAD_WHY },
  {
    name: 'depthAtBest.bid',
    label: 'depth at best bid (shares)',
    value: (f) => f.depthAtBest.bid,
    tolerance: ratio(0.3),
    weight: 0.5,
    whyMissed: 'with wide spreads the best level usually holds one agent order; real best levels gather several participants at a price',
  },
  {
    name: 'depthAtBest.ask',
    label: 'depth at best ask (shares)',
    value: (f) => f.depthAtBest.ask,
    tolerance: ratio(0.3),
    weight: 0.5,
    whyMissed: 'with wide spreads the best level usually holds one agent order; real best levels gather several participants at a price',
  },
  { name: 'orderSize.mean', label: 'order size mean (shares)', value: (f) => f.orderSize.mean, tolerance: ratio(0.2), weight: 0.4, whyMissed: SIZE_WHY },
  { name: 'orderSize.median', label: 'order size median (shares)', value: (f) => f.orderSize.median, tolerance: ratio(0.2), weight: 0.2, whyMissed: SIZE_WHY },
  { name: 'orderSize.roundLotShare', label: 'order size: share of round lots', value: (f) => f.orderSize.roundLotShare, tolerance: absolute(0.05), weight: 0.4, whyMissed: SIZE_WHY },
  { name: 'orderSize.p90', label: 'order size p90 (shares)', value: (f) => f.orderSize.p90, tolerance: ratio(0.2), weight: 0.2, whyMissed: SIZE_WHY },
  { name: 'eventRate', label: 'message-file rows per second', value: (f) => f.eventRate, tolerance: ratio(0.2), weight: 1, whyMissed: TIMING_WHY },
  { name: 'interArrival.mean', label: 'inter-arrival mean (ms)', value: (f) => f.interArrivalMs.mean, tolerance: ratio(0.2), weight: 0.4, whyMissed: TIMING_WHY },
  { name: 'interArrival.median', label: 'inter-arrival median (ms)', value: (f) => f.interArrivalMs.median, tolerance: ratio(1), weight: 0.3, whyMissed: TIMING_WHY },
  { name: 'interArrival.cv', label: 'inter-arrival coefficient of variation', value: (f) => f.interArrivalMs.cv, tolerance: ratio(0.3), weight: 0.3, whyMissed: TIMING_WHY },
  {
    name: 'cancelToAdd',
    label: 'cancel-to-add ratio',
    value: (f) => f.cancelToAdd,
    tolerance: absolute(0.08),
    weight: 1,
    whyMissed: 'cancels come from noise traders’ order lifetimes and market makers’ requotes only',
  },
  {
    name: 'tradeRate',
    label: 'executions per second',
    value: (f) => f.tradeRate,
    tolerance: ratio(0.25),
    weight: 1,
    whyMissed: 'trading is driven by the latent value and the takers’ clocks; the spread and the trade rate pull against each other',
  },
  {
    name: 'midReturn1s.sd',
    label: '1-s mid return sd (bp)',
    value: (f) => f.midReturn1s.sdBp,
    tolerance: ratio(0.2),
    weight: 1,
    whyMissed: 'the latent volatility also sets how often informed traders take liquidity, so the search trades 1-s volatility against the trade rate and the spread',
  },
  { name: 'midReturn1s.excessKurtosis', label: '1-s mid return excess kurtosis', value: (f) => f.midReturn1s.excessKurtosis, tolerance: ratio(0.5), weight: 0.5, whyMissed: KURTOSIS_WHY },
  { name: 'absReturnAcf.lag1', label: 'ACF |1-s return| lag 1', value: (f) => f.absReturnAcf.lag1, tolerance: absolute(0.05), weight: 0.3, whyMissed: CLUSTER_WHY },
  { name: 'absReturnAcf.lag5', label: 'ACF |1-s return| lag 5', value: (f) => f.absReturnAcf.lag5, tolerance: absolute(0.05), weight: 0.3, whyMissed: CLUSTER_WHY },
  { name: 'absReturnAcf.lag10', label: 'ACF |1-s return| lag 10', value: (f) => f.absReturnAcf.lag10, tolerance: absolute(0.05), weight: 0.3, whyMissed: CLUSTER_WHY },
  { name: 'tradeSignAcf.lag1', label: 'trade-sign ACF lag 1', value: (f) => f.tradeSignAcf.lag1, tolerance: absolute(0.1), weight: 0.3, whyMissed: SIGN_WHY },
  { name: 'tradeSignAcf.lag5', label: 'trade-sign ACF lag 5', value: (f) => f.tradeSignAcf.lag5, tolerance: absolute(0.1), weight: 0.3, whyMissed: SIGN_WHY },
  { name: 'tradeSignAcf.lag10', label: 'trade-sign ACF lag 10', value: (f) => f.tradeSignAcf.lag10, tolerance: absolute(0.1), weight: 0.3, whyMissed: SIGN_WHY },
];

/** Error of `simulated` against `real` in units of the tolerance (Infinity when either is not a finite number, or a ratio is not of two positives). */
export function factDistance(real: number, simulated: number, tolerance: Tolerance): number {
  if (!Number.isFinite(real) || !Number.isFinite(simulated)) return Infinity;
  if (tolerance.kind === 'absolute') return Math.abs(simulated - real) / tolerance.tol;
  if (real === simulated) return 0;
  if (!(real > 0) || !(simulated > 0)) return Infinity;
  return Math.abs(Math.log(simulated / real)) / Math.log(1 + tolerance.tol);
}

export interface FactVerdict {
  readonly fact: ComparedFact;
  readonly real: number;
  readonly simulated: number;
  readonly distance: number;
  readonly reproduced: boolean;
}

export function compareFacts(real: StylizedFacts, simulated: StylizedFacts, facts: readonly ComparedFact[] = COMPARED_FACTS): FactVerdict[] {
  return facts.map((fact) => {
    const r = fact.value(real);
    const s = fact.value(simulated);
    const distance = factDistance(r, s, fact.tolerance);
    return { fact, real: r, simulated: s, distance, reproduced: distance <= 1 };
  });
}

/** Distances beyond this count as this much: a fact the model cannot reach must not drown the others. */
export const DISTANCE_CAP = 4;

/** The calibration objective: weighted mean of squared (capped) distances. 0 is a perfect match. */
export function factsObjective(verdicts: readonly FactVerdict[]): number {
  let num = 0;
  let den = 0;
  for (const v of verdicts) {
    const d = Math.min(DISTANCE_CAP, v.distance);
    num += v.fact.weight * d * d;
    den += v.fact.weight;
  }
  return den > 0 ? num / den : NaN;
}

/** A tolerance as the table shows it: "×1.20" or "±0.05". */
export function formatTolerance(t: Tolerance): string {
  return t.kind === 'ratio' ? `×${(1 + t.tol).toFixed(2)}` : `±${t.tol}`;
}
