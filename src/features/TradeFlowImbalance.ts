import type { Feature } from './Feature.ts';
import { TAU_1S, TAU_10S, type FeatureContext } from './FeatureContext.ts';
import { aggressorSign } from './eventKinds.ts';

/**
 * Trade-flow imbalance (buyer- minus seller-initiated volume over their sum, in [−1, 1]) over decaying
 * 1 s and 10 s windows, and the traded volume rate over 10 s. The initiator comes from the executed side
 * (an execution against a resting sell is a buy). Hidden executions count: they are trades too.
 */
export class TradeFlowImbalance implements Feature {
  readonly name = 'trade_flow';
  readonly columns = [
    { name: 'tfi_1s', unit: 'ratio [-1,1]' },
    { name: 'tfi_10s', unit: 'ratio [-1,1]' },
    { name: 'trade_volume_rate_10s', unit: 'size/s' },
  ];
  readonly warmUpEvents = 1;
  readonly warmUpNs = 30e9;
  readonly bookLevels = 0;
  readonly decayTaus = [TAU_1S, TAU_10S];
  private buy1 = 0;
  private sell1 = 0;
  private buy10 = 0;
  private sell10 = 0;

  update(ctx: FeatureContext): void {
    const d1 = ctx.decay[TAU_1S];
    const d10 = ctx.decay[TAU_10S];
    this.buy1 *= d1;
    this.sell1 *= d1;
    this.buy10 *= d10;
    this.sell10 *= d10;
    const sign = aggressorSign(ctx.type, ctx.side);
    if (sign > 0) {
      this.buy1 += ctx.size;
      this.buy10 += ctx.size;
    } else if (sign < 0) {
      this.sell1 += ctx.size;
      this.sell10 += ctx.size;
    }
  }

  write(_ctx: FeatureContext, out: Float64Array, offset: number): void {
    const t1 = this.buy1 + this.sell1;
    const t10 = this.buy10 + this.sell10;
    out[offset] = t1 > 0 ? (this.buy1 - this.sell1) / t1 : 0;
    out[offset + 1] = t10 > 0 ? (this.buy10 - this.sell10) / t10 : 0;
    out[offset + 2] = t10 / 10;
  }

  reset(): void {
    this.buy1 = this.sell1 = this.buy10 = this.sell10 = 0;
  }
}
