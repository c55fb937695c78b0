import type { Feature } from './Feature.ts';
import { MidPrice } from './MidPrice.ts';
import { Spread } from './Spread.ts';
import { Microprice } from './Microprice.ts';
import { QueueImbalance } from './QueueImbalance.ts';
import { DepthProfile } from './DepthProfile.ts';
import { OrderFlowImbalance } from './OrderFlowImbalance.ts';
import { TradeFlowImbalance } from './TradeFlowImbalance.ts';
import { HiddenVolume } from './HiddenVolume.ts';
import { ArrivalIntensity } from './ArrivalIntensity.ts';
import { CancelToAddRatio } from './CancelToAddRatio.ts';
import { TimeSinceTrade } from './TimeSinceTrade.ts';
import { RealizedVolatility } from './RealizedVolatility.ts';
import { PriceChangeCount } from './PriceChangeCount.ts';
import { LobSnapshots } from './LobSnapshots.ts';
import { MidTrend } from './MidTrend.ts';

/** Every feature in the library, by group name, as a fresh instance (features hold state). */
export const FEATURE_FACTORIES: Readonly<Record<string, () => Feature>> = {
  mid: () => new MidPrice(),
  spread: () => new Spread(),
  microprice: () => new Microprice(),
  queue_imbalance: () => new QueueImbalance(),
  depth: () => new DepthProfile(),
  ofi: () => new OrderFlowImbalance(),
  trade_flow: () => new TradeFlowImbalance(),
  hidden_volume: () => new HiddenVolume(),
  intensity: () => new ArrivalIntensity(),
  cancel_add_ratio: () => new CancelToAddRatio(),
  time_since_trade: () => new TimeSinceTrade(),
  realized_vol: () => new RealizedVolatility(),
  mid_changes: () => new PriceChangeCount(),
  mid_trend: () => new MidTrend(),
  lob: () => new LobSnapshots(),
};

/** Named sets: `default` (hand-made microstructure features), `raw` (DeepLOB input), `all`. */
export const FEATURE_SETS: Readonly<Record<string, readonly string[]>> = {
  default: ['mid', 'spread', 'microprice', 'queue_imbalance', 'depth', 'ofi', 'trade_flow', 'hidden_volume', 'intensity', 'cancel_add_ratio', 'time_since_trade', 'realized_vol', 'mid_changes', 'mid_trend'],
  raw: ['mid', 'lob'],
  all: Object.keys(FEATURE_FACTORIES),
};

/**
 * Features from a set name or a comma list of group names (`default`, `raw`, `all`, or e.g.
 * `mid,spread,ofi`). `mid` is always included (labels are made from it). Unknown names are an error.
 */
export function createFeatures(spec: string): Feature[] {
  const names = FEATURE_SETS[spec] ?? spec.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !FEATURE_FACTORIES[n]);
  if (unknown.length) {
    throw new RangeError(`unknown feature ${unknown.map((u) => `"${u}"`).join(', ')}: sets are ${Object.keys(FEATURE_SETS).join(', ')}; features are ${Object.keys(FEATURE_FACTORIES).join(', ')}`);
  }
  const unique = [...new Set(['mid', ...names])];
  return unique.map((n) => FEATURE_FACTORIES[n]());
}
