import { OrderReason } from '../../exchange/OrderReport.ts';

/**
 * The letters and code tables of both wire protocols (docs/protocol.md). Letters are held as their
 * ASCII codes, which is what the wire carries, so enumerated fields need no mapping; sides are the one
 * exception: 'B' / 'S' on the wire, the platform's +1 / −1 in decoded messages.
 */
const c = (letter: string): number => letter.charCodeAt(0);

// ---- Order entry, session layer (SoupBinTCP-like packet types) ----
export const SessionPacket = {
  /** client → venue */
  LoginRequest: c('L'),
  UnsequencedData: c('U'),
  ClientHeartbeat: c('R'),
  LogoutRequest: c('O'),
  /** venue → client */
  LoginAccepted: c('A'),
  LoginRejected: c('J'),
  SequencedData: c('S'),
  ServerHeartbeat: c('H'),
  EndOfSession: c('Z'),
} as const;

export const LoginRejectReason = {
  NotAuthorized: c('A'),
  SessionNotAvailable: c('S'),
} as const;

// ---- Order entry, application messages (OUCH-like) ----
export const OrderEntryMessage = {
  /** client → venue, in Unsequenced Data packets */
  EnterOrder: c('O'),
  ReplaceOrder: c('U'),
  CancelOrder: c('X'),
  /** venue → client, in Sequenced Data packets */
  SystemEvent: c('S'),
  Accepted: c('A'),
  Replaced: c('U'),
  Executed: c('E'),
  Cancelled: c('C'),
  Rejected: c('J'),
} as const;

// ---- Market data packets (MoldUDP64-like, over TCP) ----
export const FeedPacket = {
  /** venue → client: sequenced messages; count 0 = heartbeat, count 0xFFFF = end of session */
  SequencedData: c('D'),
  /** venue → client: snapshot messages (not sequenced; the header's sequence is the snapshot's) */
  Snapshot: c('P'),
  /** client → venue */
  RetransmitRequest: c('R'),
  SnapshotRequest: c('Q'),
} as const;

/** Message count of a heartbeat and of the end-of-session packet (MoldUDP64's conventions). */
export const FEED_HEARTBEAT_COUNT = 0;
export const FEED_END_OF_SESSION_COUNT = 0xffff;

// ---- Market data messages (ITCH-like) ----
export const FeedMessage = {
  SystemEvent: c('S'),
  AddOrder: c('A'),
  OrderExecuted: c('E'),
  OrderCancel: c('X'),
  OrderDelete: c('D'),
  Trade: c('P'),
  SnapshotStart: c('s'),
  SnapshotEnd: c('e'),
} as const;

// ---- Field values ----
export const SIDE_BUY_BYTE = c('B');
export const SIDE_SELL_BYTE = c('S');

export const TimeInForce = {
  /** Rests until cancelled or the end of the day (the matching engine's Limit). */
  Day: c('0'),
  /** Whatever does not match at once is cancelled (the matching engine's ImmediateOrCancel). */
  ImmediateOrCancel: c('3'),
} as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

export const LiquidityFlag = {
  /** The order was resting: maker. */
  Added: c('A'),
  /** The order took liquidity: taker. */
  Removed: c('R'),
} as const;

export const OrderState = {
  /** The order rests in the book. */
  Live: c('L'),
  /** Done already (e.g. an IOC that matched or was cancelled on arrival). */
  Dead: c('D'),
} as const;

/** System event codes (both protocols); also the trading state carried in a Snapshot Start. */
export const SystemEventCode = {
  StartOfMessages: c('O'),
  StartOfSystemHours: c('S'),
  StartOfMarketHours: c('Q'),
  EndOfMarketHours: c('M'),
  EndOfSystemHours: c('E'),
  EndOfMessages: c('C'),
  /** Trading halted (LOBSTER trading state −1). */
  Halted: c('H'),
  /** Quoting resumes, trading still halted (LOBSTER 0). */
  QuotationOnly: c('P'),
  /** Trading resumes (LOBSTER 1). */
  TradingResumed: c('T'),
} as const;

/**
 * Reason codes (u16) of Rejected and Cancelled messages. One code space with the matching engine's
 * OrderReason (same numbers), so the sandbox passes `report.reason` straight through: codes below 100
 * refuse a request, codes from 100 explain why (part of) an accepted order left the book.
 */
export const WireReason = {
  ...OrderReason,
  /** Time in force is neither Day nor IOC. */
  InvalidTimeInForce: 11,
  /** The instrument locate is not traded here. */
  UnknownInstrument: 12,
  /** The session may not trade for this account. */
  NotAuthorized: 13,
  /** Outside the hours the venue accepts orders. */
  MarketClosed: 14,
  /** Trading is halted. */
  Halted: 15,
  /** The session sent requests faster than the venue accepts. */
  Throttled: 16,
  /** The request could not be decoded (a field outside its domain, a wrong length). */
  Malformed: 17,
  /** Venue-side cancels of accepted orders: */
  EndOfDay: 103,
  /** An operator or risk control at the venue cancelled it (mass cancel, kill switch). */
  Supervisory: 104,
  /** The session that owned it disconnected (cancel-on-disconnect). */
  Disconnected: 105,
} as const;
export type WireReason = (typeof WireReason)[keyof typeof WireReason];

export const WIRE_REASON_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(WireReason).map(([name, code]) => [code, name]),
);

export function letter(code: number): string {
  return String.fromCharCode(code);
}
