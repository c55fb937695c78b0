import { Tif, type Strategy, type TradingContext } from './Strategy.ts';

export interface MakerParams {
  /** Shares per quote. */
  readonly qty: number;
  /** Ticks the quotes lean per unit of model signal (P(up) − P(down) ∈ [−1, 1]). */
  readonly signalTicks: number;
  /** Ticks the quotes lean per `qty` of inventory (against the position). */
  readonly inventoryTicks: number;
  /** Stop quoting the side that would add to a position of this many shares. */
  readonly maxPosition: number;
}

/**
 * The AI market maker: a bid and an ask at the touch, leaned by the model and by inventory. The lean
 * s = signalTicks·(P(up) − P(down)) − inventoryTicks·position/qty (in ticks) moves the side that is
 * against the expected move away from the touch: s > 0 (expect up, or short) keeps the bid at the best
 * bid and pulls the ask |s| ticks back; s < 0 the reverse. Quotes never cross the spread the strategy
 * sees. Requotes (modify) only when the wanted price changes; one request in flight per side.
 */
export class MakerPolicy implements Strategy {
  readonly name = 'maker';
  readonly params: { readonly [name: string]: number };
  /** Working order id per side (0 bid, 1 ask) and the price last asked for it (NaN: none/cancelling). */
  private readonly ids = new Float64Array(2);
  private readonly asked = new Float64Array([NaN, NaN]);

  constructor(readonly p: MakerParams) {
    if (!(p.qty > 0)) throw new RangeError(`maker qty must be > 0, got ${p.qty}`);
    this.params = { qty: p.qty, signalTicks: p.signalTicks, inventoryTicks: p.inventoryTicks, maxPosition: p.maxPosition };
  }

  onBook(ctx: TradingContext): void {
    const bid = ctx.bestBid;
    const ask = ctx.bestAsk;
    if (bid !== bid || ask !== ask) return;
    const tick = ctx.instrument.tickSize;
    const pred = ctx.prediction;
    const signal = pred.length === 3 && pred[0] === pred[0] ? pred[2] - pred[0] : 0;
    const lean = this.p.signalTicks * signal - (this.p.inventoryTicks * ctx.position) / this.p.qty;
    const steps = Math.round(Math.abs(lean));
    const bidPx = lean < 0 ? bid - steps * tick : bid;
    const askPx = lean > 0 ? ask + steps * tick : ask;
    this.quote(ctx, 1, bidPx, ctx.position < this.p.maxPosition);
    this.quote(ctx, -1, askPx, ctx.position > -this.p.maxPosition);
  }

  /** Keeps one order on a side at `price`, or none when not wanted; each request is sent once. */
  private quote(ctx: TradingContext, side: number, price: number, wanted: boolean): void {
    const k = side > 0 ? 0 : 1;
    const id = this.ids[k];
    const live = id !== 0 && ctx.leavesQty(id) > 0;
    if (!wanted) {
      if (live && this.asked[k] === this.asked[k]) ctx.cancel(id);
      this.asked[k] = NaN;
      return;
    }
    if (!live) {
      const next = ctx.submit(side, price, this.p.qty, Tif.Gtc);
      this.ids[k] = next;
      this.asked[k] = next !== 0 ? price : NaN;
      return;
    }
    if (this.asked[k] === price) return;
    ctx.modify(id, price, ctx.leavesQty(id));
    this.asked[k] = price;
  }
}
