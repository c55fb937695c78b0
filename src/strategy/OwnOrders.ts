import type { RiskState } from '../risk/PreTradeRisk.ts';
import { OrderUpdateKind, type OrderUpdate } from './Strategy.ts';
import { growF64 } from '../core/typedArrays.ts';

/**
 * What a strategy knows of its own orders and position: per order id its side, price, open and filled
 * quantity; the open orders; position and cash from the fills it has been told of. Backtest and live
 * contexts keep one each and change it only from the venue's messages (applyUpdate), so the strategy and
 * the risk gate (this is its RiskState) see the same thing in both. Typed arrays indexed by order id,
 * grown by doubling: nothing is allocated per order once they have reached the session's size.
 */
export class OwnOrders implements RiskState {
  position = 0;
  /** Dollars, fees included. */
  cash = 0;
  openOrders = 0;
  /** Best own resting prices (NaN when none), as of the last refreshOwnBest(). */
  ownBestAsk = NaN;
  ownBestBid = NaN;
  private side = new Int8Array(1024);
  private price = new Float64Array(1024);
  private leaves = new Float64Array(1024);
  private filled = new Float64Array(1024);
  private openIds = new Float64Array(64);
  private openCount = 0;
  private openBuy = 0;
  private openSell = 0;

  constructor(private readonly priceScale: number) {}

  get openBuyQty(): number {
    return this.openBuy;
  }
  get openSellQty(): number {
    return this.openSell;
  }

  /** Number of open orders and the k-th of them (k < openCount). */
  get openIdCount(): number {
    return this.openCount;
  }
  openIdAt(k: number): number {
    return this.openIds[k];
  }

  leavesQty(id: number): number {
    return id > 0 && id < this.leaves.length ? this.leaves[id] : 0;
  }
  filledOf(id: number): number {
    return id > 0 && id < this.filled.length ? this.filled[id] : 0;
  }
  sideOf(id: number): number {
    return id > 0 && id < this.side.length ? this.side[id] : 0;
  }
  priceOf(id: number): number {
    return id > 0 && id < this.price.length ? this.price[id] : NaN;
  }

  /** A new order sent (or one learnt of elsewhere): open for `qty`. */
  track(id: number, side: number, price: number, qty: number, filled = 0): void {
    this.ensure(id);
    this.side[id] = side;
    this.leaves[id] = qty;
    this.filled[id] = filled;
    this.price[id] = price;
    this.addOpen(id);
    if (side > 0) this.openBuy += qty;
    else this.openSell += qty;
    this.openOrders++;
  }

  /** An order that never left (it could not be sent): as if it had not been tracked. */
  forget(id: number): void {
    const qty = this.leaves[id];
    this.leaves[id] = 0;
    if (this.side[id] > 0) this.openBuy -= qty;
    else this.openSell -= qty;
    this.openOrders--;
    this.removeOpen(id);
  }

  /**
   * What a venue message says about an order: a fill moves position and cash; a cancel leaves
   * `leavesQty` open (0 for a full cancel); a reject of a new order closes it (a refused cancel or modify
   * changes nothing); a modify sets the open quantity and price.
   */
  applyUpdate(u: OrderUpdate, ofNewOrder: boolean): void {
    const id = u.orderId;
    const side = this.side[id];
    const before = this.leaves[id];
    let after = before;
    switch (u.kind) {
      case OrderUpdateKind.Filled:
        this.cash -= (side * u.qty * u.price) / this.priceScale + u.fee;
        this.position += side * u.qty;
        this.filled[id] += u.qty;
        after = before - u.qty;
        break;
      case OrderUpdateKind.Cancelled:
        after = u.leavesQty;
        break;
      case OrderUpdateKind.Rejected:
        if (ofNewOrder) after = 0;
        break;
      case OrderUpdateKind.Modified:
        after = u.leavesQty;
        break;
      default:
        return;
    }
    if (after < 0) after = 0;
    this.leaves[id] = after;
    if (side > 0) this.openBuy += after - before;
    else this.openSell += after - before;
    if (u.kind === OrderUpdateKind.Modified && u.price === u.price) this.price[id] = u.price;
    if (before > 0 && after === 0) {
      this.openOrders--;
      this.removeOpen(id);
    }
  }

  /** Every open order is gone (the venue's session ended): open quantities to 0; returns their ids. */
  dropAllOpen(): number[] {
    const ids = Array.from(this.openIds.subarray(0, this.openCount));
    for (const id of ids) {
      const before = this.leaves[id];
      this.leaves[id] = 0;
      if (this.side[id] > 0) this.openBuy -= before;
      else this.openSell -= before;
    }
    this.openCount = 0;
    this.openOrders = 0;
    return ids;
  }

  /** Recomputes ownBestBid / ownBestAsk from the open orders (before a self-trade check). */
  refreshOwnBest(): void {
    this.ownBestAsk = NaN;
    this.ownBestBid = NaN;
    for (let k = 0; k < this.openCount; k++) {
      const o = this.openIds[k];
      const p = this.price[o];
      if (this.side[o] > 0) {
        if (!(p <= this.ownBestBid)) this.ownBestBid = p;
      } else if (!(p >= this.ownBestAsk)) this.ownBestAsk = p;
    }
  }

  /** The day's P&L as the strategy knows it: its fills, marked to the mid it sees (integer price units). */
  knownPnl(bestBid: number, bestAsk: number): number {
    const mid = (bestBid + bestAsk) / 2 / this.priceScale;
    return this.position === 0 || mid !== mid ? this.cash : this.cash + this.position * mid;
  }

  private addOpen(id: number): void {
    if (this.openCount === this.openIds.length) {
      const next = new Float64Array(this.openIds.length * 2);
      next.set(this.openIds);
      this.openIds = next;
    }
    this.openIds[this.openCount++] = id;
  }

  private removeOpen(id: number): void {
    for (let k = 0; k < this.openCount; k++) {
      if (this.openIds[k] !== id) continue;
      this.openIds.copyWithin(k, k + 1, this.openCount);
      this.openCount--;
      return;
    }
  }

  private ensure(id: number): void {
    if (id < this.side.length) return;
    let n = this.side.length;
    while (n <= id) n *= 2;
    const side = new Int8Array(n);
    side.set(this.side);
    this.side = side;
    this.price = growF64(this.price, n);
    this.leaves = growF64(this.leaves, n);
    this.filled = growF64(this.filled, n);
  }
}

