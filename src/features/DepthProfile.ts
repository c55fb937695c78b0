import type { Feature, FeatureColumn } from './Feature.ts';
import { TOP_LEVELS, type FeatureContext } from './FeatureContext.ts';

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
  readonly bookLevels: number;
  readonly decayTaus: readonly number[] = [];

  constructor(private readonly levels = 10) {
    if (levels > TOP_LEVELS) throw new RangeError(`depth profile reads at most ${TOP_LEVELS} levels`);
    this.bookLevels = levels;
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
    this.side(ctx, ctx.bidPx, ctx.bidSz, ctx.bidLevels, out, offset);
    this.side(ctx, ctx.askPx, ctx.askSz, ctx.askLevels, out, offset + 1);
  }

  private side(ctx: FeatureContext, px: Float64Array, sz: Float64Array, present: number, out: Float64Array, offset: number): void {
    const n = this.levels < present ? this.levels : present;
    const best = px[0];
    const perTick = ctx.ticksPerUnit;
    let depth = 0;
    let weighted = 0;
    for (let r = 0; r < n; r++) {
      const s = sz[r];
      const d = px[r] - best;
      depth += s;
      weighted += s / (1 + (d < 0 ? -d : d) * perTick);
    }
    const far = n === 0 ? 0 : px[n - 1] - best;
    out[offset] = depth;
    out[offset + 2] = n === 0 ? 0 : depth / (1 + (far < 0 ? -far : far) * perTick);
    out[offset + 4] = weighted;
  }

  reset(): void {}
}
