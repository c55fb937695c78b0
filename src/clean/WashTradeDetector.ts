import type { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import { FlagCollector } from './FlagCollector.ts';
import { ManipulationKind } from './ManipulationKind.ts';
import { MarketTape, OrderEnd } from './MarketTape.ts';
import type { OrderFlag } from './OrderFlag.ts';
import { formatDuration, ramp, trailingZeros, weighted } from './scoring.ts';
import type { TapeDetector } from './TapeDetector.ts';

/**
 * Wash trading: one owner trades with itself through two accounts. L3 data does not name the aggressor,
 * but the resting half of a wash trade is visible, and it has a shape honest orders rarely have:
 * - an *exact match*: the order is taken whole by one execution, and that execution is the incoming
 *   order's only fill (no other resting order hit at that time, no remainder rested): the aggressor was
 *   sized to this order;
 * - shortly after it was added (the other account was waiting for it);
 * - placed strictly inside the spread (a price level of its own, so that no one else is ahead of it);
 * - at round or unusual sizes (size-digit statistics against the day's executions);
 * - repeated: the owner goes back and forth between its accounts, so such trades come in a *series*, at
 *   or near one price, seconds apart, in pairs of equal size. Which account rests is not visible, so the
 *   series may stay on one side or alternate.
 * Quick exact matches placed inside the spread form a series with the latest earlier one within
 * `pairGapNs` that is *near it in the book*: within `maxDriftTicks` of its price, or at the same spot in
 * the quote, its distance from the mid (before each add) within `maxMidOffsetDriftTicks` of the other's.
 * (A wash trader that rests strictly inside the spread must re-price as the quotes move, so over a few
 * seconds of a wide, moving spread its price drifts by more than a few ticks while its place in the
 * spread does not.) Unrelated trades in between do not break a series. Members of series of
 * ≥ `minRunLength` are flagged when the evidence suffices. The aggressive half is invisible in L3 data
 * (unless its remainder rests), so only the resting orders are flagged.
 */
export interface WashTradeOptions {
  /** Candidate: taken whole within this of being added; evidence full at or below `fastLifetimeNs`. */
  readonly maxLifetimeNs: number;
  readonly fastLifetimeNs: number;
  /** Consecutive candidates at most this far apart, and this many ticks apart in price, form a series. */
  readonly pairGapNs: number;
  readonly maxDriftTicks: number;
  /** …or this many ticks apart in their distance from the mid before their adds (the same spot in a moving quote). */
  readonly maxMidOffsetDriftTicks: number;
  /** Series length needed (2: one back-and-forth) and at which series evidence is full. */
  readonly minRunLength: number;
  readonly fullRunLength: number;
  /** Size-digit evidence: the share of the day's executions less round than this size, from lo (none) to hi (full). */
  readonly roundnessLo: number;
  readonly roundnessHi: number;
  /** Size-digit evidence, the other way: the share of the day's executions of *another* size, lo (none) to hi (full). */
  readonly rarityLo: number;
  readonly rarityHi: number;
  readonly minScore: number;
}

/**
 * An honest resting order waits for a counterparty (the median executed order lives 1–3 s on the real
 * days); a wash partner is already there and only needs to see the order and send its own: 100 ms is
 * generous.
 */
export const WASH_MAX_LIFETIME_NS = 100e6;
/** Within 5 ms the counterparty was waiting (a round trip to the venue plus a reaction). */
export const WASH_FAST_LIFETIME_NS = 5e6;
/** Rounds of one wash sequence follow each other within a few seconds, near one price (the spread moves a little). */
export const WASH_PAIR_GAP_NS = 10e9;
export const WASH_MAX_DRIFT_TICKS = 5;
/**
 * The same spot in a moving quote: the mid sits on a half tick and an order on a tick, so one tick is the
 * least that "the same distance from the mid" can mean for two orders placed against different quotes.
 * On simulated days the wash trader's series span 6–15 ticks of price in wide spreads: without this link
 * a fifth of its orders fell out of their series on price alone (recall 0.86–0.91).
 */
export const WASH_MAX_MID_OFFSET_DRIFT_TICKS = 1;
/** One back-and-forth (two trades) is the least a wash sequence is; four trades is full evidence. */
export const WASH_MIN_RUN_LENGTH = 2;
export const WASH_FULL_RUN_LENGTH = 4;
/** Two thirds of the real days' executions are odd lots, so a 100-share lot is rounder than 64–66 % of them: little evidence; rounder than 95 % (1 000-share lots) is full. */
export const WASH_ROUNDNESS_LO = 0.6;
export const WASH_ROUNDNESS_HI = 0.95;
/**
 * A round lot that nearly no one else trades is as telling as a very round one (a wash pair of 200 in a
 * market that trades in single 100-share units); odd lots get no rarity evidence. On the real days a
 * third of executions are of 100 shares (rarity 0.67–0.69: no evidence); a size under 2 % of them
 * (rarity ≥ 0.98) is full evidence.
 */
export const WASH_RARITY_LO = 0.7;
export const WASH_RARITY_HI = 0.98;
/**
 * What a series of 100-share lots taken within 5 ms scores with no other evidence than the series (a
 * 100-share lot is rounder than about two thirds of the real days' executions: size evidence 0.17): 0.57
 * as one pair, 0.69 as three each next to one of equal size, 0.80 from four; 0.63 for a series whose
 * neighbours differ in size, however long. So 0.65 flags back-and-forth series of equal sizes from three
 * trades and lets pairs, which are everyday flow on the real days, go. Measured on simulated days (seeds
 * 1–6 × 6.5 h, every manipulator once): precision 0.99 at recall 0.95–0.98. 0.6 adds 0–0.6 points of
 * recall and 5–10 % to the real days' flags; 0.5 gives 1.5–1.7× their flags.
 */
export const WASH_MIN_SCORE = 0.65;

export const DEFAULT_WASH_TRADE_OPTIONS: WashTradeOptions = {
  maxLifetimeNs: WASH_MAX_LIFETIME_NS,
  fastLifetimeNs: WASH_FAST_LIFETIME_NS,
  pairGapNs: WASH_PAIR_GAP_NS,
  maxDriftTicks: WASH_MAX_DRIFT_TICKS,
  maxMidOffsetDriftTicks: WASH_MAX_MID_OFFSET_DRIFT_TICKS,
  minRunLength: WASH_MIN_RUN_LENGTH,
  fullRunLength: WASH_FULL_RUN_LENGTH,
  roundnessLo: WASH_ROUNDNESS_LO,
  roundnessHi: WASH_ROUNDNESS_HI,
  rarityLo: WASH_RARITY_LO,
  rarityHi: WASH_RARITY_HI,
  minScore: WASH_MIN_SCORE,
};

export class WashTradeDetector implements TapeDetector {
  readonly kind = ManipulationKind.Wash;
  readonly options: WashTradeOptions;

  constructor(options: Partial<WashTradeOptions> = {}) {
    this.options = { ...DEFAULT_WASH_TRADE_OPTIONS, ...options };
  }

  detect(events: EventBatch): OrderFlag[] {
    return this.detectTape(MarketTape.fromEvents(events));
  }

  detectTape(tape: MarketTape): OrderFlag[] {
    const o = this.options;
    const out = new FlagCollector(this.kind, o.minScore);
    const sizes = new SizeDigits(tape.events);
    const ts = tape.events.exchTs;
    const execTs = (k: number) => ts[tape.oEndEv[k]];
    const matches: number[] = [];
    for (let k = 0; k < tape.orders; k++) if (this.exactQuickMatch(tape, k)) matches.push(k);
    matches.sort((a, b) => execTs(a) - execTs(b) || a - b);
    // Each match joins the series of the latest earlier match within pairGapNs that is near it in the book
    // (so an unrelated match in between does not break a series).
    const midOffset = (k: number) => (tape.oAddEv[k] > 0 ? tape.oPrice[k] - tape.mid(tape.oAddEv[k] - 1) : NaN);
    const near = (k: number, q: number) =>
      Math.abs(tape.oPrice[k] - tape.oPrice[q]) <= o.maxDriftTicks * tape.tick || Math.abs(midOffset(k) - midOffset(q)) <= o.maxMidOffsetDriftTicks * tape.tick;
    const group = new Int32Array(matches.length);
    const members: number[][] = [];
    for (let m = 0; m < matches.length; m++) {
      const k = matches[m];
      let g = -1;
      for (let j = m - 1; j >= 0 && execTs(k) - execTs(matches[j]) <= o.pairGapNs; j--) {
        if (near(k, matches[j])) {
          g = group[j];
          break;
        }
      }
      if (g < 0) {
        g = members.length;
        members.push([]);
      }
      group[m] = g;
      members[g].push(k);
    }
    const runs = members.filter((r) => r.length >= o.minRunLength);
    for (const r of runs) {
      const span = execTs(r[r.length - 1]) - execTs(r[0]);
      const sides = new Set(r.map((k) => tape.oSide[k])).size;
      let lo = Infinity;
      let hi = -Infinity;
      for (const k of r) {
        lo = Math.min(lo, tape.oPrice[k]);
        hi = Math.max(hi, tape.oPrice[k]);
      }
      const priceTicks = Math.round((hi - lo) / tape.tick);
      for (let m = 0; m < r.length; m++) {
        const k = r[m];
        const life = tape.lifetimeNs(k);
        const size = tape.oSize[k];
        // Equal size with a neighbour in the series: one back-and-forth of the same quantity.
        const paired = (m > 0 && tape.oSize[r[m - 1]] === size) || (m + 1 < r.length && tape.oSize[r[m + 1]] === size);
        const zeros = trailingZeros(size);
        const round = sizes.roundness(size);
        const rarity = sizes.rarity(size);
        // Rarity counts for round lots only: an odd lot of 1 share is rare and says nothing about washing.
        const sizeEvidence = Math.max(ramp(round, o.roundnessLo, o.roundnessHi), zeros >= 2 ? ramp(rarity, o.rarityLo, o.rarityHi) : 0);
        const score = weighted([
          [ramp(r.length, 1, o.fullRunLength), 0.3],
          [paired ? 1 : 0, 0.15],
          [ramp(life, o.maxLifetimeNs, o.fastLifetimeNs), 0.2],
          [sizeEvidence, 0.2],
        ]);
        const reason =
          `${tape.oSide[k] > 0 ? 'bid' : 'ask'} ${size} at ${tape.formatPrice(tape.oPrice[k])} placed inside the spread and taken whole by one exactly-sized execution ` +
          `${formatDuration(life)} later; one of ${r.length} such trades (${sides === 1 ? 'all on one side' : 'both sides'}) within ${formatDuration(span)} and ${priceTicks} ticks of price` +
          `${paired ? ', next to one of equal size' : ''}; size has ${zeros} trailing zeros (rounder than ${(round * 100).toFixed(0)}% of the day's executions) ` +
          `and ${(rarity * 100).toFixed(0)}% of them are of another size`;
        out.add(tape.oId[k], score, reason);
      }
    }
    return out.flags();
  }

  /** Placed strictly inside the spread, taken whole, quickly, by one execution that was the incoming order's only fill. */
  private exactQuickMatch(tape: MarketTape, k: number): boolean {
    if (tape.oEnd[k] !== OrderEnd.Executed || tape.oExecCount[k] !== 1 || tape.oCancelSize[k] > 0) return false;
    if (!(tape.oDistTicks[k] < 0 && tape.oOppDistTicks[k] > 0)) return false;
    if (tape.lifetimeNs(k) > this.options.maxLifetimeNs) return false;
    const e = tape.oEndEv[k];
    const ev = tape.events;
    const t = ev.exchTs[e];
    const isExec = (i: number) => ev.type[i] === EventType.ExecuteVisible || ev.type[i] === EventType.ExecuteHidden;
    // Another fill of the same incoming order: an execution at the same time, same resting side, adjacent.
    if (e > 0 && isExec(e - 1) && ev.exchTs[e - 1] === t && ev.side[e - 1] === ev.side[e]) return false;
    if (e + 1 < tape.n && isExec(e + 1) && ev.exchTs[e + 1] === t && ev.side[e + 1] === ev.side[e]) return false;
    // Its remainder rested: an add on the other side at the same time right after.
    if (e + 1 < tape.n && ev.type[e + 1] === EventType.Add && ev.exchTs[e + 1] === t && ev.side[e + 1] === -ev.side[e]) return false;
    return true;
  }
}

/**
 * Size-digit statistics of the day's visible executions: how round a size is (the share of executions
 * with fewer trailing zeros) and how rare (the share of executions of another size). A size rounder or
 * rarer than most of the day's trades is evidence; on a venue where everything trades in round lots the
 * roundness evidence fades by itself, and in a market of one-unit orders any other size stands out.
 */
class SizeDigits {
  private readonly lessRound = new Float64Array(8);
  private readonly bySize = new Map<number, number>();
  private readonly n: number;

  constructor(events: EventBatch) {
    const counts = new Float64Array(8);
    let n = 0;
    for (let i = 0; i < events.length; i++) {
      if (events.type[i] !== EventType.ExecuteVisible) continue;
      const size = events.size[i];
      counts[Math.min(trailingZeros(size), 7)]++;
      this.bySize.set(size, (this.bySize.get(size) ?? 0) + 1);
      n++;
    }
    this.n = n;
    let below = 0;
    for (let z = 0; z < 8; z++) {
      this.lessRound[z] = n > 0 ? below / n : 0;
      below += counts[z];
    }
  }

  roundness(size: number): number {
    return this.lessRound[Math.min(trailingZeros(size), 7)];
  }

  rarity(size: number): number {
    return this.n > 0 ? 1 - (this.bySize.get(size) ?? 0) / this.n : 0;
  }
}
