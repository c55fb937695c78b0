/** Outcome of one request to the matching engine. */
export const OrderStatus = {
  /** Refused before touching the book; `reason` says why. No events were emitted. */
  Rejected: 0,
  /** Accepted; the order (or what is left of it) rests in the book. */
  Resting: 1,
  /** Accepted and completely filled. */
  Filled: 2,
  /** Accepted and done without resting: a cancel, or an IOC / market / self-trade remainder. */
  Cancelled: 3,
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/**
 * Why a request was rejected, or why (part of) an accepted order was cancelled.
 * Codes below 100 are rejections; codes from 100 explain a cancellation of an accepted order.
 */
export const OrderReason = {
  None: 0,
  NonPositiveSize: 1,
  NonIntegerSize: 2,
  /** Size is not a multiple of the instrument's lot size. */
  OffLotSize: 3,
  /** Price is not a positive safe integer (limit and IOC orders). */
  InvalidPrice: 4,
  /** Price is not a multiple of the instrument's tick size. */
  OffTickPrice: 5,
  /** Cancel or modify of an id that is not resting (never seen, filled or already cancelled). */
  UnknownOrder: 6,
  /** Submit with the id of an order that is still resting. */
  DuplicateOrderId: 7,
  /** Order id is not a positive safe integer. */
  InvalidOrderId: 8,
  /** Side is neither 1 (buy) nor -1 (sell). */
  InvalidSide: 9,
  InvalidOrderType: 10,
  /** Market or IOC remainder: nothing left to match at an acceptable price. */
  NoLiquidity: 100,
  /** Self-trade prevention stopped the order (or removed a resting order). */
  SelfTrade: 101,
  /** The owner asked for it (cancel, or the size given back by a modify). */
  Requested: 102,
} as const;
export type OrderReason = (typeof OrderReason)[keyof typeof OrderReason];

export const OrderRequest = { Submit: 1, Cancel: 2, Modify: 3 } as const;
export type OrderRequest = (typeof OrderRequest)[keyof typeof OrderRequest];

/**
 * The engine's answer to a request. One instance per engine, overwritten by every request (no allocation
 * on the hot path): read it before the next request, or copy what you need.
 *
 * Size accounting, so that over any run
 *   Σ acceptedSize = resting size in the book + 2·Σ filledSize + Σ cancelledSize + Σ self-trade cancels of
 *   resting orders (reported through ExecutionListener.onRestingCancelled).
 * - submit: acceptedSize = size; filled + resting + cancelled = size.
 * - cancel: cancelledSize = the order's open size.
 * - modify that keeps priority (same price, smaller size): cancelledSize = the size given back.
 * - modify that loses priority (new price or larger size): the old order is cancelled (its open size
 *   counts in cancelledSize) and re-entered with acceptedSize = the new size, which may trade at once.
 */
export class OrderReport {
  request: OrderRequest = OrderRequest.Submit;
  status: OrderStatus = OrderStatus.Rejected;
  reason: OrderReason = OrderReason.None;
  orderId = 0;
  /** Engine time of the request (ns since the clock origin). */
  tsNs = 0;
  acceptedSize = 0;
  /** Size traded by this request (as aggressor). */
  filledSize = 0;
  /** Number of fills this request made. */
  fillCount = 0;
  /** Open size of the order in the book after the request (0 when it does not rest). */
  restingSize = 0;
  /** Size removed without trading by this request (see the class comment). */
  cancelledSize = 0;

  /** For tests and logs (allocates). */
  toJSON(): Record<string, number> {
    return {
      request: this.request,
      status: this.status,
      reason: this.reason,
      orderId: this.orderId,
      tsNs: this.tsNs,
      acceptedSize: this.acceptedSize,
      filledSize: this.filledSize,
      fillCount: this.fillCount,
      restingSize: this.restingSize,
      cancelledSize: this.cancelledSize,
    };
  }
}
