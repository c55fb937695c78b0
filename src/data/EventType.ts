/**
 * The event types of the normalized stream. The first seven mirror LOBSTER's message types 1–7 so that a
 * LOBSTER type code is its EventType; the rest cover venues that publish levels rather than orders.
 */
export const EventType = {
  /** A new visible limit order (LOBSTER 1). */
  Add: 1,
  /** Partial cancellation: the order's size is reduced by `size` (LOBSTER 2). */
  Reduce: 2,
  /** Total deletion of the order (LOBSTER 3). */
  Delete: 3,
  /** Execution against a visible resting order; `side` is the resting order's side (LOBSTER 4). */
  ExecuteVisible: 4,
  /** Execution against hidden liquidity; no visible book change (LOBSTER 5). */
  ExecuteHidden: 5,
  /** Cross (auction) trade; no visible book change (LOBSTER 6). */
  CrossTrade: 6,
  /** Trading-state change (LOBSTER 7): `price` is -1 halt, 0 quoting resumes, 1 trading resumes. */
  TradingState: 7,
  /** An anonymous trade print (Binance `trade`): `side` is the aggressor's side. */
  Trade: 8,
  /** L2 level update: the aggregate size at `price` on `side` becomes `size` (0 removes it). */
  Level: 9,
  /** Start of a full-book snapshot on `side` 0 (both sides): the book is cleared; Level events follow. */
  SnapshotStart: 10,
  /** Best bid/offer report (Binance `bookTicker`): one event per side, sharing `seq`. */
  BestQuote: 11,
  /** The venue stream lost continuity (sequence gap): consumers must drop the book and resync. */
  Gap: 12,
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export const EVENT_TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(EventType).map(([name, code]) => [code, name]),
);

/** Trading-state codes carried in `price` of TradingState events (LOBSTER's convention). */
export const TradingStateCode = { Halt: -1, Quoting: 0, Resume: 1 } as const;

/** Sides: buy/bid = 1, sell/ask = -1 (LOBSTER's direction convention), none = 0. */
export const Side = { Buy: 1, Sell: -1, None: 0 } as const;
export type Side = (typeof Side)[keyof typeof Side];

/** Event flags (bit set). */
export const EventFlag = {
  /** Last event of an atomic venue message: the book is consistent after it. */
  EndOfMessage: 1,
  /** Part of a snapshot (seeded state, not a change that happened at this time). */
  Snapshot: 2,
} as const;
