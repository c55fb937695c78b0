/**
 * Receives what happens to orders other than the requester's own report: every fill, and resting orders
 * removed by self-trade prevention. Set once on the engine; all arguments are numbers, so no object or
 * closure is created per order.
 */
export interface ExecutionListener {
  /**
   * One fill: `size` traded at `price` (the resting order's price) between the incoming (aggressor) order
   * and a resting order. `restingRemaining` is the resting order's open size after the fill (0 = gone).
   */
  onFill(
    tsNs: number,
    aggressorId: number,
    aggressorOwner: number,
    aggressorSide: number,
    restingId: number,
    restingOwner: number,
    price: number,
    size: number,
    restingRemaining: number,
  ): void;

  /** A resting order removed by the engine, not by its owner's request (self-trade prevention). */
  onRestingCancelled(tsNs: number, orderId: number, owner: number, side: number, price: number, size: number, reason: number): void;
}

/** The default listener: ignores everything. */
export const NO_EXECUTION_LISTENER: ExecutionListener = {
  onFill(): void {},
  onRestingCancelled(): void {},
};
