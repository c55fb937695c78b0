/**
 * How an incoming order treats liquidity it cannot take at once.
 * - Limit: good-till-cancelled; whatever does not match rests in the book.
 * - Market: takes liquidity at any price until filled or the opposite side is empty; never rests.
 * - ImmediateOrCancel: a limit order whose unmatched remainder is cancelled instead of resting.
 */
export const OrderType = {
  Limit: 1,
  Market: 2,
  ImmediateOrCancel: 3,
} as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];
