import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimalUnits } from '../../core/decimal.ts';
import { BinanceDecodeError, BinanceDecoder } from './BinanceDecoder.ts';
import { BinanceMessageKind, BinanceTradeType } from './BinanceMessage.ts';

const spotDepth =
  '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255208,"s":"BTCUSDT","U":50093239189,"u":50093239202,' +
  '"b":[["61737.63000000","0.00000000"],["61730.17000000","1.50000000"]],"a":[["61837.64000000","1.54698000"]]}}';
const futDepth =
  '{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1723161256299,"T":1723161256298,"s":"BTCUSDT","U":5123107832006,' +
  '"u":5123107837557,"pu":5123107831937,"b":[["58710.20","0.014"]],"a":[]}}';
const spotTrade =
  '{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true,"M":true}}';
const futTrade =
  '{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161256322,"T":1723161256322,"s":"BTCUSDT","t":5266583935,"p":"61800.30","q":"0.006","X":"MARKET","m":false}}';
const spotTicker =
  '{"stream":"btcusdt@bookTicker","data":{"u":50093239212,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.54698000"}}';
const futTicker =
  '{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":5123107839020,"s":"BTCUSDT","b":"61800.20","B":"2.507","a":"61800.30","A":"2.510","T":1723161256313,"E":1723161256313}}';
const futSnapshot = '{"lastUpdateId":5123107852948,"E":1723161256501,"T":1723161256493,"bids":[["61800.20","2.909"],["61800.10","0.696"]],"asks":[["61800.30","1.000"]]}';

const dec = (): BinanceDecoder => new BinanceDecoder({ priceDecimals: 2, sizeDecimals: 8 });

function decodeError(decoder: BinanceDecoder, text: string): BinanceDecodeError {
  try {
    decoder.decodeString(text);
  } catch (e) {
    if (e instanceof BinanceDecodeError) return e;
    throw e;
  }
  throw new Error(`decoded without error: ${text}`);
}

