import { EventType } from '../../data/EventType.ts';
import { ACF_LAGS, type Lags, type StylizedFacts } from './StylizedFactSheet.ts';
import { autocorrelation, coefficientOfVariation, excessKurtosis, mean, quantileSorted, SampleBuffer, sortedCopy, standardDeviation, WeightedHistogram } from './statistics.ts';

const ADD = EventType.Add;
const REDUCE = EventType.Reduce;
const DELETE = EventType.Delete;
const EXEC_VISIBLE = EventType.ExecuteVisible;
const EXEC_HIDDEN = EventType.ExecuteHidden;

export interface StylizedFactsOptions {
  /** Size of one price tick in price units (LOBSTER: 100). */
  readonly tickSize: number;
  /** Events before this time (ns since the origin) only set the state; nothing is counted. Default: count all. */
  readonly startNs?: number;
  /** Instead of startNs: count from this long after the first event (a day's opening minutes). */
  readonly warmUpNs?: number;
  /** Return grid step; default 1 s. */
  readonly returnIntervalNs?: number;
}

/**
 * Accumulates the stylized facts (see StylizedFacts) of an order-level event stream, one event at a time,
 * given the best quotes after each event (NaN price when a side is empty). The same collector serves a
 * real LOBSTER day (quotes from its orderbook file) and a simulated one (quotes from a replayed book), so
 * both are measured by one definition:
 * - the book state after an event holds until the next event: spread and depth are time-weighted;
 * - the mid on the return grid at time b is the mid after the last event at or before b;
 * - a trade's sign is the opposite of the resting side (executing a resting ask is a buy).
 */
export class StylizedFactsCollector {
  private readonly tick: number;
  private startNs: number;
  private readonly warmUpNs: number;
  private readonly stepNs: number;
  private seen = false;

  private readonly spread = new WeightedHistogram();
  private depthBidWeighted = 0;
  private depthAskWeighted = 0;
  private twoSidedNs = 0;

  private readonly sizes = new SampleBuffer();
  private readonly gaps = new SampleBuffer();
  private readonly signs = new SampleBuffer();
  private readonly mids = new SampleBuffer();

  private events = 0;
  private adds = 0;
  private cancels = 0;
  private trades = 0;
  private firstNs = NaN;
  private lastNs = NaN;
  private lastMessageNs = NaN;

  // The state after the previous event.
  private prevNs = NaN;
  private prevSpreadTicks = NaN;
  private prevBidSize = 0;
  private prevAskSize = 0;
  private mid = NaN;
  private nextGridNs = NaN;

  constructor(options: StylizedFactsOptions) {
    if (!(options.tickSize > 0)) throw new RangeError(`StylizedFactsCollector: tickSize must be positive (${options.tickSize})`);
    this.tick = options.tickSize;
    this.startNs = options.startNs ?? -Infinity;
    this.warmUpNs = options.warmUpNs ?? NaN;
    if (options.startNs !== undefined && options.warmUpNs !== undefined) throw new RangeError('StylizedFactsCollector: give startNs or warmUpNs, not both');
    this.stepNs = options.returnIntervalNs ?? 1_000_000_000;
    if (!(this.stepNs > 0)) throw new RangeError(`StylizedFactsCollector: returnIntervalNs must be positive (${this.stepNs})`);
  }

  /** One event at `tNs` (non-decreasing), then the book after it. */
  onEvent(tNs: number, type: number, side: number, size: number, bestAsk: number, askSize: number, bestBid: number, bidSize: number): void {
    if (!this.seen) {
      this.seen = true;
      if (this.warmUpNs === this.warmUpNs) this.startNs = tNs + this.warmUpNs;
    }
    if (tNs >= this.startNs) this.count(tNs, type, side, size);
    const twoSided = bestAsk === bestAsk && bestBid === bestBid; // neither is NaN
    this.prevNs = tNs;
    this.prevSpreadTicks = twoSided ? Math.round((bestAsk - bestBid) / this.tick) : NaN;
    this.prevAskSize = askSize;
    this.prevBidSize = bidSize;
    this.mid = twoSided ? (bestAsk + bestBid) / 2 : NaN;
  }

