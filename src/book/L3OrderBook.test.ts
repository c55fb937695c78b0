import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { L3OrderBook } from './L3OrderBook.ts';
import { L2Ladder } from './L2Ladder.ts';
import { L3Replayer } from './L3Replayer.ts';
import { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import { lobsterInstrument } from '../data/Instrument.ts';

const BID = 1;
const ASK = -1;

describe('L3OrderBook', () => {
  it('keeps FIFO queues and reports queue position', () => {
    const b = new L3OrderBook(2, 2); // tiny pools: exercises growth
    b.add(1, BID, 100, 10);
    b.add(2, BID, 100, 20);
    b.add(3, BID, 100, 30);
    b.add(4, BID, 99, 5);
    b.add(5, ASK, 101, 7);
    expect(b.bestBid()).toBe(100);
    expect(b.bestAsk()).toBe(101);
    expect(b.bestBidSize()).toBe(60);
    expect(b.queueAt(BID, 100)).toEqual([1, 2, 3]);
    expect(b.queueAhead(3)).toBe(30);
    expect(b.queueIndex(3)).toBe(2);
    expect(b.reduce(1, 4)).toBe(4);
    expect(b.queueAhead(3)).toBe(26);
    expect(b.delete(2)).toBe(20);
    expect(b.queueAhead(3)).toBe(6);
    expect(b.reduce(1, 6)).toBe(6); // fully executed: leaves
    expect(b.has(1)).toBe(false);
    expect(b.queueAhead(3)).toBe(0);
    expect(b.delete(3)).toBe(30);
    expect(b.bestBid()).toBe(99);
    expect(b.depth(BID)).toBe(1);
    expect(b.orderCount).toBe(2);
  });

  it('rejects duplicate adds and reports unknown ids', () => {
    const b = new L3OrderBook();
    expect(b.add(7, ASK, 50, 1)).toBe(true);
    expect(b.add(7, ASK, 51, 1)).toBe(false);
    expect(b.reduce(8, 1)).toBe(-1);
    expect(b.delete(8)).toBe(-1);
    expect(b.queueAhead(8)).toBe(-1);
  });

  it('puts anonymous (pre-existing) liquidity ahead of every known order', () => {
    const b = new L3OrderBook();
    b.add(1, ASK, 200, 10);
    b.addAnonymous(ASK, 200, 50);
    expect(b.queueAt(ASK, 200)).toEqual([-1, 1]);
    expect(b.queueAhead(1)).toBe(50);
    expect(b.reduceAnonymous(ASK, 200, 20)).toBe(0);
    expect(b.queueAhead(1)).toBe(30);
    expect(b.reduceAnonymous(ASK, 200, 40)).toBe(10); // only 30 was anonymous
    expect(b.sizeAt(ASK, 200)).toBe(10);
  });

  it('setLevelSize grows anonymous liquidity, or shrinks it and then the back of the queue', () => {
    const b = new L3OrderBook();
    b.add(1, BID, 10, 5);
    b.add(2, BID, 10, 5);
    expect(b.setLevelSize(BID, 10, 25)).toBe(true);
    expect(b.queueAt(BID, 10)).toEqual([-1, 1, 2]);
    expect(b.setLevelSize(BID, 10, 25)).toBe(false);
    expect(b.setLevelSize(BID, 10, 7)).toBe(true);
    expect(b.queueAt(BID, 10)).toEqual([1, 2]);
    expect(b.orderSize(2)).toBe(2);
    expect(b.setLevelSize(BID, 10, 0)).toBe(true);
    expect(b.depth(BID)).toBe(0);
    expect(b.has(1)).toBe(false);
  });

  it('writes LOBSTER-layout snapshots with empty levels as NaN/0', () => {
    const b = new L3OrderBook();
    b.add(1, BID, 100, 3);
    b.add(2, ASK, 105, 4);
    b.add(3, ASK, 106, 6);
    const out = new Float64Array(8);
    b.snapshot(2, out);
    expect(Array.from(out)).toEqual([105, 4, 100, 3, 106, 6, NaN, 0]);
  });
});

/** Obviously-correct reference: an array of orders, scanned for everything. */
class NaiveBook {
  orders: { id: number; side: number; price: number; size: number }[] = [];
  add(id: number, side: number, price: number, size: number): void {
    this.orders.push({ id, side, price, size });
  }
  reduce(id: number, size: number): void {
    const o = this.orders.find((x) => x.id === id);
    if (!o) return;
    o.size -= Math.min(size, o.size);
    if (o.size === 0) this.orders = this.orders.filter((x) => x !== o);
  }
  delete(id: number): void {
    this.orders = this.orders.filter((x) => x.id !== id);
  }
  levels(side: number): [number, number][] {
    const m = new Map<number, number>();
    for (const o of this.orders) if (o.side === side) m.set(o.price, (m.get(o.price) ?? 0) + o.size);
    return [...m.entries()].sort((a, b) => (side > 0 ? b[0] - a[0] : a[0] - b[0]));
  }
  queue(side: number, price: number): number[] {
    return this.orders.filter((o) => o.side === side && o.price === price).map((o) => o.id);
  }
}

const op = fc.record({
  kind: fc.constantFrom('add', 'add', 'reduce', 'execute', 'delete'),
  pick: fc.nat(),
  side: fc.constantFrom(BID, ASK),
  price: fc.integer({ min: 1, max: 12 }),
  size: fc.integer({ min: 1, max: 50 }),
});

describe('L3 book, L2 ladder and a naive reference agree (property)', () => {
  it('on random add/cancel/execute/delete sequences replayed as events', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 250 }), (ops) => {
        const book = new L3OrderBook(2, 2);
        const replayer = new L3Replayer(book);
        const ladder = new L2Ladder();
        const naive = new NaiveBook();
        const batch = new EventBatch(1, 0n, [lobsterInstrument('T')]);
        let nextId = 1;
        for (const o of ops) {
          batch.clear();
          if (o.kind === 'add' || naive.orders.length === 0) {
            const id = nextId++;
            batch.push(0, 0, EventType.Add, o.side, o.price, o.size, id, 0);
            naive.add(id, o.side, o.price, o.size);
            ladder.addToLevel(o.side, o.price, o.size);
          } else {
            const target = naive.orders[o.pick % naive.orders.length];
            const size = o.kind === 'delete' ? target.size : Math.min(o.size, target.size);
            const type = o.kind === 'delete' ? EventType.Delete : o.kind === 'reduce' ? EventType.Reduce : EventType.ExecuteVisible;
            batch.push(0, 0, type, target.side, target.price, size, target.id, 0);
            ladder.addToLevel(target.side, target.price, -size);
            if (o.kind === 'delete') naive.delete(target.id);
            else naive.reduce(target.id, size);
          }
          replayer.apply(batch, 0);
          for (const side of [BID, ASK]) {
            const expected = naive.levels(side);
            expect(book.depth(side)).toBe(expected.length);
            expect(ladder.depth(side)).toBe(expected.length);
            expected.forEach(([price, size], rank) => {
              expect(book.priceAt(side, rank)).toBe(price);
              expect(book.sizeAtRank(side, rank)).toBe(size);
              expect(ladder.sizeAt(side, price)).toBe(size);
            });
          }
        }
        for (const o of naive.orders) {
          const q = naive.queue(o.side, o.price);
          expect(book.queueAt(o.side, o.price)).toEqual(q);
          const ahead = naive.orders.filter((x) => q.indexOf(x.id) >= 0 && q.indexOf(x.id) < q.indexOf(o.id)).reduce((s, x) => s + x.size, 0);
          expect(book.queueAhead(o.id)).toBe(ahead);
        }
        expect(replayer.unexplained).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
