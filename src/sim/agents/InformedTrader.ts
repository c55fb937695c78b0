import { OrderType } from '../../exchange/OrderType.ts';
import { OrderRole } from '../OrderRole.ts';
import { exponentialNs } from '../gaussian.ts';
import { Agent, type AgentLatency } from './Agent.ts';
import { AgentType } from './AgentType.ts';
import { pickSize } from './orderSizes.ts';

const IOC = OrderType.ImmediateOrCancel;
const HONEST = OrderRole.Honest;

export interface InformedTraderParams {
  /** How far ahead it sees the latent value. */
  readonly leadNs: number;
  /** Mean time between looks (exponential). */
  readonly wakeMeanNs: number;
  /** Trades when the value it sees is beyond the opposite quote by at least this many ticks. */
  readonly thresholdTicks: number;
  /** Its IOC orders may trade this many ticks through the quote it sees. */
  readonly slippageTicks: number;
  readonly sizes: readonly number[];
  readonly maxPosition: number;
}

export const DEFAULT_INFORMED_TRADER: InformedTraderParams = {
  leadNs: 30_000_000_000,
  wakeMeanNs: 3_000_000_000,
  thresholdTicks: 8,
  slippageTicks: 1,
  sizes: [100, 100, 200, 300],
  maxPosition: 6000,
};

/**
 * A trader with private information: it sees the latent value `lead` ahead of time and, when that value
 * is beyond the opposite quote by more than its threshold, takes liquidity toward it with an
 * immediate-or-cancel order (within its position limit). Its flow is what moves the price to the value.
 */
export class InformedTrader extends Agent {
  readonly type = AgentType.Informed;

  constructor(
    latency: AgentLatency,
    readonly params: InformedTraderParams = DEFAULT_INFORMED_TRADER,
  ) {
    super(latency);
  }

  start(): void {
    this.market.wakeAfter(this.state, exponentialNs(this.rng, this.params.wakeMeanNs), 0);
  }

  onWake(): void {
    const m = this.market;
    const p = this.params;
    const tick = m.tick;
    const value = m.value.at(m.nowNs + p.leadNs);
    const view = m.look(this.state);
    const threshold = p.thresholdTicks * tick;
    const size = pickSize(this.rng, p.sizes);
    if (view.hasAsk && value - view.ask >= threshold && this.position + size <= p.maxPosition) {
      m.submit(this.state, IOC, 1, view.ask + p.slippageTicks * tick, size, HONEST);
    } else if (view.hasBid && view.bid - value >= threshold && this.position - size >= -p.maxPosition) {
      const price = view.bid - p.slippageTicks * tick;
      if (price > 0) m.submit(this.state, IOC, -1, price, size, HONEST);
    }
    m.wakeAfter(this.state, exponentialNs(this.rng, p.wakeMeanNs), 0);
  }
}
