import { OrderEntryMessage, SessionPacket, WireReason } from './codes.ts';
import {
  CANCEL_ORDER_LENGTH,
  decodeCancelOrder,
  decodeEnterOrder,
  decodeOrderAccepted,
  decodeOrderCancelled,
  decodeOrderExecuted,
  decodeOrderRejected,
  decodeOrderReplaced,
  decodeReplaceOrder,
  decodeSystemEvent,
  ENTER_ORDER_LENGTH,
  ORDER_ACCEPTED_LENGTH,
  ORDER_CANCELLED_LENGTH,
  ORDER_EXECUTED_LENGTH,
  ORDER_REJECTED_LENGTH,
  ORDER_REPLACED_LENGTH,
  REPLACE_ORDER_LENGTH,
  SYSTEM_EVENT_LENGTH,
} from './orderEntryCodec.ts';
import {
  CancelOrder,
  EnterOrder,
  OrderAccepted,
  OrderCancelled,
  OrderExecuted,
  OrderRejected,
  OrderReplaced,
  ReplaceOrder,
  SystemEvent,
} from './orderEntryMessages.ts';
import { ProtocolError, ProtocolErrorCounts } from './ProtocolError.ts';
import { FRAME_PREFIX_LENGTH } from './FrameReader.ts';
import {
  LOGIN_ACCEPTED_FRAME_LENGTH,
  LOGIN_REJECTED_FRAME_LENGTH,
  LOGIN_REQUEST_FRAME_LENGTH,
  LoginAccepted,
  LoginRejected,
  LoginRequest,
  readLoginAccepted,
  readLoginRejected,
  readLoginRequest,
  SEQUENCED_HEADER_LENGTH,
  UNSEQUENCED_HEADER_LENGTH,
} from './sessionPackets.ts';
import { getU64 } from './wire.ts';

const LOGIN_REQUEST_BODY = LOGIN_REQUEST_FRAME_LENGTH - FRAME_PREFIX_LENGTH;
const LOGIN_ACCEPTED_BODY = LOGIN_ACCEPTED_FRAME_LENGTH - FRAME_PREFIX_LENGTH;
const LOGIN_REJECTED_BODY = LOGIN_REJECTED_FRAME_LENGTH - FRAME_PREFIX_LENGTH;
/** Offset of the message within a frame body. */
const SEQ_MESSAGE_AT = SEQUENCED_HEADER_LENGTH - FRAME_PREFIX_LENGTH;
const UNSEQ_MESSAGE_AT = UNSEQUENCED_HEADER_LENGTH - FRAME_PREFIX_LENGTH;

/**
 * The shared part of both order-entry decoders: result state, error counting, length checks.
 * `decode(view, start, end)` takes one frame body (as FrameReader delivers it: `reader.view`,
 * `reader.start`, `reader.end`) and returns its packet type letter, or 0 when it is malformed: then
 * `error` (a ProtocolError) and `errorField` say why, the error is counted in `errors`, and nothing was
 * thrown. Decoded fields land in the decoder's reused message objects (one per type), valid until the
 * next `decode`.
 */
abstract class OrderEntryDecoderBase {
  readonly errors: ProtocolErrorCounts;
  /** Packet type letter of the last frame (also set when malformed, if the frame had one). */
  packetType = 0;
  /** Message type letter of the last data packet (0 for session packets). */
  messageType = 0;
  error: ProtocolError = ProtocolError.None;
  /** The first field outside its domain when `error` is BadField, else ''. */
  errorField = '';

  constructor(errors: ProtocolErrorCounts = new ProtocolErrorCounts()) {
    this.errors = errors;
  }

  protected fail(code: ProtocolError): 0 {
    this.error = code;
    this.errors.record(code);
    return 0;
  }

  /** 0 (counted) unless `n` is exactly `expected`. */
  protected length(n: number, expected: number): boolean {
    if (n === expected) return true;
    this.fail(n < expected ? ProtocolError.Truncated : ProtocolError.BadLength);
    return false;
  }

  protected fields(bad: string, ok: number): number {
    if (bad === '') return ok;
    this.errorField = bad;
    return this.fail(ProtocolError.BadField);
  }

  protected reset(): void {
    this.error = ProtocolError.None;
    this.errorField = '';
    this.messageType = 0;
    this.packetType = 0;
  }
}

/** What a client receives from the venue: session packets and sequenced order-state messages. */
export class OrderEntryClientDecoder extends OrderEntryDecoderBase {
  readonly loginAccepted = new LoginAccepted();
  readonly loginRejected = new LoginRejected();
  readonly systemEvent = new SystemEvent();
  readonly accepted = new OrderAccepted();
  readonly replaced = new OrderReplaced();
  readonly executed = new OrderExecuted();
  readonly cancelled = new OrderCancelled();
  readonly rejected = new OrderRejected();
  /**
   * Sequence number of the last Sequenced Data packet; still set when its message was malformed, so
   * the receiver knows which number it lost (−1 when the sequence field itself was not a safe integer).
   */
  sequence = 0;

