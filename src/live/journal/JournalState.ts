import { JournalError } from './JournalError.ts';
import {
  OrderStatus,
  RecordType,
  RejectTarget,
  type CheckpointContent,
  type JournalRecord,
  type OrderState,
  type PositionState,
} from './JournalRecord.ts';

/** Something in the journal that the state machine could not square (kept, counted, never fatal). */
export interface JournalAnomaly {
  readonly seq: number;
  readonly clientId: number;
  readonly detail: string;
}

const MAX_KEPT_ANOMALIES = 100;

/**
 * The state the journal implies: per instrument position, cost and fees from the fills, the open orders
 * with their leaves, the highest client id and the last sequence number. Recovery applies records to it
 * in journal order; a Checkpoint record replaces it wholesale. Fills always move the position (a fill is a
 * fact even for an order the journal does not know); everything the journal cannot square is an anomaly.
 */
export class JournalState {
  readonly positions = new Map<number, PositionState>();
  /** Open orders by client id, in the order they were sent. */
  readonly orders = new Map<number, OrderState>();
  lastSeq = 0;
  lastLocalNs = 0;
  maxClientId = 0;
  sessions = 0;
  /** Origin (epoch ns) of the latest session: localNs of its records count from it. */
  originNs = 0n;
  anomalyCount = 0;
  readonly anomalies: JournalAnomaly[] = [];

  apply(r: JournalRecord): void {
    this.lastSeq = r.seq;
    this.lastLocalNs = r.localNs;
    switch (r.type) {
      case RecordType.SessionStart:
        this.sessions++;
        this.originNs = r.originNs;
        return;
      case RecordType.OrderSent:
        if (this.orders.has(r.clientId)) this.anomaly(r.seq, r.clientId, 'OrderSent reuses the id of an open order');
        this.noteClientId(r.clientId);
        this.orders.set(r.clientId, {
          clientId: r.clientId,
          instrument: r.instrument,
          side: r.side,
          tif: r.tif,
          status: OrderStatus.PendingNew,
          price: r.price,
          qty: r.qty,
          leaves: r.qty,
          filledQty: 0,
          venueRef: 0,
          pendingClientId: 0,
        });
        return;
      case RecordType.Accepted: {
        const o = this.order(r.seq, r.clientId, 'Accepted');
        if (o === undefined) return;
        o.status = OrderStatus.Open;
        o.venueRef = r.venueRef;
        o.price = r.price;
        o.leaves = r.leaves;
        if (o.leaves === 0) this.orders.delete(r.clientId);
        return;
      }
      case RecordType.Rejected: {
        const o = this.order(r.seq, r.clientId, 'Rejected');
        if (o === undefined) return;
        if (r.target === RejectTarget.Order) this.orders.delete(r.clientId);
        else {
          o.status = OrderStatus.Open;
          o.pendingClientId = 0;
        }
        return;
      }
      case RecordType.Executed: {
        const p = this.position(r.instrument);
        const signed = r.side * r.qty;
        p.position += signed;
        p.costUnits += signed * r.price;
        p.fees += r.fee;
        p.fills++;
        p.filledQty += r.qty;
        if (!Number.isSafeInteger(p.costUnits) || !Number.isSafeInteger(p.position)) {
          throw new JournalError('bad-value', '(state)', -1, r.seq, 'costUnits', `instrument ${r.instrument}: position or cost left the exact integer range of a double`);
        }
        const o = this.order(r.seq, r.clientId, 'Executed');
        if (o === undefined) return;
        if (o.side !== r.side) this.anomaly(r.seq, r.clientId, `fill side ${r.side} on a side ${o.side} order`);
        if (o.leaves - r.qty !== r.leaves) this.anomaly(r.seq, r.clientId, `leaves ${o.leaves} − fill ${r.qty} ≠ reported leaves ${r.leaves}`);
        o.filledQty += r.qty;
        o.leaves = r.leaves;
        if (o.leaves <= 0) this.orders.delete(r.clientId);
        return;
      }
      case RecordType.CancelSent: {
        const o = this.order(r.seq, r.clientId, 'CancelSent');
        if (o !== undefined) o.status = OrderStatus.PendingCancel;
        return;
      }
      case RecordType.Cancelled: {
        const o = this.order(r.seq, r.clientId, 'Cancelled');
        if (o === undefined) return;
        o.leaves = r.leaves;
        if (o.leaves <= 0) this.orders.delete(r.clientId);
        else if (o.status === OrderStatus.PendingCancel) o.status = OrderStatus.Open;
        return;
      }
      case RecordType.ReplaceSent: {
        this.noteClientId(r.newClientId);
        const o = this.order(r.seq, r.clientId, 'ReplaceSent');
        if (o === undefined) return;
        o.status = OrderStatus.PendingReplace;
        o.pendingClientId = r.newClientId;
        return;
      }
      case RecordType.Replaced: {
        this.noteClientId(r.newClientId);
        const o = this.order(r.seq, r.clientId, 'Replaced');
        if (o === undefined) return;
        this.orders.delete(r.clientId);
        if (r.leaves <= 0) return;
        this.orders.set(r.newClientId, {
          clientId: r.newClientId,
          instrument: o.instrument,
          side: o.side,
          tif: o.tif,
          status: OrderStatus.Open,
          price: r.price,
          qty: o.filledQty + r.leaves,
          leaves: r.leaves,
          filledQty: o.filledQty,
          venueRef: r.venueRef,
          pendingClientId: 0,
        });
        return;
      }
      case RecordType.Checkpoint:
        this.positions.clear();
        this.orders.clear();
        for (const p of r.positions) this.positions.set(p.instrument, copyPosition(p));
        for (const o of r.orders) this.orders.set(o.clientId, copyOrder(o));
        this.maxClientId = r.maxClientId;
        this.sessions = r.sessions;
        this.originNs = r.originNs;
        return;
    }
  }

