import { EventType } from '../data/EventType.ts';

/** Event classes that flow features count, from the normalized event type. */
export const KIND_NONE = -1;
export const KIND_ADD = 0;
export const KIND_CANCEL = 1;
export const KIND_EXECUTE = 2;
export const KIND_NAMES = ['add', 'cancel', 'exec'] as const;

const KIND_OF_TYPE = new Int8Array(256).fill(KIND_NONE);
KIND_OF_TYPE[EventType.Add] = KIND_ADD;
KIND_OF_TYPE[EventType.Reduce] = KIND_CANCEL;
KIND_OF_TYPE[EventType.Delete] = KIND_CANCEL;
KIND_OF_TYPE[EventType.ExecuteVisible] = KIND_EXECUTE;
KIND_OF_TYPE[EventType.ExecuteHidden] = KIND_EXECUTE;
KIND_OF_TYPE[EventType.Trade] = KIND_EXECUTE;

export function eventKind(type: number): number {
  return KIND_OF_TYPE[type];
}

/**
 * Side of the *resting* liquidity an event touched: LOBSTER executions carry the resting order's side;
 * anonymous trade prints (Binance) carry the aggressor's, so the resting side is the opposite.
 */
export function restingSide(type: number, side: number): number {
  return type === EventType.Trade ? -side : side;
}

/**
 * +1 for a buyer-initiated execution, −1 for seller-initiated, 0 for anything else. An execution against
 * a resting sell order was initiated by a buyer (LOBSTER ReadMe); a Binance trade carries the aggressor.
 */
export function aggressorSign(type: number, side: number): number {
  if (type === EventType.Trade) return side;
  if (type === EventType.ExecuteVisible || type === EventType.ExecuteHidden) return -side;
  return 0;
}

export function isExecution(type: number): boolean {
  return type === EventType.ExecuteVisible || type === EventType.ExecuteHidden || type === EventType.Trade || type === EventType.CrossTrade;
}
