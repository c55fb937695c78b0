import type { L3OrderBook } from '../../book/L3OrderBook.ts';
import type { EventBatch } from '../../data/EventBatch.ts';
import { EventType } from '../../data/EventType.ts';
import type { QueueModel, QueueState } from './QueueModel.ts';

/**
 * Exact queue position from order ids (LOBSTER). When our order joins, every order then resting at its
 * price is ahead of it, and because later orders join behind, "ahead" is always the first `aheadOrders`
 * orders of the level's FIFO. The queue ahead shrinks only when one of those orders is cancelled or
 * executed. An execution of an order *behind* ours is volume that price-time priority would have sent to
 * us first: it fills us. Hidden executions at our price (hidden orders rank behind displayed ones) reach
 * us once the displayed queue ahead is gone. Liquidity the data cannot name (pre-existing at the start,
 * refilled into the window) sits at the head of the level, so events on it count as ahead.
 */
export class L3ExactQueue implements QueueModel {
  readonly name = 'l3 (exact, order ids)';

  onJoin(book: L3OrderBook, side: number, price: number, visible: number, state: QueueState, slot: number): void {
    state.ahead[slot] = visible;
    state.aheadOrders[slot] = book.ordersAt(side, price);
  }

  onLevelEvent(book: L3OrderBook, batch: EventBatch, i: number, state: QueueState, slot: number): number {
    const type = batch.type[i];
    const size = batch.size[i];
    if (type === EventType.ExecuteHidden) return consumeAhead(state, slot, size);
    if (type !== EventType.Reduce && type !== EventType.Delete && type !== EventType.ExecuteVisible) return 0;
    const id = batch.orderId[i];
    const idx = book.queueIndex(id);
    // Unknown ids are taken from anonymous liquidity at the head of the level: ahead of us.
    if (idx < 0 || idx < state.aheadOrders[slot]) {
      const left = state.ahead[slot] - size;
      state.ahead[slot] = left > 0 ? left : 0;
      if (idx >= 0 && (type === EventType.Delete || book.orderSize(id) <= size)) state.aheadOrders[slot]--;
      return 0;
    }
    // Behind us: a cancel does not matter; an execution would have met our order first.
    return type === EventType.ExecuteVisible ? size : 0;
  }
}

/** Traded volume at our price eats the queue ahead first; what is left reaches us. */
export function consumeAhead(state: QueueState, slot: number, size: number): number {
  const ahead = state.ahead[slot];
  if (size <= ahead) {
    state.ahead[slot] = ahead - size;
    return 0;
  }
  state.ahead[slot] = 0;
  return size - ahead;
}
