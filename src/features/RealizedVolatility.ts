import type { Feature } from './Feature.ts';
import { TAU_10S, TAU_60S, type FeatureContext } from './FeatureContext.ts';

/**
 * Realised volatility of mid log-returns, in basis points: the square root of the exponentially decayed
 * sum of squared returns (one return per mid change) over 10 s and 60 s.
 */
export class RealizedVolatility implements Feature {
  readonly name = 'realized_vol';
  readonly columns = [
    { name: 'rv_10s_bps', unit: 'bps' },
    { name: 'rv_60s_bps', unit: 'bps' },
  ];
  readonly warmUpEvents = 2;
  readonly warmUpNs = 180e9;
  readonly bookLevels = 0;
  readonly decayTaus = [TAU_10S, TAU_60S];
  private s10 = 0;
  private s60 = 0;

  update(ctx: FeatureContext): void {
    this.s10 *= ctx.decay[TAU_10S];
    this.s60 *= ctx.decay[TAU_60S];
    const m = ctx.mid;
    const p = ctx.prevMid;
    if (m !== p && m === m && p === p) {
      const r = Math.log(m / p);
      this.s10 += r * r;
      this.s60 += r * r;
    }
  }

  write(_ctx: FeatureContext, out: Float64Array, offset: number): void {
    out[offset] = Math.sqrt(this.s10) * 1e4;
    out[offset + 1] = Math.sqrt(this.s60) * 1e4;
  }

  reset(): void {
    this.s10 = this.s60 = 0;
  }
}
