import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BINANCE } from '../test/realData.ts';
import { parseDecimalUnits } from '../src/core/decimal.ts';
import { BinanceDecoder } from '../src/data/binance/BinanceDecoder.ts';
import { binanceInstrument, type BinanceMarket } from '../src/data/binance/BinanceInstrument.ts';

/**
 * ns per depth-diff message: Tachyon's BinanceDecoder (bytes, and strings) against JSON.parse alone and
 * JSON.parse plus the same conversion of the decimal strings into integer units (the fair peer: both
 * end with the same typed-array levels). All decode the same in-memory lines of a real capture, in one
 * harness: warm-up, then several repetitions each, median reported. Results are checked identical first.
 *
 * usage: npm run bench -- binance-decode [--capture usdmBtc|usdmEth|spotBtc|spotEth] [--reps N]
 * Without --capture it runs all four captures and reports each, plus the ratio over all their messages.
 */
interface Parsed {
  u: number;
  U: number;
  E: number;
  bidCount: number;
  askCount: number;
}

const levelPrice = new Float64Array(1 << 16);
const levelSize = new Float64Array(1 << 16);

/** JSON.parse + the exact conversion the decoder does, into the same kind of typed arrays. */
function jsonParseConvert(text: string, pd: number, sd: number, out: Parsed): number {
  const d = (JSON.parse(text) as { data: { E: number; U: number; u: number; b: [string, string][]; a: [string, string][] } }).data;
  out.E = d.E;
  out.U = d.U;
  out.u = d.u;
  const b = d.b;
  const a = d.a;
  for (let i = 0; i < b.length; i++) {
    levelPrice[i] = parseDecimalUnits(b[i][0], pd);
    levelSize[i] = parseDecimalUnits(b[i][1], sd);
  }
  for (let i = 0; i < a.length; i++) {
    levelPrice[b.length + i] = parseDecimalUnits(a[i][0], pd);
    levelSize[b.length + i] = parseDecimalUnits(a[i][1], sd);
  }
  out.bidCount = b.length;
  out.askCount = a.length;
  return levelPrice[0] + levelSize[0];
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs every contender (one pass over all messages each) `warm` times, then `reps` rounds in which each
 * runs once, interleaved so that background load hits all alike; median ns per message per contender.
 */
function measure(messages: number, reps: number, warm: number, bodies: (() => number)[]): number[] {
  let sink = 0;
  for (let r = 0; r < warm; r++) for (const body of bodies) sink += body();
  const times: number[][] = bodies.map(() => []);
  for (let r = 0; r < reps; r++) {
    for (let k = 0; k < bodies.length; k++) {
      const t0 = process.hrtime.bigint();
      sink += bodies[k]();
      times[k].push(Number(process.hrtime.bigint() - t0) / messages);
    }
  }
  if (sink === 0.5) console.error('unreachable'); // keeps the work observable
  return times.map(median);
}

export async function run(args: string[]): Promise<void> {
  const opt = (name: string, dflt: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
  };
  const reps = Number(opt('reps', '21'));
  const only = opt('capture', '');
  const captures = only ? [only] : Object.keys(BINANCE.captures);
  const results: CaptureResult[] = [];
  for (const capture of captures) results.push(benchCapture(capture, reps));
  if (results.length === 1) {
    console.log(JSON.stringify({ bench: 'binance-decode', ...results[0], reps, node: process.version }));
    return;
  }
  // Over all captures: total time per contender over all their messages.
  const total = (key: 'decoderNsPerMsg' | 'jsonParseNsPerMsg' | 'jsonParseConvertNsPerMsg'): number => results.reduce((t, r) => t + r[key] * r.messages, 0);
  const messages = results.reduce((t, r) => t + r.messages, 0);
  const r2 = (v: number): number => Math.round(v * 100) / 100;
  console.log(
    JSON.stringify({
      bench: 'binance-decode',
      messages,
      decoderNsPerMsg: Math.round(total('decoderNsPerMsg') / messages),
      jsonParseNsPerMsg: Math.round(total('jsonParseNsPerMsg') / messages),
      jsonParseConvertNsPerMsg: Math.round(total('jsonParseConvertNsPerMsg') / messages),
      ratio: r2(total('jsonParseNsPerMsg') / total('decoderNsPerMsg')),
      ratioVsParseConvert: r2(total('jsonParseConvertNsPerMsg') / total('decoderNsPerMsg')),
      identical: results.every((r) => r.identical),
      goal: { ratio: 4 },
      captures: Object.fromEntries(results.map((r) => [r.capture, { messages: r.messages, decoderNsPerMsg: r.decoderNsPerMsg, jsonParseNsPerMsg: r.jsonParseNsPerMsg, ratio: r.ratio, ratioVsParseConvert: r.ratioVsParseConvert, identical: r.identical }])),
      reps,
      node: process.version,
    }),
  );
}

interface CaptureResult {
  capture: string;
  messages: number;
  levelsPerMessage: number;
  bytesPerMessage: number;
  decoderNsPerMsg: number;
  decoderStringNsPerMsg: number;
  jsonParseNsPerMsg: number;
  jsonParseConvertNsPerMsg: number;
  ratio: number;
  ratioVsParseConvert: number;
  ratioString: number;
  decoderMBPerSec: number;
  identical: boolean;
}

function benchCapture(capture: string, reps: number): CaptureResult {
  const files = BINANCE.captures[capture];
  if (!files) throw new Error(`unknown capture ${capture}; one of ${Object.keys(BINANCE.captures).join(', ')}`);
  const market = files[0].split('_')[0] as BinanceMarket;
  const inst = binanceInstrument(files[0].split('_')[1].toUpperCase(), market);
  const pd = inst.priceDecimals;
  const sd = inst.sizeDecimals;

  // The depth-diff lines, without the timestamp prefix, as Buffers and as strings.
  const buffers: Buffer[] = [];
  const strings: string[] = [];
  let bytes = 0;
  for (const f of files) {
    const all = gunzipSync(readFileSync(BINANCE.path(f)));
    for (let s = 0; s < all.length; ) {
      let e = all.indexOf(10, s);
      if (e < 0) e = all.length;
      const sp = all.indexOf(32, s);
      const line = all.subarray(sp + 1, e);
      if (line.indexOf('"depthUpdate"') >= 0) {
        buffers.push(Buffer.from(line));
        strings.push(line.toString('utf8'));
        bytes += line.length;
      }
      s = e + 1;
    }
  }
  const n = buffers.length;
  const decoder = new BinanceDecoder(inst);
  const parsed: Parsed = { u: 0, U: 0, E: 0, bidCount: 0, askCount: 0 };

  // Identical results, field by field, before timing anything.
  let identical = true;
  let levels = 0;
  for (let i = 0; i < n && identical; i++) {
    jsonParseConvert(strings[i], pd, sd, parsed);
    for (const m of [decoder.decode(buffers[i]), decoder.decodeString(strings[i])]) {
      if (m.lastUpdateId !== parsed.u || m.firstUpdateId !== parsed.U || m.eventTime !== parsed.E || m.bidCount !== parsed.bidCount || m.askCount !== parsed.askCount) identical = false;
      for (let k = 0; k < m.bidCount && identical; k++) if (m.bidPrice[k] !== levelPrice[k] || m.bidSize[k] !== levelSize[k]) identical = false;
      for (let k = 0; k < m.askCount && identical; k++) if (m.askPrice[k] !== levelPrice[m.bidCount + k] || m.askSize[k] !== levelSize[m.bidCount + k]) identical = false;
    }
    levels += parsed.bidCount + parsed.askCount;
  }

  const warm = 3;
  const [decoderNs, decoderStringNs, jsonParseNs, jsonParseConvertNs] = measure(n, reps, warm, [
    () => {
      let x = 0;
      for (let i = 0; i < n; i++) x += decoder.decode(buffers[i]).lastUpdateId;
      return x;
    },
    () => {
      let x = 0;
      for (let i = 0; i < n; i++) x += decoder.decodeString(strings[i]).lastUpdateId;
      return x;
    },
    () => {
      let x = 0;
      for (let i = 0; i < n; i++) x += (JSON.parse(strings[i]) as { data: { u: number } }).data.u;
      return x;
    },
    () => {
      let x = 0;
      for (let i = 0; i < n; i++) x += jsonParseConvert(strings[i], pd, sd, parsed);
      return x;
    },
  ]);

  const r = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;
  return {
      capture,
      messages: n,
      levelsPerMessage: r(levels / n),
      bytesPerMessage: r(bytes / n),
      decoderNsPerMsg: r(decoderNs),
      decoderStringNsPerMsg: r(decoderStringNs),
      jsonParseNsPerMsg: r(jsonParseNs),
      jsonParseConvertNsPerMsg: r(jsonParseConvertNs),
      ratio: r(jsonParseNs / decoderNs, 2),
      ratioVsParseConvert: r(jsonParseConvertNs / decoderNs, 2),
      ratioString: r(jsonParseNs / decoderStringNs, 2),
      decoderMBPerSec: r(bytes / n / decoderNs * 1e3, 0),
      identical,
  };
}
