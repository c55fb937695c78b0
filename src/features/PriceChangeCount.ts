import type { Feature } from './Feature.ts';
import { TAU_1S, TAU_10S, type FeatureContext } from './FeatureContext.ts';

/** Mid-price changes per second over decaying 1 s and 10 s windows. */
export class PriceChangeCount implements Feature {
  readonly name = 'mid_changes';
  readonly columns = [
    { name: 'mid_changes_1s', unit: 'changes/s' },
    { name: 'mid_changes_10s', unit: 'changes/s' },
  ];
  readonly warmUpEvents = 2;
  readonly warmUpNs = 30e9;
  readonly bookLevels = 0;
  readonly decayTaus = [TAU_1S, TAU_10S];
  private c1 = 0;
  private c10 = 0;

  update(ctx: FeatureContext): void {
    this.c1 *= ctx.decay[TAU_1S];
    this.c10 *= ctx.decay[TAU_10S];
    const m = ctx.mid;
    const p = ctx.prevMid;
    if (m !== p && m === m && p === p) {
      this.c1 += 1;
      this.c10 += 1;
    }
  }

  write(_ctx: FeatureContext, out: Float64Array, offset: number): void {
    out[offset] = this.c1;
    out[offset + 1] = this.c10 / 10;
  }

  reset(): void {
    this.c1 = this.c10 = 0;
  }
}
