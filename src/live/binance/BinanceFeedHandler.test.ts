import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binanceInstrument, type BinanceMarket } from '../../data/binance/BinanceInstrument.ts';
import { EventBatch } from '../../data/EventBatch.ts';
import { EventFlag, EventType, Side } from '../../data/EventType.ts';
import { BinanceFeedHandler, MALFORMED_KINDS, SnapshotOutcome, type FeedGap } from './BinanceFeedHandler.ts';

// Synthetic frames in Binance's exact shapes. Prices/sizes are given in units (2 and 6 decimals on spot
// BTCUSDT, 1 and 3 on USD-M BTCUSDT) and written as decimal strings.
type Level = [price: number, size: number];
const ORIGIN = 1_723_075_200_000_000_000n; // 2024-08-08T00:00Z

function text(units: number, decimals: number): string {
  const s = String(units).padStart(decimals + 1, '0');
  return decimals === 0 ? s : `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

class Frames {
  readonly pd: number;
  readonly sd: number;
  constructor(readonly market: BinanceMarket) {
    this.pd = market === 'spot' ? 2 : 1;
    this.sd = market === 'spot' ? 6 : 3;
  }
  levels(ls: Level[]): string {
    return `[${ls.map(([p, q]) => `["${text(p, this.pd)}","${text(q, this.sd)}"]`).join(',')}]`;
  }
  diff(U: number, u: number, bids: Level[], asks: Level[], pu?: number, symbol = 'BTCUSDT'): Buffer {
    const fut = this.market === 'spot' ? '' : `"T":1723161256298,`;
    const p = pu === undefined ? '' : `,"pu":${pu}`;
    return Buffer.from(
      `{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161256299,${fut}"s":"${symbol}","U":${U},"u":${u}${p},"b":${this.levels(bids)},"a":${this.levels(asks)}}}`,
    );
  }
  snapshot(L: number, bids: Level[], asks: Level[]): Buffer {
    return Buffer.from(`{"lastUpdateId":${L},"bids":${this.levels(bids)},"asks":${this.levels(asks)}}`);
  }
  trade(id: number, price: number, size: number, buyerIsMaker: boolean): Buffer {
    return Buffer.from(
      `{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":${id},"p":"${text(price, this.pd)}","q":"${text(size, this.sd)}","T":1723161255342,"m":${buyerIsMaker},"M":true}}`,
    );
  }
  ticker(u: number, bid: Level, ask: Level): Buffer {
    return Buffer.from(
      `{"stream":"btcusdt@bookTicker","data":{"u":${u},"s":"BTCUSDT","b":"${text(bid[0], this.pd)}","B":"${text(bid[1], this.sd)}","a":"${text(ask[0], this.pd)}","A":"${text(ask[1], this.sd)}"}}`,
    );
  }
}

function setup(market: BinanceMarket, maxBufferedDiffs?: number) {
  const gaps: FeedGap[] = [];
  const malformed: string[] = [];
  const h = new BinanceFeedHandler({
    instrument: binanceInstrument('BTCUSDT', market),
    originNs: ORIGIN,
    maxBufferedDiffs,
    onGap: (g) => gaps.push(g),
    onMalformed: (k) => malformed.push(k),
  });
  const out = new EventBatch(64, ORIGIN, [binanceInstrument('BTCUSDT', market)]);
  let t = 1000;
  const feed = (frame: Buffer) => h.onFrame(frame, 0, frame.length, t++, out);
  const snap = (frame: Buffer) => h.applySnapshot(frame, 0, frame.length, t++, out);
  return { h, out, gaps, malformed, feed, snap, f: new Frames(market) };
}

const types = (out: EventBatch) => Array.from(out.type.subarray(0, out.length));
const book = (h: BinanceFeedHandler) => ({
  bids: Array.from({ length: h.book.depth(Side.Buy) }, (_, r) => [h.book.priceAt(Side.Buy, r), h.book.sizeAtRank(Side.Buy, r)]),
  asks: Array.from({ length: h.book.depth(Side.Sell) }, (_, r) => [h.book.priceAt(Side.Sell, r), h.book.sizeAtRank(Side.Sell, r)]),
});

