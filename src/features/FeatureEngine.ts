import type { EventBatch } from '../data/EventBatch.ts';
import type { BookView } from './BookView.ts';
import type { Feature, FeatureColumn } from './Feature.ts';
import { DECAY_TAUS_NS, FeatureContext, TOP_LEVELS } from './FeatureContext.ts';

type UpdateAll = (ctx: FeatureContext) => void;
type WriteAll = (ctx: FeatureContext, out: Float64Array, offset: number) => void;

/**
 * Runs a list of features over an event stream: after each event is applied to the book, `onEvent`
 * updates every feature; `write` reads all of them into one row. The dataset builder drives it over a
 * file, the live engine event by event: same objects, same numbers (a parity test holds them to it).
 *
 * Per event it does only what its features read: the decay factors of the time constants they declare
 * (`Feature.decayTaus`) and as many book levels as the deepest of them (`Feature.bookLevels`).
 */
export class FeatureEngine {
  readonly ctx: FeatureContext;
  readonly columns: readonly FeatureColumn[];
  readonly width: number;
  readonly warmUpEvents: number;
  readonly warmUpNs: number;
  /** Book levels copied into the context per side (at least 1: the mid needs the touch). */
  readonly bookLevels: number;
  /** Indices into DECAY_TAUS_NS of the decay factors computed per event (the others stay NaN). */
  readonly decayTaus: readonly number[];
  private readonly offsets: Int32Array;
  private readonly updateAll: UpdateAll;
  private readonly writeAll: WriteAll;
  /** decayTaus, and their time constants in ns. */
  private readonly tauIndex: Int32Array;
  private readonly tauNs: Float64Array;

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

    let levels = 1;
    const taus = new Set<number>();
    for (const f of features) {
      const n = f.bookLevels ?? TOP_LEVELS;
      if (!(Number.isInteger(n) && n >= 0 && n <= TOP_LEVELS)) throw new RangeError(`feature ${f.name} reads ${n} book levels: 0 to ${TOP_LEVELS}`);
      if (n > levels) levels = n;
      for (const t of f.decayTaus ?? DECAY_TAUS_NS.keys()) {
        if (!(Number.isInteger(t) && t >= 0 && t < DECAY_TAUS_NS.length)) throw new RangeError(`feature ${f.name} reads decay factor ${t}: indices 0 to ${DECAY_TAUS_NS.length - 1}`);
        taus.add(t);
      }
    }
    this.bookLevels = levels;
    this.decayTaus = [...taus].sort((a, b) => a - b);
    this.tauIndex = Int32Array.from(this.decayTaus);
    this.tauNs = Float64Array.from(this.decayTaus, (k) => DECAY_TAUS_NS[k]);

    this.ctx = new FeatureContext(book, tickSize, priceScale, levels);
    [this.updateAll, this.writeAll] = compileCalls(features, this.offsets);
    this.resetContext();
  }

  /** Call after event `i` of `batch` has been applied to the book. */
  onEvent(batch: EventBatch, i: number): void {
    const ctx = this.ctx;
    let t = batch.exchTs[i];
    if (t !== t) t = batch.localTs[i]; // venues that send no exchange time (Binance spot quotes)
    let dt = 0;
    if (ctx.events === 0) ctx.startNs = t;
    else if (t > ctx.timeNs) dt = t - ctx.timeNs;
    ctx.dtNs = dt;
    ctx.timeNs = t;
    // exp(-dt/τ), written exactly as it always was, for the time constants the features read.
    const decay = ctx.decay;
    const taus = this.tauIndex;
    const tauNs = this.tauNs;
    if (dt === 0) for (let k = 0; k < taus.length; k++) decay[taus[k]] = 1;
    else for (let k = 0; k < taus.length; k++) decay[taus[k]] = Math.exp(-dt / tauNs[k]);
    ctx.batch = batch;
    ctx.row = i;
    ctx.type = batch.type[i];
    ctx.side = batch.side[i];
    ctx.price = batch.price[i];
    ctx.size = batch.size[i];
    ctx.flags = batch.flags[i];
    if (ctx.mid === ctx.mid) ctx.prevMid = ctx.mid;
    const book = ctx.book;
    const levels = this.bookLevels;
    ctx.bidLevels = book.topLevels(1, levels, ctx.bidPx, ctx.bidSz);
    ctx.askLevels = book.topLevels(-1, levels, ctx.askPx, ctx.askSz);
    ctx.mid = (ctx.bidPx[0] + ctx.askPx[0]) / 2; // NaN when a side is empty
    ctx.events++;
    this.updateAll(ctx);
  }

  /** Writes every feature's current values into out[offset .. offset + width). */
  write(out: Float64Array, offset = 0): void {
    this.writeAll(this.ctx, out, offset);
  }

  /** True once every feature's warm-up (events and exchange time) has passed. */
  get warm(): boolean {
    const ctx = this.ctx;
    return ctx.events >= this.warmUpEvents && ctx.timeNs - ctx.startNs >= this.warmUpNs;
  }

  reset(): void {
    this.resetContext();
    for (const f of this.features) f.reset();
  }

  private resetContext(): void {
    this.ctx.reset();
    for (const k of this.decayTaus) this.ctx.decay[k] = 1;
  }
}

/**
 * One function that calls every feature's update, and one that calls every write, generated for this
 * feature list with one call site per feature. A loop over the list calls a dozen classes through one
 * megamorphic site (measured: ~15 ns a call, never inlined, the largest cost of the default set); here
 * every site sees one class, so V8 inlines the small ones and calls the others directly. The code is
 * generated from indices and offsets only. The class names in the comment key V8's compilation cache:
 * lists of the same classes share optimized code, lists of different ones never share (and pollute) each
 * other's type feedback. Where code generation from strings is disallowed, plain loops do the same work.
 */
function compileCalls(features: readonly Feature[], offsets: Int32Array): [UpdateAll, WriteAll] {
  const params = features.map((_, k) => `f${k}`);
  const className = (f: Feature): string => (f.constructor?.name ?? '').replace(/[^\w$]/g, '_');
  const signature = `/* ${features.map(className).join(',')} */`;
  const updates = params.map((f) => `${f}.update(ctx);`).join('\n');
  const writes = params.map((f, k) => `${f}.write(ctx, out, offset + ${offsets[k]});`).join('\n');
  const make = (body: string): unknown => new Function(...params, `'use strict';\n${signature}\n${body}`)(...features);
  try {
    return [make(`return function updateAll(ctx) {\n${updates}\n};`) as UpdateAll, make(`return function writeAll(ctx, out, offset) {\n${writes}\n};`) as WriteAll];
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    return [
      (ctx) => {
        for (let k = 0; k < features.length; k++) features[k].update(ctx);
      },
      (ctx, out, offset) => {
        for (let k = 0; k < features.length; k++) features[k].write(ctx, out, offset + offsets[k]);
      },
    ];
  }
}
