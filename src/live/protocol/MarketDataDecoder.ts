import { FEED_END_OF_SESSION_COUNT, FeedMessage, FeedPacket } from './codes.ts';
import {
  FEED_BLOCK_HEADER_LENGTH,
  FEED_PACKET_HEADER_LENGTH,
  FEED_SESSION_LENGTH,
  readRetransmitRequest,
  readSnapshotRequest,
  RETRANSMIT_REQUEST_FRAME_LENGTH,
  SNAPSHOT_REQUEST_FRAME_LENGTH,
} from './FeedPacketWriter.ts';
import { FRAME_PREFIX_LENGTH } from './FrameReader.ts';
import {
  decodeFeedAddOrder,
  decodeFeedOrderCancel,
  decodeFeedOrderDelete,
  decodeFeedOrderExecuted,
  decodeFeedSnapshotEnd,
  decodeFeedSnapshotStart,
  decodeFeedSystemEvent,
  decodeFeedTrade,
  FEED_ADD_ORDER_LENGTH,
  FEED_ORDER_CANCEL_LENGTH,
  FEED_ORDER_DELETE_LENGTH,
  FEED_ORDER_EXECUTED_LENGTH,
  FEED_SNAPSHOT_END_LENGTH,
  FEED_SNAPSHOT_START_LENGTH,
  FEED_SYSTEM_EVENT_LENGTH,
  FEED_TRADE_LENGTH,
} from './marketDataCodec.ts';
import {
  FeedAddOrder,
  FeedOrderCancel,
  FeedOrderDelete,
  FeedOrderExecuted,
  FeedSnapshotEnd,
  FeedSnapshotStart,
  FeedTrade,
  RetransmitRequest,
  SnapshotRequest,
} from './marketDataMessages.ts';
import { SystemEvent } from './orderEntryMessages.ts';
import { ProtocolError, ProtocolErrorCounts } from './ProtocolError.ts';
import { getU64, isPrintableAt, readBytes } from './wire.ts';

/** Offset of the count within a packet body, and of the first block. */
const COUNT_AT = 19;
const BLOCKS_AT = FEED_PACKET_HEADER_LENGTH - FRAME_PREFIX_LENGTH;
/** Returned by nextMessage() for a malformed message (skipped). */
export const MALFORMED_MESSAGE = -1;

/**
 * What a market-data client receives: Data and Snapshot packets, decoded without allocating.
 * ```
 * if (dec.decodePacket(reader.view, reader.start, reader.end) !== 0) {
 *   for (let t = dec.nextMessage(); t !== 0; t = dec.nextMessage()) {
 *     if (t === FeedMessage.AddOrder) book.add(dec.addOrder.orderRef, …);   // dec.messageSequence is its number
 *     else if (t === MALFORMED_MESSAGE) …                                  // that sequence number is lost
 *   }
 * }
 * ```
 * `decodePacket` checks the header and the whole block structure first: a packet whose blocks do not
 * tile it exactly (BlockOverrun, BadLength) is refused as a whole (returns 0) and every sequence number
 * it announced, [sequence, sequence + count), is lost. Within a sound packet a malformed message
 * (unknown type, wrong length, bad field) loses only its own number: nextMessage() returns −1 for it.
 */
export class MarketDataDecoder {
  readonly errors: ProtocolErrorCounts;
  /** Header of the last packet. */
  readonly session = new Uint8Array(FEED_SESSION_LENGTH).fill(0x20);
  packetType = 0;
  sequence = 0;
  /** Messages announced by the header (0: heartbeat; 0xFFFF: end of session, no messages). */
  count = 0;
  /** The current message: its type letter, and its sequence number (Data packets; 0 in snapshots). */
  messageType = 0;
  messageSequence = 0;
  error: ProtocolError = ProtocolError.None;
  errorField = '';

  readonly systemEvent = new SystemEvent();
  readonly addOrder = new FeedAddOrder();
  readonly orderExecuted = new FeedOrderExecuted();
  readonly orderCancel = new FeedOrderCancel();
  readonly orderDelete = new FeedOrderDelete();
  readonly trade = new FeedTrade();
  readonly snapshotStart = new FeedSnapshotStart();
  readonly snapshotEnd = new FeedSnapshotEnd();

