import { OrderType } from '../../exchange/OrderType.ts';
import { OrderRole } from '../OrderRole.ts';
import { exponentialNs, standardNormal } from '../gaussian.ts';
import { Agent, type AgentLatency } from './Agent.ts';
import { AgentType } from './AgentType.ts';
import { drawOrderSize, drawShapedOrderSize, floorToTick, ceilToTick, type OrderSizeShape } from './orderSizes.ts';

const LIMIT = OrderType.Limit;
const MARKET = OrderType.Market;
const HONEST = OrderRole.Honest;

export interface NoiseTraderParams {
  /** Limit orders per second (either side, equally likely). */
  readonly limitRatePerSecond: number;
  /** Market orders per second. */
  readonly marketRatePerSecond: number;
  /** Cancellation rate per working order per second (each order's lifetime is exponential). */
  readonly cancelRatePerOrderPerSecond: number;
  /**
   * Distance of a limit order from the mid it sees, in ticks: 1 + a log-normal with this median and
   * log-sd (capped), so most orders sit well behind the quotes and a few improve them, as on a wide
   * GOOG-like book.
   */
  readonly medianOffsetTicks: number;
  readonly offsetSigma: number;
  readonly maxOffsetTicks: number;
  /** Limit orders placed at the open, so that the book starts with depth. */
  readonly openingOrders: number;
  /** No new limit orders beyond this many working ones. */
  readonly maxWorkingOrders: number;
  /** Shape of its order sizes; default (absent): drawOrderSize's GOOG-2012 shape. */
  readonly orderSize?: OrderSizeShape;
}

export const DEFAULT_NOISE_TRADER: NoiseTraderParams = {
  limitRatePerSecond: 0.12,
  marketRatePerSecond: 0.009,
  cancelRatePerOrderPerSecond: 0.04,
  medianOffsetTicks: 15,
  offsetSigma: 0.6,
  maxOffsetTicks: 150,
  openingOrders: 4,
  maxWorkingOrders: 40,
};

/**
 * A zero-intelligence trader: independent Poisson streams of limit orders, market orders and, per working
 * order, cancellations (Gillespie: at each wake-up one action is drawn in proportion to the current rates).
 * Limit orders are placed a log-normal number of ticks from the mid it sees (most behind the quotes, a few
 * inside the spread); sizes are NASDAQ-like (round lots and odd lots).
 */
export class NoiseTrader extends Agent {
  readonly type = AgentType.Noise;

  constructor(
    latency: AgentLatency,
    readonly params: NoiseTraderParams = DEFAULT_NOISE_TRADER,
  ) {
    super(latency);
  }

  start(): void {
    for (let i = 0; i < this.params.openingOrders; i++) this.placeLimit();
    this.scheduleNext();
  }

  onWake(): void {
    const p = this.params;
    const cancelRate = p.cancelRatePerOrderPerSecond * this.live.count;
    const total = p.limitRatePerSecond + p.marketRatePerSecond + cancelRate;
    const u = this.rng.nextFloat() * total;
    if (u < p.limitRatePerSecond) {
      if (this.live.count < p.maxWorkingOrders) this.placeLimit();
    } else if (u < p.limitRatePerSecond + p.marketRatePerSecond) {
      this.market.submit(this.state, MARKET, this.rng.nextFloat() < 0.5 ? 1 : -1, 0, this.drawSize(), HONEST);
    } else if (this.live.count > 0) {
      this.market.cancel(this.state, this.live.at(this.rng.nextInt(this.live.count)));
    }
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const p = this.params;
    const total = p.limitRatePerSecond + p.marketRatePerSecond + p.cancelRatePerOrderPerSecond * this.live.count;
    this.market.wakeAfter(this.state, exponentialNs(this.rng, 1e9 / total), 0);
  }

  private placeLimit(): void {
    const m = this.market;
    const p = this.params;
    const rng = this.rng;
    const tick = m.tick;
    const view = m.look(this.state);
    const side = rng.nextFloat() < 0.5 ? 1 : -1;
    const offset = 1 + Math.min(p.maxOffsetTicks, Math.floor(p.medianOffsetTicks * Math.exp(p.offsetSigma * standardNormal(rng))));
    const price = side > 0 ? floorToTick(view.mid - offset * tick, tick) : ceilToTick(view.mid + offset * tick, tick);
    if (price > 0) m.submit(this.state, LIMIT, side, price, this.drawSize(), HONEST);
  }

  private drawSize(): number {
    const shape = this.params.orderSize;
    return shape === undefined ? drawOrderSize(this.rng) : drawShapedOrderSize(this.rng, shape);
  }
}