describe('BinanceDecoder: hand-written messages', () => {
  it('decodes a spot depth diff', () => {
    const d = dec();
    const m = d.decode(Buffer.from(spotDepth));
    expect(m.kind).toBe(BinanceMessageKind.DepthUpdate);
    expect([m.eventTime, m.firstUpdateId, m.lastUpdateId]).toEqual([1723161255208, 50093239189, 50093239202]);
    expect(m.prevUpdateId).toBeNaN();
    expect(m.transactionTime).toBeNaN();
    expect(d.symbol()).toBe('BTCUSDT');
    expect(d.symbolEquals(Buffer.from('BTCUSDT'))).toBe(true);
    expect(d.symbolEquals(Buffer.from('ETHUSDT'))).toBe(false);
    expect([m.bidCount, m.askCount]).toEqual([2, 1]);
    expect([...m.bidPrice.subarray(0, 2)]).toEqual([6173763, 6173017]);
    expect([...m.bidSize.subarray(0, 2)]).toEqual([0, 150_000_000]);
    expect([m.askPrice[0], m.askSize[0]]).toEqual([6183764, 154_698_000]);
  });

  it('decodes a futures depth diff (T, pu, empty side)', () => {
    const m = dec().decodeString(futDepth);
    expect(m.kind).toBe(BinanceMessageKind.DepthUpdate);
    expect([m.transactionTime, m.prevUpdateId, m.bidCount, m.askCount]).toEqual([1723161256298, 5123107831937, 1, 0]);
    expect([m.bidPrice[0], m.bidSize[0]]).toEqual([5871020, 1_400_000]);
  });

  it('decodes spot and futures trades', () => {
    const d = dec();
    let m = d.decodeString(spotTrade);
    expect(m.kind).toBe(BinanceMessageKind.Trade);
    expect([m.tradeId, m.tradePrice, m.tradeSize, m.buyerIsMaker, m.bestMatch, m.tradeType, m.transactionTime]).toEqual([
      3735683259, 6183763, 2_000_000, true, true, BinanceTradeType.Absent, 1723161255342,
    ]);
    m = d.decodeString(futTrade);
    expect([m.tradePrice, m.tradeSize, m.buyerIsMaker, m.bestMatch, m.tradeType]).toEqual([6180030, 600_000, false, false, BinanceTradeType.Market]);
  });

  it('decodes spot (no "e") and futures bookTickers', () => {
    const d = dec();
    let m = d.decodeString(spotTicker);
    expect(m.kind).toBe(BinanceMessageKind.BookTicker);
    expect([m.lastUpdateId, m.bestBidPrice, m.bestBidSize, m.bestAskPrice, m.bestAskSize]).toEqual([50093239212, 6183763, 378_826_000, 6183764, 154_698_000]);
    expect(m.eventTime).toBeNaN();
    m = d.decodeString(futTicker);
    expect([m.kind, m.eventTime, m.transactionTime, m.bestAskSize]).toEqual([BinanceMessageKind.BookTicker, 1723161256313, 1723161256313, 251_000_000]);
  });

  it('decodes a REST snapshot', () => {
    const m = dec().decodeString(futSnapshot);
    expect(m.kind).toBe(BinanceMessageKind.DepthSnapshot);
    expect([m.lastUpdateId, m.eventTime, m.transactionTime, m.bidCount, m.askCount]).toEqual([5123107852948, 1723161256501, 1723161256493, 2, 1]);
    expect([m.bidPrice[1], m.bidSize[1]]).toEqual([6180010, 69_600_000]);
  });

  it('accepts any key order, whitespace, and skips unknown keys with nested values', () => {
    const text =
      ' { "data" : { "x" : {"deep":[1,-2.5e+3,{"s":"]}\\"\\\\"}],"n":null,"t":true} , "a" : [ [ "1.5" , "2" ] ] , "u":7, "b":[],' +
      '"s":"ETHUSDT","junk":"\\u00e9\\"","U":3,"E":9,"e":"depthUpdate","zz":[[[]]],"f":false } , "stream":"x@depth" }\r\n';
    const d = dec();
    const m = d.decodeString(text);
    expect(m.kind).toBe(BinanceMessageKind.DepthUpdate);
    expect([m.firstUpdateId, m.lastUpdateId, m.eventTime, m.bidCount, m.askCount, m.askPrice[0], m.askSize[0]]).toEqual([3, 7, 9, 0, 1, 150, 200_000_000]);
    expect(d.symbol()).toBe('ETHUSDT');
  });

  it('grows level arrays for big snapshots', () => {
    const bids = Array.from({ length: 5000 }, (_, i) => [`${100000 - i}.01`, '1']);
    const m = dec().decodeString(JSON.stringify({ lastUpdateId: 1, bids, asks: [] }));
    expect(m.bidCount).toBe(5000);
    expect(m.bidPrice[4999]).toBe((100000 - 4999) * 100 + 1);
  });
});

