import type { Instrument } from '../Instrument.ts';

/** Which Binance market a capture comes from; the depth sequencing rules differ (see BinanceDepthSequencer). */
export type BinanceMarket = 'spot' | 'usdm' | 'coinm';

/** A Binance instrument: the generic Instrument plus the decimal counts the decoder parses to. */
export interface BinanceInstrument extends Instrument {
  readonly market: BinanceMarket;
  /** priceScale = 10^priceDecimals: price strings with more non-zero decimals are rejected, never rounded. */
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
}

/**
 * Decimals actually present in the captures of ../shared/data/binance (max significant decimals of any
 * price / size string, measured by scanBinanceDecimals), and the venue tick size in those price units.
 * Spot strings always carry 8 decimals, mostly trailing zeros; spot BTCUSDT sizes reach 6 significant
 * decimals even though the lot step is 1e-5 (aggregated levels), which is why measured figures are used.
 */
const KNOWN: Readonly<Record<string, { priceDecimals: number; sizeDecimals: number; tick: number }>> = {
  'spot:BTCUSDT': { priceDecimals: 2, sizeDecimals: 6, tick: 1 },
  'spot:ETHUSDT': { priceDecimals: 2, sizeDecimals: 5, tick: 1 },
  'usdm:BTCUSDT': { priceDecimals: 1, sizeDecimals: 3, tick: 1 },
  'usdm:ETHUSDT': { priceDecimals: 2, sizeDecimals: 3, tick: 1 },
};

/** Binance never sends more than 8 decimals, so 8 is lossless for any symbol we have not measured. */
export const BINANCE_MAX_DECIMALS = 8;

/**
 * The instrument for a Binance symbol. Decimals default to the measured table above, else to 8
 * (lossless for every Binance string); pass them to override.
 */
export function binanceInstrument(
  symbol: string,
  market: BinanceMarket,
  decimals?: { priceDecimals: number; sizeDecimals: number },
): BinanceInstrument {
  const known = KNOWN[`${market}:${symbol}`];
  const priceDecimals = decimals?.priceDecimals ?? known?.priceDecimals ?? BINANCE_MAX_DECIMALS;
  const sizeDecimals = decimals?.sizeDecimals ?? known?.sizeDecimals ?? BINANCE_MAX_DECIMALS;
  for (const [name, d] of [['priceDecimals', priceDecimals], ['sizeDecimals', sizeDecimals]] as const) {
    if (!Number.isInteger(d) || d < 0 || d > 15) throw new RangeError(`${name} must be an integer in 0..15, got ${d}`);
  }
  return {
    symbol,
    venue: market === 'spot' ? 'BINANCE' : market === 'usdm' ? 'BINANCE-USDM' : 'BINANCE-COINM',
    market,
    priceDecimals,
    sizeDecimals,
    priceScale: 10 ** priceDecimals,
    sizeScale: 10 ** sizeDecimals,
    // Tick and lot are only known for measured symbols; 1 unit is the conservative default.
    tickSize: known && !decimals ? known.tick : 1,
    lotSize: 1,
  };
}

/** Decimal count of a power-of-ten scale (for Instruments built elsewhere); throws on other scales. */
export function decimalsOfScale(scale: number, name: string): number {
  const d = Math.round(Math.log10(scale));
  if (d < 0 || d > 15 || 10 ** d !== scale) throw new RangeError(`${name} ${scale} is not a power of ten in 1..1e15`);
  return d;
}
