import type { Feature, FeatureColumn } from './Feature.ts';
import type { FeatureContext } from './FeatureContext.ts';

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

  constructor(private readonly levels: readonly number[] = [1, 5, 10]) {
    this.columns = levels.map((n) => ({ name: `qi_${n}`, unit: 'ratio [-1,1]' }));
  }

  update(): void {}

  write(ctx: FeatureContext, out: Float64Array, offset: number): void {
    const book = ctx.book;
    const levels = this.levels;
    let bid = 0;
    let ask = 0;
    let rank = 0;
    for (let k = 0; k < levels.length; k++) {
      for (; rank < levels[k]; rank++) {
        bid += book.sizeAtRank(1, rank);
        ask += book.sizeAtRank(-1, rank);
      }
      const total = bid + ask;
      out[offset + k] = total > 0 ? (bid - ask) / total : 0;
    }
  }

  reset(): void {}
}
