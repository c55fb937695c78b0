import {
  LiquidityFlag,
  OrderEntryMessage,
  OrderState,
  SIDE_BUY_BYTE,
  SIDE_SELL_BYTE,
  SystemEventCode,
  TimeInForce,
} from './codes.ts';

/**
 * Domain checks of the enumerated one-byte fields, shared by encoders (which throw on a bad value: a
 * caller bug) and decoders (which report BadField: a peer's fault). Branches only, no lookups that
 * allocate.
 */

/** Side (+1 / −1) → its wire letter; 0 when the side is neither. */
export function sideToByte(side: number): number {
  return side === 1 ? SIDE_BUY_BYTE : side === -1 ? SIDE_SELL_BYTE : 0;
}

/** Wire letter → side (+1 / −1); 0 when the byte is neither 'B' nor 'S'. */
export function byteToSide(b: number): number {
  return b === SIDE_BUY_BYTE ? 1 : b === SIDE_SELL_BYTE ? -1 : 0;
}

export function isTimeInForce(v: number): boolean {
  return v === TimeInForce.Day || v === TimeInForce.ImmediateOrCancel;
}

export function isLiquidityFlag(v: number): boolean {
  return v === LiquidityFlag.Added || v === LiquidityFlag.Removed;
}

export function isOrderState(v: number): boolean {
  return v === OrderState.Live || v === OrderState.Dead;
}

export function isRequestType(v: number): boolean {
  return v === OrderEntryMessage.EnterOrder || v === OrderEntryMessage.ReplaceOrder || v === OrderEntryMessage.CancelOrder;
}

export function isSystemEventCode(v: number): boolean {
  switch (v) {
    case SystemEventCode.StartOfMessages:
    case SystemEventCode.StartOfSystemHours:
    case SystemEventCode.StartOfMarketHours:
    case SystemEventCode.EndOfMarketHours:
    case SystemEventCode.EndOfSystemHours:
    case SystemEventCode.EndOfMessages:
    case SystemEventCode.Halted:
    case SystemEventCode.QuotationOnly:
    case SystemEventCode.TradingResumed:
      return true;
    default:
      return false;
  }
}

export function badValue(field: string, value: number): RangeError {
  return new RangeError(`field "${field}": ${value} is not a valid value`);
}
