import type { L3OrderBook } from '../../book/L3OrderBook.ts';
import type { EventBatch } from '../../data/EventBatch.ts';

/** Per-order queue state the venue keeps for each of our resting orders, indexed by order slot. */
export interface QueueState {
  /** Shares ahead of our order at its price. */
  ahead: Float64Array;
  /** Orders ahead of ours (L3 only: the first `aheadOrders` orders of the level's FIFO are ahead). */
  aheadOrders: Int32Array;
}

/**
 * Where our resting order stands in the venue's queue, and which replayed events reach it. One of the
 * seams where realism is modelled: with order ids (L3) the queue is known exactly; with levels only
 * (L2) it has to be estimated.
 *
 * The venue calls `onLevelEvent` for every replayed event on our order's side at our order's price,
 * *before* the event is applied to the book (so the book still holds the order the event names).
 */
export interface QueueModel {
  readonly name: string;
  /** Our order joins the back of its level, behind `visible` shares (the book's, less what we took). */
  onJoin(book: L3OrderBook, side: number, price: number, visible: number, state: QueueState, slot: number): void;
  /** Returns the shares of event i's traded volume that would have filled our order (0 for most events). */
  onLevelEvent(book: L3OrderBook, batch: EventBatch, i: number, state: QueueState, slot: number): number;
}
