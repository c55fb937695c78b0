import fc from 'fast-check';
import { FeedPacket, LiquidityFlag, LoginRejectReason, OrderEntryMessage, OrderState, SystemEventCode, TimeInForce } from './codes.ts';
import { FeedPacketWriter, writeRetransmitRequestFrame, writeSnapshotRequestFrame } from './FeedPacketWriter.ts';
import type { FieldSpec, LayoutSpec } from './layout.ts';
import { FEED_MESSAGE_LAYOUTS, FEED_PACKET_LAYOUTS, ORDER_ENTRY_LAYOUTS, SESSION_LAYOUTS } from './layouts.ts';
import {
  encodeFeedAddOrder,
  encodeFeedOrderCancel,
  encodeFeedOrderDelete,
  encodeFeedOrderExecuted,
  encodeFeedSnapshotEnd,
  encodeFeedSnapshotStart,
  encodeFeedSystemEvent,
  encodeFeedTrade,
} from './marketDataCodec.ts';
import { MarketDataDecoder, MarketDataRequestDecoder } from './MarketDataDecoder.ts';
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
import {
  encodeCancelOrder,
  encodeEnterOrder,
  encodeOrderAccepted,
  encodeOrderCancelled,
  encodeOrderExecuted,
  encodeOrderRejected,
  encodeOrderReplaced,
  encodeReplaceOrder,
  encodeSystemEvent,
} from './orderEntryCodec.ts';
import { OrderEntryClientDecoder, OrderEntryVenueDecoder } from './OrderEntryDecoder.ts';
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
import {
  LoginAccepted,
  LoginRejected,
  LoginRequest,
  SEQUENCED_HEADER_LENGTH,
  UNSEQUENCED_HEADER_LENGTH,
  writeLoginAcceptedFrame,
  writeLoginRejectedFrame,
  writeLoginRequestFrame,
  writeSequencedHeader,
  writeUnsequencedHeader,
} from './sessionPackets.ts';

/**
 * Test support (not used by the protocol itself): one `WireCase` per packet or message type, saying how
 * to make, frame, and decode it with the real codecs, plus fast-check arbitraries of valid field values
 * derived from the layouts.
 */

// Message objects are plain structs of numbers and byte arrays; tests read and write them by field name.
export type Fields = Record<string, number | Uint8Array>;

export interface WireCase {
  readonly spec: LayoutSpec;
  readonly make: () => Fields;
  /** Writes `m` as one complete frame at b[o]; returns the frame length. */
  readonly frame: (b: DataView, o: number, m: Fields) => number;
  /** Offset of the layout's byte 0 within the frame. */
  readonly layoutOffset: number;
  /** Decodes one frame body with a fresh decoder; the decoded message, or null when refused. */
  readonly decode: (b: DataView, start: number, end: number) => Fields | null;
}

const spec = (key: string): LayoutSpec => {
  const all = [...SESSION_LAYOUTS, ...ORDER_ENTRY_LAYOUTS, ...FEED_PACKET_LAYOUTS, ...FEED_MESSAGE_LAYOUTS];
  const s = all.find((l) => l.key === key);
  if (s === undefined) throw new Error(`no layout ${key}`);
  return s;
};

type Encoder<M> = (b: DataView, o: number, m: M) => number;
const asFields = (m: object): Fields => m as unknown as Fields;

function sequenced<M>(encode: Encoder<M>, sequence = 7): (b: DataView, o: number, m: Fields) => number {
  return (b, o, m) => writeSequencedHeader(b, o, sequence, encode(b, o + SEQUENCED_HEADER_LENGTH, m as unknown as M));
}

function unsequenced<M>(encode: Encoder<M>): (b: DataView, o: number, m: Fields) => number {
  return (b, o, m) => writeUnsequencedHeader(b, o, encode(b, o + UNSEQUENCED_HEADER_LENGTH, m as unknown as M));
}

function clientDecode(pick: (d: OrderEntryClientDecoder) => object): WireCase['decode'] {
  return (b, s, e) => {
    const d = new OrderEntryClientDecoder();
    return d.decode(b, s, e) === 0 ? null : asFields(pick(d));
  };
}

function venueDecode(pick: (d: OrderEntryVenueDecoder) => object): WireCase['decode'] {
  return (b, s, e) => {
    const d = new OrderEntryVenueDecoder();
    return d.decode(b, s, e) === 0 ? null : asFields(pick(d));
  };
}

const feedWriter = new FeedPacketWriter();

function inPacket<M>(encode: Encoder<M>, packetType: number = FeedPacket.SequencedData): (b: DataView, o: number, m: Fields) => number {
  return (b, o, m) => {
    feedWriter.begin(b, o, packetType, 1000);
    feedWriter.commit(encode(b, feedWriter.messageOffset, m as unknown as M));
    return feedWriter.end();
  };
}

