import { SystemEventCode } from './codes.ts';
import type { HasOrigin } from './orderEntryMessages.ts';

/**
 * Market-data messages (ITCH-like) as mutable structs of numbers, one reused instance per type (see
 * orderEntryMessages.ts for units). Every message starts with its type letter, the instrument locate
 * and the timestamp (ns since the session origin). The System Event is shared with order entry
 * (`SystemEvent` in orderEntryMessages.ts). Byte layouts: layouts.ts and docs/protocol.md.
 */

/** A visible order rests in the book (also each resting order of a snapshot, in priority order). */
export class FeedAddOrder {
  instrument = 0;
  timestampNs = 0;
  /** The venue's order reference (equal to the owner's OrderAccepted.orderRef). */
  orderRef = 0;
  side = 1;
  quantity = 0;
  price = 0;
}

/** A resting order traded `quantity` at its own price. */
export class FeedOrderExecuted {
  instrument = 0;
  timestampNs = 0;
  orderRef = 0;
  quantity = 0;
  /** The same number as in both owners' OrderExecuted messages. */
  matchNumber = 0;
}

/** A resting order was reduced by `quantity` without trading (it keeps its priority). */
export class FeedOrderCancel {
  instrument = 0;
  timestampNs = 0;
  orderRef = 0;
  quantity = 0;
}

/** A resting order left the book without trading. */
export class FeedOrderDelete {
  instrument = 0;
  timestampNs = 0;
  orderRef = 0;
}

/** A trade against non-displayed liquidity: no visible book change. */
export class FeedTrade {
  instrument = 0;
  timestampNs = 0;
  /** 0 when the resting order is not known to the feed (as at NASDAQ). */
  orderRef = 0;
  /** Side of the resting (non-displayed) order, as in ITCH. */
  side = 1;
  quantity = 0;
  price = 0;
  matchNumber = 0;
}

/** First message of a snapshot. */
export class FeedSnapshotStart implements HasOrigin {
  instrument = 0;
  timestampNs = 0;
  /** The snapshot is the book after every sequenced message up to and including this number. */
  sequence = 0;
  /** Number of Add Order messages that follow before the Snapshot End. */
  orderCount = 0;
  /** The system event code in effect (market hours, halted, quotation only, …). */
  tradingState: number = SystemEventCode.StartOfMarketHours;
  originHigh = 0;
  originLow = 0;
}

/** Last message of a snapshot; `sequence` repeats the start's. */
export class FeedSnapshotEnd {
  instrument = 0;
  timestampNs = 0;
  sequence = 0;
}

/** client → venue: resend sequenced messages [sequence, sequence + count). */
export class RetransmitRequest {
  readonly session = new Uint8Array(10).fill(0x20);
  sequence = 0;
  count = 0;
}

/** client → venue: send a snapshot of the book. */
export class SnapshotRequest {
  /** 0: every instrument. */
  instrument = 0;
}
