import type { Feature } from './Feature.ts';
import type { FeatureContext } from './FeatureContext.ts';

/**
 * Size-weighted mid (microprice) minus the mid, in ticks: (bid·askSize + ask·bidSize)/(bidSize + askSize)
 * leans toward the side with less size, the side more likely to be taken out next.
 */
export class Microprice implements Feature {
  readonly name = 'microprice';
  readonly columns = [{ name: 'microprice_offset_ticks', unit: 'ticks' }];
  readonly warmUpEvents = 1;
  readonly warmUpNs = 0;
  readonly bookLevels = 1;
  readonly decayTaus: readonly number[] = [];
  update(): void {}
  write(ctx: FeatureContext, out: Float64Array, offset: number): void {
    const bs = ctx.bidSz[0];
    const as = ctx.askSz[0];
    const micro = (ctx.bidPx[0] * as + ctx.askPx[0] * bs) / (bs + as);
    out[offset] = (micro - ctx.mid) / ctx.tickSize;
  }
  reset(): void {}
}
