import { EventBatch } from '../../../data/EventBatch.ts';
import { EventFlag, EventType, Side } from '../../../data/EventType.ts';
import type { Instrument } from '../../../data/Instrument.ts';

/**
 * Tests only: hand-written Binance-style L2 messages as the gateway emits them (BinanceFeedHandler's
 * layout): a snapshot is SnapshotStart then Level|Snapshot per level, EndOfMessage on the last; a diff is
 * Level events, EndOfMessage on the last; a trade carries the aggressor's side. One batch per message.
 * Times are ns from the origin; exchange time = local time unless given.
 */
export class L2EventScript {
  private seq = 0;

  constructor(
    readonly instrument: Instrument,
    readonly originNs = 0n,
  ) {}

  snapshot(t: number, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): EventBatch {
    const b = this.batch();
    const u = ++this.seq;
    const total = bids.length + asks.length;
    b.push(t, t, EventType.SnapshotStart, Side.None, 0, 0, 0, u, total === 0 ? EventFlag.EndOfMessage : 0);
    const levels = [...bids.map(([p, s]) => [Side.Buy, p, s] as const), ...asks.map(([p, s]) => [Side.Sell, p, s] as const)];
    levels.forEach(([side, p, s], k) => b.push(t, t, EventType.Level, side, p, s, 0, u, k === total - 1 ? EventFlag.Snapshot | EventFlag.EndOfMessage : EventFlag.Snapshot));
    return b;
  }

  /** A depth diff: each [side, price, new size] (0 removes the level). */
  diff(t: number, changes: readonly (readonly [number, number, number])[]): EventBatch {
    const b = this.batch();
    const u = ++this.seq;
    changes.forEach(([side, p, s], k) => b.push(t, t, EventType.Level, side, p, s, 0, u, k === changes.length - 1 ? EventFlag.EndOfMessage : 0));
    return b;
  }

  /** A trade print; `aggressor` 1 = a buyer lifted the ask, -1 = a seller hit the bid. */
  trade(t: number, aggressor: number, price: number, size: number): EventBatch {
    const b = this.batch();
    b.push(t, t, EventType.Trade, aggressor, price, size, 0, ++this.seq);
    return b;
  }

  gap(t: number): EventBatch {
    const b = this.batch();
    b.push(t, t, EventType.Gap, Side.None, 0, 0, -1, -1);
    return b;
  }

  private batch(): EventBatch {
    return new EventBatch(16, this.originNs, [this.instrument]);
  }
}
