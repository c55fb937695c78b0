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
  readonly bookLevels: number;
  readonly decayTaus = [TAU_1S, TAU_10S];
  private readonly prevBid: Float64Array;
  private readonly prevBidSize: Float64Array;
  private readonly prevAsk: Float64Array;
  private readonly prevAskSize: Float64Array;
  /** Decayed sums: [level l at 1 s] for l < levels, then level 1 at 10 s. */
  private readonly sums: Float64Array;

  constructor(private readonly levels = 5) {
    if (levels > TOP_LEVELS) throw new RangeError(`OFI reads at most ${TOP_LEVELS} levels`);
    this.bookLevels = levels;
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
    const bidPx = ctx.bidPx;
    const bidSz = ctx.bidSz;
    const askPx = ctx.askPx;
    const askSz = ctx.askSz;
    const prevBid = this.prevBid;
    const prevBidSize = this.prevBidSize;
    const prevAsk = this.prevAsk;
    const prevAskSize = this.prevAskSize;
    const sums = this.sums;
    const d1 = ctx.decay[TAU_1S];
    const levels = this.levels;
    for (let l = 0; l < levels; l++) {
      const pb = bidPx[l];
      const qb = bidSz[l];
      const pa = askPx[l];
      const qa = askSz[l];
      const pb0 = prevBid[l];
      const qb0 = prevBidSize[l];
      const pa0 = prevAsk[l];
      const qa0 = prevAskSize[l];
      // A level whose prices and sizes are all unchanged contributes e = +0, which is also what the four
      // terms below sum to then (0 + q − q − q' + q' is +0 for finite sizes); its stored copy stays.
      let e = 0;
      if (pb !== pb0 || qb !== qb0 || pa !== pa0 || qa !== qa0) {
        if (pb >= pb0) e += qb;
        if (pb <= pb0) e -= qb0;
        if (pa <= pa0) e -= qa;
        if (pa >= pa0) e += qa0;
        prevBid[l] = pb;
        prevBidSize[l] = qb;
        prevAsk[l] = pa;
        prevAskSize[l] = qa;
      }
      sums[l] = sums[l] * d1 + e;
      if (l === 0) sums[levels] = sums[levels] * ctx.decay[TAU_10S] + e;
    }
  }

  write(_ctx: FeatureContext, out: Float64Array, offset: number): void {
    const sums = this.sums;
    for (let k = 0; k < sums.length; k++) out[offset + k] = sums[k];
  }

  reset(): void {
    this.prevBid.fill(NaN);
    this.prevAsk.fill(NaN);
    this.prevBidSize.fill(0);
    this.prevAskSize.fill(0);
    this.sums.fill(0);
  }
}