  private view: DataView = new DataView(new ArrayBuffer(0));
  private s0 = 0x20202020;
  private s1 = 0x20202020;
  private s2 = 0x2020;
  private pos = 0;
  private index = 0;
  private messages = 0;

  constructor(errors: ProtocolErrorCounts = new ProtocolErrorCounts()) {
    this.errors = errors;
  }

  get isHeartbeat(): boolean {
    return this.packetType === FeedPacket.SequencedData && this.count === 0;
  }

  get isEndOfSession(): boolean {
    return this.packetType === FeedPacket.SequencedData && this.count === FEED_END_OF_SESSION_COUNT;
  }

  /** One frame body; returns 'D' or 'P' (then iterate nextMessage()), or 0 when malformed. */
  decodePacket(v: DataView, start: number, end: number): number {
    this.error = ProtocolError.None;
    this.errorField = '';
    this.messageType = 0;
    this.messageSequence = 0;
    this.index = this.messages = 0;
    this.count = 0;
    const n = end - start;
    if (n <= 0) return this.fail(ProtocolError.EmptyFrame);
    const p = v.getUint8(start);
    this.packetType = p;
    if (p !== FeedPacket.SequencedData && p !== FeedPacket.Snapshot) return this.fail(ProtocolError.UnknownPacketType);
    if (n < BLOCKS_AT) return this.fail(ProtocolError.Truncated);
    this.sequence = getU64(v, start + 11);
    const count = v.getUint16(start + COUNT_AT);
    this.count = count;
    // The session rarely changes: compare three words with the last good one before copying it.
    const s0 = v.getUint32(start + 1);
    const s1 = v.getUint32(start + 5);
    const s2 = v.getUint16(start + 9);
    if (s0 !== this.s0 || s1 !== this.s1 || s2 !== this.s2) {
      readBytes(v, start + 1, this.session);
      if (!isPrintableAt(v, start + 1, FEED_SESSION_LENGTH)) {
        this.s0 = this.s1 = this.s2 = -1;
        return this.badField('session');
      }
      this.s0 = s0;
      this.s1 = s1;
      this.s2 = s2;
    }
    if (this.sequence < 0) return this.badField('sequence');
    if (count === FEED_END_OF_SESSION_COUNT) {
      if (p !== FeedPacket.SequencedData) return this.badField('count');
      return n === BLOCKS_AT ? p : this.fail(ProtocolError.BadLength);
    }
    // The blocks must tile the packet exactly.
    let pos = start + BLOCKS_AT;
    for (let i = 0; i < count; i++) {
      if (end - pos < FEED_BLOCK_HEADER_LENGTH) return this.fail(ProtocolError.BlockOverrun);
      pos += FEED_BLOCK_HEADER_LENGTH + v.getUint16(pos);
      if (pos > end) return this.fail(ProtocolError.BlockOverrun);
    }
    if (pos !== end) return this.fail(ProtocolError.BadLength);
    this.view = v;
    this.pos = start + BLOCKS_AT;
    this.messages = count;
    return p;
  }

