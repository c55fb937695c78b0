import type { Feature } from './Feature.ts';
import { TAU_10S, type FeatureContext } from './FeatureContext.ts';
import { EventType } from '../data/EventType.ts';

/** Volume executed against hidden orders, per second over a decaying 10 s window: invisible liquidity. */
export class HiddenVolume implements Feature {
  readonly name = 'hidden_volume';
  readonly columns = [{ name: 'hidden_volume_rate_10s', unit: 'size/s' }];
  readonly warmUpEvents = 1;
  readonly warmUpNs = 30e9;
  readonly bookLevels = 0;
  readonly decayTaus = [TAU_10S];
  private sum = 0;

  update(ctx: FeatureContext): void {
    this.sum *= ctx.decay[TAU_10S];
    if (ctx.type === EventType.ExecuteHidden) this.sum += ctx.size;
  }

  write(_ctx: FeatureContext, out: Float64Array, offset: number): void {
    out[offset] = this.sum / 10;
  }

  reset(): void {
    this.sum = 0;
  }
}
