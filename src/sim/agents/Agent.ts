import type { ManipulationKind } from '../../clean/ManipulationKind.ts';
import type { SeededRng } from '../../core/rng.ts';
import type { AgentMarket } from '../AgentMarket.ts';
import { QuoteView } from '../QuoteView.ts';
import type { AgentType } from './AgentType.ts';
import { LiveOrders } from './LiveOrders.ts';

/** How far an agent sits from the venue: its orders arrive `orderNs` after it decides; it sees the book `feedNs` late. */
export interface AgentLatency {
  readonly orderNs: number;
  readonly feedNs: number;
}

/**
 * A trader in the simulated market. The market calls it back (never with closures or allocated objects):
 * - `start()` once at the open, to schedule its first wake-up;
 * - `onWake(tag)` at the wake-ups it scheduled (`tag` ≥ 0 is its own code), where it looks at its delayed
 *   view of the book and sends orders and cancels (which reach the venue `latency.orderNs` later);
 * - `onFill` / `onOrderEnded` when its orders trade or leave the venue. These are delivered at the
 *   venue's time (the agent's own order state is private information it may treat as known at once);
 *   anything it does in response must go through a wake-up, i.e. after at least its feed latency.
 *
 * Position and cash (price units × shares) are kept from fills, over all of the agent's accounts.
 */
export abstract class Agent {
  /** The agent id of the ground truth (its index in the market); set by AgentMarket.add. */
  id = -1;
  abstract readonly type: AgentType;
  /** The manipulation every order of this agent is labelled with; null for honest agents. */
  readonly kind: ManipulationKind | null = null;
  /** Its private random stream (derived from the run seed and its id); set by AgentMarket.add. */
  rng!: SeededRng;
  protected market!: AgentMarket;
  readonly live = new LiveOrders();
  readonly view = new QuoteView();
  position = 0;
  cash = 0;
  /** Orders sent so far. */
  ordersSent = 0;

  constructor(readonly latency: AgentLatency) {
    if (!(latency.orderNs >= 0) || !(latency.feedNs >= 0) || !Number.isInteger(latency.orderNs) || !Number.isInteger(latency.feedNs)) {
      throw new RangeError(`agent latency must be whole non-negative nanoseconds (order ${latency.orderNs}, feed ${latency.feedNs})`);
    }
  }

  /** Called by AgentMarket.add. */
  attach(market: AgentMarket, id: number, rng: SeededRng): void {
    this.market = market;
    this.id = id;
    this.rng = rng;
  }

  /** Schedules the first wake-up (called once, at the open). */
  abstract start(): void;

  /** A scheduled wake-up. */
  abstract onWake(tag: number): void;

  /**
   * One fill of order `orderId` (this agent's), on `side` (the order's side), at `price` for `size`.
   * `aggressor`: the order was the incoming one; otherwise it was resting and `remaining` is its open
   * size after the fill (0: it is gone, and onOrderEnded follows).
   */
  onFill(orderId: number, side: number, price: number, size: number, remaining: number, aggressor: boolean): void {
    this.position += side * size;
    this.cash -= side * size * price;
    this.afterFill(orderId, side, price, size, remaining, aggressor);
  }

  /** The order is no longer working at the venue (filled, cancelled, rejected or an IOC/market remainder). */
  onOrderEnded(orderId: number): void {
    this.live.remove(orderId);
    this.afterOrderEnded(orderId);
  }

  /** Hook for subclasses (position and cash are already updated). */
  protected afterFill(_orderId: number, _side: number, _price: number, _size: number, _remaining: number, _aggressor: boolean): void {}

  /** Hook for subclasses (the id is already out of `live`). */
  protected afterOrderEnded(_orderId: number): void {}

  /** Cancels every working order. */
  protected cancelAll(): void {
    while (this.live.count > 0) this.market.cancel(this, this.live.at(this.live.count - 1));
  }
}
