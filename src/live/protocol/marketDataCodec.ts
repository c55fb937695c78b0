import { FeedMessage } from './codes.ts';
import { badValue, byteToSide, isSystemEventCode, sideToByte } from './fieldValues.ts';
import type {
  FeedAddOrder,
  FeedOrderCancel,
  FeedOrderDelete,
  FeedOrderExecuted,
  FeedSnapshotEnd,
  FeedSnapshotStart,
  FeedTrade,
} from './marketDataMessages.ts';
import type { SystemEvent } from './orderEntryMessages.ts';
import { checkRoom, getI64, getU64, putI32, putI64, putU16, putU32, putU64 } from './wire.ts';

/**
 * Market-data messages ↔ bytes, with the conventions of orderEntryCodec.ts: `encodeFeedX(v, o, m)`
 * writes the message (type letter first) and returns its length; `decodeFeedX(v, o, m)` fills `m` from a
 * message whose type and length were checked and returns '' or the first bad field. Every message
 * begins: type (1), instrument locate u16 (2), timestamp u64 ns (8). FeedPacketWriter puts messages in
 * packets; MarketDataDecoder takes them out.
 */

export const FEED_SYSTEM_EVENT_LENGTH = 20;
export const FEED_ADD_ORDER_LENGTH = 32;
export const FEED_ORDER_EXECUTED_LENGTH = 31;
export const FEED_ORDER_CANCEL_LENGTH = 23;
export const FEED_ORDER_DELETE_LENGTH = 19;
export const FEED_TRADE_LENGTH = 40;
export const FEED_SNAPSHOT_START_LENGTH = 32;
export const FEED_SNAPSHOT_END_LENGTH = 19;
/** The longest market-data message. */
export const FEED_MAX_MESSAGE_LENGTH = FEED_TRADE_LENGTH;

function sideByte(side: number): number {
  const s = sideToByte(side);
  if (s === 0) throw badValue('side', side);
  return s;
}

/** The common prefix: type, instrument, timestamp. */
function putPrefix(v: DataView, o: number, type: number, instrument: number, timestampNs: number): void {
  v.setUint8(o, type);
  putU16(v, o + 1, instrument, 'instrument');
  putU64(v, o + 3, timestampNs, 'timestampNs');
}

export function encodeFeedSystemEvent(v: DataView, o: number, m: SystemEvent): number {
  checkRoom(v, o, FEED_SYSTEM_EVENT_LENGTH);
  if (!isSystemEventCode(m.eventCode)) throw badValue('eventCode', m.eventCode);
  putPrefix(v, o, FeedMessage.SystemEvent, m.instrument, m.timestampNs);
  v.setUint8(o + 11, m.eventCode);
  putI32(v, o + 12, m.originHigh, 'originHigh');
  putU32(v, o + 16, m.originLow, 'originLow');
  return FEED_SYSTEM_EVENT_LENGTH;
}

export function decodeFeedSystemEvent(v: DataView, o: number, m: SystemEvent): string {
  let bad = '';
  m.instrument = v.getUint16(o + 1);
  m.timestampNs = getU64(v, o + 3);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.eventCode = v.getUint8(o + 11);
  if (!isSystemEventCode(m.eventCode) && bad === '') bad = 'eventCode';
  m.originHigh = v.getInt32(o + 12);
  m.originLow = v.getUint32(o + 16);
  return bad;
}

export function encodeFeedAddOrder(v: DataView, o: number, m: FeedAddOrder): number {
  checkRoom(v, o, FEED_ADD_ORDER_LENGTH);
  putPrefix(v, o, FeedMessage.AddOrder, m.instrument, m.timestampNs);
  putU64(v, o + 11, m.orderRef, 'orderRef');
  v.setUint8(o + 19, sideByte(m.side));
  putU32(v, o + 20, m.quantity, 'quantity');
  putI64(v, o + 24, m.price, 'price');
  return FEED_ADD_ORDER_LENGTH;
}

export function decodeFeedAddOrder(v: DataView, o: number, m: FeedAddOrder): string {
  let bad = '';
  m.instrument = v.getUint16(o + 1);
  m.timestampNs = getU64(v, o + 3);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.orderRef = getU64(v, o + 11);
  if (m.orderRef < 0 && bad === '') bad = 'orderRef';
  m.side = byteToSide(v.getUint8(o + 19));
  if (m.side === 0 && bad === '') bad = 'side';
  m.quantity = v.getUint32(o + 20);
  m.price = getI64(v, o + 24);
  if (m.price !== m.price && bad === '') bad = 'price';
  return bad;
}

export function encodeFeedOrderExecuted(v: DataView, o: number, m: FeedOrderExecuted): number {
  checkRoom(v, o, FEED_ORDER_EXECUTED_LENGTH);
  putPrefix(v, o, FeedMessage.OrderExecuted, m.instrument, m.timestampNs);
  putU64(v, o + 11, m.orderRef, 'orderRef');
  putU32(v, o + 19, m.quantity, 'quantity');
  putU64(v, o + 23, m.matchNumber, 'matchNumber');
  return FEED_ORDER_EXECUTED_LENGTH;
}

export function decodeFeedOrderExecuted(v: DataView, o: number, m: FeedOrderExecuted): string {
  let bad = '';
  m.instrument = v.getUint16(o + 1);
  m.timestampNs = getU64(v, o + 3);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.orderRef = getU64(v, o + 11);
  if (m.orderRef < 0 && bad === '') bad = 'orderRef';
  m.quantity = v.getUint32(o + 19);
  m.matchNumber = getU64(v, o + 23);
  if (m.matchNumber < 0 && bad === '') bad = 'matchNumber';
  return bad;
}

