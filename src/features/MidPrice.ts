import type { Feature } from './Feature.ts';
import type { FeatureContext } from './FeatureContext.ts';

/** Mid price (best bid + best ask) / 2, in currency units; NaN while a side is empty. */
export class MidPrice implements Feature {
  readonly name = 'mid';
  readonly columns = [{ name: 'mid', unit: 'currency' }];
  readonly warmUpEvents = 1;
  readonly warmUpNs = 0;
  readonly bookLevels = 0;
  readonly decayTaus: readonly number[] = [];
  update(): void {}
  write(ctx: FeatureContext, out: Float64Array, offset: number): void {
    out[offset] = ctx.mid / ctx.priceScale;
  }
  reset(): void {}
}
