import type { L3OrderBook } from '../../book/L3OrderBook.ts';
import type { EventBatch } from '../../data/EventBatch.ts';
import { EventType } from '../../data/EventType.ts';
import { consumeAhead } from './L3ExactQueue.ts';
import type { QueueModel, QueueState } from './QueueModel.ts';

/**
 * Levels only, the estimate: a cancel of q shares came from ahead of us with probability
 * f(back) / (f(back) + f(front)), f(x) = x^n, so the queue ahead shrinks by its expected share
 * (1 − p)·q (hftbacktest's PowerProbQueueFunc; n = 3 by default: cancels come mostly from the back,
 * where orders are newest and most likely to be pulled). Trades eat the front, as in every model.
 */
export class L2ProbabilisticQueue implements QueueModel {
  readonly name: string;

  constructor(readonly power = 3) {
    if (!(power > 0)) throw new RangeError(`queue power must be > 0, got ${power}`);
    this.name = `l2 probabilistic (power ${power})`;
  }

  onJoin(_book: L3OrderBook, _side: number, _price: number, visible: number, state: QueueState, slot: number): void {
    state.ahead[slot] = visible;
  }

  onLevelEvent(book: L3OrderBook, batch: EventBatch, i: number, state: QueueState, slot: number): number {
    const type = batch.type[i];
    const size = batch.size[i];
    if (type === EventType.ExecuteVisible || type === EventType.ExecuteHidden || type === EventType.Trade) {
      return consumeAhead(state, slot, size);
    }
    if (type !== EventType.Reduce && type !== EventType.Delete) return 0;
    const level = book.sizeAt(batch.side[i], batch.price[i]);
    const front = state.ahead[slot];
    const back = level - front > 0 ? level - front : 0;
    const fb = Math.pow(back, this.power);
    const ff = Math.pow(front, this.power);
    const pBack = fb + ff > 0 ? fb / (fb + ff) : 0.5;
    let next = front - (1 - pBack) * size;
    // Never more ahead than remains at the level.
    const after = level - size;
    if (next > after) next = after;
    state.ahead[slot] = next > 0 ? next : 0;
    return 0;
  }
}
