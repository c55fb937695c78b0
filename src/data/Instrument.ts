/**
 * What an integer price or size means. Prices are held as integers in units of 1/priceScale of the quote
 * currency (LOBSTER: 10000 per dollar; BTCUSDT spot: 100 per USDT); `tickSize` is the venue's minimum
 * quote increment in those units (LOBSTER equities: 100 = $0.01; hidden midpoint executions may sit
 * between ticks, which is why the unit is finer than the tick). Sizes are integers in units of
 * 1/sizeScale of the base asset (shares: 1; BTC at Binance: 1e5 or 1e8 by symbol).
 */
export interface Instrument {
  readonly symbol: string;
  readonly venue: string;
  readonly priceScale: number;
  readonly tickSize: number;
  readonly sizeScale: number;
  readonly lotSize: number;
}

export function priceToDecimal(instrument: Instrument, price: number): number {
  return price / instrument.priceScale;
}

export function sizeToDecimal(instrument: Instrument, size: number): number {
  return size / instrument.sizeScale;
}

/** NASDAQ equities as LOBSTER publishes them: price x 10000, whole shares, one-cent tick. */
export function lobsterInstrument(symbol: string): Instrument {
  return { symbol, venue: 'NASDAQ', priceScale: 10_000, tickSize: 100, sizeScale: 1, lotSize: 1 };
}
