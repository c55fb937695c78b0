import type { Feature, FeatureColumn } from './Feature.ts';
import type { FeatureContext } from './FeatureContext.ts';

/**
 * The shape of the best N levels of each side:
 * - depth: total size (shares or lots);
 * - slope: depth over the distance from the touch to the N-th level, in size per tick (a steep book
 *   absorbs orders with little price impact);
 * - distance-weighted depth: Σ size / (1 + ticks from the touch), which discounts far liquidity.
 */
export class DepthProfile implements Feature {
  readonly name = 'depth';
  readonly columns: readonly FeatureColumn[];
  readonly warmUpEvents = 1;
  readonly warmUpNs = 0;

  constructor(private readonly levels = 10) {
    this.columns = [
      { name: `depth_bid_${levels}`, unit: 'size' },
      { name: `depth_ask_${levels}`, unit: 'size' },
      { name: `depth_slope_bid_${levels}`, unit: 'size/tick' },
      { name: `depth_slope_ask_${levels}`, unit: 'size/tick' },
      { name: `depth_weighted_bid_${levels}`, unit: 'size' },
      { name: `depth_weighted_ask_${levels}`, unit: 'size' },
    ];
  }

  update(): void {}

  write(ctx: FeatureContext, out: Float64Array, offset: number): void {
    this.side(ctx, 1, out, offset);
    this.side(ctx, -1, out, offset + 1);
  }

  private side(ctx: FeatureContext, side: number, out: Float64Array, offset: number): void {
    const book = ctx.book;
    const best = book.priceAt(side, 0);
    const n = Math.min(this.levels, book.depth(side));
    let depth = 0;
    let weighted = 0;
    let far = best;
    for (let r = 0; r < n; r++) {
      const p = book.priceAt(side, r);
      const s = book.sizeAtRank(side, r);
      const ticks = Math.abs(p - best) / ctx.tickSize;
      depth += s;
      weighted += s / (1 + ticks);
      far = p;
    }
    out[offset] = depth;
    out[offset + 2] = n === 0 ? 0 : depth / (1 + Math.abs(far - best) / ctx.tickSize);
    out[offset + 4] = weighted;
  }

  reset(): void {}
}
