import type { Instrument } from '../data/Instrument.ts';

/** Time in force: rest until cancelled, or fill what crosses now and cancel the rest. */
export const Tif = { Gtc: 0, Ioc: 1 } as const;
export type Tif = (typeof Tif)[keyof typeof Tif];

export const OrderUpdateKind = {
  /** The venue accepted the order (it rests, or is about to be filled/cancelled as IOC). */
  Accepted: 1,
  Filled: 2,
  /** Cancelled on request, or the unfilled rest of an IOC order. */
  Cancelled: 3,
  Rejected: 4,
  /** A modify took effect (price/quantity changed; priority lost unless only the quantity shrank). */
  Modified: 5,
} as const;
export type OrderUpdateKind = (typeof OrderUpdateKind)[keyof typeof OrderUpdateKind];

export const RejectReason = {
  None: 0,
  /** Price not on the tick grid or quantity not a whole number of lots, or not positive. */
  BadPriceOrSize: 1,
  /** The order would have pushed the position past the inventory limit (pre-trade, local). */
  InventoryLimit: 2,
  /** It would have traded against one of our own resting orders. */
  SelfTrade: 3,
  /** Cancel or modify of an order the venue no longer holds (filled or cancelled meanwhile). */
  UnknownOrder: 4,
  /** The venue is halted (LOBSTER trading-state messages). */
  Halted: 5,
  /** Refused by the pre-trade risk gate (src/risk); the context's lastRiskReject says which check. */
  Risk: 6,
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/**
 * One update about one of our orders, as the strategy receives it (after the response latency).
 * The engine reuses one object: read it inside the callback, do not keep it.
 */
export interface OrderUpdate {
  readonly kind: OrderUpdateKind;
  readonly orderId: number;
  /** 1 buy, -1 sell. */
  readonly side: number;
  /** Fill price (Filled), or the order's price, in integer price units. */
  readonly price: number;
  /** Quantity of this fill (Filled), otherwise the order's quantity. */
  readonly qty: number;
  /** Quantity still open after this update. */
  readonly leavesQty: number;
  /** Liquidity flag of a fill (0 maker, 1 taker). */
  readonly liquidity: number;
  /** Fee of a fill in dollars. */
  readonly fee: number;
  readonly reason: RejectReason;
  /** Venue time of the update, ns from the origin. */
  readonly exchNs: number;
}

/** The one reusable OrderUpdate an engine fills in for each message (nothing allocated per message). */
export class MutableOrderUpdate implements OrderUpdate {
  kind: OrderUpdateKind = OrderUpdateKind.Accepted;
  orderId = 0;
  side = 0;
  price = 0;
  qty = 0;
  leavesQty = 0;
  liquidity = 0;
  fee = 0;
  reason: RejectReason = RejectReason.None;
  exchNs = 0;
}

/**
 * What a strategy sees and can do: its own (delayed) view of the market, its model's latest output and
 * its order entry. Backtest and live engine implement the same interface; only the clock and the venue
 * behind it differ. Values are valid during a callback.
 */
export interface TradingContext {
  readonly instrument: Instrument;
  /** Local time, ns from the origin (the data's exchange clock origin). */
  readonly nowNs: number;
  /** Venue time stamp of the market event being delivered. */
  readonly exchNs: number;
  /** The book as the strategy knows it (integer price units; NaN when a side is empty). */
  readonly bestBid: number;
  readonly bestAsk: number;
  readonly bidSize: number;
  readonly askSize: number;
  /** The delivered event: type (EventType), side, price, size. */
  readonly eventType: number;
  readonly eventSide: number;
  readonly eventPrice: number;
  readonly eventSize: number;
  /** The model's latest output (class probabilities down, stationary, up), in model order. */
  readonly prediction: Float64Array;
  /** True when this delivery carries a new prediction (the model ran on this event). */
  readonly predictionFresh: boolean;
  /** Count of predictions made so far (the model's event clock). */
  readonly predictions: number;
  /** The feature row the latest prediction was made from (model order, raw units). */
  readonly features: Float64Array;
  /** Position in shares as known from received fills. */
  readonly position: number;
  /** Orders sent and not yet known to be done. */
  readonly openOrders: number;
  /** Sends a new order; returns its id, or 0 when refused before leaving (see lastReject). */
  submit(side: number, price: number, qty: number, tif: Tif): number;
  cancel(orderId: number): void;
  /** Cancel-replace: a new price or a larger quantity loses queue priority; a smaller quantity keeps it. */
  modify(orderId: number, price: number, qty: number): void;
  /** Open quantity of an order as known locally (0 when done or unknown). */
  leavesQty(orderId: number): number;
  /** Why the last submit returned 0. */
  readonly lastReject: RejectReason;
  /** The risk check that refused it when lastReject is Risk (a RiskReject code of src/risk). */
  readonly lastRiskReject: number;
}

/**
 * A trading strategy: callbacks on market data, fills and timers. Implementations keep their state in
 * fields and must not allocate per callback (they run once per market event).
 */
export interface Strategy {
  readonly name: string;
  /** Parameters for reports. */
  readonly params: { readonly [name: string]: string | number };
  onStart?(ctx: TradingContext): void;
  /** Every market event that changed or may have changed the book, at local time. */
  onBook(ctx: TradingContext): void;
  /** Executions printed by the venue (someone traded), after onBook of the same event. */
  onTrade?(ctx: TradingContext): void;
  onOrderUpdate?(ctx: TradingContext, update: OrderUpdate): void;
  /** Periodic timer on the local clock (interval set by the engine's config). */
  onTimer?(ctx: TradingContext): void;
  onEnd?(ctx: TradingContext): void;
}
