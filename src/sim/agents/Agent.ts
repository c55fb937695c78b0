import type { ManipulationKind } from '../../clean/ManipulationKind.ts';
import type { SeededRng } from '../../core/rng.ts';
import type { AgentMarket } from '../AgentMarket.ts';
import type { QuoteView } from '../QuoteView.ts';
import { AgentState } from './AgentState.ts';
import type { AgentType } from './AgentType.ts';
import type { LiveOrders } from './LiveOrders.ts';

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
 * Position and cash (price units × shares) are kept from fills, over all of the agent's accounts. They,
 * the working orders, the view and the order count live in `state` (an AgentState), the agent's handle
 * on the market: it passes `this.state` to the market's calls (submit, cancel, wakeAfter, look, midAgo).
 * For an agent that overrides neither onFill/afterFill (onOrderEnded/afterOrderEnded), the market does
 * their bookkeeping on `state` itself instead of calling them: the same result, without a call through
 * ten agent classes per fill.
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
  /** Working orders, view, order count, position and cash: what the market reads and writes. */
  readonly state: AgentState;

  constructor(readonly latency: AgentLatency) {
    if (!(latency.orderNs >= 0) || !(latency.feedNs >= 0) || !Number.isInteger(latency.orderNs) || !Number.isInteger(latency.feedNs)) {
      throw new RangeError(`agent latency must be whole non-negative nanoseconds (order ${latency.orderNs}, feed ${latency.feedNs})`);
    }
    this.state = new AgentState(latency.orderNs, latency.feedNs);
  }

  /** Ids of the orders it believes are working (see LiveOrders). */
  get live(): LiveOrders {
    return this.state.live;
  }

  /** Its view of the book, refilled by AgentMarket.look. */
  get view(): QuoteView {
    return this.state.view;
  }

  /** Position (shares) over all of its accounts. */
  get position(): number {
    return this.state.position;
  }

  /** Cash (price units × shares) over all of its accounts. */
  get cash(): number {
    return this.state.cash;
  }

  /** Orders sent so far. */
  get ordersSent(): number {
    return this.state.ordersSent;
  }

  /** Called by AgentMarket.add. */
  attach(market: AgentMarket, id: number, rng: SeededRng): void {
    this.market = market;
    this.id = id;
    this.rng = rng;
    const state = this.state;
    state.id = id;
    state.callsOnFill = this.onFill !== Agent.prototype.onFill || this.afterFill !== Agent.prototype.afterFill;
    state.callsOnOrderEnded = this.onOrderEnded !== Agent.prototype.onOrderEnded || this.afterOrderEnded !== Agent.prototype.afterOrderEnded;
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
    this.state.fill(side, price, size);
    this.afterFill(orderId, side, price, size, remaining, aggressor);
  }

  /** The order is no longer working at the venue (filled, cancelled, rejected or an IOC/market remainder). */
  onOrderEnded(orderId: number): void {
    this.state.live.remove(orderId);
    this.afterOrderEnded(orderId);
  }

  /** Hook for subclasses (position and cash are already updated). */
  protected afterFill(_orderId: number, _side: number, _price: number, _size: number, _remaining: number, _aggressor: boolean): void {}

  /** Hook for subclasses (the id is already out of `live`). */
  protected afterOrderEnded(_orderId: number): void {}

  /** Cancels every working order. */
  protected cancelAll(): void {
    while (this.live.count > 0) this.market.cancel(this.state, this.live.at(this.live.count - 1));
  }
}
