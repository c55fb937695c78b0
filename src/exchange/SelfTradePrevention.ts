/**
 * What happens when an incoming order would trade against a resting order of the same owner (account).
 * The incoming order's instruction decides (as at CME and ICE), since only the aggressor knows it is
 * about to cross itself.
 * - Allow: trade as usual (wash trade); for anonymous flow such as a zero-intelligence simulator.
 * - CancelIncoming: stop matching; the incoming order's remainder is cancelled (default).
 * - CancelResting: the resting order is cancelled (a Delete event) and matching continues.
 * - CancelBoth: the resting order is cancelled and the incoming remainder too.
 */
export const SelfTradePrevention = {
  Allow: 0,
  CancelIncoming: 1,
  CancelResting: 2,
  CancelBoth: 3,
} as const;
export type SelfTradePrevention = (typeof SelfTradePrevention)[keyof typeof SelfTradePrevention];

export const DEFAULT_SELF_TRADE_PREVENTION: SelfTradePrevention = SelfTradePrevention.CancelIncoming;