  /** The content of a Checkpoint record written now. */
  checkpointContent(): CheckpointContent {
    return { maxClientId: this.maxClientId, positions: this.positions.values(), orders: this.orders.values() };
  }

  /** Position of one instrument (created flat on first use). */
  position(instrument: number): PositionState {
    let p = this.positions.get(instrument);
    if (p === undefined) {
      p = { instrument, position: 0, costUnits: 0, fees: 0, fills: 0, filledQty: 0 };
      this.positions.set(instrument, p);
    }
    return p;
  }

  /** Positions and open orders sorted by key: a canonical form for comparing two states. */
  summary(): { lastSeq: number; maxClientId: number; sessions: number; positions: PositionState[]; orders: OrderState[] } {
    return {
      lastSeq: this.lastSeq,
      maxClientId: this.maxClientId,
      sessions: this.sessions,
      positions: [...this.positions.values()].map(copyPosition).sort((a, b) => a.instrument - b.instrument),
      orders: [...this.orders.values()].map(copyOrder).sort((a, b) => a.clientId - b.clientId),
    };
  }

  private order(seq: number, clientId: number, what: string): OrderState | undefined {
    const o = this.orders.get(clientId);
    if (o === undefined) this.anomaly(seq, clientId, `${what} for an order that is not open in the journal`);
    return o;
  }

  private noteClientId(id: number): void {
    if (id > this.maxClientId) this.maxClientId = id;
  }

  private anomaly(seq: number, clientId: number, detail: string): void {
    this.anomalyCount++;
    if (this.anomalies.length < MAX_KEPT_ANOMALIES) this.anomalies.push({ seq, clientId, detail });
  }
}

/** A copy with the fields in declaration order (so two equal states also print identically). */
export function copyPosition(p: PositionState): PositionState {
  return { instrument: p.instrument, position: p.position, costUnits: p.costUnits, fees: p.fees, fills: p.fills, filledQty: p.filledQty };
}

export function copyOrder(o: OrderState): OrderState {
  return {
    clientId: o.clientId,
    instrument: o.instrument,
    side: o.side,
    tif: o.tif,
    status: o.status,
    price: o.price,
    qty: o.qty,
    leaves: o.leaves,
    filledQty: o.filledQty,
    venueRef: o.venueRef,
    pendingClientId: o.pendingClientId,
  };
}
