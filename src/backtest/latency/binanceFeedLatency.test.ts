import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BINANCE, realDataPresent } from '../../../test/realData.ts';
import { InputError } from '../../core/errors.ts';
import { BinanceCaptureReader } from '../../data/binance/BinanceCaptureReader.ts';
import { binanceFeedLatency, lowerEnvelopeLine } from './binanceFeedLatency.ts';
import { EmpiricalLatency } from './EmpiricalLatency.ts';

const T0_MS = 1_723_161_255_000; // 2024-08-08 23:54:15 UTC
const OFFSET_MS = -1270; // the capture host's clock is 1.27 s behind the exchange's
const DRIFT_NS_PER_S = -5_000; // and loses 5 µs a second (-5 ppm)

/** One capture line: local receive ns as decimal digits (exact, via BigInt) and the JSON. */
function line(localNs: bigint, json: object): string {
  return `${localNs} ${JSON.stringify(json)}`;
}

/**
 * A synthetic spot capture: message i is stamped E = T0 + i s at the exchange and received after
 * jitter[i] ns, by a clock OFFSET_MS off and drifting DRIFT_NS_PER_S. Alternates depth diffs and trades
 * (trades carry T = E - 3 ms, so exchTs and E differ on them), plus a snapshot and a bookTicker.
 */
function syntheticCapture(jitter: readonly number[]): string {
  const out: string[] = [];
  out.push(line(BigInt(T0_MS) * 1_000_000n, { lastUpdateId: 1, bids: [['1.00', '1.0']], asks: [['1.01', '1.0']] }));
  jitter.forEach((j, i) => {
    const eMs = T0_MS + i * 1000;
    const localNs = BigInt(eMs + OFFSET_MS) * 1_000_000n + BigInt(DRIFT_NS_PER_S * i + j);
    if (i % 2 === 0) {
      out.push(line(localNs, { stream: 'btcusdt@depth@100ms', data: { e: 'depthUpdate', E: eMs, s: 'BTCUSDT', U: 10 + i, u: 10 + i, b: [['1.00', '2.0']], a: [] } }));
    } else {
      out.push(line(localNs, { stream: 'btcusdt@trade', data: { e: 'trade', E: eMs, s: 'BTCUSDT', t: i, p: '1.00', q: '0.5', T: eMs - 3, m: true, M: true } }));
    }
  });
  out.push(line(BigInt(T0_MS + jitter.length * 1000) * 1_000_000n, { stream: 'btcusdt@bookTicker', data: { u: 99, s: 'BTCUSDT', b: '1.00', B: '1', a: '1.01', A: '1' } }));
  return out.join('\n') + '\n';
}

// Zero at both ends, so the lower envelope is exactly the clock line.
const JITTER = [0, 2_000_000, 350_000, 9_000_000, 1_000, 0];

