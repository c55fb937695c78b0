/**
 * What features read from a book: the visible levels by rank. Implemented by L3OrderBook (LOBSTER,
 * simulator, sandbox) and L2Ladder (Binance), so one feature serves every venue.
 */
export interface BookView {
  bestBid(): number;
  bestAsk(): number;
  bestBidSize(): number;
  bestAskSize(): number;
  /** Price of the `rank`-th best level (0 = best) on side 1 (bid) or -1 (ask); NaN past the last level. */
  priceAt(side: number, rank: number): number;
  /** Size of the `rank`-th best level; 0 past the last level. */
  sizeAtRank(side: number, rank: number): number;
  /** Occupied levels on a side. */
  depth(side: number): number;
  /**
   * Copies the best `n` levels of a side into `prices`/`sizes` (best first; NaN and 0 past the last
   * level) in one call: cheaper than 2n calls of priceAt/sizeAtRank. Returns the levels present.
   */
  topLevels(side: number, n: number, prices: Float64Array, sizes: Float64Array): number;
}