describe('BinanceFeedHandler: spot sequencing', () => {
  it('buffers diffs, drops those the snapshot contains, applies the bridging one, then chains', () => {
    const { h, out, feed, snap, f } = setup('spot');
    feed(f.diff(90, 95, [[100_00, 1_000000]], []));
    feed(f.diff(96, 101, [[100_00, 2_000000]], [[101_00, 5_000000]]));
    feed(f.diff(102, 104, [], [[101_00, 0]]));
    expect(out.length).toBe(0);
    expect(h.needsSnapshot).toBe(true);
    expect(h.bufferedDiffs).toBe(3);
    // Snapshot at 100: diff 90..95 is contained (u <= 100); 96..101 bridges (96 <= 101 <= 101).
    expect(snap(f.snapshot(100, [[100_00, 3_000000], [99_00, 1_000000]], [[101_00, 4_000000], [102_00, 1_000000]]))).toBe(SnapshotOutcome.Applied);
    expect(h.stats).toMatchObject({ snapshotsApplied: 1, diffsStale: 1, diffsApplied: 2, gaps: 0 });
    expect(h.synced).toBe(true);
    expect(h.bookUpdateId).toBe(104);
    expect(book(h)).toEqual({ bids: [[100_00, 2_000000], [99_00, 1_000000]], asks: [[102_00, 1_000000]] });
    // SnapshotStart, 4 snapshot levels, diff 96..101 (2 levels), diff 102..104 (1 level).
    expect(types(out)).toEqual([EventType.SnapshotStart, 9, 9, 9, 9, 9, 9, 9]);
    expect(out.flags[4]).toBe(EventFlag.Snapshot | EventFlag.EndOfMessage);
    expect(out.seq[6]).toBe(101);
    expect(out.flags[6] & EventFlag.EndOfMessage).toBe(EventFlag.EndOfMessage);
    expect(out.seq[7]).toBe(104);
    // The next live diff continues the chain.
    out.clear();
    feed(f.diff(105, 107, [[99_50, 7_000000]], []));
    expect(out.row(0)).toMatchObject({ type: EventType.Level, side: Side.Buy, price: 99_50, size: 7_000000, seq: 107, flags: EventFlag.EndOfMessage, localTs: 1004 });
  });

  it('a snapshot older than the buffered diffs is refused (Binance step 4): nothing applied, another is needed', () => {
    const { h, out, feed, snap, f } = setup('spot');
    feed(f.diff(200, 205, [[100_00, 1_000000]], []));
    expect(snap(f.snapshot(150, [[100_00, 3_000000]], []))).toBe(SnapshotOutcome.TooOld);
    expect(out.length).toBe(0);
    expect(h.needsSnapshot).toBe(true);
    expect(h.stats.snapshotsTooOld).toBe(1);
    expect(snap(f.snapshot(199, [[100_00, 3_000000]], []))).toBe(SnapshotOutcome.Applied);
    expect(h.synced).toBe(true);
  });

  it('a break in the chain is a gap: Gap event, book dropped, the diff kept for the next snapshot', () => {
    const { h, out, gaps, feed, snap, f } = setup('spot');
    snap(f.snapshot(10, [[100_00, 1_000000]], [[101_00, 1_000000]]));
    feed(f.diff(11, 12, [[100_00, 2_000000]], []));
    out.clear();
    feed(f.diff(15, 16, [[100_00, 3_000000]], [])); // 13..14 never arrived
    expect(h.stats.gaps).toBe(1);
    expect(out.row(0)).toMatchObject({ type: EventType.Gap, orderId: 13, seq: 15 });
    expect(gaps).toEqual([{ cause: 'sequence', localTs: 1002, rule: 'U == prev_u + 1', expected: 13, received: 15, firstUpdateId: 15, lastUpdateId: 16 }]);
    expect(h.needsSnapshot).toBe(true);
    expect(h.bookValid).toBe(false);
    feed(f.diff(17, 18, [[99_00, 1_000000]], []));
    expect(h.bufferedDiffs).toBe(2);
    // A snapshot at 16 contains the gap diff; 17..18 bridges it.
    out.clear();
    expect(snap(f.snapshot(16, [[100_00, 3_000000]], [[101_00, 1_000000]]))).toBe(SnapshotOutcome.Applied);
    expect(h.stats).toMatchObject({ diffsStale: 1, gaps: 1 });
    expect(book(h).bids).toEqual([[100_00, 3_000000], [99_00, 1_000000]]);
    expect(h.bookUpdateId).toBe(18);
  });

  it('a break inside the buffered diffs is a gap at snapshot time; the rest stays buffered, in order', () => {
    const { h, feed, snap, f } = setup('spot');
    feed(f.diff(11, 12, [[100_00, 2_000000]], []));
    feed(f.diff(20, 21, [[100_00, 3_000000]], [])); // 13..19 missing
    feed(f.diff(22, 23, [[100_00, 4_000000]], []));
    expect(snap(f.snapshot(10, [[100_00, 1_000000]], []))).toBe(SnapshotOutcome.Applied);
    expect(h.stats.gaps).toBe(1);
    expect(h.needsSnapshot).toBe(true);
    expect(h.bufferedDiffs).toBe(2);
    expect(snap(f.snapshot(20, [[100_00, 9_000000]], []))).toBe(SnapshotOutcome.Applied);
    expect(h.bookUpdateId).toBe(23);
    expect(book(h).bids).toEqual([[100_00, 4_000000]]);
  });

  it('a full buffer drops its oldest diffs (counted), so the snapshot must be newer', () => {
    const { h, feed, snap, f } = setup('spot', 4);
    for (let k = 0; k < 10; k++) feed(f.diff(11 + 2 * k, 12 + 2 * k, [[100_00 + k, 1_000000]], []));
    expect(h.bufferedDiffs).toBe(4);
    expect(h.stats.diffsOverflowed).toBe(6);
    expect(snap(f.snapshot(10, [], []))).toBe(SnapshotOutcome.TooOld);
    expect(snap(f.snapshot(22, [], []))).toBe(SnapshotOutcome.Applied);
    expect(h.bookUpdateId).toBe(30);
    expect(h.book.depth(Side.Buy)).toBe(4);
  });

  it('trades and tickers pass through whatever the book state; a late snapshot response is ignored', () => {
    const { h, out, feed, snap, f } = setup('spot');
    feed(f.trade(77, 100_00, 5_000, true));
    feed(f.ticker(5, [100_00, 1_000000], [101_00, 2_000000]));
    expect(out.row(0)).toMatchObject({ type: EventType.Trade, side: Side.Sell, price: 100_00, size: 5_000, seq: 77 });
    expect(out.row(0).exchTs).toBe((1723161255342 - 1723075200000) * 1e6);
    expect(out.row(1)).toMatchObject({ type: EventType.BestQuote, side: Side.Buy, price: 100_00, size: 1_000000, seq: 5, flags: 0 });
    expect(out.row(2)).toMatchObject({ type: EventType.BestQuote, side: Side.Sell, price: 101_00, size: 2_000000, seq: 5, flags: EventFlag.EndOfMessage });
    expect(Number.isNaN(out.row(1).exchTs)).toBe(true); // spot bookTicker carries no time
    snap(f.snapshot(4, [], []));
    expect(snap(f.snapshot(4, [], []))).toBe(SnapshotOutcome.NotAwaited);
    expect(h.stats).toMatchObject({ tradeMessages: 1, bookTickerMessages: 1, snapshotsApplied: 1 });
  });

  it('invalidate (disconnect) emits a Gap once and awaits a snapshot; writeBookSnapshot replays the book', () => {
    const { h, out, gaps, snap, f } = setup('spot');
    snap(f.snapshot(10, [[100_00, 1_000000], [99_00, 2_000000]], [[101_00, 3_000000]]));
    out.clear();
    expect(h.writeBookSnapshot(5, out)).toBe(true);
    expect(types(out)).toEqual([EventType.SnapshotStart, 9, 9, 9]);
    expect(out.row(1)).toMatchObject({ side: Side.Buy, price: 100_00, size: 1_000000, seq: 10, flags: EventFlag.Snapshot });
    expect(out.row(3)).toMatchObject({ side: Side.Sell, price: 101_00, flags: EventFlag.Snapshot | EventFlag.EndOfMessage });
    out.clear();
    h.invalidate('disconnect', 6, out);
    h.invalidate('disconnect', 7, out);
    expect(types(out)).toEqual([EventType.Gap]);
    expect(gaps.map((g) => g.cause)).toEqual(['disconnect']);
    expect(h.needsSnapshot).toBe(true);
    expect(h.writeBookSnapshot(8, out)).toBe(false);
  });
});

