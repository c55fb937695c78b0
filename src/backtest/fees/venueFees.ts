import { NotionalBpsFees, PerShareFees, type FeeModel } from './FeeModel.ts';

/**
 * Published base-tier schedules. NASDAQ (2012 price list, Tape C/A/B shares ≥ $1): remove liquidity
 * $0.0030/share, add displayed liquidity rebate $0.0020/share at the lowest volume tier (higher tiers
 * pay up to $0.0029; a small firm is not there). Binance spot VIP 0: 0.10 % maker and taker; USD-M
 * futures VIP 0: 0.02 % maker, 0.05 % taker. `none` is for isolating the model from costs.
 */
export const VENUE_FEES: Readonly<Record<string, () => FeeModel>> = {
  nasdaq: () => new PerShareFees(-0.002, 0.003, 'NASDAQ base tier'),
  'binance-spot': () => new NotionalBpsFees(10, 10, 'Binance spot VIP 0'),
  'binance-usdm': () => new NotionalBpsFees(2, 5, 'Binance USD-M VIP 0'),
  none: () => new PerShareFees(0, 0, 'no fees'),
};

/** `nasdaq`, `binance-spot`, `binance-usdm`, `none`, or `maker=-0.002,taker=0.003` ($/share). */
export function parseFeeSpec(spec: string): FeeModel {
  const named = VENUE_FEES[spec];
  if (named) return named();
  const m = /^maker=(-?[\d.]+),taker=(-?[\d.]+)(bps)?$/.exec(spec);
  if (!m) throw new RangeError(`fees "${spec}": expected one of ${Object.keys(VENUE_FEES).join(', ')} or maker=X,taker=Y ($/share) or maker=X,taker=Ybps`);
  const maker = Number(m[1]);
  const taker = Number(m[2]);
  return m[3] ? new NotionalBpsFees(maker, taker, 'custom') : new PerShareFees(maker, taker, 'custom');
}
