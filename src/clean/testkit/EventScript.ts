import { EventBatch } from '../../data/EventBatch.ts';
import { EventFlag, EventType } from '../../data/EventType.ts';
import { lobsterInstrument } from '../../data/Instrument.ts';

/** One cent in LOBSTER price units (the tick). */
export const TICK = 100;
export const MS = 1_000_000;
export const US = 1_000;

/**
 * Hand-built L3 event sequences for detector tests, from an empty book: times in ns, prices in LOBSTER
 * units ($ × 10 000, one-cent tick), sizes in shares. Deletes and executions look up the order's side
 * and price (executions name the resting order, as LOBSTER does). `raw` writes any event as given, for
 * bad data. Sequence numbers count from 1.
 */
export class EventScript {
  readonly batch = new EventBatch(256, 0n, [lobsterInstrument('TEST')]);
  private readonly orders = new Map<number, { side: number; price: number; size: number }>();
  private nextId = 1;

  /** A fresh order id. */
  id(): number {
    return this.nextId++;
  }

  add(t: number, side: number, price: number, size: number, id = this.id()): number {
    this.orders.set(id, { side, price, size });
    this.push(t, EventType.Add, side, price, size, id);
    return id;
  }

  delete(t: number, id: number): this {
    const o = this.order(id);
    this.orders.delete(id);
    return this.push(t, EventType.Delete, o.side, o.price, o.size, id);
  }

  reduce(t: number, id: number, size: number): this {
    const o = this.order(id);
    o.size -= size;
    return this.push(t, EventType.Reduce, o.side, o.price, size, id);
  }

  /** Execution of resting order `id` (all of what is left when size is omitted). */
  execute(t: number, id: number, size?: number): this {
    const o = this.order(id);
    const q = size ?? o.size;
    o.size -= q;
    if (o.size <= 0) this.orders.delete(id);
    return this.push(t, EventType.ExecuteVisible, o.side, o.price, q, id);
  }

  hidden(t: number, side: number, price: number, size: number): this {
    return this.push(t, EventType.ExecuteHidden, side, price, size, 0);
  }

  /** Any event, exactly as given. */
  raw(t: number, type: number, side: number, price: number, size: number, id: number, flags: number = EventFlag.EndOfMessage): this {
    this.batch.push(t, t, type, side, price, size, id, this.batch.length + 1, flags);
    return this;
  }

  /**
   * A two-sided background book: `levels` levels per side around `mid` (bids mid − spread/2 − k ticks),
   * `size` each, added at time t.
   */
  book(t: number, bestBid: number, bestAsk: number, levels: number, size: number): { bids: number[]; asks: number[] } {
    const bids: number[] = [];
    const asks: number[] = [];
    for (let k = 0; k < levels; k++) {
      bids.push(this.add(t, 1, bestBid - k * TICK, size));
      asks.push(this.add(t, -1, bestAsk + k * TICK, size));
    }
    return { bids, asks };
  }

  size(id: number): number {
    return this.order(id).size;
  }

  private order(id: number): { side: number; price: number; size: number } {
    const o = this.orders.get(id);
    if (!o) throw new Error(`EventScript: order ${id} is not resting`);
    return o;
  }

  private push(t: number, type: number, side: number, price: number, size: number, id: number): this {
    this.batch.push(t, t, type, side, price, size, id, this.batch.length + 1, EventFlag.EndOfMessage);
    return this;
  }
}

/** $ → LOBSTER price units. */
export const px = (dollars: number): number => Math.round(dollars * 10_000);
