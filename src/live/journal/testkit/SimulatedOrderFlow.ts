import { SeededRng } from '../../../core/rng.ts';
import { copyOrder, copyPosition } from '../JournalState.ts';
import { OrderStatus, RejectTarget, type CheckpointContent, type OrderState, type PositionState } from '../JournalRecord.ts';

/** What the flow writes to: a JournalWriter, or a stand-in that only counts. */
export interface JournalSink {
  orderSent(localNs: number, instrument: number, clientId: number, side: number, tif: number, price: number, qty: number): number;
  accepted(localNs: number, instrument: number, clientId: number, venueRef: number, price: number, leaves: number): number;
  rejected(localNs: number, instrument: number, clientId: number, reason: number, target?: number): number;
  executed(localNs: number, instrument: number, clientId: number, venueRef: number, execId: number, side: number, price: number, qty: number, leaves: number, fee: number, liquidity: number): number;
  cancelSent(localNs: number, instrument: number, clientId: number): number;
  cancelled(localNs: number, instrument: number, clientId: number, cancelledQty: number, leaves: number, reason?: number): number;
  replaceSent(localNs: number, instrument: number, clientId: number, newClientId: number, price: number, qty: number): number;
  replaced(localNs: number, instrument: number, clientId: number, newClientId: number, venueRef: number, price: number, leaves: number): number;
  checkpoint(localNs: number, content: CheckpointContent): number;
}

/** A sink that writes nothing: replays a flow's bookkeeping up to a given record. */
export const NULL_SINK: JournalSink = {
  orderSent: () => 0,
  accepted: () => 0,
  rejected: () => 0,
  executed: () => 0,
  cancelSent: () => 0,
  cancelled: () => 0,
  replaceSent: () => 0,
  replaced: () => 0,
  checkpoint: () => 0,
};

export interface FlowOptions {
  instruments?: number;
  maxOpenOrders?: number;
  /** Write a Checkpoint every this many steps (0: never). */
  checkpointEvery?: number;
}

/**
 * A seeded, deterministic engine-and-venue conversation: orders sent, accepted or rejected, partly and fully
 * filled, cancels and replaces sent and answered, checkpoints. Each `step` writes exactly one record, so
 * the same seed replayed for k steps is the engine's state after its (k+1)-th record (the first is the
 * writer's SessionStart). Its bookkeeping is written independently of JournalState: it is the truth the
 * recovered state is compared with.
 */
export class SimulatedOrderFlow {
  readonly positions = new Map<number, PositionState>();
  readonly orders = new Map<number, OrderState>();
  maxClientId: number;
  steps = 0;
  localNs = 0;
  private readonly rng: SeededRng;
  private readonly instruments: number;
  private readonly maxOpen: number;
  private readonly checkpointEvery: number;
  private nextVenueRef = 1;
  private nextExecId = 1;
  private readonly pick: OrderState[] = [];

  constructor(seed: number, options: FlowOptions = {}, firstClientId = 1) {
    this.rng = new SeededRng(seed);
    this.instruments = options.instruments ?? 3;
    this.maxOpen = options.maxOpenOrders ?? 40;
    this.checkpointEvery = options.checkpointEvery ?? 0;
    this.maxClientId = firstClientId - 1;
  }