  /** The next message's type letter; 0 when the packet is done; −1 when this message is malformed. */
  nextMessage(): number {
    if (this.index >= this.messages) {
      this.messageType = 0;
      return 0;
    }
    const v = this.view;
    const len = v.getUint16(this.pos);
    const o = this.pos + FEED_BLOCK_HEADER_LENGTH;
    this.pos = o + len;
    this.messageSequence = this.packetType === FeedPacket.SequencedData ? this.sequence + this.index : 0;
    this.index++;
    this.error = ProtocolError.None;
    this.errorField = '';
    if (len === 0) {
      this.messageType = 0;
      return this.malformed(ProtocolError.Truncated);
    }
    const t = v.getUint8(o);
    this.messageType = t;
    switch (t) {
      case FeedMessage.AddOrder:
        return this.length(len, FEED_ADD_ORDER_LENGTH) ? this.fields(decodeFeedAddOrder(v, o, this.addOrder), t) : MALFORMED_MESSAGE;
      case FeedMessage.OrderExecuted:
        return this.length(len, FEED_ORDER_EXECUTED_LENGTH) ? this.fields(decodeFeedOrderExecuted(v, o, this.orderExecuted), t) : MALFORMED_MESSAGE;
      case FeedMessage.OrderCancel:
        return this.length(len, FEED_ORDER_CANCEL_LENGTH) ? this.fields(decodeFeedOrderCancel(v, o, this.orderCancel), t) : MALFORMED_MESSAGE;
      case FeedMessage.OrderDelete:
        return this.length(len, FEED_ORDER_DELETE_LENGTH) ? this.fields(decodeFeedOrderDelete(v, o, this.orderDelete), t) : MALFORMED_MESSAGE;
      case FeedMessage.Trade:
        return this.length(len, FEED_TRADE_LENGTH) ? this.fields(decodeFeedTrade(v, o, this.trade), t) : MALFORMED_MESSAGE;
      case FeedMessage.SystemEvent:
        return this.length(len, FEED_SYSTEM_EVENT_LENGTH) ? this.fields(decodeFeedSystemEvent(v, o, this.systemEvent), t) : MALFORMED_MESSAGE;
      case FeedMessage.SnapshotStart:
        return this.length(len, FEED_SNAPSHOT_START_LENGTH) ? this.fields(decodeFeedSnapshotStart(v, o, this.snapshotStart), t) : MALFORMED_MESSAGE;
      case FeedMessage.SnapshotEnd:
        return this.length(len, FEED_SNAPSHOT_END_LENGTH) ? this.fields(decodeFeedSnapshotEnd(v, o, this.snapshotEnd), t) : MALFORMED_MESSAGE;
      default:
        return this.malformed(ProtocolError.UnknownMessageType);
    }
  }

  private fail(code: ProtocolError): 0 {
    this.error = code;
    this.errors.record(code);
    return 0;
  }

  private badField(field: string): 0 {
    this.errorField = field;
    return this.fail(ProtocolError.BadField);
  }

  private malformed(code: ProtocolError): number {
    this.error = code;
    this.errors.record(code);
    return MALFORMED_MESSAGE;
  }

  private length(n: number, expected: number): boolean {
    if (n === expected) return true;
    this.malformed(n < expected ? ProtocolError.Truncated : ProtocolError.BadLength);
    return false;
  }

  private fields(bad: string, ok: number): number {
    if (bad === '') return ok;
    this.errorField = bad;
    return this.malformed(ProtocolError.BadField);
  }
}

/** What the market-data venue receives from a client: retransmit and snapshot requests. */
export class MarketDataRequestDecoder {
  readonly errors: ProtocolErrorCounts;
  readonly retransmitRequest = new RetransmitRequest();
  readonly snapshotRequest = new SnapshotRequest();
  packetType = 0;
  error: ProtocolError = ProtocolError.None;
  errorField = '';

  constructor(errors: ProtocolErrorCounts = new ProtocolErrorCounts()) {
    this.errors = errors;
  }

  /** One frame body; returns 'R' or 'Q', or 0 when malformed. */
  decode(v: DataView, start: number, end: number): number {
    this.error = ProtocolError.None;
    this.errorField = '';
    const n = end - start;
    if (n <= 0) return this.fail(ProtocolError.EmptyFrame);
    const p = v.getUint8(start);
    this.packetType = p;
    let expected: number;
    if (p === FeedPacket.RetransmitRequest) expected = RETRANSMIT_REQUEST_FRAME_LENGTH - FRAME_PREFIX_LENGTH;
    else if (p === FeedPacket.SnapshotRequest) expected = SNAPSHOT_REQUEST_FRAME_LENGTH - FRAME_PREFIX_LENGTH;
    else return this.fail(ProtocolError.UnknownPacketType);
    if (n !== expected) return this.fail(n < expected ? ProtocolError.Truncated : ProtocolError.BadLength);
    const bad = p === FeedPacket.RetransmitRequest ? readRetransmitRequest(v, start, this.retransmitRequest) : readSnapshotRequest(v, start, this.snapshotRequest);
    if (bad !== '') {
      this.errorField = bad;
      return this.fail(ProtocolError.BadField);
    }
    return p;
  }

  private fail(code: ProtocolError): 0 {
    this.error = code;
    this.errors.record(code);
    return 0;
  }
}