let dir: string;
let capture: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tachyon-feed-latency-'));
  capture = join(dir, 'capture.gz');
  await writeFile(capture, gzipSync(syntheticCapture(JITTER)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('binanceFeedLatency (synthetic capture)', () => {
  it('counts what it measured and the negative raw differences', async () => {
    const r = await binanceFeedLatency([capture], { stamp: 'E' });
    expect(r.lines).toBe(JITTER.length + 2);
    expect(r.depthMessages).toBe(3);
    expect(r.tradeMessages).toBe(3);
    expect(r.otherMessages).toBe(2);
    expect(r.negativeRaw).toBe(JITTER.length);
    expect(r.rawMinNs).toBe(OFFSET_MS * 1e6 + DRIFT_NS_PER_S * 5);
    expect(r.symbol).toBe('BTCUSDT');
    expect(r.market).toBe('spot');
    expect(r.distribution.source).toMatch(/6 of 6 raw negative, clock deskewed/);
  });

  it('deskew removes the offset and the drift, leaving the jitter', async () => {
    const r = await binanceFeedLatency([capture], { stamp: 'E' });
    // Exact but for drift × jitter (the line is a function of the receive time, which the jitter moves):
    // 5 ppm of 9 ms is 45 ns.
    r.distribution.samples.forEach((x, i) => expect(Math.abs(x - JITTER[i])).toBeLessThanOrEqual(50));
    expect(r.offsetAtStartNs).toBeCloseTo(OFFSET_MS * 1e6, 0);
    // Per second of the (slow) local clock: -5 / (1 - 5e-6) ppm.
    expect(r.driftPpm).toBeCloseTo(DRIFT_NS_PER_S / 1000, 3);
  });

  it('shift removes only the constant: the drift stays in the samples', async () => {
    const r = await binanceFeedLatency([capture], { stamp: 'E', clock: 'shift' });
    const last = JITTER.length - 1;
    expect([...r.distribution.samples]).toEqual(JITTER.map((j, i) => j + -DRIFT_NS_PER_S * (last - i)));
  });

  it('measures trades from T (as EventBatch.exchTs does) unless told to use E', async () => {
    const fromT = await binanceFeedLatency([capture], { clock: 'shift' });
    const fromE = await binanceFeedLatency([capture], { clock: 'shift', stamp: 'E' });
    // Trades (odd i) are 3 ms longer from T (T = E - 3 ms); depth diffs have no T and are unchanged.
    const raw = (r: typeof fromT, i: number) => r.distribution.samples[i] + r.rawMinNs;
    JITTER.forEach((_, i) => expect(raw(fromT, i) - raw(fromE, i)).toBe(i % 2 === 1 ? 3_000_000 : 0));
  });

  it('adds the floor to every sample', async () => {
    const plain = await binanceFeedLatency([capture], { stamp: 'E' });
    const r = await binanceFeedLatency([capture], { stamp: 'E', floorNs: 4_000_000 });
    expect([...r.distribution.samples]).toEqual([...plain.distribution.samples].map((x) => x + 4_000_000));
    expect(r.distribution.source).toMatch(/\+ 4000000 ns floor/);
  });

  it('refuses to clamp a capture whose clock is off, and clamps a synchronised one', async () => {
    await expect(binanceFeedLatency([capture], { clock: 'clamp' })).rejects.toThrow(/6 of 6 .* negative.*not synchronised/);
    const synced = join(dir, 'synced.txt');
    const lines = [5_000_000, 7_000_000, -1_000].map((lat, i) =>
      line(BigInt(T0_MS + i * 1000) * 1_000_000n + BigInt(lat), { stream: 'x@trade', data: { e: 'trade', E: T0_MS + i * 1000, s: 'X', t: i, p: '1', q: '1', T: T0_MS + i * 1000, m: false } }),
    );
    // Fill with positives so the one negative is under 1 %.
    for (let i = 3; i < 200; i++) {
      lines.push(line(BigInt(T0_MS + i * 1000) * 1_000_000n + 2_000_000n, { stream: 'x@trade', data: { e: 'trade', E: T0_MS + i * 1000, s: 'X', t: i, p: '1', q: '1', T: T0_MS + i * 1000, m: false } }));
    }
    await writeFile(synced, lines.join('\n'));
    const r = await binanceFeedLatency([synced], { clock: 'clamp' });
    expect(r.negativeRaw).toBe(1);
    expect([...r.distribution.samples.subarray(0, 4)]).toEqual([5_000_000, 7_000_000, 0, 2_000_000]);
  });

  it('names the file, line and field of a bad line, or counts it when lenient', async () => {
    const bad = join(dir, 'bad.txt');
    await writeFile(bad, syntheticCapture([0, 1]) + 'notanumber {"stream":"x"}\n');
    const err = await binanceFeedLatency([bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(`${bad}:5: field "localTs": receive time is not an integer of nanoseconds (unparseable-number)`);
    const lenient = await binanceFeedLatency([bad], { lenient: true });
    expect(lenient.errors.total).toBe(1);
    expect(lenient.distribution.samples).toHaveLength(2);
  });

  it('says so when there is nothing to measure', async () => {
    const empty = join(dir, 'empty.txt');
    await writeFile(empty, line(1_723_161_255_000_000_000n, { lastUpdateId: 1, bids: [], asks: [] }) + '\n');
    await expect(binanceFeedLatency([empty])).rejects.toThrow(/no depth or trade message/);
  });
});

describe('lowerEnvelopeLine', () => {
  it('is the best line under all points (checked against every line through two points)', () => {
    const pts = fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 2, maxLength: 25 }).chain((ts) =>
      fc.tuple(fc.constant(ts.sort((a, b) => a - b)), fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: ts.length, maxLength: ts.length })),
    );
    fc.assert(
      fc.property(pts, ([ts, ds]) => {
        const t = Float64Array.from(ts);
        const d = Float64Array.from(ds);
        const n = t.length;
        const { a, b } = lowerEnvelopeLine(t, d, n);
        const mean = ts.reduce((s, x) => s + x, 0) / n;
        for (let i = 0; i < n; i++) expect(d[i] - (a + b * t[i])).toBeGreaterThanOrEqual(-1e-6);
        // The optimum of the LP "maximise a + b·mean below all points" is a line through two points.
        let best = -Infinity;
        for (let i = 0; i < n; i++) {
          for (let j = i + 1; j < n; j++) {
            const bb = (d[j] - d[i]) / (t[j] - t[i]);
            const aa = d[i] - bb * t[i];
            let feasible = true;
            for (let k = 0; k < n && feasible; k++) if (d[k] - (aa + bb * t[k]) < -1e-6) feasible = false;
            if (feasible) best = Math.max(best, aa + bb * mean);
          }
        }
        expect(a + b * mean).toBeCloseTo(best, 4);
      }),
    );
  });

  it('is flat through the lowest point when all times are equal', () => {
    expect(lowerEnvelopeLine(Float64Array.from([5, 5, 5]), Float64Array.from([3, 1, 2]), 3)).toEqual({ a: 1, b: 0 });
  });
});

