import type { EventBatch } from '../data/EventBatch.ts';
import { findCompanion } from './companions.ts';
import { FlagCollector } from './FlagCollector.ts';
import { ManipulationKind } from './ManipulationKind.ts';
import { MarketTape, OrderEnd } from './MarketTape.ts';
import type { OrderFlag } from './OrderFlag.ts';
import { formatDuration, ramp, weighted } from './scoring.ts';
import type { TapeDetector } from './TapeDetector.ts';

/**
 * Layering: several orders on consecutive price levels of one side, added within a few milliseconds and
 * cancelled together, unexecuted: a ladder that fakes depth. In L3 data, whoever sent them:
 * 1. candidate orders end cancelled with (almost) nothing executed, at or behind their side's touch;
 * 2. adds on one side are chained while each comes within `addGapNs` of the previous one (a burst);
 * 3. within a burst, orders whose cancels fall within `cancelSpanNs` of each other form a group;
 * 4. a group whose distinct prices contain a run of ≥ `minLevels` consecutive ticks is a ladder; its
 *    orders at those prices are flagged.
 * The score weighs the ladder's length, how tightly it was added and cancelled, how much depth it added,
 * and activity on the opposite side (an order joining the other best right after it, or trades there
 * while it stood: the layerer's purpose). The layerer's genuine order is flagged with the ladder (see
 * companions.ts).
 */
export interface LayeringOptions {
  /** Orders of one side added within this of the previous one belong to one burst. */
  readonly addGapNs: number;
  /** A burst longer than this from first to last add is not "placed within milliseconds". */
  readonly maxAddSpanNs: number;
  /** Orders cancelled within this span of each other were cancelled together. */
  readonly cancelSpanNs: number;
  /** Consecutive price levels needed; evidence full at `fullLevels`. */
  readonly minLevels: number;
  readonly fullLevels: number;
  /** Largest gap between neighbouring prices of the ladder, in ticks (1: strictly consecutive). */
  readonly maxGapTicks: number;
  /** The complete ladder (last add to first cancel) stood at least this: one pulled sooner was never seen. */
  readonly minStandNs: number;
  /** A ladder that stood longer than this is a resting quote, not a fake. */
  readonly maxLifetimeNs: number;
  /** Executed share of an order's size above which it is not a layer. */
  readonly maxExecutedShare: number;
  /** Ladder size against its side's depth: evidence starts / is full. */
  readonly minDepthShare: number;
  readonly fullDepthShare: number;
  /** The layerer's genuine order, as for spoofing (see companions.ts). */
  readonly companionPlacedWithinNs: number;
  readonly companionLeadNs: number;
  readonly companionScoreFactor: number;
  readonly minScore: number;
}

/** "Within a few ms": a layerer's orders leave one gateway back to back; 3 ms between adds tolerates its pacing and latency jitter. */
export const LAYER_ADD_GAP_NS = 3e6;
/** The whole ladder within 15 ms. */
export const LAYER_MAX_ADD_SPAN_NS = 15e6;
/** Cancelled together: within 10 ms of each other (one cancel burst). */
export const LAYER_CANCEL_SPAN_NS = 10e6;
/** Three levels is the smallest ladder; five is a wall. */
export const LAYER_MIN_LEVELS = 3;
export const LAYER_FULL_LEVELS = 5;
/** Consecutive levels: neighbours one tick apart. */
export const LAYER_MAX_GAP_TICKS = 1;
/**
 * A ladder must stand long enough to be read and acted on. On the real GOOG day the ladders that pass
 * every other gate are pulled 0–2 ms after completion (market makers re-pricing a block of quotes); a
 * fake meant to move others stands for more than a few milliseconds.
 */
export const LAYER_MIN_STAND_NS = 5e6;
/** A ladder is pulled when it has done its work: seconds. */
export const LAYER_MAX_LIFETIME_NS = 30e9;
export const LAYER_MAX_EXECUTED_SHARE = 0.1;
/**
 * Gate and evidence: a ladder that is a fifth of its side's depth (5 levels) after it is added visibly
 * changes the imbalance; half of it (doubling the depth) is full evidence. The real days' ladders that
 * pass the other gates are odd-lot ladders (6 × 5 shares, 12–17 % of depth): they fake nothing.
 */
