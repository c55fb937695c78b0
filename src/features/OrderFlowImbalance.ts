import type { Feature, FeatureColumn } from './Feature.ts';
import { TAU_1S, TAU_10S, TOP_LEVELS, type FeatureContext } from './FeatureContext.ts';

/**
 * Order-flow imbalance (Cont, Kukanov & Stoikov 2014) at the best level, and per level for the best N
 * (multi-level OFI, Xu, Gould & Howison 2018). At each event, per level l:
 *   e = 1{Pb ≥ Pb'}·qb − 1{Pb ≤ Pb'}·qb' − 1{Pa ≤ Pa'}·qa + 1{Pa ≥ Pa'}·qa'
 * (primes: before the event), summed over an exponentially decaying window: ofi_l{l}_1s for every level,
 * and ofi_l1_10s for the best level. Units: size (shares or lots).
 */
export class OrderFlowImbalance implements Feature {
  readonly name = 'ofi';
  readonly columns: readonly FeatureColumn[];
  readonly warmUpEvents = 2;
  readonly warmUpNs = 3e9;
  private readonly prevBid: Float64Array;
  private readonly prevBidSize: Float64Array;
  private readonly prevAsk: Float64Array;
  private readonly prevAskSize: Float64Array;
  /** Decayed sums: [level l at 1 s] for l < levels, then level 1 at 10 s. */
  private readonly sums: Float64Array;

  constructor(private readonly levels = 5) {
    if (levels > TOP_LEVELS) throw new RangeError(`OFI reads at most ${TOP_LEVELS} levels`);
    this.columns = [
      ...Array.from({ length: levels }, (_, l) => ({ name: `ofi_l${l + 1}_1s`, unit: 'size' })),
      { name: 'ofi_l1_10s', unit: 'size' },
    ];
    this.prevBid = new Float64Array(levels).fill(NaN);
    this.prevBidSize = new Float64Array(levels);
    this.prevAsk = new Float64Array(levels).fill(NaN);
    this.prevAskSize = new Float64Array(levels);
    this.sums = new Float64Array(levels + 1);
  }

  update(ctx: FeatureContext): void {
    const d1 = ctx.decay[TAU_1S];
    const sums = this.sums;
    for (let l = 0; l < this.levels; l++) {
      const pb = ctx.bidPx[l];
      const qb = ctx.bidSz[l];
      const pa = ctx.askPx[l];
      const qa = ctx.askSz[l];
      const pb0 = this.prevBid[l];
      const pa0 = this.prevAsk[l];
      let e = 0;
      if (pb >= pb0) e += qb;
      if (pb <= pb0) e -= this.prevBidSize[l];
      if (pa <= pa0) e -= qa;
      if (pa >= pa0) e += this.prevAskSize[l];
      sums[l] = sums[l] * d1 + e;
      if (l === 0) sums[this.levels] = sums[this.levels] * ctx.decay[TAU_10S] + e;
      this.prevBid[l] = pb;
      this.prevBidSize[l] = qb;
      this.prevAsk[l] = pa;
      this.prevAskSize[l] = qa;
    }
  }

  write(_ctx: FeatureContext, out: Float64Array, offset: number): void {
    for (let k = 0; k <= this.levels; k++) out[offset + k] = this.sums[k];
  }

  reset(): void {
    this.prevBid.fill(NaN);
    this.prevAsk.fill(NaN);
    this.prevBidSize.fill(0);
    this.prevAskSize.fill(0);
    this.sums.fill(0);
  }
}