function feedDecode(pick: (d: MarketDataDecoder) => object): WireCase['decode'] {
  return (b, s, e) => {
    const d = new MarketDataDecoder();
    if (d.decodePacket(b, s, e) === 0) return null;
    const t = d.nextMessage();
    if (t <= 0 || d.nextMessage() !== 0) return null;
    return asFields(pick(d));
  };
}

const FEED_MESSAGE_AT = 25;

export const WIRE_CASES: readonly WireCase[] = [
  // order entry: session packets
  { spec: spec('oe.LoginRequest'), make: () => asFields(new LoginRequest()), frame: (b, o, m) => writeLoginRequestFrame(b, o, m as unknown as LoginRequest), layoutOffset: 0, decode: venueDecode((d) => d.loginRequest) },
  { spec: spec('oe.LoginAccepted'), make: () => asFields(new LoginAccepted()), frame: (b, o, m) => writeLoginAcceptedFrame(b, o, m as unknown as LoginAccepted), layoutOffset: 0, decode: clientDecode((d) => d.loginAccepted) },
  { spec: spec('oe.LoginRejected'), make: () => asFields(new LoginRejected()), frame: (b, o, m) => writeLoginRejectedFrame(b, o, m as unknown as LoginRejected), layoutOffset: 0, decode: clientDecode((d) => d.loginRejected) },
  // order entry: client → venue
  { spec: spec('oe.EnterOrder'), make: () => asFields(new EnterOrder()), frame: unsequenced(encodeEnterOrder), layoutOffset: UNSEQUENCED_HEADER_LENGTH, decode: venueDecode((d) => d.enterOrder) },
  { spec: spec('oe.ReplaceOrder'), make: () => asFields(new ReplaceOrder()), frame: unsequenced(encodeReplaceOrder), layoutOffset: UNSEQUENCED_HEADER_LENGTH, decode: venueDecode((d) => d.replaceOrder) },
  { spec: spec('oe.CancelOrder'), make: () => asFields(new CancelOrder()), frame: unsequenced(encodeCancelOrder), layoutOffset: UNSEQUENCED_HEADER_LENGTH, decode: venueDecode((d) => d.cancelOrder) },
  // order entry: venue → client
  { spec: spec('oe.SystemEvent'), make: () => asFields(new SystemEvent()), frame: sequenced(encodeSystemEvent), layoutOffset: SEQUENCED_HEADER_LENGTH, decode: clientDecode((d) => d.systemEvent) },
  { spec: spec('oe.Accepted'), make: () => asFields(new OrderAccepted()), frame: sequenced(encodeOrderAccepted), layoutOffset: SEQUENCED_HEADER_LENGTH, decode: clientDecode((d) => d.accepted) },
  { spec: spec('oe.Replaced'), make: () => asFields(new OrderReplaced()), frame: sequenced(encodeOrderReplaced), layoutOffset: SEQUENCED_HEADER_LENGTH, decode: clientDecode((d) => d.replaced) },
  { spec: spec('oe.Executed'), make: () => asFields(new OrderExecuted()), frame: sequenced(encodeOrderExecuted), layoutOffset: SEQUENCED_HEADER_LENGTH, decode: clientDecode((d) => d.executed) },
  { spec: spec('oe.Cancelled'), make: () => asFields(new OrderCancelled()), frame: sequenced(encodeOrderCancelled), layoutOffset: SEQUENCED_HEADER_LENGTH, decode: clientDecode((d) => d.cancelled) },
  { spec: spec('oe.Rejected'), make: () => asFields(new OrderRejected()), frame: sequenced(encodeOrderRejected), layoutOffset: SEQUENCED_HEADER_LENGTH, decode: clientDecode((d) => d.rejected) },
  // market data: requests
  {
    spec: spec('md.RetransmitRequest'),
    make: () => asFields(new RetransmitRequest()),
    frame: (b, o, m) => writeRetransmitRequestFrame(b, o, m as unknown as RetransmitRequest),
    layoutOffset: 0,
    decode: (b, s, e) => {
      const d = new MarketDataRequestDecoder();
      return d.decode(b, s, e) === 0 ? null : asFields(d.retransmitRequest);
    },
  },
  {
    spec: spec('md.SnapshotRequest'),
    make: () => asFields(new SnapshotRequest()),
    frame: (b, o, m) => writeSnapshotRequestFrame(b, o, m as unknown as SnapshotRequest),
    layoutOffset: 0,
    decode: (b, s, e) => {
      const d = new MarketDataRequestDecoder();
      return d.decode(b, s, e) === 0 ? null : asFields(d.snapshotRequest);
    },
  },
  // market data: messages (each in a one-message packet)
  { spec: spec('md.SystemEvent'), make: () => asFields(new SystemEvent()), frame: inPacket(encodeFeedSystemEvent), layoutOffset: FEED_MESSAGE_AT, decode: feedDecode((d) => d.systemEvent) },
  { spec: spec('md.AddOrder'), make: () => asFields(new FeedAddOrder()), frame: inPacket(encodeFeedAddOrder), layoutOffset: FEED_MESSAGE_AT, decode: feedDecode((d) => d.addOrder) },
  { spec: spec('md.OrderExecuted'), make: () => asFields(new FeedOrderExecuted()), frame: inPacket(encodeFeedOrderExecuted), layoutOffset: FEED_MESSAGE_AT, decode: feedDecode((d) => d.orderExecuted) },
  { spec: spec('md.OrderCancel'), make: () => asFields(new FeedOrderCancel()), frame: inPacket(encodeFeedOrderCancel), layoutOffset: FEED_MESSAGE_AT, decode: feedDecode((d) => d.orderCancel) },
  { spec: spec('md.OrderDelete'), make: () => asFields(new FeedOrderDelete()), frame: inPacket(encodeFeedOrderDelete), layoutOffset: FEED_MESSAGE_AT, decode: feedDecode((d) => d.orderDelete) },
  { spec: spec('md.Trade'), make: () => asFields(new FeedTrade()), frame: inPacket(encodeFeedTrade), layoutOffset: FEED_MESSAGE_AT, decode: feedDecode((d) => d.trade) },
  { spec: spec('md.SnapshotStart'), make: () => asFields(new FeedSnapshotStart()), frame: inPacket(encodeFeedSnapshotStart, FeedPacket.Snapshot), layoutOffset: FEED_MESSAGE_AT, decode: feedDecode((d) => d.snapshotStart) },
  { spec: spec('md.SnapshotEnd'), make: () => asFields(new FeedSnapshotEnd()), frame: inPacket(encodeFeedSnapshotEnd, FeedPacket.Snapshot), layoutOffset: FEED_MESSAGE_AT, decode: feedDecode((d) => d.snapshotEnd) },
];

