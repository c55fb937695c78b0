import type { Feature, FeatureColumn } from './Feature.ts';
import type { FeatureContext } from './FeatureContext.ts';
import { Ema } from './Ema.ts';

/** Mid minus its exponential moving average over the last N events, in ticks (N = 100 and 1000). */
export class MidTrend implements Feature {
  readonly name = 'mid_trend';
  readonly columns: readonly FeatureColumn[];
  readonly warmUpEvents: number;
  readonly warmUpNs = 0;
  readonly bookLevels = 0;
  readonly decayTaus: readonly number[] = [];
  private readonly emas: Ema[];

  constructor(periods: readonly number[] = [100, 1000]) {
    this.emas = periods.map((p) => new Ema(p));
    this.columns = periods.map((p) => ({ name: `mid_minus_ema_${p}_ticks`, unit: 'ticks' }));
    this.warmUpEvents = Math.max(...periods);
  }

  update(ctx: FeatureContext): void {
    const m = ctx.mid;
    if (m !== m) return;
    for (let k = 0; k < this.emas.length; k++) this.emas[k].update(m);
  }

  write(ctx: FeatureContext, out: Float64Array, offset: number): void {
    for (let k = 0; k < this.emas.length; k++) out[offset + k] = (ctx.mid - this.emas[k].value) / ctx.tickSize;
  }

  reset(): void {
    for (const e of this.emas) e.reset();
  }
}
