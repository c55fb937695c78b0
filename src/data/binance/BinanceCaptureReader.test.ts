import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { concatBatches, type EventBatch } from '../EventBatch.ts';
import { EventFlag, EventType, Side } from '../EventType.ts';
import { BinanceCaptureReader, type BinanceCaptureOptions } from './BinanceCaptureReader.ts';
import { BinanceDepthSequencer, DiffAction } from './BinanceDepthSequencer.ts';
import { binanceInstrument } from './BinanceInstrument.ts';
import { LineSplitter } from '../io/LineSplitter.ts';

const dir = mkdtempSync(join(tmpdir(), 'tachyon-binance-'));
let fileNo = 0;
function capture(lines: string[], gz = false): string {
  const path = join(dir, `c${fileNo++}${gz ? '.gz' : '.txt'}`);
  const text = `${lines.join('\n')}\n`;
  writeFileSync(path, gz ? gzipSync(text) : text);
  return path;
}

// 2024-08-08T23:54:13.937085768Z; origin = 2024-08-08T00:00:00Z = 1723075200 s.
const T0 = 1723161253937085768n;
const ts = (k: number): string => String(T0 + BigInt(k) * 1000n);
const diff = (U: number, u: number, b: string, a: string, pu?: number): string =>
  JSON.stringify({ stream: 'btcusdt@depth@100ms', data: { e: 'depthUpdate', E: 1723161255208, s: 'BTCUSDT', U, u, ...(pu === undefined ? {} : { pu }), b: JSON.parse(b), a: JSON.parse(a) } });
const snapshot = (L: number): string => JSON.stringify({ lastUpdateId: L, bids: [['100.00', '1.0'], ['99.00', '2.0']], asks: [['101.00', '3.0']] });
const trade = (m: boolean): string =>
  JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', E: 1723161255343, s: 'BTCUSDT', t: 42, p: '100.00', q: '0.5', T: 1723161255342, m, M: true } });
const ticker = (u: number): string => JSON.stringify({ stream: 'btcusdt@bookTicker', data: { u, s: 'BTCUSDT', b: '100.00', B: '1.0', a: '101.00', A: '3.0' } });

const inst = binanceInstrument('BTCUSDT', 'spot');

async function readAll(files: string[], options: BinanceCaptureOptions = {}): Promise<{ events: EventBatch; reader: BinanceCaptureReader }> {
  const reader = new BinanceCaptureReader(files, { instrument: inst, ...options });
  const batches: EventBatch[] = [];
  for await (const b of reader.batches()) batches.push(b);
  return { events: concatBatches(batches), reader };
}

