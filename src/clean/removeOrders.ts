import { EventBatch } from '../data/EventBatch.ts';
import { EventFlag, EventType } from '../data/EventType.ts';

/**
 * The event stream without the named orders: their adds, cancels, deletes and the executions of their
 * resting size, so the book rebuilt from it is the book those orders never joined. Where a removed event
 * ended a venue message, the last kept event of the same instant ends it instead. Non-order events
 * (hidden executions, trading-state messages) are kept.
 */
export function removeOrders(events: EventBatch, orderIds: ReadonlySet<number>): { events: EventBatch; removed: number } {
  const out = new EventBatch(events.length, events.originNs, events.instruments);
  let removed = 0;
  for (let i = 0; i < events.length; i++) {
    const type = events.type[i];
    const isOrderEvent = type === EventType.Add || type === EventType.Reduce || type === EventType.Delete || type === EventType.ExecuteVisible;
    if (isOrderEvent && orderIds.has(events.orderId[i])) {
      removed++;
      const last = out.length - 1;
      if ((events.flags[i] & EventFlag.EndOfMessage) !== 0 && last >= 0 && out.exchTs[last] === events.exchTs[i]) out.flags[last] |= EventFlag.EndOfMessage;
      continue;
    }
    out.push(events.exchTs[i], events.localTs[i], type, events.side[i], events.price[i], events.size[i], events.orderId[i], events.seq[i], events.flags[i], events.instrument[i]);
  }
  return { events: out, removed };
}