export const LAYER_MIN_DEPTH_SHARE = 0.2;
export const LAYER_FULL_DEPTH_SHARE = 0.5;
/** As for spoofing: the genuine order goes in within 50 ms after the ladder, or up to a second before it. */
export const LAYER_COMPANION_PLACED_WITHIN_NS = 50e6;
export const LAYER_COMPANION_LEAD_NS = 1e9;
export const LAYER_COMPANION_SCORE_FACTOR = 0.95;
/** Gated ladders need half the evidence: the structure itself (consecutive, together, unexecuted) is rare in honest flow. */
export const LAYER_MIN_SCORE = 0.5;

export const DEFAULT_LAYERING_OPTIONS: LayeringOptions = {
  addGapNs: LAYER_ADD_GAP_NS,
  maxAddSpanNs: LAYER_MAX_ADD_SPAN_NS,
  cancelSpanNs: LAYER_CANCEL_SPAN_NS,
  minLevels: LAYER_MIN_LEVELS,
  fullLevels: LAYER_FULL_LEVELS,
  maxGapTicks: LAYER_MAX_GAP_TICKS,
  minStandNs: LAYER_MIN_STAND_NS,
  maxLifetimeNs: LAYER_MAX_LIFETIME_NS,
  maxExecutedShare: LAYER_MAX_EXECUTED_SHARE,
  minDepthShare: LAYER_MIN_DEPTH_SHARE,
  fullDepthShare: LAYER_FULL_DEPTH_SHARE,
  companionPlacedWithinNs: LAYER_COMPANION_PLACED_WITHIN_NS,
  companionLeadNs: LAYER_COMPANION_LEAD_NS,
  companionScoreFactor: LAYER_COMPANION_SCORE_FACTOR,
  minScore: LAYER_MIN_SCORE,
};

export class LayeringDetector implements TapeDetector {
  readonly kind = ManipulationKind.Layer;
  readonly options: LayeringOptions;

  constructor(options: Partial<LayeringOptions> = {}) {
    this.options = { ...DEFAULT_LAYERING_OPTIONS, ...options };
  }

  detect(events: EventBatch): OrderFlag[] {
    return this.detectTape(MarketTape.fromEvents(events));
  }

  detectTape(tape: MarketTape): OrderFlag[] {
    const out = new FlagCollector(this.kind, this.options.minScore);
    for (const side of [1, -1]) {
      for (const burst of this.bursts(tape, side)) {
        for (const group of this.cancelGroups(tape, burst)) this.ladders(tape, group, out);
      }
    }
    return out.flags();
  }

  private candidate(tape: MarketTape, k: number): boolean {
    const o = this.options;
    return (
      tape.oEnd[k] === OrderEnd.Cancelled &&
      tape.oExecSize[k] <= o.maxExecutedShare * tape.oSize[k] &&
      tape.oDistTicks[k] >= 0 &&
      tape.lifetimeNs(k) <= o.maxLifetimeNs
    );
  }

  /** Candidate orders of one side chained by add time (gap ≤ addGapNs), bursts of ≥ minLevels. */
  private *bursts(tape: MarketTape, side: number): Generator<number[]> {
    const o = this.options;
    const ts = tape.events.exchTs;
    let cur: number[] = [];
    let lastTs = -Infinity;
    for (let k = 0; k < tape.orders; k++) {
      if (tape.oSide[k] !== side || !this.candidate(tape, k)) continue;
      const t = ts[tape.oAddEv[k]];
      if (t - lastTs > o.addGapNs || (cur.length > 0 && t - ts[tape.oAddEv[cur[0]]] > o.maxAddSpanNs)) {
        if (cur.length >= o.minLevels) yield cur;
        cur = [];
      }
      cur.push(k);
      lastTs = t;
    }
    if (cur.length >= o.minLevels) yield cur;
  }

  /** Splits a burst into groups cancelled together: sorted by cancel time, each group within cancelSpanNs. */
  private cancelGroups(tape: MarketTape, burst: number[]): number[][] {
    const ts = tape.events.exchTs;
    const end = (k: number) => ts[tape.oEndEv[k]];
    const byEnd = [...burst].sort((a, b) => end(a) - end(b) || a - b);
    const groups: number[][] = [];
    let cur: number[] = [];
    for (const k of byEnd) {
      if (cur.length > 0 && end(k) - end(cur[0]) > this.options.cancelSpanNs) {
        if (cur.length >= this.options.minLevels) groups.push(cur);
        cur = [];
      }
      cur.push(k);
    }
    if (cur.length >= this.options.minLevels) groups.push(cur);
    return groups;
  }

