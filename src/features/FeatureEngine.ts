import type { EventBatch } from '../data/EventBatch.ts';
import type { BookView } from './BookView.ts';
import type { Feature, FeatureColumn } from './Feature.ts';
import { DECAY_TAUS_NS, FeatureContext, TOP_LEVELS } from './FeatureContext.ts';

/**
 * Runs a list of features over an event stream: after each event is applied to the book, `onEvent`
 * updates every feature; `write` reads all of them into one row. The dataset builder drives it over a
 * file, the live engine event by event: same objects, same numbers (a parity test holds them to it).
 */
export class FeatureEngine {
  readonly ctx: FeatureContext;
  readonly columns: readonly FeatureColumn[];
  readonly width: number;
  readonly warmUpEvents: number;
  readonly warmUpNs: number;
  private readonly offsets: Int32Array;

  constructor(
    readonly features: readonly Feature[],
    book: BookView,
    tickSize: number,
    priceScale: number,
  ) {
    const names = new Set<string>();
    const columns: FeatureColumn[] = [];
    this.offsets = new Int32Array(features.length);
    features.forEach((f, k) => {
      this.offsets[k] = columns.length;
      for (const c of f.columns) {
        if (names.has(c.name)) throw new Error(`feature column "${c.name}" appears twice (feature ${f.name})`);
        names.add(c.name);
        columns.push(c);
      }
    });
    this.columns = columns;
    this.width = columns.length;
    this.warmUpEvents = Math.max(0, ...features.map((f) => f.warmUpEvents));
    this.warmUpNs = Math.max(0, ...features.map((f) => f.warmUpNs));
    this.ctx = new FeatureContext(book, tickSize, priceScale);
    this.ctx.reset();
  }

  /** Call after event `i` of `batch` has been applied to the book. */
  onEvent(batch: EventBatch, i: number): void {
    const ctx = this.ctx;
    let t = batch.exchTs[i];
    if (t !== t) t = batch.localTs[i]; // venues that send no exchange time (Binance spot quotes)
    if (ctx.events === 0) {
      ctx.startNs = t;
      ctx.dtNs = 0;
    } else {
      ctx.dtNs = t > ctx.timeNs ? t - ctx.timeNs : 0;
    }
    ctx.timeNs = t;
    const decay = ctx.decay;
    if (ctx.dtNs === 0) decay.fill(1);
    else for (let k = 0; k < DECAY_TAUS_NS.length; k++) decay[k] = Math.exp(-ctx.dtNs / DECAY_TAUS_NS[k]);
    ctx.batch = batch;
    ctx.row = i;
    ctx.type = batch.type[i];
    ctx.side = batch.side[i];
    ctx.price = batch.price[i];
    ctx.size = batch.size[i];
    ctx.flags = batch.flags[i];
    if (ctx.mid === ctx.mid) ctx.prevMid = ctx.mid;
    const book = ctx.book;
    ctx.bidLevels = book.topLevels(1, TOP_LEVELS, ctx.bidPx, ctx.bidSz);
    ctx.askLevels = book.topLevels(-1, TOP_LEVELS, ctx.askPx, ctx.askSz);
    ctx.mid = (ctx.bidPx[0] + ctx.askPx[0]) / 2; // NaN when a side is empty
    ctx.events++;
    const features = this.features;
    for (let k = 0; k < features.length; k++) features[k].update(ctx);
  }

  /** Writes every feature's current values into out[offset .. offset + width). */
  write(out: Float64Array, offset = 0): void {
    const features = this.features;
    for (let k = 0; k < features.length; k++) features[k].write(this.ctx, out, offset + this.offsets[k]);
  }

  /** True once every feature's warm-up (events and exchange time) has passed. */
  get warm(): boolean {
    const ctx = this.ctx;
    return ctx.events >= this.warmUpEvents && ctx.timeNs - ctx.startNs >= this.warmUpNs;
  }

  reset(): void {
    this.ctx.reset();
    for (const f of this.features) f.reset();
  }
}