  decode(v: DataView, start: number, end: number): number {
    this.reset();
    const n = end - start;
    if (n <= 0) return this.fail(ProtocolError.EmptyFrame);
    const p = v.getUint8(start);
    this.packetType = p;
    switch (p) {
      case SessionPacket.SequencedData: {
        if (n < SEQ_MESSAGE_AT + 1) return this.fail(ProtocolError.Truncated);
        this.sequence = getU64(v, start + 1);
        if (this.sequence < 0) return this.fields('sequence', p);
        const o = start + SEQ_MESSAGE_AT;
        const len = end - o;
        const t = v.getUint8(o);
        this.messageType = t;
        switch (t) {
          case OrderEntryMessage.Accepted:
            return this.length(len, ORDER_ACCEPTED_LENGTH) ? this.fields(decodeOrderAccepted(v, o, this.accepted), p) : 0;
          case OrderEntryMessage.Executed:
            return this.length(len, ORDER_EXECUTED_LENGTH) ? this.fields(decodeOrderExecuted(v, o, this.executed), p) : 0;
          case OrderEntryMessage.Cancelled:
            return this.length(len, ORDER_CANCELLED_LENGTH) ? this.fields(decodeOrderCancelled(v, o, this.cancelled), p) : 0;
          case OrderEntryMessage.Replaced:
            return this.length(len, ORDER_REPLACED_LENGTH) ? this.fields(decodeOrderReplaced(v, o, this.replaced), p) : 0;
          case OrderEntryMessage.Rejected:
            return this.length(len, ORDER_REJECTED_LENGTH) ? this.fields(decodeOrderRejected(v, o, this.rejected), p) : 0;
          case OrderEntryMessage.SystemEvent:
            return this.length(len, SYSTEM_EVENT_LENGTH) ? this.fields(decodeSystemEvent(v, o, this.systemEvent), p) : 0;
          default:
            return this.fail(ProtocolError.UnknownMessageType);
        }
      }
      case SessionPacket.ServerHeartbeat:
      case SessionPacket.EndOfSession:
        return this.length(n, 1) ? p : 0;
      case SessionPacket.LoginAccepted:
        return this.length(n, LOGIN_ACCEPTED_BODY) ? this.fields(readLoginAccepted(v, start, this.loginAccepted), p) : 0;
      case SessionPacket.LoginRejected:
        return this.length(n, LOGIN_REJECTED_BODY) ? this.fields(readLoginRejected(v, start, this.loginRejected), p) : 0;
      default:
        return this.fail(ProtocolError.UnknownPacketType);
    }
  }
}

/** What the venue receives from a client: login, heartbeats, logout and order requests. */
export class OrderEntryVenueDecoder extends OrderEntryDecoderBase {
  readonly loginRequest = new LoginRequest();
  readonly enterOrder = new EnterOrder();
  readonly replaceOrder = new ReplaceOrder();
  readonly cancelOrder = new CancelOrder();

  decode(v: DataView, start: number, end: number): number {
    this.reset();
    const n = end - start;
    if (n <= 0) return this.fail(ProtocolError.EmptyFrame);
    const p = v.getUint8(start);
    this.packetType = p;
    switch (p) {
      case SessionPacket.UnsequencedData: {
        if (n < UNSEQ_MESSAGE_AT + 1) return this.fail(ProtocolError.Truncated);
        const o = start + UNSEQ_MESSAGE_AT;
        const len = end - o;
        const t = v.getUint8(o);
        this.messageType = t;
        switch (t) {
          case OrderEntryMessage.EnterOrder:
            return this.length(len, ENTER_ORDER_LENGTH) ? this.fields(decodeEnterOrder(v, o, this.enterOrder), p) : 0;
          case OrderEntryMessage.CancelOrder:
            return this.length(len, CANCEL_ORDER_LENGTH) ? this.fields(decodeCancelOrder(v, o, this.cancelOrder), p) : 0;
          case OrderEntryMessage.ReplaceOrder:
            return this.length(len, REPLACE_ORDER_LENGTH) ? this.fields(decodeReplaceOrder(v, o, this.replaceOrder), p) : 0;
          default:
            return this.fail(ProtocolError.UnknownMessageType);
        }
      }
      case SessionPacket.ClientHeartbeat:
      case SessionPacket.LogoutRequest:
        return this.length(n, 1) ? p : 0;
      case SessionPacket.LoginRequest:
        return this.length(n, LOGIN_REQUEST_BODY) ? this.fields(readLoginRequest(v, start, this.loginRequest), p) : 0;
      default:
        return this.fail(ProtocolError.UnknownPacketType);
    }
  }

  /**
   * The venue's answer to a request that failed with BadField: the reject reason for `errorField`
   * (the request's token was still decoded, so the venue can send Rejected for it).
   */
  rejectReason(): WireReason {
    switch (this.errorField) {
      case 'side':
        return WireReason.InvalidSide;
      case 'timeInForce':
        return WireReason.InvalidTimeInForce;
      case 'price':
        return WireReason.InvalidPrice;
      case 'token':
      case 'existingToken':
      case 'replacementToken':
        return WireReason.InvalidOrderId;
      default:
        return WireReason.Malformed;
    }
  }
}