describe('BinanceFeedHandler: futures sequencing (pu chain)', () => {
  it('drops u < lastUpdateId, applies U <= lastUpdateId <= u, then requires pu == previous u', () => {
    const { h, out, gaps, feed, snap, f } = setup('usdm');
    feed(f.diff(1000, 1010, [[600000, 1000]], [], 990));
    feed(f.diff(1011, 1030, [[600000, 2000]], [], 1010));
    feed(f.diff(1031, 1040, [[600001, 3000]], [], 1030));
    expect(snap(f.snapshot(1020, [[600000, 5000]], [[600010, 1000]]))).toBe(SnapshotOutcome.Applied);
    expect(h.stats).toMatchObject({ diffsStale: 1, diffsApplied: 2 });
    expect(book(h).bids).toEqual([[600001, 3000], [600000, 2000]]);
    out.clear();
    feed(f.diff(1041, 1050, [], [[600010, 0]], 1040));
    expect(book(h).asks).toEqual([]);
    feed(f.diff(1061, 1070, [], [], 1055)); // pu should be 1050
    expect(gaps[0]).toMatchObject({ cause: 'sequence', rule: 'pu == prev_u', expected: 1050, received: 1055 });
    expect(out.row(out.length - 1)).toMatchObject({ type: EventType.Gap, orderId: 1050, seq: 1055 });
  });

  it('a spot diff on a futures stream (no pu) is malformed, not a gap', () => {
    const { h, malformed, feed, snap, f } = setup('usdm');
    snap(f.snapshot(10, [], []));
    feed(f.diff(5, 12, [[1, 1]], []));
    expect(malformed).toEqual(['wrong-market']);
    expect(h.stats.gaps).toBe(0);
    expect(h.bookValid).toBe(true);
  });
});

