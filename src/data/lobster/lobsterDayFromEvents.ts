import { L3OrderBook } from '../../book/L3OrderBook.ts';
import { L3Replayer } from '../../book/L3Replayer.ts';
import type { EventBatch } from '../EventBatch.ts';
import type { LobsterDay } from './LobsterDay.ts';

/**
 * A LOBSTER-shaped day from order-level events that start from an empty book (a simulated day): the
 * "orderbook file" is computed by replaying the events into an L3 book and taking its top `levels`
 * levels after each one, which is what LOBSTER's orderbook file is to its message file.
 */
export function lobsterDayFromEvents(events: EventBatch, levels: number, name = 'simulated'): LobsterDay {
  const book = new L3OrderBook(1 << 16, 1 << 12);
  const replayer = new L3Replayer(book);
  const w = levels * 4;
  const rows = new Float64Array(events.length * w);
  const row = new Float64Array(w);
  for (let i = 0; i < events.length; i++) {
    replayer.apply(events, i);
    book.snapshot(levels, row);
    rows.set(row, i * w);
  }
  if (replayer.unexplained > 0) throw new Error(`${name}: ${replayer.unexplained} events refer to orders the day never added (it must start from an empty book)`);
  return { messagesPath: name, orderbookPath: name, events, book: rows, levels, originNs: events.originNs, instrument: events.instruments[0] };
}
