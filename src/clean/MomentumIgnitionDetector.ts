import type { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import { FlagCollector } from './FlagCollector.ts';
import { ManipulationKind } from './ManipulationKind.ts';
import { MarketTape, OrderEnd } from './MarketTape.ts';
import { replaceChains, type ReplaceChains } from './replaceChains.ts';
import type { OrderFlag } from './OrderFlag.ts';
import { formatDuration, ramp, weighted } from './scoring.ts';
import type { TapeDetector } from './TapeDetector.ts';

/**
 * Momentum ignition: a quick run of aggressive orders in one direction that moves the price (to set off
 * momentum traders and stops), then an unwind of the position into the followers, often with a reversal.
 *
 * In L3 data an aggressive order shows as its fills: executions at one exchange time against one side,
 * back to back (a *sweep*; resting asks hit = a buy). A *run* is a chain of sweeps in one direction, each
 * within `maxGapNs` of the previous, with no sweep the other way in between. An *episode* is a run of
 * ≥ `minSweeps` sweeps within `maxRunNs` that moves the mid by at least max(`minMoveTicks`,
 * `minMoveSpreads` × the day's median spread).
 *
 * The aggressive orders have no ids of their own in L3 data (they filled at once). What the igniter shows
 * is its *unwind*: a working order on the other side (selling after a buy run), started shortly after the
 * run and kept at the touch by cancel-and-replace — a *replace chain*: each order added at the exchange
 * time its predecessor on the same side was deleted (one participant moving one order), within
 * `replaceGapNs`. Chains that start on the unwind side, at or inside its best, between `unwindMinDelayNs`
 * and `unwindStartNs` after the run's end (the igniter waits for followers; market makers re-post what the
 * run took at once) are flagged, every order of them up to `unwindMaxNs` after the run. A chain already working before the
 * run (a market maker re-quoting) is not an unwind. An unwind outlives its chain when its order fills in
 * full (nothing is cancelled, so nothing links the next order): the next order on that side at or inside
 * the best within `refillNs` of the fill, and its own chain, continue the unwind, until `unwindMaxNs`
 * after the run. The score weighs the run (sweeps, move, speed), the
 * reversal (how much of the move the mid gives back within `reversalWindowNs`: evidence, not a gate) and
 * the chain (its length, and how soon after the run it started).
 */
export interface MomentumIgnitionOptions {
  readonly minSweeps: number;
  readonly fullSweeps: number;
  readonly maxGapNs: number;
  readonly maxRunNs: number;
  /** Sweeps the other way inside a run are tolerated up to this share of the run's volume. */
  readonly maxCounterShare: number;
  readonly minMoveTicks: number;
  readonly minMoveSpreads: number;
  readonly reversalWindowNs: number;
  /** An unwind chain starts between `unwindMinDelayNs` and `unwindStartNs` after the run's end, at or inside its side's best, and its orders count up to `unwindMaxNs` after the run. */
  readonly unwindMinDelayNs: number;
  readonly unwindStartNs: number;
  readonly unwindMaxNs: number;
  /** A delete and an add on the same side at most this far apart are one order being replaced. */
  readonly replaceGapNs: number;
  /** An unwind order filled in full is followed by the next one on its side within this (0: no continuation). */
  readonly refillNs: number;
  /** Orders a chain needs (1: a single unwind order counts), and the length at which chain evidence is full. */
  readonly minChain: number;
  readonly fullChain: number;
  readonly minScore: number;
}

/** Three aggressive orders in a row is a run; eight is a barrage. */
export const IGNITE_MIN_SWEEPS = 3;
export const IGNITE_FULL_SWEEPS = 8;
/**
 * Sweeps more than 500 ms apart are separate decisions, not one barrage (an hour of zero-intelligence
 * flow, a market order per second per side, has runs of 8 same-side orders within 3 s; a barrage is
 * denser). The simulator's igniter sends its market orders 10–80 ms apart.
 */
export const IGNITE_MAX_GAP_NS = 500e6;
/** An ignition is quick: the whole run within 3 s. */
export const IGNITE_MAX_RUN_NS = 3e9;
/** Small orders the other way (others trading into the run) do not end it while they stay under 20 % of its volume. */
export const IGNITE_MAX_COUNTER_SHARE = 0.2;
/**
 * The move must exceed noise: 3 ticks and one typical spread (GOOG's spread is ~10 ticks; a 1-tick market
 * needs 3). Market makers refill as the run goes, so an ignition moves the mid about a spread, not many.
 */
export const IGNITE_MIN_MOVE_TICKS = 3;
export const IGNITE_MIN_MOVE_SPREADS = 1;
/** Reversal evidence: how much of the move the mid gives back within a minute. */
export const IGNITE_REVERSAL_WINDOW_NS = 60e9;
/**
 * The igniter waits for followers before it unwinds: at least a couple hundred ms (market makers re-post
 * what the run took within milliseconds), a few seconds at most; the unwind is over within ~15 s.
 */
export const IGNITE_UNWIND_MIN_DELAY_NS = 200e6;
export const IGNITE_UNWIND_START_NS = 5e9;
export const IGNITE_UNWIND_MAX_NS = 20e9;
/** Cancel-and-replace is one message or two back to back: 1 ms. */
export const IGNITE_REPLACE_GAP_NS = 1e6;
/**
 * A position worked off in chunks puts the next chunk up soon after one fills: within half a second. On
 * simulated days (seeds 1–6 × 6.5 h) a third of the igniter's unwind orders came after a fill had broken
 * their chain (recall 0.69–0.83 without this; 0.83–0.97 with it, precision unchanged or higher); on the
 * real days it adds 6–9 orders to 29–52 flags.
 */
export const IGNITE_REFILL_NS = 500e6;
/** Two orders (one replacement) make a working order; six is a sustained unwind. */
export const IGNITE_MIN_CHAIN = 2;
export const IGNITE_FULL_CHAIN = 6;
export const IGNITE_MIN_SCORE = 0.65;

export const DEFAULT_MOMENTUM_IGNITION_OPTIONS: MomentumIgnitionOptions = {
  minSweeps: IGNITE_MIN_SWEEPS,
  fullSweeps: IGNITE_FULL_SWEEPS,
  maxGapNs: IGNITE_MAX_GAP_NS,
  maxRunNs: IGNITE_MAX_RUN_NS,
  maxCounterShare: IGNITE_MAX_COUNTER_SHARE,
  minMoveTicks: IGNITE_MIN_MOVE_TICKS,
  minMoveSpreads: IGNITE_MIN_MOVE_SPREADS,
  reversalWindowNs: IGNITE_REVERSAL_WINDOW_NS,
  unwindMinDelayNs: IGNITE_UNWIND_MIN_DELAY_NS,
  unwindStartNs: IGNITE_UNWIND_START_NS,
  unwindMaxNs: IGNITE_UNWIND_MAX_NS,
  replaceGapNs: IGNITE_REPLACE_GAP_NS,
  refillNs: IGNITE_REFILL_NS,
  minChain: IGNITE_MIN_CHAIN,
  fullChain: IGNITE_FULL_CHAIN,
  minScore: IGNITE_MIN_SCORE,
};

/** One aggressive order as seen through its fills: events [start, end], direction +1 buy / -1 sell. */
export interface Sweep {
  readonly start: number;
  readonly end: number;
  readonly dir: number;
  readonly volume: number;
}

/** A run that moved the price: its sweeps, direction, move (price units) and reversal share. */
export interface IgnitionEpisode {
  readonly sweeps: readonly Sweep[];
  readonly dir: number;
  /** First and last event of the run. */
  readonly first: number;
  readonly last: number;
  readonly move: number;
  readonly volume: number;
  /** Largest share of the move the mid gave back within the reversal window, and when. */
  readonly reversal: number;
  readonly reversalNs: number;
}

export class MomentumIgnitionDetector implements TapeDetector {
  readonly kind = ManipulationKind.Ignite;
  readonly options: MomentumIgnitionOptions;

  constructor(options: Partial<MomentumIgnitionOptions> = {}) {
    this.options = { ...DEFAULT_MOMENTUM_IGNITION_OPTIONS, ...options };
  }

  detect(events: EventBatch): OrderFlag[] {
    return this.detectTape(MarketTape.fromEvents(events));
  }

  detectTape(tape: MarketTape): OrderFlag[] {
    const out = new FlagCollector(this.kind, this.options.minScore);
    const episodes = this.episodes(tape);
    if (episodes.length === 0) return [];
    const chains = replaceChains(tape, this.options.replaceGapNs);
    for (const e of episodes) this.flagUnwinds(tape, e, chains, out);
    return out.flags();
  }

  /** The runs that moved the price, in time order. */
  episodes(tape: MarketTape): IgnitionEpisode[] {
    const o = this.options;
    const ts = tape.events.exchTs;
    const sweeps = findSweeps(tape);
    const minMove = Math.max(o.minMoveTicks, o.minMoveSpreads * medianSpread(tape)) * tape.tick;
    const out: IgnitionEpisode[] = [];
    for (let a = 0; a < sweeps.length; ) {
      // Extend the run from sweep a: same-direction sweeps close enough in time; sweeps the other way are
      // tolerated while their volume stays a small share of the run's (others trading into it).
      const dir = sweeps[a].dir;
      const run = [sweeps[a]];
      let along = sweeps[a].volume;
      let against = 0;
      let lastEnd = ts[sweeps[a].end];
      let b = a;
      for (let c = a + 1; c < sweeps.length; c++) {
        const sw = sweeps[c];
        if (ts[sw.start] - lastEnd > o.maxGapNs || ts[sw.end] - ts[sweeps[a].start] > o.maxRunNs) break;
        if (sw.dir !== dir) {
          if (against + sw.volume > o.maxCounterShare * along) break;
          against += sw.volume;
          continue;
        }
        run.push(sw);
        along += sw.volume;
        lastEnd = ts[sw.end];
        b = c;
      }
      if (run.length >= o.minSweeps) {
        const e = this.episode(tape, run, minMove);
        if (e) out.push(e);
      }
      a = b + 1;
    }
    return out;
  }

  private episode(tape: MarketTape, sweeps: Sweep[], minMove: number): IgnitionEpisode | null {
    const ts = tape.events.exchTs;
    const dir = sweeps[0].dir;
    const first = sweeps[0].start;
    const last = sweeps[sweeps.length - 1].end;
    const after = tape.mid(last);
    const move = dir * (after - (first > 0 ? tape.mid(first - 1) : tape.mid(first)));
    if (!(move >= minMove)) return null;
    const until = tape.firstAtOrAfter(ts[last] + this.options.reversalWindowNs, last);
    let back = 0;
    let backEv = last;
    for (let i = last + 1; i < until && i < tape.n; i++) {
      const r = dir * (after - tape.mid(i));
      if (r > back) {
        back = r;
        backEv = i;
      }
    }
    let volume = 0;
    for (const s of sweeps) volume += s.volume;
    return { sweeps, dir, first, last, move, volume, reversal: back / move, reversalNs: ts[backEv] - ts[last] };
  }

  private flagUnwinds(tape: MarketTape, e: IgnitionEpisode, chains: ReplaceChains, out: FlagCollector): void {
    const o = this.options;
    const ts = tape.events.exchTs;
    const tEnd = ts[e.last];
    const runNs = tEnd - ts[e.first];
    const spreadTicks = Math.max(1, medianSpread(tape));
    const base: [number, number][] = [
      [ramp(e.sweeps.length, o.minSweeps - 1, o.fullSweeps), 0.2],
      [ramp(e.move / (spreadTicks * tape.tick), o.minMoveSpreads, 3 * o.minMoveSpreads), 0.15],
      [ramp(runNs, o.maxRunNs, o.maxRunNs / 10), 0.1],
      [ramp(e.reversal, 0, 1), 0.15],
    ];
    const what =
      `${e.sweeps.length} aggressive ${e.dir > 0 ? 'buys' : 'sells'} (${e.volume} traded) in ${formatDuration(runNs)} moved the mid ${(e.move / tape.tick).toFixed(1)} ticks` +
      (e.reversal > 0 ? `, ${(e.reversal * 100).toFixed(0)}% given back within ${formatDuration(e.reversalNs)}` : ', no reversal');
    const side = -e.dir; // the unwind side: selling after a buy run rests asks
    // Chains whose first order went in on the unwind side after the run and soon enough.
    for (let k = tape.firstOrderFrom(e.last + 1); k < tape.orders; k++) {
      const t = ts[tape.oAddEv[k]];
      if (t > tEnd + o.unwindStartNs) break;
      if (tape.oSide[k] !== side || chains.prev[k] >= 0) continue;
      // The igniter waits for followers before it unwinds, and works its order at the touch or inside it;
      // orders re-posted within moments of the run are liquidity providers replacing what the run took.
      if (t - tEnd < o.unwindMinDelayNs || !(tape.oDistTicks[k] <= 0)) continue;
      const members: number[] = [];
      for (let q = k; q >= 0 && ts[tape.oAddEv[q]] <= tEnd + o.unwindMaxNs; q = chains.next[q]) members.push(q);
      if (members.length < o.minChain) continue;
      const refills = this.continueAfterFills(tape, members, side, tEnd + o.unwindMaxNs, chains);
      const delay = t - tEnd;
      const score = weighted([...base, [ramp(members.length, o.minChain - 1, o.fullChain), 0.25], [ramp(delay, o.unwindStartNs, 0), 0.15]]);
      const refilled = refills > 0 ? ` (put up again after ${refills} full fill${refills > 1 ? 's' : ''})` : '';
      const reason = `one of ${members.length} orders of a cancel-and-replace chain${refilled} on the ${side > 0 ? 'bid' : 'ask'} started ${formatDuration(delay)} after the run (an unwind): ${what}`;
      for (const q of members) out.add(tape.oId[q], score, reason);
    }
  }

  /**
   * Extends an unwind chain past full fills: while its last order ended executed, the first order added on
   * `side` within refillNs of that fill, at or inside its side's best and not itself a replacement, starts
   * the next chain of the same working order. Orders added after `until` do not count. Returns the number
   * of fills it continued past.
   */
  private continueAfterFills(tape: MarketTape, members: number[], side: number, until: number, chains: ReplaceChains): number {
    const ts = tape.events.exchTs;
    const refill = this.options.refillNs;
    let refills = 0;
    for (let last = members[members.length - 1]; refill > 0 && tape.oEnd[last] === OrderEnd.Executed; last = members[members.length - 1]) {
      const filled = ts[tape.oEndEv[last]];
      let next = -1;
      for (let q = tape.firstOrderFrom(tape.oEndEv[last] + 1); q < tape.orders; q++) {
        const t = ts[tape.oAddEv[q]];
        if (t - filled > refill || t > until) break;
        if (tape.oSide[q] === side && chains.prev[q] < 0 && tape.oDistTicks[q] <= 0) {
          next = q;
          break;
        }
      }
      if (next < 0) break;
      refills++;
      for (let q = next; q >= 0 && ts[tape.oAddEv[q]] <= until; q = chains.next[q]) members.push(q);
    }
    return refills;
  }
}

/** Aggressive orders as runs of executions at one time against one side. */
export function findSweeps(tape: MarketTape): Sweep[] {
  const ev = tape.events;
  const out: Sweep[] = [];
  const isExec = (i: number) => ev.type[i] === EventType.ExecuteVisible || ev.type[i] === EventType.ExecuteHidden;
  for (let i = 0; i < tape.n; i++) {
    if (!isExec(i) || ev.side[i] === 0) continue;
    let j = i;
    let volume = ev.size[i];
    while (j + 1 < tape.n && isExec(j + 1) && ev.exchTs[j + 1] === ev.exchTs[i] && ev.side[j + 1] === ev.side[i]) volume += ev.size[++j];
    out.push({ start: i, end: j, dir: -ev.side[i], volume });
    i = j;
  }
  return out;
}

const spreadCache = new WeakMap<MarketTape, number>();

/** Median spread in ticks over events with both sides present (1 when never two-sided). */
export function medianSpread(tape: MarketTape): number {
  const cached = spreadCache.get(tape);
  if (cached !== undefined) return cached;
  const counts = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < tape.n; i++) {
    const s = (tape.ask[i] - tape.bid[i]) / tape.tick;
    if (!(s > 0)) continue;
    const r = Math.round(s);
    counts.set(r, (counts.get(r) ?? 0) + 1);
    n++;
  }
  let out = 1;
  if (n > 0) {
    let seen = 0;
    for (const s of [...counts.keys()].sort((x, y) => x - y)) {
      seen += counts.get(s) ?? 0;
      if (seen * 2 >= n) {
        out = s;
        break;
      }
    }
  }
  spreadCache.set(tape, out);
  return out;
}
