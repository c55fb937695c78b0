import type { Feature } from './Feature.ts';
import type { FeatureContext } from './FeatureContext.ts';

/** Best ask minus best bid, in ticks; NaN while a side is empty. */
export class Spread implements Feature {
  readonly name = 'spread';
  readonly columns = [{ name: 'spread_ticks', unit: 'ticks' }];
  readonly warmUpEvents = 1;
  readonly warmUpNs = 0;
  readonly bookLevels = 1;
  readonly decayTaus: readonly number[] = [];
  update(): void {}
  write(ctx: FeatureContext, out: Float64Array, offset: number): void {
    out[offset] = (ctx.askPx[0] - ctx.bidPx[0]) / ctx.tickSize;
  }
  reset(): void {}
}
