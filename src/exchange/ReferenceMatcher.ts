import type { Instrument } from '../data/Instrument.ts';
import { OrderReason, OrderStatus } from './OrderReport.ts';
import { OrderType } from './OrderType.ts';
import { SelfTradePrevention } from './SelfTradePrevention.ts';

/**
 * A deliberately naive price-time-priority matcher: one plain array of resting orders, best order found by
 * a full scan (best price, then earliest arrival). O(n) per step and obviously correct; it exists as the
 * oracle that property tests compare MatchingEngine against. Same rules, same reason codes.
 */
export interface ReferenceOrder {
  id: number;
  owner: number;
  side: number;
  price: number;
  size: number;
  stp: SelfTradePrevention;
  /** Arrival number: lower = earlier = ahead in the queue. */
  arrival: number;
}

export interface ReferenceFill {
  aggressorId: number;
  restingId: number;
  price: number;
  size: number;
  aggressorOwner: number;
  restingOwner: number;
}

export interface ReferenceResult {
  status: OrderStatus;
  reason: OrderReason;
  acceptedSize: number;
  filledSize: number;
  restingSize: number;
  cancelledSize: number;
}

export class ReferenceMatcher {
  resting: ReferenceOrder[] = [];
  fills: ReferenceFill[] = [];
  /** Size of resting orders removed by self-trade prevention. */
  selfTradeCancelledSize = 0;
  private arrivals = 0;

  constructor(
    readonly instrument: Instrument,
    readonly defaultStp: SelfTradePrevention = SelfTradePrevention.CancelIncoming,
  ) {}

  submit(type: OrderType, id: number, owner: number, side: number, price: number, size: number, stp = this.defaultStp): ReferenceResult {
    if (type !== OrderType.Limit && type !== OrderType.Market && type !== OrderType.ImmediateOrCancel) return rejected(OrderReason.InvalidOrderType);
    if (side !== 1 && side !== -1) return rejected(OrderReason.InvalidSide);
    if (!Number.isSafeInteger(id) || id <= 0) return rejected(OrderReason.InvalidOrderId);
    if (type !== OrderType.Market) {
      const pr = this.priceReason(price);
      if (pr !== OrderReason.None) return rejected(pr);
    }
    const sr = this.sizeReason(size);
    if (sr !== OrderReason.None) return rejected(sr);
    if (this.resting.some((o) => o.id === id)) return rejected(OrderReason.DuplicateOrderId);
    const res = this.enter(type, id, owner, side, price, size, stp);
    res.acceptedSize = size;
    return res;
  }

  cancel(id: number): ReferenceResult {
    const o = this.resting.find((x) => x.id === id);
    if (!o) return rejected(OrderReason.UnknownOrder);
    this.resting = this.resting.filter((x) => x !== o);
    return { status: OrderStatus.Cancelled, reason: OrderReason.Requested, acceptedSize: 0, filledSize: 0, restingSize: 0, cancelledSize: o.size };
  }

  modify(id: number, price: number, size: number): ReferenceResult {
    const o = this.resting.find((x) => x.id === id);
    if (!o) return rejected(OrderReason.UnknownOrder);
    const pr = this.priceReason(price);
    if (pr !== OrderReason.None) return rejected(pr);
    const sr = this.sizeReason(size);
    if (sr !== OrderReason.None) return rejected(sr);
    if (price === o.price && size <= o.size) {
      const given = o.size - size;
      o.size = size;
      return {
        status: OrderStatus.Resting,
        reason: given > 0 ? OrderReason.Requested : OrderReason.None,
        acceptedSize: 0,
        filledSize: 0,
        restingSize: size,
        cancelledSize: given,
      };
    }
    this.resting = this.resting.filter((x) => x !== o);
    const res = this.enter(OrderType.Limit, id, o.owner, o.side, price, size, o.stp);
    res.acceptedSize = size;
    res.cancelledSize += o.size;
    return res;
  }

