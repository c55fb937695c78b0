import { OrderUpdateKind, Tif, type OrderUpdate, type Strategy, type TradingContext } from './Strategy.ts';

export interface TakerParams {
  /** Trade when the predicted probability of up (or down) exceeds this. */
  readonly threshold: number;
  /** Shares per trade. */
  readonly qty: number;
  /** Hold for this many model predictions (the label horizon), unless the prediction flips first. */
  readonly holdPredictions: number;
}

const DOWN = 0;
const UP = 2;

/**
 * The AI taker: when the model's probability of an up (down) move passes the threshold, buy (sell) at
 * the best ask (bid) it sees, immediate-or-cancel; hold for the label horizon, counted in the model's own
 * predictions, or until the model predicts the other way; then close at the touch, again IOC. One order in
 * flight at a time: it waits for the venue's answer before deciding again (no racing its own orders).
 */
export class TakerPolicy implements Strategy {
  readonly name = 'taker';
  readonly params: { readonly [name: string]: number };
  private entryPrediction = 0;
  private inFlight = 0;

  constructor(readonly p: TakerParams) {
    if (!(p.threshold > 0 && p.threshold < 1)) throw new RangeError(`taker threshold must be in (0, 1), got ${p.threshold}`);
    if (!(p.qty > 0)) throw new RangeError(`taker qty must be > 0, got ${p.qty}`);
    if (!(p.holdPredictions >= 1)) throw new RangeError(`taker hold must be ≥ 1 prediction, got ${p.holdPredictions}`);
    this.params = { threshold: p.threshold, qty: p.qty, holdPredictions: p.holdPredictions };
  }

  onBook(ctx: TradingContext): void {
    if (!ctx.predictionFresh || this.inFlight !== 0) return;
    const pred = ctx.prediction;
    const th = this.p.threshold;
    const up = pred[UP] > th;
    const down = pred[DOWN] > th;
    const pos = ctx.position;
    if (pos === 0) {
      if (up && ctx.bestAsk === ctx.bestAsk) this.send(ctx, 1, ctx.bestAsk, this.p.qty);
      else if (down && ctx.bestBid === ctx.bestBid) this.send(ctx, -1, ctx.bestBid, this.p.qty);
      return;
    }
    const held = ctx.predictions - this.entryPrediction;
    const flipped = pos > 0 ? down : up;
    if (held >= this.p.holdPredictions || flipped) {
      if (pos > 0 && ctx.bestBid === ctx.bestBid) this.send(ctx, -1, ctx.bestBid, pos);
      else if (pos < 0 && ctx.bestAsk === ctx.bestAsk) this.send(ctx, 1, ctx.bestAsk, -pos);
    }
  }

  onOrderUpdate(ctx: TradingContext, u: OrderUpdate): void {
    if (u.orderId !== this.inFlight) return;
    if (u.kind === OrderUpdateKind.Filled && this.entryPrediction < 0) this.entryPrediction = ctx.predictions;
    if (ctx.leavesQty(u.orderId) === 0 && u.kind !== OrderUpdateKind.Accepted) this.inFlight = 0;
  }

  private send(ctx: TradingContext, side: number, price: number, qty: number): void {
    const opening = ctx.position === 0;
    const id = ctx.submit(side, price, qty, Tif.Ioc);
    if (id === 0) return;
    this.inFlight = id;
    // The holding period starts at the first fill of an opening order (marked by -1 until then).
    if (opening) this.entryPrediction = -1;
  }
}