  /** Finds runs of consecutive levels in a group and flags their orders. */
  private ladders(tape: MarketTape, group: number[], out: FlagCollector): void {
    const o = this.options;
    const side = tape.oSide[group[0]];
    // Prices from the touch outward (bids descending, asks ascending).
    const prices = [...new Set(group.map((k) => tape.oPrice[k]))].sort((a, b) => side * (b - a));
    let start = 0;
    for (let i = 1; i <= prices.length; i++) {
      const broken = i === prices.length || Math.abs(prices[i] - prices[i - 1]) > o.maxGapTicks * tape.tick;
      if (!broken) continue;
      if (i - start >= o.minLevels) this.flagLadder(tape, group, prices.slice(start, i), out);
      start = i;
    }
  }

  private flagLadder(tape: MarketTape, group: number[], prices: number[], out: FlagCollector): void {
    const o = this.options;
    const ts = tape.events.exchTs;
    const at = new Set(prices);
    const members = group.filter((k) => at.has(tape.oPrice[k]));
    let firstAdd = Infinity;
    let lastAdd = -Infinity;
    let firstEnd = Infinity;
    let lastEnd = -Infinity;
    let size = 0;
    let addEv0 = Infinity;
    let endEv1 = -1;
    for (const k of members) {
      const a = ts[tape.oAddEv[k]];
      const e = ts[tape.oEndEv[k]];
      firstAdd = Math.min(firstAdd, a);
      lastAdd = Math.max(lastAdd, a);
      firstEnd = Math.min(firstEnd, e);
      lastEnd = Math.max(lastEnd, e);
      addEv0 = Math.min(addEv0, tape.oAddEv[k]);
      endEv1 = Math.max(endEv1, tape.oEndEv[k]);
      size += tape.oSize[k];
    }
    const k0 = members.reduce((a, b) => (tape.oAddEv[a] <= tape.oAddEv[b] ? a : b));
    const side = tape.oSide[k0];
    const depth = tape.oDepthAtAdd[k0];
    const share = size / (depth + size);
    const oppVol = tape.execVolume(-side, addEv0, endEv1);
    const life = firstEnd - lastAdd;
    // Gates: the ladder adds real depth and stands long enough to be seen.
    if (share < o.minDepthShare || life < o.minStandNs) return;
    const comp = findCompanion(tape, -side, tape.oAddEv[members.reduce((a, b) => (tape.oAddEv[a] >= tape.oAddEv[b] ? a : b))], endEv1, {
      placedWithinNs: o.companionPlacedWithinNs,
      leadNs: o.companionLeadNs,
    });
    const other = Math.max(comp?.how === 'placed' ? 1 : 0, oppVol > 0 ? 1 : 0);
    const score = weighted([
      [ramp(prices.length, o.minLevels - 1, o.fullLevels), 0.3],
      [ramp(lastAdd - firstAdd, o.maxAddSpanNs, 0), 0.15],
      [ramp(lastEnd - firstEnd, o.cancelSpanNs, 0), 0.15],
      [ramp(share, o.minDepthShare, o.fullDepthShare), 0.2],
      [other, 0.2],
    ]);
    const px = (p: number) => tape.formatPrice(p);
    const reason =
      `${prices.length}-level ${side > 0 ? 'bid' : 'ask'} ladder ${px(prices[0])}…${px(prices[prices.length - 1])} of ${members.length} orders (${size} total, ` +
      `${(share * 100).toFixed(0)}% of depth) added within ${formatDuration(lastAdd - firstAdd)}, cancelled within ` +
      `${formatDuration(lastEnd - firstEnd)} after ${formatDuration(life)}, unexecuted; ${oppVol} traded on the other side meanwhile` +
      (comp === null ? '' : comp.how === 'placed' ? `; an order joined the other best ${formatDuration(ts[tape.oAddEv[comp.order]] - lastAdd)} after the ladder` : '; an order on the other side executed while it stood');
    for (const k of members) out.add(tape.oId[k], score, reason);
    if (score >= o.minScore && comp) out.add(tape.oId[comp.order], score * o.companionScoreFactor, `the other side of a ladder: ${reason}`);
  }
}
