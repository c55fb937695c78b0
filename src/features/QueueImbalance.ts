import type { Feature, FeatureColumn } from './Feature.ts';
import { TOP_LEVELS, type FeatureContext } from './FeatureContext.ts';

/**
 * Queue imbalance (bidSize − askSize)/(bidSize + askSize), at level 1 and cumulated over the best N
 * levels of each side, in [−1, 1]; 0 when both sides are empty. Level-1 imbalance is the classic
 * one-tick-ahead predictor of the next mid move (Gould & Bonart 2016).
 */
export class QueueImbalance implements Feature {
  readonly name = 'queue_imbalance';
  readonly columns: readonly FeatureColumn[];
  readonly warmUpEvents = 1;
  readonly warmUpNs = 0;
  readonly bookLevels: number;
  readonly decayTaus: readonly number[] = [];

  constructor(private readonly levels: readonly number[] = [1, 5, 10]) {
    if (Math.max(...levels) > TOP_LEVELS) throw new RangeError(`queue imbalance reads at most ${TOP_LEVELS} levels`);
    this.columns = levels.map((n) => ({ name: `qi_${n}`, unit: 'ratio [-1,1]' }));
    this.bookLevels = Math.max(0, ...levels);
  }

  update(): void {}

  write(ctx: FeatureContext, out: Float64Array, offset: number): void {
    const levels = this.levels;
    const bidSz = ctx.bidSz;
    const askSz = ctx.askSz;
    let bid = 0;
    let ask = 0;
    let rank = 0;
    for (let k = 0; k < levels.length; k++) {
      for (; rank < levels[k]; rank++) {
        bid += bidSz[rank];
        ask += askSz[rank];
      }
      const total = bid + ask;
      out[offset + k] = total > 0 ? (bid - ask) / total : 0;
    }
  }

  reset(): void {}
}
