import { PriceLadder } from './PriceLadder.ts';

/**
 * Aggregate size per price on both sides: the book that venues publishing levels (Binance depth) give,
 * and the visible view of an L3 book. Prices and sizes are integers in the instrument's units.
 */
export class L2Ladder {
  readonly bids = new PriceLadder(1);
  readonly asks = new PriceLadder(-1);

  /** Sets the aggregate size at a price; size 0 removes the level. `side`: 1 bid, -1 ask. */
  setLevel(side: number, price: number, size: number): void {
    const ladder = side > 0 ? this.bids : this.asks;
    if (size === 0) ladder.delete(price);
    else ladder.set(price, size);
  }

  /** Adds `delta` (may be negative) to the size at a price, removing the level when it reaches 0. */
  addToLevel(side: number, price: number, delta: number): void {
    const ladder = side > 0 ? this.bids : this.asks;
    const i = ladder.find(price);
    if (i >= 0) {
      const v = ladder.valueAtPos(i) + delta;
      if (v <= 0) ladder.removeAt(i);
      else ladder.setValueAtPos(i, v);
    } else if (delta > 0) {
      ladder.insertAt(-i - 1, price, delta);
    }
  }

  sizeAt(side: number, price: number): number {
    return (side > 0 ? this.bids : this.asks).get(price, 0);
  }

  /** Best bid price, or NaN when the side is empty. */
  bestBid(): number {
    return this.bids.count > 0 ? this.bids.priceAt(0) : NaN;
  }

  bestAsk(): number {
    return this.asks.count > 0 ? this.asks.priceAt(0) : NaN;
  }

  bestBidSize(): number {
    return this.bids.count > 0 ? this.bids.valueAt(0) : 0;
  }

  bestAskSize(): number {
    return this.asks.count > 0 ? this.asks.valueAt(0) : 0;
  }

  /** Price of the `rank`-th best level on a side (0 = best), NaN past the last level. */
  priceAt(side: number, rank: number): number {
    const ladder = side > 0 ? this.bids : this.asks;
    return rank < ladder.count ? ladder.priceAt(rank) : NaN;
  }

  /** Size of the `rank`-th best level on a side, 0 past the last level. */
  sizeAtRank(side: number, rank: number): number {
    const ladder = side > 0 ? this.bids : this.asks;
    return rank < ladder.count ? ladder.valueAt(rank) : 0;
  }

  /** Best `n` levels of a side into `prices`/`sizes` (NaN and 0 past the last level); returns levels present. */
  topLevels(side: number, n: number, prices: Float64Array, sizes: Float64Array): number {
    const present = (side > 0 ? this.bids : this.asks).copyTop(n, prices, sizes);
    for (let r = present; r < n; r++) {
      prices[r] = NaN;
      sizes[r] = 0;
    }
    return present;
  }

  /** Number of occupied levels on a side. */
  depth(side: number): number {
    return side > 0 ? this.bids.count : this.asks.count;
  }

  /**
   * Writes the top `levels` levels into `out` in LOBSTER's row layout
   * (askPrice, askSize, bidPrice, bidSize per level); empty levels get NaN price and size 0.
   */
  snapshot(levels: number, out: Float64Array): void {
    writeSnapshot(this.asks, this.bids, levels, out, (l, r) => l.valueAt(r));
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }
}

/** Shared by L2 and L3 books: top-N in LOBSTER layout, with a per-side size getter by rank. */
export function writeSnapshot(
  asks: PriceLadder,
  bids: PriceLadder,
  levels: number,
  out: Float64Array,
  sizeOf: (ladder: PriceLadder, rank: number) => number,
): void {
  for (let l = 0; l < levels; l++) {
    const o = l * 4;
    if (l < asks.count) {
      out[o] = asks.priceAt(l);
      out[o + 1] = sizeOf(asks, l);
    } else {
      out[o] = NaN;
      out[o + 1] = 0;
    }
    if (l < bids.count) {
      out[o + 2] = bids.priceAt(l);
      out[o + 3] = sizeOf(bids, l);
    } else {
      out[o + 2] = NaN;
      out[o + 3] = 0;
    }
  }
}
