/**
 * The records of the order journal, decoded. The byte layout of each is in README.md; `recordCodec.ts`
 * is its one implementation. Prices are integer price units of the instrument, quantities integer size
 * units, times integer ns; every 64-bit field holds a safe integer (|x| < 2^53) so it is an exact JS number.
 */
export const RecordType = {
  SessionStart: 1,
  OrderSent: 2,
  Accepted: 3,
  Rejected: 4,
  Executed: 5,
  CancelSent: 6,
  Cancelled: 7,
  ReplaceSent: 8,
  Replaced: 9,
  Checkpoint: 10,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

export const RECORD_TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(RecordType).map(([name, code]) => [code, name]),
);

/** Where an order stands in the journal's view. */
export const OrderStatus = {
  /** Sent, not yet accepted by the venue. */
  PendingNew: 0,
  /** Accepted and resting (possibly partly filled). */
  Open: 1,
  /** A cancel was sent and not yet answered. */
  PendingCancel: 2,
  /** A replace was sent and not yet answered. */
  PendingReplace: 3,
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** What a Rejected record refuses: the new order itself, a cancel request, or a replace request. */
export const RejectTarget = { Order: 0, Cancel: 1, Replace: 2 } as const;
export type RejectTarget = (typeof RejectTarget)[keyof typeof RejectTarget];

/** The fsync policy a session ran under, as written in its SessionStart record. */
export const PolicyCode = { 'every-record': 1, batch: 2, os: 3 } as const;

interface RecordHeader {
  /** Sequence number: 1 for the first record of a journal, +1 for each record, across sessions. */
  readonly seq: number;
  /** Local time, ns since the session's origin (`SessionStart.originNs`). */
  readonly localNs: number;
  /** Instrument id of the engine (0 for SessionStart and Checkpoint). */
  readonly instrument: number;
}

export interface SessionStartRecord extends RecordHeader {
  readonly type: typeof RecordType.SessionStart;
  /** Wall-clock time of the session start, ns since the Unix epoch: the origin of `localNs`. */
  readonly originNs: bigint;
  readonly pid: number;
  /** `PolicyCode` of the writer. */
  readonly policy: number;
  /** Free text (≤ 1024 UTF-8 bytes): engine version, configuration, instrument table. */
  readonly label: string;
}

export interface OrderSentRecord extends RecordHeader {
  readonly type: typeof RecordType.OrderSent;
  /** Our client order id (the OUCH token / Binance clientOrderId as an integer). */
  readonly clientId: number;
  /** 1 buy, -1 sell. */
  readonly side: number;
  /** Time in force (`Tif` of src/strategy: 0 GTC, 1 IOC). */
  readonly tif: number;
  readonly price: number;
  readonly qty: number;
}

export interface AcceptedRecord extends RecordHeader {
  readonly type: typeof RecordType.Accepted;
  readonly clientId: number;
  /** The venue's reference for the order (OUCH order reference number, Binance orderId). */
  readonly venueRef: number;
  readonly price: number;
  /** Quantity open after acceptance. */
  readonly leaves: number;
}

export interface RejectedRecord extends RecordHeader {
  readonly type: typeof RecordType.Rejected;
  readonly clientId: number;
  /** Reject reason code (`RejectReason` of src/strategy, or the venue's code). */
  readonly reason: number;
  /** `RejectTarget`: the order, or a cancel / replace of it. */
  readonly target: number;
}

export interface ExecutedRecord extends RecordHeader {
  readonly type: typeof RecordType.Executed;
  readonly clientId: number;
  readonly venueRef: number;
  /** The venue's execution (match) id: the key for de-duplicating fills re-reported after a reconnect. */
  readonly execId: number;
  /** 1 buy, -1 sell. */
  readonly side: number;
  /** 0 maker, 1 taker. */
  readonly liquidity: number;
  /** Fill price, integer price units. */
  readonly price: number;
  /** Fill quantity. */
  readonly qty: number;
  /** Quantity still open after this fill. */
  readonly leaves: number;
  /** Fee of this fill in dollars, IEEE float64 exactly as the fee model computed it (negative: a rebate). */
  readonly fee: number;
}

export interface CancelSentRecord extends RecordHeader {
  readonly type: typeof RecordType.CancelSent;
  readonly clientId: number;
}

export interface CancelledRecord extends RecordHeader {
  readonly type: typeof RecordType.Cancelled;
  readonly clientId: number;
  /** Quantity this cancel removed. */
  readonly cancelledQty: number;
  /** Quantity still open after it (0: the order is gone). */
  readonly leaves: number;
  readonly reason: number;
}

export interface ReplaceSentRecord extends RecordHeader {
  readonly type: typeof RecordType.ReplaceSent;
  /** The order being replaced. */
  readonly clientId: number;
  /** The id the replacement will carry. */
  readonly newClientId: number;
  readonly price: number;
  /** New total quantity requested. */
  readonly qty: number;
}

export interface ReplacedRecord extends RecordHeader {
  readonly type: typeof RecordType.Replaced;
  readonly clientId: number;
  readonly newClientId: number;
  readonly venueRef: number;
  readonly price: number;
  /** Quantity open after the replace. */
  readonly leaves: number;
}

/** One instrument's position and money, as rebuilt from fills. */
export interface PositionState {
  readonly instrument: number;
  /** Signed quantity: Σ side·qty of fills. */
  position: number;
  /** Σ side·qty·price of fills, in price units × size units; cash in those units is −costUnits. */
  costUnits: number;
  /** Σ fees in dollars, summed in journal order (bit-identical to the engine's running sum). */
  fees: number;
  fills: number;
  filledQty: number;
}

/** One open order (leaves > 0 or not yet accepted). */
export interface OrderState {
  readonly clientId: number;
  readonly instrument: number;
  readonly side: number;
  readonly tif: number;
  status: OrderStatus;
  price: number;
  /** Total quantity of the order (filled + open). */
  qty: number;
  leaves: number;
  filledQty: number;
  /** 0 until accepted. */
  venueRef: number;
  /** The client id a sent, unanswered replace will give the order (0: none pending). */
  pendingClientId: number;
}

export interface CheckpointRecord extends RecordHeader {
  readonly type: typeof RecordType.Checkpoint;
  /** Origin of the session the checkpoint was written in (so localNs after it needs no SessionStart). */
  readonly originNs: bigint;
  /** SessionStart records before this checkpoint. */
  readonly sessions: number;
  /** Highest client order id used so far (a restarted engine continues above it). */
  readonly maxClientId: number;
  readonly positions: readonly PositionState[];
  readonly orders: readonly OrderState[];
}

export type JournalRecord =
  | SessionStartRecord
  | OrderSentRecord
  | AcceptedRecord
  | RejectedRecord
  | ExecutedRecord
  | CancelSentRecord
  | CancelledRecord
  | ReplaceSentRecord
  | ReplacedRecord
  | CheckpointRecord;

/** A record before the writer gave it its sequence number (what `JournalWriter.append` takes). */
export type UnsequencedRecord = JournalRecord extends infer R ? (R extends JournalRecord ? Omit<R, 'seq'> : never) : never;

/**
 * What a Checkpoint holds: the state implied by every record before it (`JournalState.checkpointContent()`
 * gives it for a state that applied them). The writer adds the session origin and count itself.
 */
export interface CheckpointContent {
  readonly maxClientId: number;
  readonly positions: Iterable<PositionState>;
  readonly orders: Iterable<OrderState>;
}