describe('BinanceCaptureReader', () => {
  const lines = [
    `${ts(0)} ${diff(5, 9, '[["100.00","0"]]', '[]')}`, // stale once the snapshot (10) arrives
    `${ts(1)} ${diff(10, 12, '[["100.00","1.5"]]', '[["102.00","1"]]')}`, // bridges 11
    `${ts(2)} ${ticker(12)}`,
    `${ts(3)} ${snapshot(10)}`,
    `${ts(4)} ${trade(true)}`,
    `${ts(5)} ${diff(13, 15, '[]', '[["101.00","0"]]')}`,
  ];

  it('emits snapshot, buffered and live diffs, trades and quotes as normalized events', async () => {
    for (const gz of [false, true]) {
      const { events: e, reader } = await readAll([capture(lines, gz)]);
      const rows = Array.from({ length: e.length }, (_, i) => e.row(i));
      const types = rows.map((r) => r.type);
      expect(types).toEqual([
        EventType.BestQuote, EventType.BestQuote,
        EventType.SnapshotStart, EventType.Level, EventType.Level, EventType.Level,
        EventType.Level, EventType.Level, // buffered diff 10..12, applied at the snapshot
        EventType.Trade,
        EventType.Level,
      ]);
      expect(e.originNs).toBe(1723075200n * 1_000_000_000n);
      // localTs exact to the nanosecond: 23:54:13.937085768 after midnight.
      expect(rows[0].localTs).toBe(86053937085768 + 2000);
      expect(rows[0].exchTs).toBeNaN(); // spot bookTicker carries no time
      const snap = rows.slice(2, 6);
      expect(snap[0].seq).toBe(10);
      expect(snap.slice(1).map((r) => [r.side, r.price, r.size, r.flags])).toEqual([
        [Side.Buy, 10000, 1_000_000, EventFlag.Snapshot], // BTCUSDT spot: 2 price / 6 size decimals
        [Side.Buy, 9900, 2_000_000, EventFlag.Snapshot],
        [Side.Sell, 10100, 3_000_000, EventFlag.Snapshot | EventFlag.EndOfMessage],
      ]);
      // Buffered diff: stamped with the snapshot's receive time, EndOfMessage on its last level.
      expect(rows.slice(6, 8).map((r) => [r.side, r.price, r.size, r.seq, r.flags, r.localTs])).toEqual([
        [Side.Buy, 10000, 1500000, 12, 0, rows[2].localTs],
        [Side.Sell, 10200, 1000000, 12, EventFlag.EndOfMessage, rows[2].localTs],
      ]);
      expect(rows[6].exchTs).toBe((1723161255208 - 1723075200000) * 1e6);
      // m = true: the buyer was the maker, the seller the aggressor.
      expect([rows[8].side, rows[8].price, rows[8].size, rows[8].seq, rows[8].exchTs]).toEqual([Side.Sell, 10000, 500000, 42, (1723161255342 - 1723075200000) * 1e6]);
      expect([rows[9].seq, rows[9].size, rows[9].flags]).toEqual([15, 0, EventFlag.EndOfMessage]);
      expect(reader.stats).toMatchObject({ lines: 6, diffsApplied: 2, diffsStale: 1, snapshots: 1, gaps: [], bookValidAtEnd: true });
    }
  });

  it('reports a spot gap with expected and received ids, emits Gap and stops applying', async () => {
    const gapLines = [...lines, `${ts(6)} ${diff(17, 18, '[["99.00","1"]]', '[]')}`, `${ts(7)} ${diff(19, 20, '[["98.00","1"]]', '[]')}`];
    const file = capture(gapLines);
    const { events: e, reader } = await readAll([file]);
    expect(reader.stats.gaps).toEqual([{ file, line: 7, rule: 'U == prev_u + 1', expected: 16, received: 17, firstUpdateId: 17, lastUpdateId: 18 }]);
    const last = e.row(e.length - 1);
    expect([last.type, last.seq, last.orderId]).toEqual([EventType.Gap, 17, 16]);
    expect(reader.stats).toMatchObject({ diffsApplied: 2, bookValidAtEnd: false, diffsUnapplied: 2 });
  });

  it('resyncs on a later snapshot after a gap', async () => {
    const more = [...lines, `${ts(6)} ${diff(17, 18, '[]', '[]')}`, `${ts(7)} ${diff(19, 20, '[["98.00","1"]]', '[]')}`, `${ts(8)} ${snapshot(19)}`];
    const { reader } = await readAll([capture(more)]);
    expect(reader.stats).toMatchObject({ snapshots: 2, bookValidAtEnd: true, diffsApplied: 3 });
    expect(reader.stats.gaps).toHaveLength(1);
  });

  it('applies the futures rule (pu == prev_u) and detects the market', async () => {
    const fut = [
      `${ts(0)} ${JSON.stringify({ lastUpdateId: 100, E: 1, T: 1, bids: [['1.0', '1']], asks: [] })}`,
      `${ts(1)} ${diff(90, 105, '[]', '[["2.0","1"]]', 80)}`, // U <= 100 <= u
      `${ts(2)} ${diff(200, 210, '[]', '[["2.0","2"]]', 105)}`, // futures ids jump: only pu matters
      `${ts(3)} ${diff(300, 310, '[]', '[["2.0","3"]]', 250)}`, // gap: pu 250 != 210
    ];
    const reader = new BinanceCaptureReader([capture(fut)]);
    for await (const _ of reader.batches()) void _;
    expect(reader.resolvedMarket).toBe('usdm');
    expect(reader.resolvedInstrument?.priceDecimals).toBe(1);
    expect(reader.stats.diffsApplied).toBe(2);
    expect(reader.stats.gaps.map((g) => [g.rule, g.expected, g.received])).toEqual([['pu == prev_u', 210, 250]]);
  });

  it('applies the futures rule to COIN-M (BTCUSD_PERP: detected from the "_" and "pu") with the same gap report', async () => {
    const coin = (U: number, u: number, pu: number, a: string): string =>
      JSON.stringify({ stream: 'btcusd_perp@depth@0ms', data: { e: 'depthUpdate', E: 5, T: 4, s: 'BTCUSD_PERP', ps: 'BTCUSD', U, u, pu, b: [], a: JSON.parse(a) } });
    const lines = [
      `${ts(0)} ${JSON.stringify({ lastUpdateId: 500, E: 1, T: 1, bids: [['60000.1', '10']], asks: [['60000.2', '7']] })}`,
      `${ts(1)} ${coin(490, 505, 480, '[["60000.2","8"]]')}`,
      `${ts(2)} ${coin(506, 520, 505, '[["60000.3","1"]]')}`,
      `${ts(3)} ${coin(530, 540, 525, '[["60000.4","1"]]')}`, // gap: pu 525 != 520
    ];
    const reader = new BinanceCaptureReader([capture(lines)]);
    for await (const _ of reader.batches()) void _;
    expect(reader.resolvedMarket).toBe('coinm');
    expect(reader.stats.diffsApplied).toBe(2);
    expect(reader.stats.gaps.map((g) => [g.line, g.rule, g.expected, g.received])).toEqual([[4, 'pu == prev_u', 520, 525]]);
    expect(reader.stats.bookValidAtEnd).toBe(false);
  });

  it('names file, line and field of bad input; lenient mode counts each kind', async () => {
    const bad = [
      `${ts(0)} ${snapshot(10)}`,
      `${ts(1)} ${diff(11, 12, '[["100.00","-1"]]', '[]')}`,
      `${ts(2)} ${ticker(12).replace('"101.00"', '"10x"')}`,
      `${ts(1)} ${trade(false)}`, // time goes back
      `${ts(3)} {"stream":"btcusdt@trade","data":{"e":"trade"`,
      `abc ${trade(false)}`,
    ];
    const file = capture(bad);
    const err = await readAll([file]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ kind: 'negative-size', file, line: 2, field: 'b' });
    expect((err as Error).message).toContain(`${file}:2`);
    const { reader } = await readAll([file], { lenient: true });
    expect(reader.stats.errors.toJSON()).toEqual({ 'malformed-message': 1, 'negative-size': 1, 'non-monotonic-time': 1, 'unparseable-number': 2 });
    expect(reader.stats.tradeMessages).toBe(1); // the late line is counted but still read
  });

  it('continues one capture across files (midnight) with one origin', async () => {
    const a = capture(lines.slice(0, 4), true);
    const b = capture([`${String(T0 + 10n ** 12n)} ${diff(13, 15, '[]', '[]')}`], true);
    const { events: e, reader } = await readAll([a, b]);
    expect(reader.stats.gaps).toEqual([]);
    expect(e.originNs).toBe(1723075200n * 1_000_000_000n);
  });
});

