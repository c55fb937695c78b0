import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_FUNDAMENTAL_TRADER } from '../agents/FundamentalTrader.ts';
import { DEFAULT_INFORMED_TRADER } from '../agents/InformedTrader.ts';
import { DEFAULT_LATENT_VALUE } from '../agents/LatentValue.ts';
import { DEFAULT_LAYERER } from '../agents/Layerer.ts';
import { DEFAULT_MARKET_MAKER } from '../agents/MarketMaker.ts';
import { DEFAULT_MOMENTUM_IGNITER } from '../agents/MomentumIgniter.ts';
import { DEFAULT_MOMENTUM_TRADER } from '../agents/MomentumTrader.ts';
import { DEFAULT_NOISE_TRADER } from '../agents/NoiseTrader.ts';
import { DEFAULT_ORDER_SIZE_SHAPE } from '../agents/orderSizes.ts';
import { DEFAULT_QUOTE_STUFFER } from '../agents/QuoteStuffer.ts';
import { DEFAULT_SPOOFER } from '../agents/Spoofer.ts';
import { DEFAULT_WASH_TRADER } from '../agents/WashTrader.ts';
import { DEFAULT_AGENT_COUNTS, type SimulateMarketOptions } from '../simulateMarket.ts';

/**
 * The simulator parameters a calibration produces and `tachyon sim --params P` loads: the JSON-safe part
 * of SimulateMarketOptions (everything but seed, duration, manipulators, instrument, latencies and
 * callbacks). Any section may be partial; what is absent keeps the simulator's default.
 */
export type SimulatorParams = Pick<
  SimulateMarketOptions,
  | 'date'
  | 'openingPrice'
  | 'counts'
  | 'marketMakerHalfSpreadTicks'
  | 'marketMaker'
  | 'noise'
  | 'fundamental'
  | 'momentum'
  | 'informed'
  | 'latentValue'
  | 'spoofer'
  | 'layerer'
  | 'washTrader'
  | 'quoteStuffer'
  | 'momentumIgniter'
>;

/** Each object section and the defaults whose keys (and value kinds) it may carry. */
const SECTIONS: Readonly<Record<string, object>> = {
  counts: DEFAULT_AGENT_COUNTS,
  marketMaker: DEFAULT_MARKET_MAKER,
  noise: { ...DEFAULT_NOISE_TRADER, orderSize: DEFAULT_ORDER_SIZE_SHAPE },
  fundamental: DEFAULT_FUNDAMENTAL_TRADER,
  momentum: DEFAULT_MOMENTUM_TRADER,
  informed: DEFAULT_INFORMED_TRADER,
  latentValue: { ...DEFAULT_LATENT_VALUE, start: 0 },
  spoofer: DEFAULT_SPOOFER,
  layerer: DEFAULT_LAYERER,
  washTrader: DEFAULT_WASH_TRADER,
  quoteStuffer: DEFAULT_QUOTE_STUFFER,
  momentumIgniter: DEFAULT_MOMENTUM_IGNITER,
};

/**
 * Checks parsed JSON against the shape of SimulatorParams: every key must be a known parameter with a
 * value of the default's kind (finite number, array of finite numbers, nested section). Throws a
 * RangeError naming the source and the field (e.g. `P.json: field "noise.limitRate": unknown parameter`).
 */
export function parseSimulatorParams(json: unknown, source: string): SimulatorParams {
  const fail = (field: string, detail: string): never => {
    throw new RangeError(`${source}: field "${field}": ${detail}`);
  };
  if (!isPlainObject(json)) return fail('(top level)', 'must be a JSON object of simulator parameters');
  for (const [key, value] of Object.entries(json)) {
    if (key === 'date') {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) fail(key, `must be a date YYYY-MM-DD (${JSON.stringify(value)})`);
    } else if (key === 'openingPrice') {
      if (!Number.isSafeInteger(value) || (value as number) <= 0) fail(key, `must be a positive integer in price units (${JSON.stringify(value)})`);
    } else if (key === 'marketMakerHalfSpreadTicks') {
      if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => Number.isSafeInteger(v) && v >= 0) || value[0] > value[1]) {
        fail(key, `must be [lo, hi] whole ticks with 0 ≤ lo ≤ hi (${JSON.stringify(value)})`);
      }
    } else if (key in SECTIONS) checkSection(value, SECTIONS[key], key, fail);
    else fail(key, `unknown parameter (known: date, openingPrice, marketMakerHalfSpreadTicks, ${Object.keys(SECTIONS).join(', ')})`);
  }
  return json as SimulatorParams;
}

function checkSection(value: unknown, defaults: object, path: string, fail: (field: string, detail: string) => never): void {
  if (!isPlainObject(value)) fail(path, 'must be an object');
  const known = defaults as Record<string, unknown>;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = `${path}.${key}`;
    if (!(key in known)) fail(field, `unknown parameter (known: ${Object.keys(known).join(', ')})`);
    const d = known[key];
    if (typeof d === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `must be a finite number (${JSON.stringify(v)})`);
    } else if (Array.isArray(d)) {
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        fail(field, `must be a non-empty array of numbers (${JSON.stringify(v)})`);
      }
    } else if (isPlainObject(d)) checkSection(v, d, field, fail);
    else if (typeof v !== typeof d) fail(field, `must be a ${typeof d} (${JSON.stringify(v)})`);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads and checks a parameters file (see parseSimulatorParams). */
export function readSimulatorParams(path: string): SimulatorParams {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RangeError(`${path}: cannot read the parameters file (${(e as Error).message})`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RangeError(`${path}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  return parseSimulatorParams(json, path);
}

export function writeSimulatorParams(path: string, params: SimulatorParams): void {
  writeFileSync(path, `${JSON.stringify(params, null, 2)}\n`);
}