  step(sink: JournalSink): void {
    this.steps++;
    this.localNs += 1 + this.rng.nextInt(5_000);
    const t = this.localNs;
    if (this.checkpointEvery > 0 && this.steps % this.checkpointEvery === 0) {
      sink.checkpoint(t, { maxClientId: this.maxClientId, positions: this.positions.values(), orders: this.orders.values() });
      return;
    }
    for (;;) {
      const u = this.rng.nextInt(100);
      if (u < 25) {
        if (this.orders.size >= this.maxOpen) continue;
        const id = ++this.maxClientId;
        const instrument = 1 + this.rng.nextInt(this.instruments);
        const side = this.rng.nextInt(2) === 0 ? 1 : -1;
        const price = 1_000_000 + (this.rng.nextInt(200) - 100) * 100;
        const qty = 100 * (1 + this.rng.nextInt(10));
        const tif = this.rng.nextInt(10) === 0 ? 1 : 0;
        this.orders.set(id, { clientId: id, instrument, side, tif, status: OrderStatus.PendingNew, price, qty, leaves: qty, filledQty: 0, venueRef: 0, pendingClientId: 0 });
        sink.orderSent(t, instrument, id, side, tif, price, qty);
        return;
      }
      if (u < 45) {
        const o = this.any(OrderStatus.PendingNew);
        if (o === undefined) continue;
        if (this.rng.nextInt(20) === 0) {
          this.orders.delete(o.clientId);
          sink.rejected(t, o.instrument, o.clientId, 6, RejectTarget.Order);
          return;
        }
        o.status = OrderStatus.Open;
        o.venueRef = this.nextVenueRef++;
        sink.accepted(t, o.instrument, o.clientId, o.venueRef, o.price, o.leaves);
        return;
      }
      if (u < 70) {
        const o = this.anyLive();
        if (o === undefined) continue;
        const qty = this.rng.nextInt(3) === 0 ? o.leaves : Math.max(1, Math.floor(o.leaves * this.rng.nextFloat()));
        const price = o.price + (this.rng.nextInt(3) - 1) * (o.side === 1 ? -100 : 100);
        const fee = qty * price * 1e-4 * 0.00003 * (this.rng.nextInt(4) === 0 ? -0.5 : 1);
        const liquidity = this.rng.nextInt(2);
        const p = this.position(o.instrument);
        p.position += o.side * qty;
        p.costUnits += o.side * qty * price;
        p.fees += fee;
        p.fills++;
        p.filledQty += qty;
        o.leaves -= qty;
        o.filledQty += qty;
        if (o.leaves === 0) this.orders.delete(o.clientId);
        sink.executed(t, o.instrument, o.clientId, o.venueRef, this.nextExecId++, o.side, price, qty, o.leaves, fee, liquidity);
        return;
      }
      if (u < 78) {
        const o = this.any(OrderStatus.Open);
        if (o === undefined) continue;
        o.status = OrderStatus.PendingCancel;
        sink.cancelSent(t, o.instrument, o.clientId);
        return;
      }
      if (u < 86) {
        const o = this.any(OrderStatus.PendingCancel);
        if (o === undefined) continue;
        if (this.rng.nextInt(10) === 0) {
          o.status = OrderStatus.Open;
          sink.rejected(t, o.instrument, o.clientId, 4, RejectTarget.Cancel);
          return;
        }
        const q = o.leaves;
        this.orders.delete(o.clientId);
        sink.cancelled(t, o.instrument, o.clientId, q, 0, 0);
        return;
      }
      if (u < 93) {
        const o = this.any(OrderStatus.Open);
        if (o === undefined) continue;
        const newId = ++this.maxClientId;
        o.status = OrderStatus.PendingReplace;
        o.pendingClientId = newId;
        const price = o.price + (this.rng.nextInt(5) - 2) * 100;
        const qty = o.filledQty + 100 * (1 + this.rng.nextInt(5));
        sink.replaceSent(t, o.instrument, o.clientId, newId, price, qty);
        this.replaceTarget.set(o.clientId, { price, qty });
        return;
      }
      {
        const o = this.any(OrderStatus.PendingReplace);
        if (o === undefined) continue;
        const target = this.replaceTarget.get(o.clientId)!;
        this.replaceTarget.delete(o.clientId);
        if (this.rng.nextInt(10) === 0) {
          o.status = OrderStatus.Open;
          o.pendingClientId = 0;
          sink.rejected(t, o.instrument, o.clientId, 4, RejectTarget.Replace);
          return;
        }
        // Fills while the replace was in flight may have used up the new quantity: then nothing stays open.
        const leaves = Math.max(0, target.qty - o.filledQty);
        const newId = o.pendingClientId;
        this.orders.delete(o.clientId);
        const venueRef = this.nextVenueRef++;
        if (leaves > 0) {
          this.orders.set(newId, { ...o, clientId: newId, status: OrderStatus.Open, price: target.price, qty: o.filledQty + leaves, leaves, venueRef, pendingClientId: 0 });
        }
        sink.replaced(t, o.instrument, o.clientId, newId, venueRef, target.price, leaves);
        return;
      }
    }
  }

  /** Positions and open orders sorted by key (the form of `JournalState.summary()`). */
  summary(): { maxClientId: number; positions: PositionState[]; orders: OrderState[] } {
    return {
      maxClientId: this.maxClientId,
      positions: [...this.positions.values()].map(copyPosition).sort((a, b) => a.instrument - b.instrument),
      orders: [...this.orders.values()].map(copyOrder).sort((a, b) => a.clientId - b.clientId),
    };
  }

  private readonly replaceTarget = new Map<number, { price: number; qty: number }>();

  private position(instrument: number): PositionState {
    let p = this.positions.get(instrument);
    if (p === undefined) {
      p = { instrument, position: 0, costUnits: 0, fees: 0, fills: 0, filledQty: 0 };
      this.positions.set(instrument, p);
    }
    return p;
  }

  private any(status: OrderStatus): OrderState | undefined {
    this.pick.length = 0;
    for (const o of this.orders.values()) if (o.status === status) this.pick.push(o);
    return this.pick.length === 0 ? undefined : this.pick[this.rng.nextInt(this.pick.length)];
  }

  /** An order the venue has accepted (fills race with pending cancels and replaces). */
  private anyLive(): OrderState | undefined {
    this.pick.length = 0;
    for (const o of this.orders.values()) if (o.status !== OrderStatus.PendingNew) this.pick.push(o);
    return this.pick.length === 0 ? undefined : this.pick[this.rng.nextInt(this.pick.length)];
  }
}
