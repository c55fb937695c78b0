import type { Feature } from './Feature.ts';
import { TAU_10S, type FeatureContext } from './FeatureContext.ts';
import { eventKind, KIND_ADD, KIND_CANCEL } from './eventKinds.ts';

/** Cancels per add over a decaying 10 s window (both sides): high values flag fleeting liquidity. */
export class CancelToAddRatio implements Feature {
  readonly name = 'cancel_add_ratio';
  readonly columns = [{ name: 'cancel_add_ratio_10s', unit: 'ratio' }];
  readonly warmUpEvents = 1;
  readonly warmUpNs = 30e9;
  readonly bookLevels = 0;
  readonly decayTaus = [TAU_10S];
  private adds = 0;
  private cancels = 0;

  update(ctx: FeatureContext): void {
    const d = ctx.decay[TAU_10S];
    this.adds *= d;
    this.cancels *= d;
    const kind = eventKind(ctx.type);
    if (kind === KIND_ADD) this.adds += 1;
    else if (kind === KIND_CANCEL) this.cancels += 1;
  }

  write(_ctx: FeatureContext, out: Float64Array, offset: number): void {
    out[offset] = this.adds > 0 ? this.cancels / this.adds : 0;
  }

  reset(): void {
    this.adds = this.cancels = 0;
  }
}
