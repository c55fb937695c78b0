/** The firm's pre-trade limits for one instrument. Prices in integer price units, sizes in shares. */
export interface RiskLimits {
  /** Largest quantity of one order. */
  readonly maxOrderQty: number;
  /** Largest notional of one order, dollars. */
  readonly maxOrderNotional: number;
  /** Price collar: a buy above (a sell below) the reference price by more than this many bps is refused. */
  readonly priceCollarBps: number;
  /** |position + open quantity on the order's side| may not exceed this. */
  readonly maxPosition: number;
  /** Orders open at once. */
  readonly maxOpenOrders: number;
  /** Order-rate limit: burst and sustained orders per second (token bucket). */
  readonly maxOrdersBurst: number;
  readonly maxOrdersPerSecond: number;
  /** Loss (realised + unrealised, after fees) that trips the kill switch, dollars (positive number). */
  readonly maxDailyLoss: number;
}

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxOrderQty: 1_000,
  maxOrderNotional: 1_000_000,
  priceCollarBps: 100,
  maxPosition: 1_000,
  maxOpenOrders: 20,
  maxOrdersBurst: 50,
  maxOrdersPerSecond: 200,
  maxDailyLoss: 50_000,
};
