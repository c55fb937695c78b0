import type { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import { findCompanion } from './companions.ts';
import { replaceChains } from './replaceChains.ts';
import { FlagCollector } from './FlagCollector.ts';
import { ManipulationKind } from './ManipulationKind.ts';
import { MarketTape, OrderEnd } from './MarketTape.ts';
import type { OrderFlag } from './OrderFlag.ts';
import { formatDuration, ramp, weighted } from './scoring.ts';
import type { TapeDetector } from './TapeDetector.ts';

/**
 * Spoofing: a large order placed behind the touch, cancelled before it can execute, while its sender
 * trades on the other side. Seen in L3 data as an order incarnation that
 * - is big: several times the day's median add, and a large share of its side's visible depth;
 * - sits 1…maxDistTicks behind its side's best (close enough to move others, far enough not to fill);
 * - lives briefly and ends cancelled with (almost) nothing executed;
 * - comes with activity on the *other* side: an order joining or improving the other best right after it
 *   went in (the genuine order), or executions there while it rests, the cancel following the last;
 * - is withdrawn, not re-quoted: no order on its side is added right after its cancel (replaceChains.ts);
 * - belongs to a group of similar orders (same size band and distance band, whoever sent them) that are
 *   nearly always cancelled unexecuted (the trader-agnostic cancel ratio).
 * Cancelled, unexecuted, big, behind the touch and short-lived are gates; the score weighs how strongly
 * each piece of evidence holds. The genuine order, when one is recognised (see companions.ts), is
 * flagged with the spoof (same kind, a little lower score).
 */
export interface SpoofingOptions {
  /** Gate: size ≥ this × the day's median add size. */
  readonly minSizeMultiple: number;
  /** Size multiple at which the size evidence is full. */
  readonly fullSizeMultiple: number;
  /** Depth share size/(depth + size) of its side's best levels at which depth evidence starts / is full. */
  readonly minDepthShare: number;
  readonly fullDepthShare: number;
  /** Gate: ticks behind its own side's best at the add. */
  readonly minDistTicks: number;
  readonly maxDistTicks: number;
  /** Gate: lifetime at most this; evidence full at or below `fastLifetimeNs`. */
  readonly maxLifetimeNs: number;
  readonly fastLifetimeNs: number;
  /** Gate: executed share of its size at most this (a spoof is not meant to trade). */
  readonly maxExecutedShare: number;
  /** Cancel within this of the last other-side execution: full evidence at 0, none at this. */
  readonly cancelAfterTradeNs: number;
  /** A cancel followed within this by an add on the same side is a re-quote (replaced), not a withdrawal. */
  readonly replaceGapNs: number;
  /** Similar orders needed before their cancel ratio counts, and the ratio at which it starts / is full. */
  readonly minSimilar: number;
  readonly similarCancelRatioLo: number;
  readonly similarCancelRatioHi: number;
  /** The genuine order: placed at most this after the spoof, or executed while it rested having been placed at most `companionLeadNs` before. */
  readonly companionPlacedWithinNs: number;
  readonly companionLeadNs: number;
  /** Its score, as a share of the spoof's (it is inferred from it). */
  readonly companionScoreFactor: number;
  /** Flags with a score below this are dropped. */
  readonly minScore: number;
}

/** Median-multiple gate: on the LOBSTER days the median add is 100 shares and the 99th percentile 200–500, so 5× is rare for honest flow. */
export const SPOOF_MIN_SIZE_MULTIPLE = 5;
/** A 20× order (2 000 shares when the median is 100) is unambiguous in size. */
export const SPOOF_FULL_SIZE_MULTIPLE = 20;
/** An order that makes up a quarter of its side's 5-level depth visibly changes the imbalance; two thirds dominates it. */
export const SPOOF_MIN_DEPTH_SHARE = 0.25;
export const SPOOF_FULL_DEPTH_SHARE = 0.66;
/** At the touch an order is at risk of filling (that is a quote, not a spoof); beyond 10 ticks it leaves the depth others read. */
export const SPOOF_MIN_DIST_TICKS = 1;
export const SPOOF_MAX_DIST_TICKS = 10;
/**
 * A spoof is pulled once it has worked: within seconds (a second or less is typical). The median cancelled
 * order lives 0.9–1.6 s on the real days, so life alone says little; it is evidence only below 2 s.
 */
export const SPOOF_MAX_LIFETIME_NS = 2e9;
export const SPOOF_FAST_LIFETIME_NS = 200e6;
/** Up to 10 % executed tolerates a small accidental fill before the cancel. */
export const SPOOF_MAX_EXECUTED_SHARE = 0.1;
/** A spoofer cancels right after getting filled on the other side: within a second counts. */
export const SPOOF_CANCEL_AFTER_TRADE_NS = 1e9;
/** Cancel-and-replace is one message or two back to back: an add within 1 ms. Honest big orders that pass the gates are mostly re-quoted this way; a spoof is withdrawn. */
export const SPOOF_REPLACE_GAP_NS = 1e6;
/** Three similar orders make a ratio; 87 % of all orders end cancelled on the real GOOG day, so only a ratio near 1 is evidence. */
export const SPOOF_MIN_SIMILAR = 3;
export const SPOOF_SIMILAR_CANCEL_LO = 0.8;
export const SPOOF_SIMILAR_CANCEL_HI = 1;
/** The genuine order follows the spoof within tens of ms (an agent's reaction), or was placed up to a second before it. */
export const SPOOF_COMPANION_PLACED_WITHIN_NS = 50e6;
export const SPOOF_COMPANION_LEAD_NS = 1e9;
/** Inferred from the spoof, so a little less sure than it; still above the flag threshold for a clear spoof. */
export const SPOOF_COMPANION_SCORE_FACTOR = 0.95;
/** Half the evidence beyond the gates: no order of the real days passes the gates at all, and on simulated days 0.5 gives precision ≈ 0.97 at recall ≈ 0.92 (0.6: 0.99 / 0.84). */
export const SPOOF_MIN_SCORE = 0.5;

export const DEFAULT_SPOOFING_OPTIONS: SpoofingOptions = {
  minSizeMultiple: SPOOF_MIN_SIZE_MULTIPLE,
  fullSizeMultiple: SPOOF_FULL_SIZE_MULTIPLE,
  minDepthShare: SPOOF_MIN_DEPTH_SHARE,
  fullDepthShare: SPOOF_FULL_DEPTH_SHARE,
  minDistTicks: SPOOF_MIN_DIST_TICKS,
  maxDistTicks: SPOOF_MAX_DIST_TICKS,
  maxLifetimeNs: SPOOF_MAX_LIFETIME_NS,
  fastLifetimeNs: SPOOF_FAST_LIFETIME_NS,
  maxExecutedShare: SPOOF_MAX_EXECUTED_SHARE,
  cancelAfterTradeNs: SPOOF_CANCEL_AFTER_TRADE_NS,
  replaceGapNs: SPOOF_REPLACE_GAP_NS,
  minSimilar: SPOOF_MIN_SIMILAR,
  similarCancelRatioLo: SPOOF_SIMILAR_CANCEL_LO,
  similarCancelRatioHi: SPOOF_SIMILAR_CANCEL_HI,
  companionPlacedWithinNs: SPOOF_COMPANION_PLACED_WITHIN_NS,
  companionLeadNs: SPOOF_COMPANION_LEAD_NS,
  companionScoreFactor: SPOOF_COMPANION_SCORE_FACTOR,
  minScore: SPOOF_MIN_SCORE,
};

export class SpoofingDetector implements TapeDetector {
  readonly kind = ManipulationKind.Spoof;
  readonly options: SpoofingOptions;

  constructor(options: Partial<SpoofingOptions> = {}) {
    this.options = { ...DEFAULT_SPOOFING_OPTIONS, ...options };
  }

  detect(events: EventBatch): OrderFlag[] {
    return this.detectTape(MarketTape.fromEvents(events));
  }

  detectTape(tape: MarketTape): OrderFlag[] {
    const o = this.options;
    const out = new FlagCollector(this.kind, o.minScore);
    const similar = similarCancelRatios(tape, o);
    const median = tape.medianAddSize;
    const companion = { placedWithinNs: o.companionPlacedWithinNs, leadNs: o.companionLeadNs };
    const chains = replaceChains(tape, o.replaceGapNs);
    for (let k = 0; k < tape.orders; k++) {
      if (!this.gated(tape, k)) continue;
      const size = tape.oSize[k];
      const side = tape.oSide[k];
      const addEv = tape.oAddEv[k];
      const endEv = tape.oEndEv[k];
      const life = tape.lifetimeNs(k);
      const oppVol = tape.execVolume(-side, addEv, endEv);
      const lastOpp = oppVol > 0 ? lastExecution(tape, -side, addEv, endEv) : -1;
      const sinceTrade = lastOpp >= 0 ? tape.ts(endEv) - tape.ts(lastOpp) : Infinity;
      const comp = findCompanion(tape, -side, addEv, endEv, companion);
      const other = Math.max(comp?.how === 'placed' ? 1 : 0, oppVol > 0 ? ramp(sinceTrade, o.cancelAfterTradeNs, 0) : 0);
      const share = size / (tape.oDepthAtAdd[k] + size);
      const sim = similar.get(similarKey(tape, k, median));
      const simRatio = sim && sim.n >= o.minSimilar ? sim.cancelled / sim.n : NaN;
      const mult = size / median;
      const replaced = chains.next[k] >= 0;
      const score = weighted([
        [ramp(mult, o.minSizeMultiple, o.fullSizeMultiple), 0.15],
        [ramp(share, o.minDepthShare, o.fullDepthShare), 0.2],
        [ramp(life, o.maxLifetimeNs, o.fastLifetimeNs), 0.2],
        [other, 0.25],
        [replaced ? 0 : 1, 0.15],
        [ramp(simRatio, o.similarCancelRatioLo, o.similarCancelRatioHi), 0.05],
      ]);
      const compText =
        comp === null
          ? 'no order of the other side recognised as its genuine trade'
          : comp.how === 'placed'
            ? `${tape.oSide[comp.order] > 0 ? 'bid' : 'ask'} ${tape.oSize[comp.order]} placed at the other best ${formatDuration(tape.ts(tape.oAddEv[comp.order]) - tape.ts(addEv))} after it`
            : `${tape.oSide[comp.order] > 0 ? 'bid' : 'ask'} ${tape.oSize[comp.order]} on the other side executed while it rested`;
      const reason =
        `${side > 0 ? 'bid' : 'ask'} ${size} (${mult.toFixed(1)}× median, ${(share * 100).toFixed(0)}% of ${tape.depthLevels}-level depth) ` +
        `${tape.oDistTicks[k]} ticks behind the touch, cancelled after ${formatDuration(life)} unexecuted${replaced ? ' and replaced at once' : ', not replaced'}; ${compText}; ${oppVol} traded on the other side meanwhile` +
        (lastOpp >= 0 ? `, cancel ${formatDuration(sinceTrade)} after the last` : '') +
        (Number.isNaN(simRatio) ? '' : `; similar orders cancelled ${(simRatio * 100).toFixed(0)}% of ${sim?.n}`);
      out.add(tape.oId[k], score, reason);
      if (score >= o.minScore && comp) out.add(tape.oId[comp.order], score * o.companionScoreFactor, `the other side of a spoof (order ${tape.oId[k]}): ${reason}`);
    }
    return out.flags();
  }

  /** The gates that need no event scan: cancelled, mostly unexecuted, big, behind the touch, short-lived. */
  private gated(tape: MarketTape, k: number): boolean {
    const o = this.options;
    if (tape.oEnd[k] !== OrderEnd.Cancelled) return false;
    const size = tape.oSize[k];
    if (tape.oExecSize[k] > o.maxExecutedShare * size) return false;
    if (size < o.minSizeMultiple * tape.medianAddSize) return false;
    const d = tape.oDistTicks[k];
    if (!(d >= o.minDistTicks && d <= o.maxDistTicks)) return false;
    return tape.lifetimeNs(k) <= o.maxLifetimeNs;
  }
}

/** Half-octave size band × distance band: "similar" orders, whoever sent them. */
function similarKey(tape: MarketTape, k: number, median: number): number {
  const band = Math.floor(2 * Math.log2(Math.max(tape.oSize[k], 1) / median));
  const d = tape.oDistTicks[k];
  const dist = d <= 0 ? 0 : d <= 2 ? 1 : d <= 5 ? 2 : d <= 10 ? 3 : 4;
  return band * 8 + dist;
}

/** Per similarity class of big orders behind the touch: how many ended, and how many of those cancelled unexecuted. */
function similarCancelRatios(tape: MarketTape, o: SpoofingOptions): Map<number, { n: number; cancelled: number }> {
  const out = new Map<number, { n: number; cancelled: number }>();
  const median = tape.medianAddSize;
  for (let k = 0; k < tape.orders; k++) {
    if (tape.oEnd[k] === OrderEnd.Resting || tape.oEnd[k] === OrderEnd.Replaced) continue;
    if (tape.oSize[k] < o.minSizeMultiple * median) continue;
    if (!(tape.oDistTicks[k] >= o.minDistTicks)) continue;
    const key = similarKey(tape, k, median);
    let c = out.get(key);
    if (!c) out.set(key, (c = { n: 0, cancelled: 0 }));
    c.n++;
    if (tape.oEnd[k] === OrderEnd.Cancelled && tape.oExecSize[k] === 0) c.cancelled++;
  }
  return out;
}

/** Last execution against resting orders of `side` in events (from, to]; `from` when none. */
function lastExecution(tape: MarketTape, side: number, from: number, to: number): number {
  const ev = tape.events;
  for (let i = to; i > from; i--) {
    const t = ev.type[i];
    if ((t === EventType.ExecuteVisible || t === EventType.ExecuteHidden) && ev.side[i] === side) return i;
  }
  return from;
}
