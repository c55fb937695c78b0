import { describe, expect, it } from 'vitest';
import { EventBatch } from '../data/EventBatch.ts';
import { EventFlag, EventType } from '../data/EventType.ts';
import { lobsterInstrument } from '../data/Instrument.ts';
import { L3OrderBook } from '../book/L3OrderBook.ts';
import { L3Replayer } from '../book/L3Replayer.ts';
import { removeOrders } from './removeOrders.ts';

describe('removeOrders', () => {
  it('drops every event of the named orders; the book is the one they never joined', () => {
    const b = new EventBatch(16, 0n, [lobsterInstrument('T')]);
    b.push(1, 1, EventType.Add, 1, 100, 10, 1, 1);
    b.push(2, 2, EventType.Add, 1, 100, 500, 2, 2); // the order to remove
    b.push(3, 3, EventType.Add, -1, 101, 10, 3, 3);
    b.push(4, 4, EventType.ExecuteVisible, 1, 100, 10, 1, 4, 0); // one message: two executions
    b.push(4, 4, EventType.ExecuteVisible, 1, 100, 5, 2, 5, EventFlag.EndOfMessage);
    b.push(5, 5, EventType.Delete, 1, 100, 495, 2, 6);
    const { events, removed } = removeOrders(b, new Set([2]));
    expect(removed).toBe(3);
    expect(Array.from(events.orderId.subarray(0, events.length))).toEqual([1, 3, 1]);
    // The message that lost its last event still ends.
    expect(events.flags[2] & EventFlag.EndOfMessage).toBe(EventFlag.EndOfMessage);
    const book = new L3OrderBook();
    const r = new L3Replayer(book);
    r.applyBatch(events);
    expect(r.unexplained).toBe(0);
    expect(book.bestBid()).toBeNaN();
    expect(book.bestAsk()).toBe(101);
  });
});