describe('BinanceFeedHandler: malformed frames are counted per kind and skipped, never thrown', () => {
  it('counts each kind', () => {
    const { h, out, feed, snap, f } = setup('spot');
    snap(f.snapshot(10, [[100_00, 1_000000]], [[101_00, 1_000000]]));
    feed(f.diff(11, 12, [[100_00, 2_000000]], []));
    out.clear();
    const good = f.diff(13, 14, [[100_00, 3_000000]], []).toString();
    feed(Buffer.from(good.slice(0, 60))); // truncated
    feed(Buffer.from(good.replace('"3.000000"', '"3.0x0000"'))); // bad number
    feed(Buffer.from(good.replace('"3.000000"', '"-3.000000"'))); // negative size
    feed(Buffer.from(good.replace('depthUpdate', 'kline'))); // unknown event type
    feed(f.diff(13, 14, [[100_00, 3_000000]], [], undefined, 'ETHUSDT')); // another symbol
    feed(f.diff(13, 14, [[100_00, 3_000000]], [], 12)); // futures diff on spot
    feed(f.snapshot(14, [], [])); // a REST body on the stream
    feed(Buffer.from('')); // empty frame
    h.countMalformed('binary-frame', 'test');
    expect(out.length).toBe(0);
    expect(h.malformedByKind).toEqual({
      'malformed-message': 2,
      'unparseable-number': 1,
      'negative-size': 1,
      'unknown-type': 1,
      'wrong-symbol': 1,
      'wrong-market': 1,
      'unexpected-snapshot': 1,
      'binary-frame': 1,
    });
    expect(h.stats.malformed).toBe(9);
    expect(h.malformedExamples['unparseable-number']?.[0]).toMatch(/field "b"/);
    // Nothing was applied or broken: the good diff still continues the chain.
    expect(h.stats.gaps).toBe(0);
    feed(Buffer.from(good));
    expect(h.bookUpdateId).toBe(14);
  });

  it('any truncation or byte corruption of real-shaped frames is counted or decoded, never thrown (property)', () => {
    const f = new Frames('spot');
    const samples = [
      f.diff(11, 12, [[100_00, 2_000000], [99_99, 0]], [[101_00, 1_000000]]),
      f.trade(5, 100_00, 1_000, false),
      f.ticker(12, [100_00, 1_000000], [101_00, 2_000000]),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.option(fc.nat()),
        (which, edits, cut) => {
          const { h, feed, snap } = setup('spot');
          snap(f.snapshot(10, [[100_00, 1_000000]], []));
          const bytes = Buffer.from(samples[which]);
          for (const [pos, v] of edits) bytes[pos % bytes.length] = v;
          const frame = cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
          expect(() => feed(frame)).not.toThrow();
          const s = h.stats;
          expect(s.frames).toBe(1);
          expect(s.malformed + s.depthMessages + s.tradeMessages + s.bookTickerMessages).toBe(1);
          expect(MALFORMED_KINDS.reduce((n, k) => n + h.malformedByKind[k], 0)).toBe(s.malformed);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('BinanceFeedHandler: the book is the venue book whenever it claims to be valid (property)', () => {
  // A venue book evolves by N diffs with contiguous id ranges; the handler hears them with some dropped
  // and gets snapshots (the venue book at some diff) at random moments. Whenever the handler says its
  // book is valid, it must equal the venue's book at the handler's update id.
  for (const market of ['spot', 'usdm'] as const) {
    it(market, () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              len: fc.integer({ min: 1, max: 4 }),
              levels: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 3 })), { minLength: 0, maxLength: 4 }),
              dropped: fc.boolean(),
              snapshotAfter: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
            }),
            { minLength: 1, maxLength: 30 },
          ),
          (steps) => {
            const { h, feed, snap, f } = setup(market);
            const venue = { bids: new Map<number, number>(), asks: new Map<number, number>() };
            const states = new Map<number, string>();
            const key = (b: Map<number, number>, a: Map<number, number>) =>
              JSON.stringify([[...b].filter(([, s]) => s > 0).sort((x, y) => y[0] - x[0]), [...a].filter(([, s]) => s > 0).sort((x, y) => x[0] - y[0])]);
            let u = 100;
            states.set(u, key(venue.bids, venue.asks));
            let pending: { at: number; L: number; body: Buffer }[] = [];
            steps.forEach((st, i) => {
              const U = u + 1;
              const prevU = u;
              u += st.len;
              const bids: Level[] = [];
              const asks: Level[] = [];
              for (const [isBid, p, q] of st.levels) {
                // Bids at 1..8, asks at 11..18: never crossed.
                if (isBid) bids.push([p * 100, q * 1000]);
                else asks.push([(10 + p) * 100, q * 1000]);
              }
              for (const [p, q] of bids) venue.bids.set(p, q);
              for (const [p, q] of asks) venue.asks.set(p, q);
              states.set(u, key(venue.bids, venue.asks));
              if (st.snapshotAfter !== undefined) {
                const toLevels = (m: Map<number, number>): Level[] => [...m].filter(([, s]) => s > 0);
                pending.push({ at: i + st.snapshotAfter, L: u, body: f.snapshot(u, toLevels(venue.bids), toLevels(venue.asks)) });
              }
              if (!st.dropped) feed(f.diff(U, u, bids, asks, market === 'spot' ? undefined : prevU));
              const due = pending.filter((p) => p.at <= i);
              pending = pending.filter((p) => p.at > i);
              for (const p of due) if (h.needsSnapshot) snap(p.body);
              if (h.bookValid) {
                const b = book(h);
                const actual = JSON.stringify([b.bids, b.asks]);
                expect(actual).toBe(states.get(h.bookUpdateId));
              }
            });
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
