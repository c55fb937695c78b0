import { L3OrderBook } from '../../book/L3OrderBook.ts';
import { L3Replayer } from '../../book/L3Replayer.ts';
import { EventBatch } from '../../data/EventBatch.ts';
import { EventType } from '../../data/EventType.ts';
import { lobsterInstrument } from '../../data/Instrument.ts';
import type { LobsterDay } from '../../data/lobster/LobsterDay.ts';

/** Dollars → LOBSTER integer price units. */
export const px = (dollars: number): number => Math.round(dollars * 10_000);
export const US = 1_000;

/**
 * A hand-written LOBSTER day for tests: each message is applied to a shadow L3 book, whose top levels
 * become the "orderbook file" row after it, exactly as LOBSTER's files pair up. The first message
 * should be an add (row 0 seeds the replayed book).
 */
export class MarketScenario {
  readonly instrument = lobsterInstrument('TEST');
  private readonly batch = new EventBatch(64, 0n, [this.instrument]);
  private readonly shadow = new L3OrderBook(1024, 256);
  private readonly replayer = new L3Replayer(this.shadow);
  private readonly rows: number[] = [];
  private readonly row: Float64Array;

  constructor(readonly levels = 5) {
    this.row = new Float64Array(levels * 4);
  }

  add(tNs: number, id: number, side: number, price: number, size: number): this {
    return this.push(tNs, EventType.Add, side, price, size, id);
  }
  reduce(tNs: number, id: number, size: number): this {
    return this.push(tNs, EventType.Reduce, this.shadow.orderSide(id), this.shadow.orderPrice(id), size, id);
  }
  delete(tNs: number, id: number): this {
    return this.push(tNs, EventType.Delete, this.shadow.orderSide(id), this.shadow.orderPrice(id), this.shadow.orderSize(id), id);
  }
  /** Execution of resting order `id` (its side is the resting side, as in LOBSTER). */
  execute(tNs: number, id: number, size: number): this {
    return this.push(tNs, EventType.ExecuteVisible, this.shadow.orderSide(id), this.shadow.orderPrice(id), size, id);
  }
  hidden(tNs: number, side: number, price: number, size: number): this {
    return this.push(tNs, EventType.ExecuteHidden, side, price, size, 0);
  }

  day(): LobsterDay {
    return { messagesPath: 'scenario', orderbookPath: 'scenario', events: this.batch, book: Float64Array.from(this.rows), levels: this.levels, originNs: 0n, instrument: this.instrument };
  }

  private push(tNs: number, type: number, side: number, price: number, size: number, id: number): this {
    const i = this.batch.push(tNs, tNs, type, side, price, size, id, this.batch.length + 1);
    this.replayer.apply(this.batch, i);
    this.shadow.snapshot(this.levels, this.row);
    for (const v of this.row) this.rows.push(v);
    return this;
  }
}
