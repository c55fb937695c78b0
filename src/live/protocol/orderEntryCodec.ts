import { OrderEntryMessage } from './codes.ts';
import {
  badValue,
  byteToSide,
  isLiquidityFlag,
  isOrderState,
  isRequestType,
  isSystemEventCode,
  isTimeInForce,
  sideToByte,
} from './fieldValues.ts';
import type {
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
import { checkRoom, getI64, getU64, putI32, putI64, putU16, putU32, putU64 } from './wire.ts';

/**
 * Order-entry application messages ↔ bytes (layouts in layouts.ts, docs/protocol.md).
 *
 * `encodeX(v, o, m)` writes message `m` at byte `o` of DataView `v` (type letter first) and returns its
 * length; it allocates nothing and throws RangeError when a field does not fit the wire or there is no
 * room (caller bugs). `decodeX(v, o, m)` reads a message whose type and length the caller has checked into `m` and
 * returns '' when every field is in its domain, else the name of the first field that is not (the other
 * fields are still read, so a venue can reject by token). Sessions frame these with the headers of
 * sessionPackets.ts; OrderEntryDecoder does the checking.
 */

export const ENTER_ORDER_LENGTH = 37;
export const REPLACE_ORDER_LENGTH = 37;
export const CANCEL_ORDER_LENGTH = 21;
export const SYSTEM_EVENT_LENGTH = 20;
export const ORDER_ACCEPTED_LENGTH = 46;
export const ORDER_REPLACED_LENGTH = 51;
export const ORDER_EXECUTED_LENGTH = 38;
export const ORDER_CANCELLED_LENGTH = 23;
export const ORDER_REJECTED_LENGTH = 20;

const T_ENTER = OrderEntryMessage.EnterOrder;
const T_REPLACE = OrderEntryMessage.ReplaceOrder;
const T_CANCEL = OrderEntryMessage.CancelOrder;
const T_SYSTEM = OrderEntryMessage.SystemEvent;
const T_ACCEPTED = OrderEntryMessage.Accepted;
const T_REPLACED = OrderEntryMessage.Replaced;
const T_EXECUTED = OrderEntryMessage.Executed;
const T_CANCELLED = OrderEntryMessage.Cancelled;
const T_REJECTED = OrderEntryMessage.Rejected;

function sideByte(side: number): number {
  const s = sideToByte(side);
  if (s === 0) throw badValue('side', side);
  return s;
}

// ---------------------------------------------------------------- client → venue

export function encodeEnterOrder(v: DataView, o: number, m: EnterOrder): number {
  checkRoom(v, o, ENTER_ORDER_LENGTH);
  if (!isTimeInForce(m.timeInForce)) throw badValue('timeInForce', m.timeInForce);
  v.setUint8(o, T_ENTER);
  putU64(v, o + 1, m.token, 'token');
  v.setUint8(o + 9, sideByte(m.side));
  putU32(v, o + 10, m.quantity, 'quantity');
  putU16(v, o + 14, m.instrument, 'instrument');
  putI64(v, o + 16, m.price, 'price');
  v.setUint8(o + 24, m.timeInForce);
  putU32(v, o + 25, m.account, 'account');
  putU64(v, o + 29, m.marketDataSeq, 'marketDataSeq');
  return ENTER_ORDER_LENGTH;
}

export function decodeEnterOrder(v: DataView, o: number, m: EnterOrder): string {
  let bad = '';
  m.token = getU64(v, o + 1);
  if (m.token < 0) bad = 'token';
  m.side = byteToSide(v.getUint8(o + 9));
  if (m.side === 0 && bad === '') bad = 'side';
  m.quantity = v.getUint32(o + 10);
  m.instrument = v.getUint16(o + 14);
  m.price = getI64(v, o + 16);
  if (m.price !== m.price && bad === '') bad = 'price';
  m.timeInForce = v.getUint8(o + 24);
  if (!isTimeInForce(m.timeInForce) && bad === '') bad = 'timeInForce';
  m.account = v.getUint32(o + 25);
  m.marketDataSeq = getU64(v, o + 29);
  if (m.marketDataSeq < 0 && bad === '') bad = 'marketDataSeq';
  return bad;
}

export function encodeReplaceOrder(v: DataView, o: number, m: ReplaceOrder): number {
  checkRoom(v, o, REPLACE_ORDER_LENGTH);
  v.setUint8(o, T_REPLACE);
  putU64(v, o + 1, m.existingToken, 'existingToken');
  putU64(v, o + 9, m.replacementToken, 'replacementToken');
  putU32(v, o + 17, m.quantity, 'quantity');
  putI64(v, o + 21, m.price, 'price');
  putU64(v, o + 29, m.marketDataSeq, 'marketDataSeq');
  return REPLACE_ORDER_LENGTH;
}

export function decodeReplaceOrder(v: DataView, o: number, m: ReplaceOrder): string {
  let bad = '';
  m.existingToken = getU64(v, o + 1);
  if (m.existingToken < 0) bad = 'existingToken';
  m.replacementToken = getU64(v, o + 9);
  if (m.replacementToken < 0 && bad === '') bad = 'replacementToken';
  m.quantity = v.getUint32(o + 17);
  m.price = getI64(v, o + 21);
  if (m.price !== m.price && bad === '') bad = 'price';
  m.marketDataSeq = getU64(v, o + 29);
  if (m.marketDataSeq < 0 && bad === '') bad = 'marketDataSeq';
  return bad;
}

export function encodeCancelOrder(v: DataView, o: number, m: CancelOrder): number {
  checkRoom(v, o, CANCEL_ORDER_LENGTH);
  v.setUint8(o, T_CANCEL);
  putU64(v, o + 1, m.token, 'token');
  putU32(v, o + 9, m.quantity, 'quantity');
  putU64(v, o + 13, m.marketDataSeq, 'marketDataSeq');
  return CANCEL_ORDER_LENGTH;
}

export function decodeCancelOrder(v: DataView, o: number, m: CancelOrder): string {
  let bad = '';
  m.token = getU64(v, o + 1);
  if (m.token < 0) bad = 'token';
  m.quantity = v.getUint32(o + 9);
  m.marketDataSeq = getU64(v, o + 13);
  if (m.marketDataSeq < 0 && bad === '') bad = 'marketDataSeq';
  return bad;
}

// ---------------------------------------------------------------- venue → client

export function encodeSystemEvent(v: DataView, o: number, m: SystemEvent): number {
  checkRoom(v, o, SYSTEM_EVENT_LENGTH);
  if (!isSystemEventCode(m.eventCode)) throw badValue('eventCode', m.eventCode);
  v.setUint8(o, T_SYSTEM);
  putU64(v, o + 1, m.timestampNs, 'timestampNs');
  v.setUint8(o + 9, m.eventCode);
  putU16(v, o + 10, m.instrument, 'instrument');
  putI32(v, o + 12, m.originHigh, 'originHigh');
  putU32(v, o + 16, m.originLow, 'originLow');
  return SYSTEM_EVENT_LENGTH;
}

export function decodeSystemEvent(v: DataView, o: number, m: SystemEvent): string {
  let bad = '';
  m.timestampNs = getU64(v, o + 1);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.eventCode = v.getUint8(o + 9);
  if (!isSystemEventCode(m.eventCode) && bad === '') bad = 'eventCode';
  m.instrument = v.getUint16(o + 10);
  m.originHigh = v.getInt32(o + 12);
  m.originLow = v.getUint32(o + 16);
  return bad;
}

export function encodeOrderAccepted(v: DataView, o: number, m: OrderAccepted): number {
  checkRoom(v, o, ORDER_ACCEPTED_LENGTH);
  if (!isTimeInForce(m.timeInForce)) throw badValue('timeInForce', m.timeInForce);
  if (!isOrderState(m.orderState)) throw badValue('orderState', m.orderState);
  v.setUint8(o, T_ACCEPTED);
  putU64(v, o + 1, m.timestampNs, 'timestampNs');
  putU64(v, o + 9, m.token, 'token');
  v.setUint8(o + 17, sideByte(m.side));
  putU32(v, o + 18, m.quantity, 'quantity');
  putU16(v, o + 22, m.instrument, 'instrument');
  putI64(v, o + 24, m.price, 'price');
  v.setUint8(o + 32, m.timeInForce);
  putU32(v, o + 33, m.account, 'account');
  putU64(v, o + 37, m.orderRef, 'orderRef');
  v.setUint8(o + 45, m.orderState);
  return ORDER_ACCEPTED_LENGTH;
}

export function decodeOrderAccepted(v: DataView, o: number, m: OrderAccepted): string {
  let bad = '';
  m.timestampNs = getU64(v, o + 1);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.token = getU64(v, o + 9);
  if (m.token < 0 && bad === '') bad = 'token';
  m.side = byteToSide(v.getUint8(o + 17));
  if (m.side === 0 && bad === '') bad = 'side';
  m.quantity = v.getUint32(o + 18);
  m.instrument = v.getUint16(o + 22);
  m.price = getI64(v, o + 24);
  if (m.price !== m.price && bad === '') bad = 'price';
  m.timeInForce = v.getUint8(o + 32);
  if (!isTimeInForce(m.timeInForce) && bad === '') bad = 'timeInForce';
  m.account = v.getUint32(o + 33);
  m.orderRef = getU64(v, o + 37);
  if (m.orderRef < 0 && bad === '') bad = 'orderRef';
  m.orderState = v.getUint8(o + 45);
  if (!isOrderState(m.orderState) && bad === '') bad = 'orderState';
  return bad;
}

export function encodeOrderReplaced(v: DataView, o: number, m: OrderReplaced): number {
  checkRoom(v, o, ORDER_REPLACED_LENGTH);
  if (!isOrderState(m.orderState)) throw badValue('orderState', m.orderState);
  v.setUint8(o, T_REPLACED);
  putU64(v, o + 1, m.timestampNs, 'timestampNs');
  putU64(v, o + 9, m.replacementToken, 'replacementToken');
  putU64(v, o + 17, m.previousToken, 'previousToken');
  v.setUint8(o + 25, sideByte(m.side));
  putU32(v, o + 26, m.quantity, 'quantity');
  putU32(v, o + 30, m.leavesQuantity, 'leavesQuantity');
  putI64(v, o + 34, m.price, 'price');
  putU64(v, o + 42, m.orderRef, 'orderRef');
  v.setUint8(o + 50, m.orderState);
  return ORDER_REPLACED_LENGTH;
}

export function decodeOrderReplaced(v: DataView, o: number, m: OrderReplaced): string {
  let bad = '';
  m.timestampNs = getU64(v, o + 1);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.replacementToken = getU64(v, o + 9);
  if (m.replacementToken < 0 && bad === '') bad = 'replacementToken';
  m.previousToken = getU64(v, o + 17);
  if (m.previousToken < 0 && bad === '') bad = 'previousToken';
  m.side = byteToSide(v.getUint8(o + 25));
  if (m.side === 0 && bad === '') bad = 'side';
  m.quantity = v.getUint32(o + 26);
  m.leavesQuantity = v.getUint32(o + 30);
  m.price = getI64(v, o + 34);
  if (m.price !== m.price && bad === '') bad = 'price';
  m.orderRef = getU64(v, o + 42);
  if (m.orderRef < 0 && bad === '') bad = 'orderRef';
  m.orderState = v.getUint8(o + 50);
  if (!isOrderState(m.orderState) && bad === '') bad = 'orderState';
  return bad;
}

export function encodeOrderExecuted(v: DataView, o: number, m: OrderExecuted): number {
  checkRoom(v, o, ORDER_EXECUTED_LENGTH);
  if (!isLiquidityFlag(m.liquidity)) throw badValue('liquidity', m.liquidity);
  v.setUint8(o, T_EXECUTED);
  putU64(v, o + 1, m.timestampNs, 'timestampNs');
  putU64(v, o + 9, m.token, 'token');
  putU32(v, o + 17, m.quantity, 'quantity');
  putI64(v, o + 21, m.price, 'price');
  v.setUint8(o + 29, m.liquidity);
  putU64(v, o + 30, m.matchNumber, 'matchNumber');
  return ORDER_EXECUTED_LENGTH;
}

export function decodeOrderExecuted(v: DataView, o: number, m: OrderExecuted): string {
  let bad = '';
  m.timestampNs = getU64(v, o + 1);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.token = getU64(v, o + 9);
  if (m.token < 0 && bad === '') bad = 'token';
  m.quantity = v.getUint32(o + 17);
  m.price = getI64(v, o + 21);
  if (m.price !== m.price && bad === '') bad = 'price';
  m.liquidity = v.getUint8(o + 29);
  if (!isLiquidityFlag(m.liquidity) && bad === '') bad = 'liquidity';
  m.matchNumber = getU64(v, o + 30);
  if (m.matchNumber < 0 && bad === '') bad = 'matchNumber';
  return bad;
}

export function encodeOrderCancelled(v: DataView, o: number, m: OrderCancelled): number {
  checkRoom(v, o, ORDER_CANCELLED_LENGTH);
  v.setUint8(o, T_CANCELLED);
  putU64(v, o + 1, m.timestampNs, 'timestampNs');
  putU64(v, o + 9, m.token, 'token');
  putU32(v, o + 17, m.quantity, 'quantity');
  putU16(v, o + 21, m.reason, 'reason');
  return ORDER_CANCELLED_LENGTH;
}

export function decodeOrderCancelled(v: DataView, o: number, m: OrderCancelled): string {
  let bad = '';
  m.timestampNs = getU64(v, o + 1);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.token = getU64(v, o + 9);
  if (m.token < 0 && bad === '') bad = 'token';
  m.quantity = v.getUint32(o + 17);
  m.reason = v.getUint16(o + 21);
  return bad;
}

export function encodeOrderRejected(v: DataView, o: number, m: OrderRejected): number {
  checkRoom(v, o, ORDER_REJECTED_LENGTH);
  if (!isRequestType(m.requestType)) throw badValue('requestType', m.requestType);
  v.setUint8(o, T_REJECTED);
  putU64(v, o + 1, m.timestampNs, 'timestampNs');
  putU64(v, o + 9, m.token, 'token');
  v.setUint8(o + 17, m.requestType);
  putU16(v, o + 18, m.reason, 'reason');
  return ORDER_REJECTED_LENGTH;
}

export function decodeOrderRejected(v: DataView, o: number, m: OrderRejected): string {
  let bad = '';
  m.timestampNs = getU64(v, o + 1);
  if (m.timestampNs < 0) bad = 'timestampNs';
  m.token = getU64(v, o + 9);
  if (m.token < 0 && bad === '') bad = 'token';
  m.requestType = v.getUint8(o + 17);
  if (!isRequestType(m.requestType) && bad === '') bad = 'requestType';
  m.reason = v.getUint16(o + 18);
  return bad;
}
