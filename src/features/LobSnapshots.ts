import type { Feature, FeatureColumn } from './Feature.ts';
import { TOP_LEVELS, type FeatureContext } from './FeatureContext.ts';

/**
 * Raw book snapshots for sequence models (the DeepLOB input): the top L levels as
 * (ask price − mid in ticks, ask size, bid price − mid in ticks, bid size) per level, level 1 first.
 * A missing level repeats the last present level's price with size 0, so values stay finite; an empty
 * side is NaN. The last T snapshots (one per event) are kept in a ring buffer: `window()` writes them
 * oldest first, T × L × 4 values, for a model that reads sequences. Dataset rows hold the current
 * snapshot (L × 4 columns); a sequence model rebuilds windows from consecutive rows.
 */
export class LobSnapshots implements Feature {
  readonly name = 'lob';
  readonly columns: readonly FeatureColumn[];
  readonly warmUpEvents: number;
  readonly warmUpNs = 0;
  readonly bookLevels: number;
  readonly decayTaus: readonly number[] = [];
  readonly width: number;
  private readonly ring: Float64Array;
  private head = 0;
  private filled = 0;

  constructor(
    readonly levels = 10,
    readonly history = 100,
  ) {
    if (levels > TOP_LEVELS) throw new RangeError(`snapshots read at most ${TOP_LEVELS} levels`);
    this.bookLevels = levels;
    const cols: FeatureColumn[] = [];
    for (let l = 1; l <= levels; l++) {
      cols.push({ name: `ask_px_${l}`, unit: 'ticks from mid' }, { name: `ask_sz_${l}`, unit: 'size' });
      cols.push({ name: `bid_px_${l}`, unit: 'ticks from mid' }, { name: `bid_sz_${l}`, unit: 'size' });
    }
    this.columns = cols;
    this.width = levels * 4;
    this.warmUpEvents = history;
    this.ring = new Float64Array(history * this.width);
  }

  update(ctx: FeatureContext): void {
    this.snapshot(ctx, this.ring, this.head * this.width);
    this.head = (this.head + 1) % this.history;
    if (this.filled < this.history) this.filled++;
  }

  write(_ctx: FeatureContext, out: Float64Array, offset: number): void {
    const last = ((this.head + this.history - 1) % this.history) * this.width;
    for (let k = 0; k < this.width; k++) out[offset + k] = this.ring[last + k];
  }

  /** Snapshots recorded so far (at most `history`). */
  get length(): number {
    return this.filled;
  }

  /** Writes the last `history` snapshots, oldest first (T × L × 4); false until the buffer is full. */
  window(out: Float64Array, offset = 0): boolean {
    if (this.filled < this.history) return false;
    const w = this.width;
    let o = offset;
    for (let k = 0; k < this.history; k++) {
      const from = ((this.head + k) % this.history) * w;
      for (let j = 0; j < w; j++) out[o++] = this.ring[from + j];
    }
    return true;
  }

  private snapshot(ctx: FeatureContext, out: Float64Array, base: number): void {
    const mid = ctx.mid;
    const perTick = ctx.ticksPerUnit;
    for (let side = 0; side < 2; side++) {
      const px = side === 0 ? ctx.askPx : ctx.bidPx;
      const sz = side === 0 ? ctx.askSz : ctx.bidSz;
      const k = side * 2;
      let lastPrice = NaN;
      for (let l = 0; l < this.levels; l++) {
        let p = px[l];
        let size = sz[l];
        if (p !== p) {
          p = lastPrice;
          size = 0;
        }
        lastPrice = p;
        out[base + l * 4 + k] = (p - mid) * perTick;
        out[base + l * 4 + k + 1] = size;
      }
    }
  }

  reset(): void {
    this.ring.fill(0);
    this.head = 0;
    this.filled = 0;
  }
}
