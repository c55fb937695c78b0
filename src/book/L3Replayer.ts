import type { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import type { L3OrderBook } from './L3OrderBook.ts';

/**
 * Applies normalized order-level events to an L3 book. An event naming an order id the book never saw
 * (the order rested before the data starts, or was hidden outside a level window) takes its size from
 * the anonymous liquidity at its price, then from the front of that price's queue; what cannot be
 * explained even so is counted, never hidden.
 */
export class L3Replayer {
  /** Events whose size could not be attributed to a known order or to anonymous liquidity. */
  unexplained = 0;
  /** Add events for an id that was already resting. */
  duplicateAdds = 0;
  /** Order-level events applied. */
  applied = 0;

  constructor(readonly book: L3OrderBook) {}

  /** Applies row `i` of `batch`. Non-book events (hidden executions, trades, halts) are ignored. */
  apply(batch: EventBatch, i: number): void {
    const type = batch.type[i];
    const book = this.book;
    switch (type) {
      case EventType.Add:
        if (!book.add(batch.orderId[i], batch.side[i], batch.price[i], batch.size[i])) this.duplicateAdds++;
        break;
      case EventType.Reduce:
      case EventType.ExecuteVisible: {
        const size = batch.size[i];
        const took = book.reduce(batch.orderId[i], size);
        if (took < size) this.takeUnattributed(batch.side[i], batch.price[i], took < 0 ? size : size - took);
        break;
      }
      case EventType.Delete: {
        const size = batch.size[i];
        const had = book.delete(batch.orderId[i]);
        if (had < size) this.takeUnattributed(batch.side[i], batch.price[i], had < 0 ? size : size - had);
        else if (had > size) {
          // The venue says less left than we held: the rest belongs to orders we cannot name.
          book.addAnonymous(batch.side[i], batch.price[i], had - size);
          this.sizeDisagreements++;
        }
        break;
      }
      default:
        return;
    }
    this.applied++;
  }

  /** Delete events whose size was smaller than the order we held (the surplus became anonymous). */
  sizeDisagreements = 0;

  /**
   * The message's size is what left the visible book at its price (LOBSTER guarantees this); whatever
   * the named order did not account for is taken from liquidity we cannot name.
   */
  private takeUnattributed(side: number, price: number, size: number): void {
    if (this.book.reduceUnattributed(side, price, size) > 0) this.unexplained++;
  }

  /** Applies a whole batch. */
  applyBatch(batch: EventBatch): void {
    for (let i = 0; i < batch.length; i++) this.apply(batch, i);
  }
}