describe('BinanceDepthSequencer', () => {
  it('spot: buffer, stale, bridge, continue, gap', () => {
    const s = new BinanceDepthSequencer('spot');
    expect(s.check(1, 5, NaN)).toBe(DiffAction.Buffer);
    s.onSnapshot(10);
    expect(s.check(1, 10, NaN)).toBe(DiffAction.Stale);
    expect(s.check(12, 14, NaN)).toBe(DiffAction.Gap);
    expect(s.lastGap).toEqual({ expected: 11, received: 12, rule: 'first diff: U <= lastUpdateId+1 <= u' });
    s.onSnapshot(10);
    expect(s.check(11, 14, NaN)).toBe(DiffAction.Apply);
    expect(s.check(15, 15, NaN)).toBe(DiffAction.Apply);
    expect(s.check(14, 15, NaN)).toBe(DiffAction.Stale);
    expect(s.check(17, 18, NaN)).toBe(DiffAction.Gap);
    expect(s.lastGap).toMatchObject({ expected: 16, received: 17 });
    expect(s.check(19, 20, NaN)).toBe(DiffAction.Buffer);
  });

  it('futures: u == lastUpdateId still applies, then pu chains', () => {
    const s = new BinanceDepthSequencer('usdm');
    s.onSnapshot(100);
    expect(s.check(50, 99, 40)).toBe(DiffAction.Stale);
    expect(s.check(90, 100, 80)).toBe(DiffAction.Apply);
    expect(s.check(150, 160, 100)).toBe(DiffAction.Apply);
    expect(s.check(170, 180, 165)).toBe(DiffAction.Gap);
    expect(s.lastGap).toMatchObject({ expected: 160, received: 165 });
  });
});

describe('LineSplitter', () => {
  it('yields the same lines for any chunking (CRLF and no final newline included)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '{', '\u00e9') }), { maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 7 })), fc.boolean(),
        (lines, cuts, crlf) => {
          const text = lines.join(crlf ? '\r\n' : '\n');
          const bytes = Buffer.from(text);
          const got: string[] = [];
          const h = { onLine: (b: Uint8Array, s: number, e: number) => got.push(Buffer.from(b.subarray(s, e)).toString()) };
          const sp = new LineSplitter();
          let pos = 0;
          for (let k = 0; pos < bytes.length; k++) {
            const n = cuts.length ? cuts[k % cuts.length] : bytes.length;
            sp.push(bytes.subarray(pos, pos + n), h);
            pos += n;
          }
          sp.end(h);
          const expected = text.length === 0 ? [] : text.split(crlf ? '\r\n' : '\n');
          // A trailing empty line (text ending in a newline) produces no line.
          if (expected.length && expected[expected.length - 1] === '') expected.pop();
          expect(got).toEqual(expected);
        }),
    );
  });
});
