import { LiquidityFlag, OrderEntryMessage, OrderState, SystemEventCode, TimeInForce } from './codes.ts';
import { joinI64, splitI64 } from './wire.ts';

/**
 * Order-entry messages (OUCH-like) as mutable structs of numbers: a sender keeps one instance per type
 * and overwrites it per message; a decoder owns one instance per type and overwrites it per frame.
 * Prices are integers in the instrument's price units (LOBSTER: 1/10000 dollar), quantities integers in
 * its size units, times integer nanoseconds since the session origin. Sides are +1 buy / −1 sell.
 * Byte layouts: layouts.ts and docs/protocol.md.
 */

/** client → venue: a new order. */
export class EnterOrder {
  /** The client's order token: unique within the session (the venue rejects a reused one). */
  token = 0;
  side = 1;
  quantity = 0;
  /** The venue's locate code of the instrument (from 1). */
  instrument = 0;
  price = 0;
  timeInForce: number = TimeInForce.Day;
  /** Account (owner) the order trades for; self-trade prevention works per account. */
  account = 0;
  /** The market-data sequence number that triggered the order (0: none); echoed into latency records. */
  marketDataSeq = 0;
}

/** client → venue: cancel-replace, FIX semantics. */
export class ReplaceOrder {
  existingToken = 0;
  /** The token the order carries from now on (unique within the session). */
  replacementToken = 0;
  /** New total quantity, fills included: the open quantity becomes quantity − executed (≤ 0: the order ends). */
  quantity = 0;
  price = 0;
  marketDataSeq = 0;
}

/** client → venue: reduce or cancel. */
export class CancelOrder {
  token = 0;
  /** The open quantity the order should keep: 0 cancels it; not below its open quantity: no effect. */
  quantity = 0;
  marketDataSeq = 0;
}

/** Something that carries the session origin as the two halves of a big-endian i64 (epoch ns). */
export interface HasOrigin {
  originHigh: number;
  originLow: number;
}

/** The session origin as epoch nanoseconds (allocates a bigint; not for the hot path). */
export function getOriginNs(m: HasOrigin): bigint {
  return joinI64(m.originHigh, m.originLow);
}

export function setOriginNs(m: HasOrigin, originNs: bigint): void {
  const { high, low } = splitI64(originNs);
  m.originHigh = high;
  m.originLow = low;
}

/** venue → client (both protocols): a change of the session's or an instrument's state. */
export class SystemEvent implements HasOrigin {
  timestampNs = 0;
  eventCode: number = SystemEventCode.StartOfMessages;
  /** 0: every instrument. */
  instrument = 0;
  originHigh = 0;
  originLow = 0;
}

/** venue → client: the order was accepted (all its fields echoed) and given the venue's reference. */
export class OrderAccepted {
  timestampNs = 0;
  token = 0;
  side = 1;
  quantity = 0;
  instrument = 0;
  price = 0;
  timeInForce: number = TimeInForce.Day;
  account = 0;
  /** The venue's order reference: the `orderRef` of this order in the market-data feed. */
  orderRef = 0;
  orderState: number = OrderState.Live;
}

/** venue → client: a Replace Order took effect. */
export class OrderReplaced {
  timestampNs = 0;
  replacementToken = 0;
  previousToken = 0;
  side = 1;
  /** The new total quantity, as requested. */
  quantity = 0;
  /** Open quantity after the replace. */
  leavesQuantity = 0;
  price = 0;
  /** The order's reference after the replace (a new one when it lost priority). */
  orderRef = 0;
  orderState: number = OrderState.Live;
}

/** venue → client: a fill. */
export class OrderExecuted {
  timestampNs = 0;
  token = 0;
  quantity = 0;
  price = 0;
  liquidity: number = LiquidityFlag.Added;
  /** Shared by both sides of the fill and by the feed's Order Executed / Trade message. */
  matchNumber = 0;
}

/** venue → client: (part of) the order left the book without trading. */
export class OrderCancelled {
  timestampNs = 0;
  token = 0;
  /** Quantity removed (the decrement). */
  quantity = 0;
  /** A WireReason code from 100 (Requested, NoLiquidity, SelfTrade, EndOfDay, …). */
  reason = 0;
}

/** venue → client: a request was refused. */
export class OrderRejected {
  timestampNs = 0;
  /** The token the request named: Enter → its token, Replace → the replacement token, Cancel → the order's. */
  token = 0;
  /** Type letter of the refused request: 'O', 'U' or 'X'. */
  requestType: number = OrderEntryMessage.EnterOrder;
  /** A WireReason code below 100. */
  reason = 0;
}