export function encodeFeedOrderCancel(v: DataView, o: number, m: FeedOrderCancel): number {
  checkRoom(v, o, FEED_ORDER_CANCEL_LENGTH);
  putPrefix(v, o, FeedMessage.OrderCancel, m.instrument, m.timestampNs);
  putU64(v, o + 11, m.orderRef, 'orderRef');
  putU32(v, o + 19, m.quantity, 'quantity');
  return FEED_ORDER_CANCEL_LENGTH;
}

export function decodeFeedOrderCancel(v: DataView, o: number, m: FeedOrderCancel): string {
  let bad = '';
  m.instrument = v.getUint16(o + 1);
  m.timestampNs = getU64(v, o + 3);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.orderRef = getU64(v, o + 11);
  if (m.orderRef < 0 && bad === '') bad = 'orderRef';
  m.quantity = v.getUint32(o + 19);
  return bad;
}

export function encodeFeedOrderDelete(v: DataView, o: number, m: FeedOrderDelete): number {
  checkRoom(v, o, FEED_ORDER_DELETE_LENGTH);
  putPrefix(v, o, FeedMessage.OrderDelete, m.instrument, m.timestampNs);
  putU64(v, o + 11, m.orderRef, 'orderRef');
  return FEED_ORDER_DELETE_LENGTH;
}

export function decodeFeedOrderDelete(v: DataView, o: number, m: FeedOrderDelete): string {
  let bad = '';
  m.instrument = v.getUint16(o + 1);
  m.timestampNs = getU64(v, o + 3);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.orderRef = getU64(v, o + 11);
  if (m.orderRef < 0 && bad === '') bad = 'orderRef';
  return bad;
}

export function encodeFeedTrade(v: DataView, o: number, m: FeedTrade): number {
  checkRoom(v, o, FEED_TRADE_LENGTH);
  putPrefix(v, o, FeedMessage.Trade, m.instrument, m.timestampNs);
  putU64(v, o + 11, m.orderRef, 'orderRef');
  v.setUint8(o + 19, sideByte(m.side));
  putU32(v, o + 20, m.quantity, 'quantity');
  putI64(v, o + 24, m.price, 'price');
  putU64(v, o + 32, m.matchNumber, 'matchNumber');
  return FEED_TRADE_LENGTH;
}

export function decodeFeedTrade(v: DataView, o: number, m: FeedTrade): string {
  let bad = '';
  m.instrument = v.getUint16(o + 1);
  m.timestampNs = getU64(v, o + 3);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.orderRef = getU64(v, o + 11);
  if (m.orderRef < 0 && bad === '') bad = 'orderRef';
  m.side = byteToSide(v.getUint8(o + 19));
  if (m.side === 0 && bad === '') bad = 'side';
  m.quantity = v.getUint32(o + 20);
  m.price = getI64(v, o + 24);
  if (m.price !== m.price && bad === '') bad = 'price';
  m.matchNumber = getU64(v, o + 32);
  if (m.matchNumber < 0 && bad === '') bad = 'matchNumber';
  return bad;
}

export function encodeFeedSnapshotStart(v: DataView, o: number, m: FeedSnapshotStart): number {
  checkRoom(v, o, FEED_SNAPSHOT_START_LENGTH);
  if (!isSystemEventCode(m.tradingState)) throw badValue('tradingState', m.tradingState);
  putPrefix(v, o, FeedMessage.SnapshotStart, m.instrument, m.timestampNs);
  putU64(v, o + 11, m.sequence, 'sequence');
  putU32(v, o + 19, m.orderCount, 'orderCount');
  v.setUint8(o + 23, m.tradingState);
  putI32(v, o + 24, m.originHigh, 'originHigh');
  putU32(v, o + 28, m.originLow, 'originLow');
  return FEED_SNAPSHOT_START_LENGTH;
}

export function decodeFeedSnapshotStart(v: DataView, o: number, m: FeedSnapshotStart): string {
  let bad = '';
  m.instrument = v.getUint16(o + 1);
  m.timestampNs = getU64(v, o + 3);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.sequence = getU64(v, o + 11);
  if (m.sequence < 0 && bad === '') bad = 'sequence';
  m.orderCount = v.getUint32(o + 19);
  m.tradingState = v.getUint8(o + 23);
  if (!isSystemEventCode(m.tradingState) && bad === '') bad = 'tradingState';
  m.originHigh = v.getInt32(o + 24);
  m.originLow = v.getUint32(o + 28);
  return bad;
}

export function encodeFeedSnapshotEnd(v: DataView, o: number, m: FeedSnapshotEnd): number {
  checkRoom(v, o, FEED_SNAPSHOT_END_LENGTH);
  putPrefix(v, o, FeedMessage.SnapshotEnd, m.instrument, m.timestampNs);
  putU64(v, o + 11, m.sequence, 'sequence');
  return FEED_SNAPSHOT_END_LENGTH;
}

export function decodeFeedSnapshotEnd(v: DataView, o: number, m: FeedSnapshotEnd): string {
  let bad = '';
  m.instrument = v.getUint16(o + 1);
  m.timestampNs = getU64(v, o + 3);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.sequence = getU64(v, o + 11);
  if (m.sequence < 0 && bad === '') bad = 'sequence';
  return bad;
}
