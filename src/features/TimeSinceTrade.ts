import type { Feature } from './Feature.ts';
import type { FeatureContext } from './FeatureContext.ts';
import { isExecution } from './eventKinds.ts';

/** Seconds since the last execution (before the first one: since the first event seen). */
export class TimeSinceTrade implements Feature {
  readonly name = 'time_since_trade';
  readonly columns = [{ name: 'time_since_trade_s', unit: 's' }];
  readonly warmUpEvents = 1;
  readonly warmUpNs = 0;
  readonly bookLevels = 0;
  readonly decayTaus: readonly number[] = [];
  private lastTradeNs = NaN;

  update(ctx: FeatureContext): void {
    if (isExecution(ctx.type)) this.lastTradeNs = ctx.timeNs;
  }

  write(ctx: FeatureContext, out: Float64Array, offset: number): void {
    const since = this.lastTradeNs === this.lastTradeNs ? this.lastTradeNs : ctx.startNs;
    out[offset] = (ctx.timeNs - since) / 1e9;
  }

  reset(): void {
    this.lastTradeNs = NaN;
  }
}
