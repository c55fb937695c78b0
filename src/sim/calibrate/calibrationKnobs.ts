import { DEFAULT_FUNDAMENTAL_TRADER } from '../agents/FundamentalTrader.ts';
import { DEFAULT_INFORMED_TRADER } from '../agents/InformedTrader.ts';
import { DEFAULT_LATENT_VALUE } from '../agents/LatentValue.ts';
import { DEFAULT_MARKET_MAKER } from '../agents/MarketMaker.ts';
import { DEFAULT_MOMENTUM_TRADER } from '../agents/MomentumTrader.ts';
import { DEFAULT_NOISE_TRADER } from '../agents/NoiseTrader.ts';
import { DEFAULT_ORDER_SIZE_SHAPE } from '../agents/orderSizes.ts';
import type { SimulatorParams } from './SimulatorParams.ts';
import type { StylizedFacts } from './StylizedFactSheet.ts';

/**
 * A calibration knob: one positive number the search moves (in log space, within [min, max]), which
 * sets one or several simulator parameters. Knobs are few and each aims at one group of facts.
 */
export interface CalibrationKnob {
  readonly name: CalibrationKnobName;
  /** What it sets and which facts it aims at. */
  readonly description: string;
  readonly initial: number;
  readonly min: number;
  readonly max: number;
}

export type CalibrationKnobName = 'tickScale' | 'makerSpread' | 'limitRate' | 'takerScale' | 'cancelRate' | 'roundLotShare' | 'fundamentalOrderSize' | 'makerSize' | 'volatility';

export type KnobValues = Record<CalibrationKnobName, number>;

const r2 = (x: number): number => Math.round(x * 100) / 100;
const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The default simulator's market-maker half-spread range (simulateMarket's default). */
const DEFAULT_HALF_SPREAD: readonly [number, number] = [6, 16];

export const CALIBRATION_KNOBS: readonly CalibrationKnob[] = [
  {
    name: 'tickScale',
    description: 'scales every distance in ticks (market makers’ half spreads, level gaps and tolerance, noise traders’ offsets, fundamental, informed and momentum thresholds): the spread',
    initial: 1,
    min: 0.3,
    max: 8,
  },
  {
    name: 'makerSpread',
    description: 'scales market makers’ half spreads on top of tickScale: how often they hold the best quotes, so the spread’s lower tail and the depth at the best',
    initial: 1,
    min: 0.2,
    max: 3,
  },
  { name: 'limitRate', description: 'noise traders’ limit orders per second: the message rate', initial: DEFAULT_NOISE_TRADER.limitRatePerSecond, min: 0.01, max: 3 },
  {
    name: 'takerScale',
    description: 'scales how often takers act (noise market orders, informed and momentum traders’ looks): the trade rate',
    initial: 1,
    min: 0.05,
    max: 10,
  },
  { name: 'cancelRate', description: 'noise traders’ cancellation rate per working order per second: the cancel-to-add ratio', initial: DEFAULT_NOISE_TRADER.cancelRatePerOrderPerSecond, min: 0.002, max: 2 },
  { name: 'roundLotShare', description: 'share of round lots in noise traders’ sizes: the order-size distribution', initial: DEFAULT_ORDER_SIZE_SHAPE.roundLotShare, min: 0.05, max: 0.98 },
  { name: 'fundamentalOrderSize', description: 'largest fundamental-trader order: the order-size tail', initial: DEFAULT_FUNDAMENTAL_TRADER.maxOrderSize, min: 20, max: 2000 },
  { name: 'makerSize', description: 'market makers’ shares per quote, in whole round lots: depth at the best', initial: DEFAULT_MARKET_MAKER.size, min: 100, max: 1000 },
  { name: 'volatility', description: 'latent value σ (price units per √s): 1-s return volatility', initial: DEFAULT_LATENT_VALUE.volatilityPerSqrtSecond, min: 50, max: 10_000 },
];

/**
 * The starting point: every knob at its initial value, except the largest fundamental order, which starts
 * at the real day's 90th-percentile add size when facts are given (the simulator's default, 500 shares,
 * sits beyond a cliff of that percentile that small steps cannot see across).
 */
