import { InputError, InputErrorTally } from '../../core/errors.ts';
import { NS_PER_MS, NS_PER_SECOND } from '../../core/time.ts';
import { BinanceDecodeError, BinanceDecoder } from '../../data/binance/BinanceDecoder.ts';
import { BINANCE_MAX_DECIMALS } from '../../data/binance/BinanceInstrument.ts';
import { BinanceMessageKind, type BinanceMessage } from '../../data/binance/BinanceMessage.ts';
import { openByteStream } from '../../data/io/byteStream.ts';
import { LineSplitter, type LineHandler } from '../../data/io/LineSplitter.ts';
import { summarizeLatency, type LatencyDistribution, type LatencySummary } from './EmpiricalLatency.ts';

/**
 * The feed latency distribution of a Binance capture: for each depth diff and trade, its local receive
 * time (the line prefix) minus the exchange's time stamp on it.
 *
 * What that difference really is: the true one-way latency (Binance's engine and stream publisher →
 * its edge → the internet → the capture host's kernel) PLUS the capture host's clock offset from
 * Binance's clock, which drifts. In the hftbacktest sample captures the host clock is ~1.27 s behind
 * Binance's and drifts by 4–5 ppm (3 ms over the 11 minutes), so every raw difference is negative.
 * The offset cannot be told apart from the constant part of the latency without a synchronised clock,
 * so the clock policy says what is removed:
 *
 * - `deskew` (default): the line under every point that hugs them tightest (Moon, Skelly & Towsley, 1999:
 *   the lower convex hull edge spanning the mean time, which minimises the total gap while staying below
 *   all points) is taken as offset + drift and subtracted. What remains is latency in excess of the
 *   fastest message: queueing, batching, jitter. All results are >= 0 by construction.
 * - `shift`: subtract the smallest difference (a constant offset; the drift stays in, widening the spread).
 * - `clamp`: raise negatives to 0 and keep the rest as recorded: only for a capture host whose clock is
 *   synchronised to the exchange (PTP), where a negative is a rare glitch; refused (RangeError) when more
 *   than 1 % of the differences are negative, as then the clock is not synchronised.
 *
 * Either way the fastest message comes out at (about) 0, so add the physical floor of the path with
 * `floorNs` (e.g. a LinkLatency one-way figure) when the absolute level matters. Negative raw differences
 * are counted and reported, never silently dropped.
 */
export type ClockPolicy = 'deskew' | 'shift' | 'clamp';
export const CLOCK_POLICIES: readonly ClockPolicy[] = ['deskew', 'shift', 'clamp'];

/**
 * Which exchange time a message is measured from:
 * - `exchTs` (default): what Tachyon's Binance reader puts in EventBatch.exchTs, so the model pairs with
 *   the times the engine passes to feedNs: `T` (matching-engine time) where the message has it (trades,
 *   futures diffs), else `E` (spot diffs).
 * - `E`: the stream's event (push) time on every message: the transport leg only.
 */
export type ExchangeStamp = 'exchTs' | 'E';

export interface BinanceFeedLatencyOptions {
  readonly clock?: ClockPolicy;
  readonly stamp?: ExchangeStamp;
  /** Added to every sample after the clock policy, ns (default 0). */
  readonly floorNs?: number;
  /** Count bad lines per kind and go on, instead of stopping at the first. */
  readonly lenient?: boolean;
}

export interface BinanceFeedLatency {
  readonly distribution: LatencyDistribution;
  readonly summary: LatencySummary;
  readonly files: readonly string[];
  readonly symbol: string;
  readonly market: 'spot' | 'futures';
  readonly clock: ClockPolicy;
  readonly stamp: ExchangeStamp;
  readonly floorNs: number;
  readonly lines: number;
  readonly depthMessages: number;
  readonly tradeMessages: number;
  /** Snapshots and bookTickers: no latency taken from them. */
  readonly otherMessages: number;
  /** Raw differences (receive − exchange) below zero, before the clock policy. */
  readonly negativeRaw: number;
  readonly rawMinNs: number;
  readonly rawMaxNs: number;
  /** The clock offset removed at the first sample, ns (deskew: the fitted line; shift: the constant; clamp: 0). */
  readonly offsetAtStartNs: number;
  /** deskew: the fitted drift of the offset, ppm (µs per second); 0 otherwise. */
  readonly driftPpm: number;
  /** Lines skipped in lenient mode, by kind. */
  readonly errors: InputErrorTally;
}