  /** Aggregated levels of a side, best first: [price, size][]. */
  levels(side: number): [number, number][] {
    const bySize = new Map<number, number>();
    for (const o of this.resting) if (o.side === side) bySize.set(o.price, (bySize.get(o.price) ?? 0) + o.size);
    return [...bySize.entries()].sort((a, b) => (side > 0 ? b[0] - a[0] : a[0] - b[0]));
  }

  /** Ids at a price in queue order. */
  queue(side: number, price: number): number[] {
    return this.resting
      .filter((o) => o.side === side && o.price === price)
      .sort((a, b) => a.arrival - b.arrival)
      .map((o) => o.id);
  }

  private enter(type: OrderType, id: number, owner: number, side: number, price: number, size: number, stp: SelfTradePrevention): ReferenceResult {
    let remaining = size;
    let stopped = false;
    while (remaining > 0) {
      const best = this.bestOpposite(side);
      if (!best) break;
      if (type !== OrderType.Market && (side > 0 ? best.price > price : best.price < price)) break;
      if (stp !== SelfTradePrevention.Allow && best.owner === owner) {
        if (stp === SelfTradePrevention.CancelIncoming) {
          stopped = true;
          break;
        }
        this.resting = this.resting.filter((x) => x !== best);
        this.selfTradeCancelledSize += best.size;
        if (stp === SelfTradePrevention.CancelBoth) {
          stopped = true;
          break;
        }
        continue;
      }
      const q = Math.min(best.size, remaining);
      this.fills.push({ aggressorId: id, restingId: best.id, price: best.price, size: q, aggressorOwner: owner, restingOwner: best.owner });
      remaining -= q;
      best.size -= q;
      if (best.size === 0) this.resting = this.resting.filter((x) => x !== best);
    }
    const filledSize = size - remaining;
    if (remaining === 0) return { status: OrderStatus.Filled, reason: OrderReason.None, acceptedSize: 0, filledSize, restingSize: 0, cancelledSize: 0 };
    if (stopped) return { status: OrderStatus.Cancelled, reason: OrderReason.SelfTrade, acceptedSize: 0, filledSize, restingSize: 0, cancelledSize: remaining };
    if (type !== OrderType.Limit) {
      return { status: OrderStatus.Cancelled, reason: OrderReason.NoLiquidity, acceptedSize: 0, filledSize, restingSize: 0, cancelledSize: remaining };
    }
    this.resting.push({ id, owner, side, price, size: remaining, stp, arrival: this.arrivals++ });
    return { status: OrderStatus.Resting, reason: OrderReason.None, acceptedSize: 0, filledSize, restingSize: remaining, cancelledSize: 0 };
  }

  private bestOpposite(side: number): ReferenceOrder | undefined {
    let best: ReferenceOrder | undefined;
    for (const o of this.resting) {
      if (o.side !== -side) continue;
      if (!best) best = o;
      else if (o.price !== best.price) {
        // Sell orders: lowest price first; buy orders: highest price first.
        if (o.side < 0 ? o.price < best.price : o.price > best.price) best = o;
      } else if (o.arrival < best.arrival) best = o;
    }
    return best;
  }

  private priceReason(price: number): OrderReason {
    if (!Number.isSafeInteger(price) || price <= 0) return OrderReason.InvalidPrice;
    if (price % this.instrument.tickSize !== 0) return OrderReason.OffTickPrice;
    return OrderReason.None;
  }

  private sizeReason(size: number): OrderReason {
    if (!Number.isInteger(size)) return OrderReason.NonIntegerSize;
    if (size <= 0) return OrderReason.NonPositiveSize;
    if (!Number.isSafeInteger(size)) return OrderReason.NonIntegerSize;
    if (size % this.instrument.lotSize !== 0) return OrderReason.OffLotSize;
    return OrderReason.None;
  }
}

function rejected(reason: OrderReason): ReferenceResult {
  return { status: OrderStatus.Rejected, reason, acceptedSize: 0, filledSize: 0, restingSize: 0, cancelledSize: 0 };
}
