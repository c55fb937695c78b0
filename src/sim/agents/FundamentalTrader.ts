import { OrderType } from '../../exchange/OrderType.ts';
import { OrderRole } from '../OrderRole.ts';
import { exponentialNs, standardNormal } from '../gaussian.ts';
import { Agent, type AgentLatency } from './Agent.ts';
import { AgentType } from './AgentType.ts';
import { ceilToTick, floorToTick } from './orderSizes.ts';

const LIMIT = OrderType.Limit;
const HONEST = OrderRole.Honest;

export interface FundamentalTraderParams {
  /** Mean time between looks (exponential). */
  readonly wakeMeanNs: number;
  /** Standard deviation of the trader's persistent valuation error, in ticks. */
  readonly biasSdTicks: number;
  /** Each `thresholdTicks` of mispricing (value − mid) asks for `sharesPerThreshold` more shares of position. */
  readonly thresholdTicks: number;
  readonly sharesPerThreshold: number;
  readonly maxPosition: number;
  /** Largest single order. */
  readonly maxOrderSize: number;
  /** Its limit price keeps this many ticks of edge against its value (but never worse than the opposite quote). */
  readonly edgeTicks: number;
}

export const DEFAULT_FUNDAMENTAL_TRADER: FundamentalTraderParams = {
  wakeMeanNs: 10_000_000_000,
  biasSdTicks: 4,
  thresholdTicks: 10,
  sharesPerThreshold: 500,
  maxPosition: 5000,
  maxOrderSize: 500,
  edgeTicks: 6,
};

/**
 * A value trader around the latent value: it knows the current value up to a persistent error of its own,
 * wants a position proportional to the mispricing (value − mid, in steps of `thresholdTicks`; flat when
 * the price is within a threshold of its value), and trades toward it with a limit order priced `edgeTicks`
 * on the good side of its value, capped at the opposite quote: it takes liquidity when the market
 * is far off, rests inside or behind the spread otherwise, and unwinds as the price converges. An order
 * still working from its previous look is kept when it is what it would send again, else withdrawn.
 */
export class FundamentalTrader extends Agent {
  readonly type = AgentType.Fundamental;
  private bias = 0;
  /** The order working from its last look (0 when none), and its side and price. */
  private workingId = 0;
  private workingSide = 0;
  private workingPx = 0;

  constructor(
    latency: AgentLatency,
    readonly params: FundamentalTraderParams = DEFAULT_FUNDAMENTAL_TRADER,
  ) {
    super(latency);
  }

  start(): void {
    this.bias = this.params.biasSdTicks * this.market.tick * standardNormal(this.rng);
    this.market.wakeAfter(this.state, exponentialNs(this.rng, this.params.wakeMeanNs), 0);
  }

  onWake(): void {
    const m = this.market;
    const p = this.params;
    const tick = m.tick;
    const value = m.value.at(m.nowNs) + this.bias;
    const view = m.look(this.state);
    const steps = Math.trunc((value - view.mid) / (p.thresholdTicks * tick));
    let desired = steps * p.sharesPerThreshold;
    if (desired > p.maxPosition) desired = p.maxPosition;
    else if (desired < -p.maxPosition) desired = -p.maxPosition;
    const diff = desired - this.position;
    let side = 0;
    let price = 0;
    if (diff > 0) {
      side = 1;
      price = floorToTick(value - p.edgeTicks * tick, tick);
      if (view.hasAsk && price > view.ask) price = view.ask;
    } else if (diff < 0) {
      side = -1;
      price = ceilToTick(value + p.edgeTicks * tick, tick);
      if (view.hasBid && price < view.bid) price = view.bid;
    }
    const keep = this.workingId !== 0 && this.live.has(this.workingId) && side === this.workingSide && price === this.workingPx;
    if (!keep) {
      this.cancelAll();
      this.workingId = 0;
      if (side !== 0 && price > 0) {
        this.workingId = m.submit(this.state, LIMIT, side, price, Math.min(Math.abs(diff), p.maxOrderSize), HONEST);
        this.workingSide = side;
        this.workingPx = price;
      }
    }
    m.wakeAfter(this.state, exponentialNs(this.rng, p.wakeMeanNs), 0);
  }
}