/** Fields that are constants of the layout rather than message properties. */
export function isConstantField(f: FieldSpec): boolean {
  return f.type === 'char' || f.name === 'length';
}

const codes = (o: Record<string, number>): number[] => Object.values(o);

function alphaValues(field: string): number[] {
  switch (field) {
    case 'timeInForce':
      return codes(TimeInForce);
    case 'orderState':
      return codes(OrderState);
    case 'liquidity':
      return codes(LiquidityFlag);
    case 'eventCode':
    case 'tradingState':
      return codes(SystemEventCode);
    case 'requestType':
      return [OrderEntryMessage.EnterOrder, OrderEntryMessage.ReplaceOrder, OrderEntryMessage.CancelOrder];
    case 'reason':
      return codes(LoginRejectReason);
    default:
      throw new Error(`no values for alpha field ${field}`);
  }
}

const printable = fc.integer({ min: 0x20, max: 0x7e });

/** Any value the field may carry (edges included). */
export function fieldArbitrary(f: FieldSpec): fc.Arbitrary<number | Uint8Array> {
  switch (f.type) {
    case 'u16':
      return fc.integer({ min: 0, max: 0xffff });
    case 'u32':
      return fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 0xffffffff }), fc.constant(0xffffffff));
    case 'i32':
      return fc.integer({ min: -0x80000000, max: 0x7fffffff });
    case 'u64':
      return fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.maxSafeNat(), fc.constant(Number.MAX_SAFE_INTEGER));
    case 'i64':
      return fc.oneof(fc.integer({ min: -1_000_000, max: 100_000_000 }), fc.maxSafeInteger(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER));
    case 'side':
      return fc.constantFrom(1, -1);
    case 'alpha':
      return fc.constantFrom(...alphaValues(f.name));
    case 'text':
      return fc.array(printable, { minLength: f.length, maxLength: f.length }).map((a) => Uint8Array.from(a));
    case 'char':
      throw new Error('constant field');
  }
}

/** A record of valid values for every property of the case's message. */
export function messageArbitrary(c: WireCase): fc.Arbitrary<Fields> {
  const model: Record<string, fc.Arbitrary<number | Uint8Array>> = {};
  for (const f of c.spec.fields) if (!isConstantField(f)) model[f.name] = fieldArbitrary(f);
  return fc.record(model);
}

/** Copies generated values into a message object (text fields into its byte arrays). */
export function assign(m: Fields, values: Fields): Fields {
  for (const [k, v] of Object.entries(values)) {
    const cur = m[k];
    if (cur instanceof Uint8Array) cur.set(v as Uint8Array);
    else m[k] = v;
  }
  return m;
}

/** The message's properties as plain data (bytes → arrays), for equality assertions. */
export function snapshot(m: Fields): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  for (const [k, v] of Object.entries(m)) out[k] = v instanceof Uint8Array ? [...v] : v;
  return out;
}
