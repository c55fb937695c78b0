import { RejectReason } from '../../strategy/Strategy.ts';

/** What a thrown ccxt error means for an order request. */
export interface CcxtErrorMeaning {
  /** The strategy's reason for a Rejected update. */
  readonly reason: RejectReason;
  /** Short machine-readable cause: 'insufficient-funds', 'invalid-order', 'order-not-found', … */
  readonly venueReason: string;
  /**
   * True when the request may have reached the venue and been acted on anyway (timeouts, dropped
   * connections): its outcome must be looked up, not assumed.
   */
  readonly ambiguous: boolean;
  /** The error's class name and message, for logs (truncated). */
  readonly detail: string;
}

/**
 * ccxt error classes (ccxt/js/src/base/errorHierarchy.js), most specific first. Matched by class name
 * along the error's prototype chain, so ccxt need not be imported to classify its errors (and fakes in
 * tests only have to use the same names).
 */
const MEANINGS: readonly (readonly [string, RejectReason, string, boolean])[] = [
  ['OrderNotFound', RejectReason.UnknownOrder, 'order-not-found', false],
  // The account cannot pay for it: the venue's own inventory limit, in the strategy's terms.
  ['InsufficientFunds', RejectReason.InventoryLimit, 'insufficient-funds', false],
  ['DuplicateOrderId', RejectReason.BadPriceOrSize, 'duplicate-order-id', false],
  ['OrderImmediatelyFillable', RejectReason.BadPriceOrSize, 'post-only-would-take', false],
  ['OrderNotFillable', RejectReason.BadPriceOrSize, 'not-fillable', false],
  ['InvalidOrder', RejectReason.BadPriceOrSize, 'invalid-order', false],
  ['BadSymbol', RejectReason.BadPriceOrSize, 'bad-symbol', false],
  ['ArgumentsRequired', RejectReason.BadPriceOrSize, 'arguments-required', false],
  ['BadRequest', RejectReason.BadPriceOrSize, 'bad-request', false],
  ['MarketClosed', RejectReason.Halted, 'market-closed', false],
  ['AuthenticationError', RejectReason.Halted, 'authentication', false],
  ['NotSupported', RejectReason.Halted, 'not-supported', false],
  // Refused before processing (HTTP 429 / 418): nothing happened.
  ['RateLimitExceeded', RejectReason.Halted, 'rate-limited', false],
  ['DDoSProtection', RejectReason.Halted, 'rate-limited', false],
  ['OnMaintenance', RejectReason.Halted, 'maintenance', true],
  ['RequestTimeout', RejectReason.Halted, 'timeout', true],
  ['ExchangeNotAvailable', RejectReason.Halted, 'venue-unavailable', true],
  ['NetworkError', RejectReason.Halted, 'network', true],
  ['ExchangeError', RejectReason.Halted, 'exchange-error', false],
];

/** The class names along an error's prototype chain (its `name` first), e.g. OrderNotFound, InvalidOrder, ExchangeError, BaseError, Error. */
export function errorClassNames(e: unknown): string[] {
  const names: string[] = [];
  if (e instanceof Error && e.name) names.push(e.name);
  let p: unknown = e !== null && typeof e === 'object' ? Object.getPrototypeOf(e) : null;
  while (p !== null && p !== Object.prototype) {
    const name = (p as { constructor?: { name?: string } }).constructor?.name;
    if (name && !names.includes(name)) names.push(name);
    p = Object.getPrototypeOf(p);
  }
  return names;
}

/** Maps a thrown error to a reject reason; anything unrecognised is ambiguous (look the order up). */
export function classifyCcxtError(e: unknown): CcxtErrorMeaning {
  const names = errorClassNames(e);
  const message = e instanceof Error ? e.message : String(e);
  const detail = `${names[0] ?? 'Error'}: ${message}`.slice(0, 300);
  for (const [name, reason, venueReason, ambiguous] of MEANINGS) {
    if (names.includes(name)) return { reason, venueReason, ambiguous, detail };
  }
  return { reason: RejectReason.Halted, venueReason: 'error', ambiguous: true, detail };
}