describe.skipIf(!realDataPresent)('binanceFeedLatency on the real Binance captures', () => {
  for (const name of ['spotBtc', 'usdmBtc', 'usdmEth'] as const) {
    it(`${name}: one sample per depth diff and trade, clock offset ≈ -1.27 s removed, a plausible latency left`, async () => {
      const files = BINANCE.captures[name].map((f) => BINANCE.path(f));
      const r = await binanceFeedLatency(files);
      // The counts agree with Tachyon's capture reader, an independent pass over the same lines.
      const reader = new BinanceCaptureReader(files);
      for await (const batch of reader.batches()) void batch;
      expect(r.depthMessages).toBe(reader.stats.depthMessages);
      expect(r.tradeMessages).toBe(reader.stats.tradeMessages);
      expect(r.distribution.samples).toHaveLength(r.depthMessages + r.tradeMessages);
      // This capture host's clock is ~1.27 s behind Binance's: every raw difference is negative, and reported.
      expect(r.negativeRaw).toBe(r.distribution.samples.length);
      expect(r.offsetAtStartNs / 1e9).toBeGreaterThan(-1.28);
      expect(r.offsetAtStartNs / 1e9).toBeLessThan(-1.26);
      // It drifts by a few ppm (about 3 ms over the 11 minutes).
      expect(r.driftPpm).toBeLessThan(-1);
      expect(r.driftPpm).toBeGreaterThan(-10);
      expect(r.summary.minNs).toBe(0);
      expect(r.summary.p50Ns).toBeGreaterThan(200_000);
      expect(r.summary.p50Ns).toBeLessThan(20_000_000);
      expect(r.summary.maxNs).toBeLessThan(1_000_000_000);
      for (const x of r.distribution.samples) if (!(Number.isSafeInteger(x) && x >= 0)) throw new Error(`bad sample ${x}`);
      // Deskewing narrows the distribution compared with a plain shift (the drift no longer widens it).
      const shifted = await binanceFeedLatency(files, { clock: 'shift' });
      expect(r.summary.p50Ns).toBeLessThan(shifted.summary.p50Ns);

      const model = new EmpiricalLatency(r.distribution, { seed: 11 });
      const again = new EmpiricalLatency(r.distribution, { seed: 11 });
      for (let i = 0; i < 1000; i++) {
        const x = model.feedNs(i);
        expect(x).toBe(again.feedNs(i));
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(r.summary.maxNs);
      }
    });
  }
});