/** `clamp` is for synchronised clocks: beyond this share of negatives the clock is not, and clamping would mislead. */
const CLAMP_MAX_NEGATIVE_SHARE = 0.01;

/** A Float64Array that doubles when full: the reader does not know the message count up front. */
class GrowableColumn {
  data = new Float64Array(1 << 14);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
}

/**
 * The line a + b·t under every point (t[i], d[i]) with the smallest total gap (Moon et al. 1999): the edge
 * of the lower convex hull spanning the mean of t. t must be increasing (non-decreasing).
 */
export function lowerEnvelopeLine(t: Float64Array, d: Float64Array, n: number): { a: number; b: number } {
  if (n === 0) throw new RangeError('no points');
  const hull = new Int32Array(n);
  let h = 0;
  for (let i = 0; i < n; i++) {
    // Pop while the last two hull points and i do not turn left (counter-clockwise).
    while (h >= 2) {
      const o = hull[h - 2];
      const p = hull[h - 1];
      const cross = (t[p] - t[o]) * (d[i] - d[o]) - (d[p] - d[o]) * (t[i] - t[o]);
      if (cross > 0) break;
      h--;
    }
    // Equal times: keep only the lower point.
    if (h >= 1 && t[hull[h - 1]] === t[i]) {
      if (d[i] < d[hull[h - 1]]) hull[h - 1] = i;
      continue;
    }
    hull[h++] = i;
  }
  if (h === 1) return { a: d[hull[0]], b: 0 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += t[i];
  mean /= n;
  let k = 0;
  while (k < h - 2 && t[hull[k + 1]] < mean) k++;
  const p = hull[k];
  const q = hull[k + 1];
  const b = (d[q] - d[p]) / (t[q] - t[p]);
  let a = d[p] - b * t[p];
  // Rounding in the hull can leave a point a hair under the line: lower it so none is.
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.min(worst, d[i] - (a + b * t[i]));
  a += worst;
  return { a, b };
}

/** Reads the files of one Binance capture (in order) and returns its feed latency distribution. */
export async function binanceFeedLatency(files: readonly string[], options: BinanceFeedLatencyOptions = {}): Promise<BinanceFeedLatency> {
  if (files.length === 0) throw new RangeError('binanceFeedLatency needs at least one capture file');
  const clock = options.clock ?? 'deskew';
  const stamp = options.stamp ?? 'exchTs';
  const floorNs = options.floorNs ?? 0;
  if (!CLOCK_POLICIES.includes(clock)) throw new RangeError(`unknown clock policy "${clock}" (${CLOCK_POLICIES.join(', ')})`);
  if (!Number.isSafeInteger(floorNs) || floorNs < 0) throw new RangeError(`floorNs must be a non-negative integer, got ${floorNs}`);

  const errors = new InputErrorTally(options.lenient ?? false);
  const decoder = new BinanceDecoder({ priceDecimals: BINANCE_MAX_DECIMALS, sizeDecimals: BINANCE_MAX_DECIMALS });
  // Local times relative to the first line's whole second, so ns stay exact in a double.
  const times = new GrowableColumn();
  const diffs = new GrowableColumn();
  let originSec = -1;
  let lines = 0;
  let depth = 0;
  let trades = 0;
  let other = 0;
  let symbol = '';
  let futures = false;
  let file = '';
  let lineNo = 0;
  let sorted = true;

  const bad = (kind: 'malformed-row' | 'unparseable-number' | 'malformed-message', field: string, detail: string) =>
    errors.report(new InputError(kind, file, lineNo, field, detail));

  const handler: LineHandler = {
    onLine(bytes, start, end) {
      lineNo++;
      lines++;
      let i = start;
      while (i < end && bytes[i] !== 32) i++;
      const digits = i - start;
      if (digits === 0 || i === end) return bad('malformed-row', 'localTs', start === end ? 'empty line' : 'expected "<ns> <json>"');
      if (digits > 19 || digits < 10) return bad('unparseable-number', 'localTs', 'receive time is not epoch nanoseconds');
      let sec = 0;
      let ns = 0;
      for (let k = start; k < i; k++) {
        const digit = bytes[k] - 48;
        if (digit < 0 || digit > 9) return bad('unparseable-number', 'localTs', 'receive time is not an integer of nanoseconds');
        if (k < i - 9) sec = sec * 10 + digit;
        else ns = ns * 10 + digit;
      }
      let m: BinanceMessage;
      try {
        m = decoder.decode(bytes, i + 1, end);
      } catch (e) {
        if (e instanceof BinanceDecodeError) return errors.report(new InputError(e.kind, file, lineNo, e.field, e.detail));
        throw e;
      }
      if (m.kind !== BinanceMessageKind.DepthUpdate && m.kind !== BinanceMessageKind.Trade) {
        other++;
        return;
      }
      if (m.kind === BinanceMessageKind.DepthUpdate) {
        depth++;
        if (m.prevUpdateId === m.prevUpdateId) futures = true;
      } else {
        trades++;
      }
      if (symbol === '') symbol = decoder.symbol();
      const exchMs = stamp === 'E' || m.transactionTime !== m.transactionTime ? m.eventTime : m.transactionTime;
      if (exchMs !== exchMs) return bad('malformed-message', 'E', 'message has no exchange time');
      if (originSec < 0) originSec = sec;
      const local = (sec - originSec) * NS_PER_SECOND + ns;
      // The subtraction happens in ms from the origin, where it is exact.
      const exch = (exchMs - originSec * 1000) * NS_PER_MS;
      if (times.length > 0 && local < times.data[times.length - 1]) sorted = false;
      times.push(local);
      diffs.push(local - exch);
    },
  };

  for (const f of files) {
    file = f;
    lineNo = 0;
    const splitter = new LineSplitter();
    for await (const chunk of openByteStream(f)) splitter.push(chunk as Uint8Array, handler);
    splitter.end(handler);
  }
  const n = diffs.length;
  if (n === 0) throw new RangeError(`${files.join(', ')}: no depth or trade message to measure a latency from`);

  let t = times.data.subarray(0, n);
  let d = diffs.data.subarray(0, n);
  if (!sorted) {
    // Receive times went back somewhere (a clock step): the envelope needs them in order.
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => t[x] - t[y]);
    t = Float64Array.from(order, (i) => times.data[i]);
    d = Float64Array.from(order, (i) => diffs.data[i]);
  }
  let negativeRaw = 0;
  let rawMin = Infinity;
  let rawMax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (d[i] < 0) negativeRaw++;
    rawMin = Math.min(rawMin, d[i]);
    rawMax = Math.max(rawMax, d[i]);
  }

  // Clamping a capture whose clock is off would turn the offset into a spike of zeros: refuse it.
  if (clock === 'clamp' && negativeRaw > n * CLAMP_MAX_NEGATIVE_SHARE) {
    throw new RangeError(
      `${files.join(', ')}: ${negativeRaw} of ${n} receive − exchange differences are negative (min ${(rawMin / NS_PER_MS).toFixed(3)} ms): ` +
        `the capture host's clock is not synchronised with the exchange's, so clamping would be wrong; use clock=deskew or shift`,
    );
  }
  let a = 0;
  let b = 0;
  if (clock === 'deskew') ({ a, b } = lowerEnvelopeLine(t, d, n));
  else if (clock === 'shift') a = rawMin;
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = clock === 'clamp' ? Math.max(0, d[i]) : d[i] - (a + b * t[i]);
    samples[i] = Math.max(0, Math.round(x)) + floorNs;
  }

  const market = futures ? 'futures' : 'spot';
  const offsetAtStartNs = a + b * t[0];
  const driftPpm = b * 1e6;
  const policyText =
    clock === 'deskew'
      ? `clock deskewed: offset ${(offsetAtStartNs / NS_PER_MS).toFixed(3)} ms at start, drift ${driftPpm.toFixed(2)} ppm`
      : clock === 'shift'
        ? `clock shifted by ${(a / NS_PER_MS).toFixed(3)} ms`
        : `negatives clamped to 0`;
  const source =
    `Binance ${market} ${symbol} capture, receive − ${stamp === 'E' ? 'E' : 'exchange time'} of ${depth} depth + ${trades} trade messages; ` +
    `${negativeRaw} of ${n} raw negative, ${policyText}${floorNs ? `, + ${floorNs} ns floor` : ''}`;
  return {
    distribution: { samples, source },
    summary: summarizeLatency(samples),
    files,
    symbol,
    market,
    clock,
    stamp,
    floorNs,
    lines,
    depthMessages: depth,
    tradeMessages: trades,
    otherMessages: other,
    negativeRaw,
    rawMinNs: rawMin,
    rawMaxNs: rawMax,
    offsetAtStartNs: clock === 'clamp' ? 0 : offsetAtStartNs,
    driftPpm,
    errors,
  };
}
