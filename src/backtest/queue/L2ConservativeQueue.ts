import type { L3OrderBook } from '../../book/L3OrderBook.ts';
import type { EventBatch } from '../../data/EventBatch.ts';
import { EventType } from '../../data/EventType.ts';
import { consumeAhead } from './L3ExactQueue.ts';
import type { QueueModel, QueueState } from './QueueModel.ts';

/**
 * Levels only (no order ids), the pessimist: only trades at our price move us forward; every cancel is
 * assumed to have come from behind us. A lower bound on fills (hftbacktest's RiskAdverseQueueModel).
 */
export class L2ConservativeQueue implements QueueModel {
  readonly name = 'l2 conservative (only trades advance)';

  onJoin(_book: L3OrderBook, _side: number, _price: number, visible: number, state: QueueState, slot: number): void {
    state.ahead[slot] = visible;
  }

  onLevelEvent(book: L3OrderBook, batch: EventBatch, i: number, state: QueueState, slot: number): number {
    const type = batch.type[i];
    if (type === EventType.ExecuteVisible || type === EventType.ExecuteHidden || type === EventType.Trade) {
      return consumeAhead(state, slot, batch.size[i]);
    }
    // A level shrinking below the queue we thought was ahead: what is gone cannot still be ahead.
    if (type === EventType.Reduce || type === EventType.Delete) {
      const after = book.sizeAt(batch.side[i], batch.price[i]) - batch.size[i];
      if (state.ahead[slot] > after) state.ahead[slot] = after > 0 ? after : 0;
    }
    return 0;
  }
}
