import { SeededRng } from '../../core/rng.ts';
import { newYorkMidnightNs, NS_PER_SECOND } from '../../core/time.ts';
import type { BacktestResult } from '../BacktestResult.ts';

export interface FakeBacktestOptions {
  readonly seed?: number;
  /** Equity-curve samples over the session 09:30–16:00 New York time (23 400: one a second). */
  readonly samples?: number;
  readonly fills?: number;
  /** Latency samples of each kind. */
  readonly latencySamples?: number;
  readonly date?: string;
  readonly symbol?: string;
}

/**
 * A plausible BacktestResult for tests and sample reports, from a seeded RNG (same options, same
 * result): a random-walk mid around $100 (σ ≈ 1 cent a second, half-cent steps, no mid for the first
 * samples), a market maker's fills at the touch (70 % maker at the bid/ask with a rebate, 30 % taker
 * across the spread with a fee) that leans against its position, with makers adversely selected and
 * takers partly informed (some sides are chosen from the mid 5 s ahead: a fake, not a strategy), and latencies with a long tail.
 */
export function fakeBacktestResult(options: FakeBacktestOptions = {}): BacktestResult {
  const rng = new SeededRng(options.seed ?? 7);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const n = options.samples ?? 23_400;
  const nFills = options.fills ?? 2_000;
  const open = 34_200 * NS_PER_SECOND;
  const session = 23_400 * NS_PER_SECOND;
  const step = Math.floor(session / n);

  const timeNs = new Float64Array(n);
  const mid = new Float64Array(n);
  let m = 100;
  const sigmaPerStep = 0.01 * Math.sqrt(step / NS_PER_SECOND);
  for (let k = 0; k < n; k++) {
    timeNs[k] = open + k * step;
    m = Math.max(1, Math.round((m + sigmaPerStep * normal()) * 200) / 200);
    mid[k] = k < 3 ? NaN : m; // one-sided book at the open
  }

  // Fill times: sorted uniform integers over the session, after the mid appears.
  const fillTimes = Float64Array.from({ length: nFills }, () => open + 3 * step + rng.nextInt(session - 3 * step)).sort();
  const exchNs = new Float64Array(nFills);
  const localNs = new Float64Array(nFills);
  const orderId = new Float64Array(nFills);
  const side = new Int8Array(nFills);
  const price = new Float64Array(nFills);
  const qty = new Float64Array(nFills);
  const fee = new Float64Array(nFills);
  const liquidity = new Uint8Array(nFills);
  const positionAfter = new Float64Array(nFills);
  const cashAfter = new Float64Array(nFills);
  const midAtFill = new Float64Array(nFills);

  const equity = new Float64Array(n);
  const position = new Float64Array(n);
  let pos = 0;
  let cash = 0;
  let fees = 0;
  let turnover = 0;
  let f = 0;
  const lookahead = Math.ceil((5 * NS_PER_SECOND) / step);
  for (let k = 0; k < n; k++) {
    const end = k + 1 < n ? timeNs[k + 1] : Infinity;
    while (f < nFills && fillTimes[f] < end) {
      const taker = rng.nextFloat() < 0.3;
      // Resting quotes get picked off before the mid moves through them; takers are partly informed.
      const ahead = mid[Math.min(n - 1, k + lookahead)] - mid[k];
      let s: 1 | -1 = rng.nextFloat() < 0.5 - pos / 2000 ? 1 : -1;
      if (ahead !== 0 && rng.nextFloat() < 0.3) s = (ahead > 0) === taker ? 1 : -1;
      if (Math.abs(pos) >= 500) s = pos > 0 ? -1 : 1;
      const q = 100 * (1 + rng.nextInt(3));
      const p = mid[k] + s * (taker ? 0.005 : -0.005);
      const paid = q * (taker ? 0.003 : -0.002);
      pos += s * q;
      cash -= s * q * p + paid;
      fees += paid;
      turnover += q * p;
      exchNs[f] = fillTimes[f];
      localNs[f] = fillTimes[f] + 20_000 + rng.nextInt(30_000);
      orderId[f] = 1_000 + f;
      side[f] = s;
      price[f] = p;
      qty[f] = q;
      fee[f] = paid;
      liquidity[f] = taker ? 1 : 0;
      positionAfter[f] = pos;
      cashAfter[f] = cash;
      midAtFill[f] = mid[k];
      f++;
    }
    position[k] = pos;
    equity[k] = Number.isFinite(mid[k]) ? cash + pos * mid[k] : cash;
  }

  let peak = -Infinity;
  let maxDrawdown = 0;
  for (const v of equity) {
    peak = Math.max(peak, v);
    maxDrawdown = Math.max(maxDrawdown, peak - v);
  }
  const latency = options.latencySamples ?? 5_000;
  return {
    summary: {
      pnl: equity[n - 1],
      fees,
      trades: nFills,
      fillRatio: 0.63,
      sharpe: perMinuteSharpe(timeNs, equity),
      maxDrawdown,
      turnover,
      eventsPerSecond: 2_150_000,
    },
    fills: { length: nFills, exchNs, localNs, orderId, side, price, qty, fee, liquidity, positionAfter, cashAfter, midAtFill },
    equity: { length: n, timeNs, equity, position, mid },
    latency: {
      description: 'empirical feed (lognormal, median 45 µs) + constant 25 µs order + lognormal response',
      feedNs: Float64Array.from({ length: latency }, () => Math.round(45_000 * Math.exp(0.35 * normal()))),
      orderNs: Float64Array.from({ length: latency }, () => 25_000 + rng.nextInt(2_000)),
      responseNs: Float64Array.from({ length: latency }, () => Math.round(60_000 * Math.exp(1.1 * normal()))),
    },
    originNs: newYorkMidnightNs(options.date ?? '2012-06-21'),
    symbol: options.symbol ?? 'AAPL',
    config: {
      policy: 'logreg(ofi, queue imbalance) → quote at touch',
      latency: 'empirical',
      queue: 'probabilistic (power 2)',
      fees: 'maker −$0.0020 / taker $0.0030 per share',
      maxPosition: 500,
      seed: options.seed ?? 7,
    },
    events: 4_200_000,
  };
}

function perMinuteSharpe(timeNs: Float64Array, equity: Float64Array): number {
  const changes: number[] = [];
  let last = equity[0];
  let nextMinute = timeNs[0] + 60 * NS_PER_SECOND;
  for (let k = 0; k < timeNs.length; k++) {
    if (timeNs[k] >= nextMinute) {
      changes.push(equity[k] - last);
      last = equity[k];
      nextMinute += 60 * NS_PER_SECOND;
    }
  }
  if (changes.length < 2) return 0;
  const mean = changes.reduce((a, b) => a + b, 0) / changes.length;
  const sd = Math.sqrt(changes.reduce((a, b) => a + (b - mean) ** 2, 0) / (changes.length - 1));
  return sd > 0 ? (mean / sd) * Math.sqrt(252 * 390) : 0;
}
