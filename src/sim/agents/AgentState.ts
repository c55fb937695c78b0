import { QuoteView } from '../QuoteView.ts';
import { LiveOrders } from './LiveOrders.ts';

/**
 * What the market keeps for one agent: its id and latencies, its working orders, its view of the book,
 * orders sent, position and cash (price units × shares, over all of its accounts).
 *
 * One class for every kind of agent. Agents are ten different classes, so a field read through the base
 * type in shared code (the market's submit, a fill callback) sees ten object shapes: V8 then makes it a
 * megamorphic access, a lookup in a global cache each time. The market reads and writes this object
 * instead, whose shape never varies.
 */
export class AgentState {
  /** The agent's id (its index in the market); set by Agent.attach. */
  id = -1;
  readonly orderNs: number;
  readonly feedNs: number;
  position = 0;
  cash = 0;
  ordersSent = 0;
  /**
   * The agent overrides onFill or afterFill (onOrderEnded or afterOrderEnded): the market calls it back;
   * otherwise the market keeps the position and cash (the working set) itself. Set by Agent.attach.
   */
  callsOnFill = true;
  callsOnOrderEnded = true;
  readonly live = new LiveOrders();
  readonly view = new QuoteView();

  constructor(orderNs: number, feedNs: number) {
    this.orderNs = orderNs;
    this.feedNs = feedNs;
  }

  /** A fill of one of the agent's orders on `side`: the base bookkeeping of Agent.onFill. */
  fill(side: number, price: number, size: number): void {
    this.position += side * size;
    this.cash -= side * size * price;
  }
}