describe('BinanceDecoder: bad input', () => {
  it('rejects every truncation of every message', () => {
    const d = dec();
    for (const text of [spotDepth, futDepth, spotTrade, futTrade, spotTicker, futTicker, futSnapshot]) {
      for (let cut = 0; cut < text.length; cut++) {
        const e = decodeError(d, text.slice(0, cut));
        expect(e.message.length).toBeGreaterThan(0);
      }
    }
  });

  it('names the field of an unparseable number', () => {
    const d = dec();
    let e = decodeError(d, spotDepth.replace('"61730.17000000"', '"61730.1x"'));
    expect([e.kind, e.field]).toEqual(['unparseable-number', 'b']);
    e = decodeError(d, spotDepth.replace('"61730.17000000"', '"61730.171"'));
    expect([e.kind, e.field]).toEqual(['unparseable-number', 'b']);
    expect(e.detail).toMatch(/more than 2 decimals/);
    e = decodeError(d, spotDepth.replace('"u":50093239202', '"u":5009.3'));
    expect([e.kind, e.field]).toEqual(['unparseable-number', 'u']);
    e = decodeError(d, spotDepth.replace('"u":50093239202', '"u":"50093239202"'));
    expect([e.kind, e.field]).toEqual(['unparseable-number', 'u']);
    e = decodeError(d, spotDepth.replace('"u":50093239202', '"u":012'));
    expect(e.field).toBe('u');
    e = decodeError(d, spotDepth.replace('"u":50093239202', '"u":90071992547409931'));
    expect(e.field).toBe('u');
    e = decodeError(d, spotTicker.replace('"B":"3.78826000"', '"B":""'));
    expect([e.kind, e.field]).toEqual(['unparseable-number', 'B']);
  });

  it('rejects negative sizes and prices', () => {
    const d = dec();
    let e = decodeError(d, spotDepth.replace('"1.54698000"', '"-1.54698000"'));
    expect([e.kind, e.field]).toEqual(['negative-size', 'a']);
    e = decodeError(d, spotTrade.replace('"q":"0.02000000"', '"q":"-0.02"'));
    expect([e.kind, e.field]).toEqual(['negative-size', 'q']);
    e = decodeError(d, spotTrade.replace('"p":"61837.63000000"', '"p":"-1"'));
    expect([e.kind, e.field]).toEqual(['unparseable-number', 'p']);
  });

  it('names a missing field', () => {
    const d = dec();
    let e = decodeError(d, spotDepth.replace('"u":50093239202,', ''));
    expect([e.kind, e.field]).toEqual(['malformed-message', 'u']);
    e = decodeError(d, spotTrade.replace('"t":3735683259,', ''));
    expect(e.field).toBe('t');
    e = decodeError(d, spotTicker.replace(',"A":"1.54698000"', ''));
    expect(e.field).toBe('A');
    e = decodeError(d, futSnapshot.replace(',"asks":[["61800.30","1.000"]]', ''));
    expect(e.field).toBe('a');
    e = decodeError(d, '{"stream":"x"}');
    expect(e.field).toBe('data');
  });

  it('rejects unknown event types, duplicates, trailing garbage and bad JSON', () => {
    const d = dec();
    expect(decodeError(d, spotTrade.replace('"e":"trade"', '"e":"aggTrade"')).kind).toBe('unknown-type');
    expect(decodeError(d, '{"data":{"x":1}}').kind).toBe('unknown-type');
    expect(decodeError(d, spotDepth.replace('"E":1723161255208', '"E":1,"E":2')).detail).toMatch(/duplicate/);
    expect(decodeError(d, `${spotDepth}x`).field).toBe('json');
    expect(decodeError(d, spotDepth.replace('"s":"BTCUSDT",', '"s":"BTCUSDT",,')).field).toBe('json');
    expect(decodeError(d, spotDepth.replace('"s":"BTCUSDT"', '"s":"BTC\nUSDT"')).kind).toBe('malformed-message');
    expect(decodeError(d, spotDepth.replace('"s":"BTCUSDT",', '"s":"BTCUSDT","z":tru,')).field).toBe('json');
    expect(decodeError(d, spotDepth.replace('"s":"BTCUSDT",', '"s":"BTCUSDT","z":01,')).field).toBe('json');
    expect(decodeError(d, spotDepth.replace('["61730.17000000","1.50000000"]', '["61730.17000000","1.5","9"]')).field).toBe('b');
    expect(decodeError(d, spotTrade.replace('"m":true', '"m":1')).field).toBe('m');
  });
});

