import { OrderType } from '../../exchange/OrderType.ts';
import { OrderRole } from '../OrderRole.ts';
import { exponentialNs } from '../gaussian.ts';
import { Agent, type AgentLatency } from './Agent.ts';
import { AgentType } from './AgentType.ts';
import { pickSize } from './orderSizes.ts';

const MARKET = OrderType.Market;
const HONEST = OrderRole.Honest;
const TAG_LOOK = 0;
const TAG_EXIT = 1;

export interface MomentumTraderParams {
  /** Mean time between looks (exponential). */
  readonly wakeMeanNs: number;
  /** The trend is the mid now minus the mid this long before. */
  readonly lookbackNs: number;
  /** Buys (sells) when the mid rose (fell) by at least this many ticks over the lookback. */
  readonly thresholdTicks: number;
  readonly sizes: readonly number[];
  readonly maxPosition: number;
  /** No new entry for this long after one. */
  readonly cooldownNs: number;
  /** Flattens with a market order this long after its last entry. */
  readonly holdNs: number;
}

export const DEFAULT_MOMENTUM_TRADER: MomentumTraderParams = {
  wakeMeanNs: 2_000_000_000,
  lookbackNs: 3_000_000_000,
  thresholdTicks: 10,
  sizes: [100, 100, 200],
  maxPosition: 600,
  cooldownNs: 3_000_000_000,
  holdNs: 30_000_000_000,
};

/**
 * A trend follower: at Poisson times it compares the mid it sees with the mid `lookback` earlier, and a
 * move of at least `threshold` ticks makes it send a market order in the move's direction (within its
 * position limit, at most once per cooldown). It flattens `hold` after its last entry. This is the
 * reaction a momentum igniter provokes.
 */
export class MomentumTrader extends Agent {
  readonly type = AgentType.Momentum;
  private lastEntryNs = -Infinity;
  private exitAtNs = Infinity;

  constructor(
    latency: AgentLatency,
    readonly params: MomentumTraderParams = DEFAULT_MOMENTUM_TRADER,
  ) {
    super(latency);
  }

  start(): void {
    this.market.wakeAfter(this.state, this.params.lookbackNs + exponentialNs(this.rng, this.params.wakeMeanNs), TAG_LOOK);
  }

  onWake(tag: number): void {
    const m = this.market;
    const p = this.params;
    if (tag === TAG_EXIT) {
      if (m.nowNs >= this.exitAtNs && this.position !== 0) {
        m.submit(this.state, MARKET, this.position > 0 ? -1 : 1, 0, Math.abs(this.position), HONEST);
        this.exitAtNs = Infinity;
      }
      return;
    }
    if (m.nowNs - this.lastEntryNs >= p.cooldownNs) {
      const view = m.look(this.state);
      const trend = view.mid - m.midAgo(this.state, p.lookbackNs);
      const threshold = p.thresholdTicks * m.tick;
      const dir = trend >= threshold ? 1 : trend <= -threshold ? -1 : 0;
      const size = pickSize(this.rng, p.sizes);
      if (dir !== 0 && Math.abs(this.position + dir * size) <= p.maxPosition) {
        m.submit(this.state, MARKET, dir, 0, size, HONEST);
        this.lastEntryNs = m.nowNs;
        this.exitAtNs = m.nowNs + p.holdNs;
        m.wakeAfter(this.state, p.holdNs, TAG_EXIT);
      }
    }
    m.wakeAfter(this.state, exponentialNs(this.rng, p.wakeMeanNs), TAG_LOOK);
  }
}