  private count(tNs: number, type: number, side: number, size: number): void {
    // The previous state held from max(prevNs, startNs) until now.
    if (this.prevSpreadTicks === this.prevSpreadTicks) {
      const from = this.prevNs > this.startNs ? this.prevNs : this.startNs;
      const dt = tNs - from;
      if (dt > 0) {
        this.spread.add(this.prevSpreadTicks, dt);
        this.depthBidWeighted += this.prevBidSize * dt;
        this.depthAskWeighted += this.prevAskSize * dt;
        this.twoSidedNs += dt;
      }
    }
    // Grid points strictly before this event see the state before it.
    if (this.nextGridNs !== this.nextGridNs) this.nextGridNs = Math.ceil(Math.max(tNs, this.startNs) / this.stepNs) * this.stepNs;
    while (this.nextGridNs < tNs) {
      this.mids.push(this.mid);
      this.nextGridNs += this.stepNs;
    }
    if (this.events === 0) this.firstNs = tNs;
    this.lastNs = tNs;
    this.events++;
    if (!(tNs === this.lastMessageNs)) {
      if (this.lastMessageNs === this.lastMessageNs) this.gaps.push((tNs - this.lastMessageNs) / 1e6);
      this.lastMessageNs = tNs;
    }
    if (type === ADD) {
      this.adds++;
      this.sizes.push(size);
    } else if (type === REDUCE || type === DELETE) this.cancels++;
    else if (type === EXEC_VISIBLE || type === EXEC_HIDDEN) {
      this.trades++;
      this.signs.push(-side);
    }
  }

  /** The facts of everything counted so far. */
  finish(): StylizedFacts {
    // Grid points up to the last event see the state after it.
    const mids = new SampleBuffer();
    for (let i = 0; i < this.mids.length; i++) mids.push(this.mids.values[i]);
    if (this.nextGridNs === this.nextGridNs) for (let g = this.nextGridNs; g <= this.lastNs; g += this.stepNs) mids.push(this.mid);
    const m = mids.view();
    const returns = new Float64Array(Math.max(0, m.length - 1));
    let finite = 0;
    for (let i = 1; i < m.length; i++) {
      const r = m[i] > 0 && m[i - 1] > 0 ? Math.log(m[i] / m[i - 1]) : NaN;
      returns[i - 1] = r;
      if (r === r) finite++;
    }
    const absReturns = returns.map(Math.abs);

    const sizes = sortedCopy(this.sizes.values, this.sizes.length);
    let roundLots = 0;
    const oddLogs = new SampleBuffer();
    for (const s of sizes) {
      if (s % 100 === 0) roundLots++;
      else if (s > 0 && s < 100) oddLogs.push(Math.log(s));
    }
    const gaps = this.gaps.view();
    const sortedGaps = sortedCopy(gaps);
    const signs = this.signs.view();
    const seconds = this.events > 0 ? (this.lastNs - this.firstNs) / 1e9 : NaN;

    return {
      events: this.events,
      seconds,
      eventRate: seconds > 0 ? this.events / seconds : NaN,
      spread: { mean: this.spread.mean(), median: this.spread.quantile(0.5), p10: this.spread.quantile(0.1), p90: this.spread.quantile(0.9) },
      depthAtBest: {
        bid: this.twoSidedNs > 0 ? this.depthBidWeighted / this.twoSidedNs : NaN,
        ask: this.twoSidedNs > 0 ? this.depthAskWeighted / this.twoSidedNs : NaN,
      },
      orderSize: {
        mean: mean(sizes),
        median: quantileSorted(sizes, 0.5),
        p10: quantileSorted(sizes, 0.1),
        p90: quantileSorted(sizes, 0.9),
        roundLotShare: sizes.length > 0 ? roundLots / sizes.length : NaN,
        oddLotGeoMean: Math.exp(mean(oddLogs.values, oddLogs.length)),
        oddLotLogSd: standardDeviation(oddLogs.values, oddLogs.length),
      },
      interArrivalMs: { mean: mean(gaps), median: quantileSorted(sortedGaps, 0.5), cv: coefficientOfVariation(gaps) },
      cancelToAdd: this.adds > 0 ? this.cancels / this.adds : NaN,
      tradeRate: seconds > 0 ? this.trades / seconds : NaN,
      midReturn1s: { sdBp: standardDeviation(returns) * 1e4, excessKurtosis: excessKurtosis(returns), samples: finite },
      absReturnAcf: lags(absReturns),
      tradeSignAcf: lags(signs),
    };
  }
}

function lags(values: Float64Array): Lags {
  const [a, b, c] = ACF_LAGS.map((k) => autocorrelation(values, k));
  return { lag1: a, lag5: b, lag10: c };
}