export function initialKnobValues(real?: StylizedFacts): KnobValues {
  const values = Object.fromEntries(CALIBRATION_KNOBS.map((k) => [k.name, k.initial])) as KnobValues;
  const p90 = real?.orderSize.p90 ?? NaN;
  if (p90 > 0) values.fundamentalOrderSize = Math.min(2000, Math.max(20, p90));
  return values;
}

/** What the calibration sets from the real day directly rather than by search. */
export interface DirectParams {
  readonly date?: string;
  readonly openingPrice: number;
  /** The real odd lots' log-normal (median, log-sd), given to noise traders' sizes. */
  readonly oddLots?: { readonly median: number; readonly sigma: number };
}

/** Direct parameters from a real day's facts (opening price and date are the caller's). */
export function directParams(real: StylizedFacts, openingPrice: number, date?: string): DirectParams {
  const { oddLotGeoMean: median, oddLotLogSd: sigma } = real.orderSize;
  return { date, openingPrice, oddLots: median > 0 && sigma > 0 ? { median: r2(median), sigma: r4(sigma) } : undefined };
}


/** The simulator parameters a set of knob values stands for (on top of the day's date and opening price). */
export function knobsToParams(k: KnobValues, direct: DirectParams): SimulatorParams {
  const s = k.tickScale;
  const oddLots = direct.oddLots ?? { median: DEFAULT_ORDER_SIZE_SHAPE.oddLotMedian, sigma: DEFAULT_ORDER_SIZE_SHAPE.oddLotSigma };
  const lo = Math.max(1, Math.round(DEFAULT_HALF_SPREAD[0] * s * k.makerSpread));
  const hi = Math.max(lo, Math.round(DEFAULT_HALF_SPREAD[1] * s * k.makerSpread));
  return {
    ...(direct.date !== undefined ? { date: direct.date } : {}),
    openingPrice: direct.openingPrice,
    marketMakerHalfSpreadTicks: [lo, hi],
    marketMaker: {
      size: Math.max(100, Math.round(k.makerSize / 100) * 100),
      levelGapTicks: r2(DEFAULT_MARKET_MAKER.levelGapTicks * s),
      toleranceTicks: r2(DEFAULT_MARKET_MAKER.toleranceTicks * s),
    },
    noise: {
      limitRatePerSecond: r4(k.limitRate),
      marketRatePerSecond: r4(DEFAULT_NOISE_TRADER.marketRatePerSecond * k.takerScale),
      cancelRatePerOrderPerSecond: r4(k.cancelRate),
      medianOffsetTicks: r2(DEFAULT_NOISE_TRADER.medianOffsetTicks * s),
      maxOffsetTicks: Math.round(DEFAULT_NOISE_TRADER.maxOffsetTicks * s),
      orderSize: { roundLotShare: r4(k.roundLotShare), oddLotMedian: oddLots.median, oddLotSigma: oddLots.sigma },
    },
    fundamental: {
      thresholdTicks: r2(DEFAULT_FUNDAMENTAL_TRADER.thresholdTicks * s),
      edgeTicks: r2(DEFAULT_FUNDAMENTAL_TRADER.edgeTicks * s),
      biasSdTicks: r2(DEFAULT_FUNDAMENTAL_TRADER.biasSdTicks * s),
      maxOrderSize: Math.max(1, Math.round(k.fundamentalOrderSize)),
    },
    informed: {
      thresholdTicks: r2(DEFAULT_INFORMED_TRADER.thresholdTicks * s),
      wakeMeanNs: Math.round(DEFAULT_INFORMED_TRADER.wakeMeanNs / k.takerScale),
    },
    momentum: {
      thresholdTicks: r2(DEFAULT_MOMENTUM_TRADER.thresholdTicks * s),
      wakeMeanNs: Math.round(DEFAULT_MOMENTUM_TRADER.wakeMeanNs / k.takerScale),
    },
    latentValue: { volatilityPerSqrtSecond: r2(k.volatility) },
  };
}
