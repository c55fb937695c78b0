import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BINANCE, realDataPresent } from '../../../test/realData.ts';
import { parseDecimalUnits } from '../../core/decimal.ts';
import { BinanceDecoder } from './BinanceDecoder.ts';
import { binanceInstrument, type BinanceMarket } from './BinanceInstrument.ts';
import { BinanceMessageKind, BinanceTradeType, type BinanceMessage } from './BinanceMessage.ts';

/** Every line of every capture: the decoder against JSON.parse + exact decimal conversion, field by field. */

type Json = Record<string, unknown>;

function significantDecimals(s: string): number {
  const dot = s.indexOf('.');
  if (dot < 0) return 0;
  let end = s.length;
  while (end > dot + 1 && s.charCodeAt(end - 1) === 48) end--;
  return end - dot - 1;
}

function num(v: unknown): number {
  return v === undefined ? NaN : (v as number);
}

/** Compares one decoded message with the JSON.parse view; returns the first difference or null. */
function diff(m: BinanceMessage, symbol: string, json: Json, pd: number, sd: number): string | null {
  const d = (json.data ?? json) as Json;
  const px = (s: unknown): number => parseDecimalUnits(s as string, pd);
  const sz = (s: unknown): number => parseDecimalUnits(s as string, sd);
  const same = (name: string, a: unknown, b: unknown): string | null =>
    Object.is(a, b) ? null : `${name}: decoder ${String(a)} vs JSON.parse ${String(b)}`;
  const levels = (name: string, count: number, prices: Float64Array, sizes: Float64Array, arr: unknown): string | null => {
    const rows = arr as [string, string][];
    if (count !== rows.length) return `${name}: ${count} levels vs ${rows.length}`;
    for (let i = 0; i < rows.length; i++) {
      if (prices[i] !== px(rows[i][0]) || sizes[i] !== sz(rows[i][1])) return `${name}[${i}]: ${prices[i]},${sizes[i]} vs ${rows[i]}`;
    }
    return null;
  };
  if ('lastUpdateId' in d) {
    return (
      same('kind', m.kind, BinanceMessageKind.DepthSnapshot) ??
      same('lastUpdateId', m.lastUpdateId, d.lastUpdateId) ??
      same('E', m.eventTime, num(d.E)) ??
      same('T', m.transactionTime, num(d.T)) ??
      levels('bids', m.bidCount, m.bidPrice, m.bidSize, d.bids) ??
      levels('asks', m.askCount, m.askPrice, m.askSize, d.asks)
    );
  }
  const common = same('s', symbol, d.s);
  if (common) return common;
  if (d.e === 'depthUpdate') {
    return (
      same('kind', m.kind, BinanceMessageKind.DepthUpdate) ??
      same('E', m.eventTime, d.E) ??
      same('T', m.transactionTime, num(d.T)) ??
      same('U', m.firstUpdateId, d.U) ??
      same('u', m.lastUpdateId, d.u) ??
      same('pu', m.prevUpdateId, num(d.pu)) ??
      levels('b', m.bidCount, m.bidPrice, m.bidSize, d.b) ??
      levels('a', m.askCount, m.askPrice, m.askSize, d.a)
    );
  }
  if (d.e === 'trade') {
    return (
      same('kind', m.kind, BinanceMessageKind.Trade) ??
      same('E', m.eventTime, d.E) ??
      same('T', m.transactionTime, d.T) ??
      same('t', m.tradeId, d.t) ??
      same('p', m.tradePrice, px(d.p)) ??
      same('q', m.tradeSize, sz(d.q)) ??
      same('m', m.buyerIsMaker, d.m) ??
      same('M', m.bestMatch, d.M ?? false) ??
      same('X', m.tradeType, d.X === undefined ? BinanceTradeType.Absent : d.X === 'MARKET' ? BinanceTradeType.Market : BinanceTradeType.Other)
    );
  }
  // bookTicker: spot has no "e".
  return (
    same('kind', m.kind, BinanceMessageKind.BookTicker) ??
    same('u', m.lastUpdateId, d.u) ??
    same('E', m.eventTime, num(d.E)) ??
    same('T', m.transactionTime, num(d.T)) ??
    same('b', m.bestBidPrice, px(d.b)) ??
    same('B', m.bestBidSize, sz(d.B)) ??
    same('a', m.bestAskPrice, px(d.a)) ??
    same('A', m.bestAskSize, sz(d.A))
  );
}

describe.skipIf(!realDataPresent)('BinanceDecoder on every captured line', () => {
  for (const [name, files] of Object.entries(BINANCE.captures)) {
    it(`${name}: identical to JSON.parse, field by field, as bytes and as strings`, () => {
      const market = files[0].split('_')[0] as BinanceMarket;
      const symbol = files[0].split('_')[1].toUpperCase();
      const inst = binanceInstrument(symbol, market);
      const decoder = new BinanceDecoder(inst);
      let lines = 0;
      let maxPrice = 0;
      let maxSize = 0;
      const kinds = new Map<number, number>();
      for (const file of files) {
        const buf = gunzipSync(readFileSync(BINANCE.path(file)));
        let start = 0;
        while (start < buf.length) {
          let end = buf.indexOf(10, start);
          if (end < 0) end = buf.length;
          lines++;
          const sp = buf.indexOf(32, start);
          const text = buf.toString('utf8', sp + 1, end);
          const json = JSON.parse(text) as Json;
          // Bytes path.
          const m = decoder.decode(buf, sp + 1, end);
          const problem = diff(m, decoder.symbol(), json, inst.priceDecimals, inst.sizeDecimals);
          if (problem) expect.fail(`${file}:${lines}: ${problem}`);
          kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
          // String path.
          const m2 = decoder.decodeString(text);
          const problem2 = diff(m2, decoder.symbol(), json, inst.priceDecimals, inst.sizeDecimals);
          if (problem2) expect.fail(`${file}:${lines} (string): ${problem2}`);
          // The decimals the capture actually needs (to confirm the instrument's scales).
          const d = (json.data ?? json) as Json;
          for (const key of ['b', 'a', 'bids', 'asks']) {
            const v = d[key];
            if (Array.isArray(v)) {
              for (const [p, q] of v as [string, string][]) {
                maxPrice = Math.max(maxPrice, significantDecimals(p));
                maxSize = Math.max(maxSize, significantDecimals(q));
              }
            } else if (typeof v === 'string') maxPrice = Math.max(maxPrice, significantDecimals(v));
          }
          for (const key of ['B', 'A', 'q']) if (typeof d[key] === 'string') maxSize = Math.max(maxSize, significantDecimals(d[key] as string));
          if (typeof d.p === 'string') maxPrice = Math.max(maxPrice, significantDecimals(d.p));
          start = end + 1;
        }
      }
      expect(lines).toBeGreaterThan(70_000);
      expect(kinds.get(BinanceMessageKind.DepthSnapshot)).toBe(1);
      expect(kinds.get(BinanceMessageKind.DepthUpdate)).toBeGreaterThan(6000);
      // The instrument's scales are exactly the decimals present: tight, and nothing rounded.
      expect({ priceDecimals: maxPrice, sizeDecimals: maxSize }).toEqual({ priceDecimals: inst.priceDecimals, sizeDecimals: inst.sizeDecimals });
    });
  }
});