describe('BinanceDecoder: property, JSON.stringify round trip', () => {
  // Decimal strings with up to `maxDec` decimals (plus trailing zeros, as Binance pads them).
  const decimal = (maxDec: number, pad: number) =>
    fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10 ** maxDec - 1 }), fc.integer({ min: 0, max: pad }))
      .map(([i, f, z]) => (maxDec === 0 ? `${i}` : `${i}.${String(f).padStart(maxDec, '0')}${'0'.repeat(z)}`));
  const id = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
  const levels = fc.array(fc.tuple(decimal(2, 6), decimal(6, 2)), { maxLength: 40 });
  const shuffle = <T extends Record<string, unknown>>(obj: T, order: number[]): Record<string, unknown> => {
    const keys = Object.keys(obj);
    const sorted = keys.map((k, i) => [k, order[i % order.length] ?? 0] as const).sort((a, b) => a[1] - b[1]);
    return Object.fromEntries(sorted.map(([k]) => [k, obj[k]]));
  };
  const order = fc.array(fc.integer(), { minLength: 1, maxLength: 12 });
  const P = 2;
  const S = 6;

  it('depth diffs (spot and futures, any key order) decode to the JSON values', () => {
    const d = new BinanceDecoder({ priceDecimals: P, sizeDecimals: S });
    fc.assert(
      fc.property(id, id, id, id, fc.option(id, { nil: undefined }), levels, levels, order, fc.boolean(),
        (E, U, u, T, pu, b, a, ord, extra) => {
          const data: Record<string, unknown> = { e: 'depthUpdate', E, s: 'BTCUSDT', U, u, b, a };
          if (pu !== undefined) Object.assign(data, { T, pu });
          if (extra) data.extra = { nested: [b, { q: '"]' }], n: null };
          const text = JSON.stringify({ stream: 'btcusdt@depth', data: shuffle(data, ord) });
          const m = d.decode(Buffer.from(text));
          expect([m.kind, m.eventTime, m.firstUpdateId, m.lastUpdateId]).toEqual([BinanceMessageKind.DepthUpdate, E, U, u]);
          if (pu !== undefined) expect([m.transactionTime, m.prevUpdateId]).toEqual([T, pu]);
          else expect(m.prevUpdateId).toBeNaN();
          expect(m.bidCount).toBe(b.length);
          expect(m.askCount).toBe(a.length);
          b.forEach(([p, q], i) => expect([m.bidPrice[i], m.bidSize[i]]).toEqual([parseDecimalUnits(p, P), parseDecimalUnits(q, S)]));
          a.forEach(([p, q], i) => expect([m.askPrice[i], m.askSize[i]]).toEqual([parseDecimalUnits(p, P), parseDecimalUnits(q, S)]));
        }),
      { numRuns: 300 },
    );
  });

  it('trades and bookTickers decode to the JSON values', () => {
    const d = new BinanceDecoder({ priceDecimals: P, sizeDecimals: S });
    fc.assert(
      fc.property(id, id, id, decimal(2, 6), decimal(6, 2), decimal(2, 6), decimal(6, 2), fc.boolean(), fc.boolean(), order,
        (E, t, u, p, q, p2, q2, mk, spot, ord) => {
          const trade = spot
            ? { e: 'trade', E, s: 'ETHUSDT', t, p, q, T: E, m: mk, M: true }
            : { e: 'trade', E, T: E, s: 'ETHUSDT', t, p, q, X: mk ? 'MARKET' : 'ADL', m: mk };
          let m = d.decodeString(JSON.stringify({ stream: 's', data: shuffle(trade, ord) }));
          expect([m.kind, m.tradeId, m.tradePrice, m.tradeSize, m.buyerIsMaker, m.eventTime]).toEqual([
            BinanceMessageKind.Trade, t, parseDecimalUnits(p, P), parseDecimalUnits(q, S), mk, E,
          ]);
          expect(m.tradeType).toBe(spot ? BinanceTradeType.Absent : mk ? BinanceTradeType.Market : BinanceTradeType.Other);
          const ticker = spot ? { u, s: 'ETHUSDT', b: p, B: q, a: p2, A: q2 } : { e: 'bookTicker', u, s: 'ETHUSDT', b: p, B: q, a: p2, A: q2, T: E, E };
          m = d.decodeString(JSON.stringify({ stream: 's', data: shuffle(ticker, ord) }));
          expect([m.kind, m.lastUpdateId, m.bestBidPrice, m.bestBidSize, m.bestAskPrice, m.bestAskSize]).toEqual([
            BinanceMessageKind.BookTicker, u, parseDecimalUnits(p, P), parseDecimalUnits(q, S), parseDecimalUnits(p2, P), parseDecimalUnits(q2, S),
          ]);
        }),
      { numRuns: 300 },
    );
  });
});
