import type { EventBatch } from '../data/EventBatch.ts';
import { EventFlag, EventType } from '../data/EventType.ts';
import { FlagCollector } from './FlagCollector.ts';
import { ManipulationKind } from './ManipulationKind.ts';
import { MarketTape } from './MarketTape.ts';
import type { OrderFlag } from './OrderFlag.ts';
import { formatDuration } from './scoring.ts';
import type { TapeDetector } from './TapeDetector.ts';

/**
 * Bad data: events that cannot be right. Flags are per *event*: `orderId` is the event's sequence number
 * (`seq`), as the Detector contract says. Checks:
 * - sizes ≤ 0 (or not finite) on order events and trades; prices ≤ 0 (or not finite) on adds and trades;
 * - an event about a known order whose side or price differs from the order's own;
 * - exchange time going backwards: the event that goes back is flagged, unless the event before it
 *   jumped ahead alone (the events on both sides of it are earlier than it), which is then flagged;
 * - a crossed (bid > ask) or locked (bid = ask) book at the end of a message: a venue's own book cannot
 *   be either, so the event that made it so is flagged, with how long it stayed so;
 * - price spikes that revert at once: a trade print (or a best quote) that jumps by at least
 *   max(`spikeMinTicks` ticks, `spikeMinFraction` of the price) and is back within `revertTolerance` of
 *   the jump at the next print (next event, for quotes) within `revertWithinNs`.
 */
export interface BadDataOptions {
  readonly spikeMinTicks: number;
  readonly spikeMinFraction: number;
  readonly revertTolerance: number;
  readonly revertWithinNs: number;
  /** Score of each finding (all are flagged; scores rank how sure the finding is). */
  readonly minScore: number;
}

/** A jump of 50 ticks and 0.5 % between consecutive prints: the real GOOG/AMZN days never move that much from one print to the next. */
export const BAD_SPIKE_MIN_TICKS = 50;
export const BAD_SPIKE_MIN_FRACTION = 0.005;
/** Back to within a quarter of the jump: the print was off, the market was not. */
export const BAD_REVERT_TOLERANCE = 0.25;
/** "At once": the next print within 10 s (a real move that holds longer than that is a move). */
export const BAD_REVERT_WITHIN_NS = 10e9;
export const BAD_MIN_SCORE = 0.5;

export const DEFAULT_BAD_DATA_OPTIONS: BadDataOptions = {
  spikeMinTicks: BAD_SPIKE_MIN_TICKS,
  spikeMinFraction: BAD_SPIKE_MIN_FRACTION,
  revertTolerance: BAD_REVERT_TOLERANCE,
  revertWithinNs: BAD_REVERT_WITHIN_NS,
  minScore: BAD_MIN_SCORE,
};

/** How sure each finding is: impossible values are certain; a spike is an inference. */
const SCORE_IMPOSSIBLE = 1;
const SCORE_CROSSED = 1;
const SCORE_LOCKED = 0.8;
const SCORE_INCONSISTENT = 0.9;
const SCORE_SPIKE = 0.8;

const ORDER_EVENTS = new Set<number>([EventType.Add, EventType.Reduce, EventType.Delete, EventType.ExecuteVisible, EventType.ExecuteHidden, EventType.CrossTrade, EventType.Trade]);
const PRICED_EVENTS = new Set<number>([EventType.Add, EventType.ExecuteVisible, EventType.ExecuteHidden, EventType.Trade]);
const TRADE_EVENTS = new Set<number>([EventType.ExecuteVisible, EventType.ExecuteHidden, EventType.Trade]);

export class BadDataDetector implements TapeDetector {
  readonly kind = ManipulationKind.BadData;
  readonly options: BadDataOptions;

  constructor(options: Partial<BadDataOptions> = {}) {
    this.options = { ...DEFAULT_BAD_DATA_OPTIONS, ...options };
  }

  detect(events: EventBatch): OrderFlag[] {
    return this.detectTape(MarketTape.fromEvents(events));
  }

  detectTape(tape: MarketTape): OrderFlag[] {
    const out = new FlagCollector(this.kind, this.options.minScore);
    this.values(tape, out);
    this.times(tape, out);
    this.crossed(tape, out);
    this.tradeSpikes(tape, out);
    this.quoteSpikes(tape, out, 1);
    this.quoteSpikes(tape, out, -1);
    return out.flags();
  }

  private values(tape: MarketTape, out: FlagCollector): void {
    const ev = tape.events;
    for (let i = 0; i < tape.n; i++) {
      const type = ev.type[i];
      if (!ORDER_EVENTS.has(type)) continue;
      const size = ev.size[i];
      if (!(size > 0) || !Number.isFinite(size)) out.add(ev.seq[i], SCORE_IMPOSSIBLE, `size ${size} on a ${typeName(type)} event (sizes must be > 0)`);
      const price = ev.price[i];
      if (PRICED_EVENTS.has(type) && (!(price > 0) || !Number.isFinite(price))) {
        out.add(ev.seq[i], SCORE_IMPOSSIBLE, `price ${price} on a ${typeName(type)} event (prices must be > 0)`);
      }
      const k = tape.eventOrder[i];
      if (k >= 0 && type !== EventType.Add && (ev.side[i] !== tape.oSide[k] || ev.price[i] !== tape.oPrice[k])) {
        out.add(ev.seq[i], SCORE_INCONSISTENT, `${typeName(type)} of order ${ev.orderId[i]} says side ${ev.side[i]} price ${ev.price[i]}, the order was added at side ${tape.oSide[k]} price ${tape.oPrice[k]}`);
      }
    }
  }

  private times(tape: MarketTape, out: FlagCollector): void {
    const ev = tape.events;
    let maxTs = -Infinity;
    let maxIdx = -1;
    let prevMax = -Infinity;
    for (let i = 0; i < tape.n; i++) {
      const t = ev.exchTs[i];
      if (t >= maxTs) {
        prevMax = maxTs;
        maxTs = t;
        maxIdx = i;
        continue;
      }
      const next = i + 1 < tape.n ? ev.exchTs[i + 1] : Infinity;
      if (maxIdx === i - 1 && t >= prevMax && next < maxTs) {
        // The previous event jumped ahead alone (the events on both sides of it are earlier): it is the odd one.
        out.add(ev.seq[maxIdx], SCORE_IMPOSSIBLE, `exchange time jumps ${formatDuration(maxTs - t)} ahead of the events around it (out of order)`);
        maxTs = t;
        maxIdx = i;
      } else {
        out.add(ev.seq[i], SCORE_IMPOSSIBLE, `exchange time goes back ${formatDuration(maxTs - t)} (out of order)`);
      }
    }
  }

  private crossed(tape: MarketTape, out: FlagCollector): void {
    const ev = tape.events;
    let since = -1;
    for (let i = 0; i < tape.n; i++) {
      if ((ev.flags[i] & EventFlag.EndOfMessage) === 0) continue;
      const bad = tape.bid[i] >= tape.ask[i];
      if (bad && since < 0) since = i;
      else if (!bad && since >= 0) {
        this.reportCross(tape, since, i, out);
        since = -1;
      }
    }
    if (since >= 0) this.reportCross(tape, since, tape.n - 1, out);
  }

  private reportCross(tape: MarketTape, at: number, until: number, out: FlagCollector): void {
    const ev = tape.events;
    const crossed = tape.bid[at] > tape.ask[at];
    const d = formatDuration(ev.exchTs[until] - ev.exchTs[at]);
    out.add(
      ev.seq[at],
      crossed ? SCORE_CROSSED : SCORE_LOCKED,
      `${crossed ? 'crossed' : 'locked'} book at the end of the message (bid ${tape.bid[at]} ${crossed ? '>' : '='} ask ${tape.ask[at]}), for ${until - at} events / ${d}`,
    );
  }

  private threshold(tape: MarketTape, price: number): number {
    return Math.max(this.options.spikeMinTicks * tape.tick, this.options.spikeMinFraction * Math.abs(price));
  }

  private tradeSpikes(tape: MarketTape, out: FlagCollector): void {
    const ev = tape.events;
    const o = this.options;
    let a = -1; // previous print
    let b = -1; // candidate spike
    for (let i = 0; i < tape.n; i++) {
      if (!TRADE_EVENTS.has(ev.type[i]) || !(ev.price[i] > 0)) continue;
      if (a >= 0 && b >= 0) {
        const jump = ev.price[b] - ev.price[a];
        if (Math.abs(jump) >= this.threshold(tape, ev.price[a]) && Math.abs(ev.price[i] - ev.price[a]) <= o.revertTolerance * Math.abs(jump) && ev.exchTs[i] - ev.exchTs[b] <= o.revertWithinNs) {
          out.add(ev.seq[b], SCORE_SPIKE, `trade at ${ev.price[b]} jumps ${jump > 0 ? '+' : ''}${jump / tape.tick} ticks from the print before (${ev.price[a]}) and the next print (${ev.price[i]}, ${formatDuration(ev.exchTs[i] - ev.exchTs[b])} later) is back`);
        }
      }
      // Prints at one price one after the other are one print for this purpose (a sweep's fills).
      if (b >= 0 && ev.price[i] === ev.price[b]) continue;
      a = b;
      b = i;
    }
  }

  private quoteSpikes(tape: MarketTape, out: FlagCollector, side: number): void {
    const ev = tape.events;
    const q = side > 0 ? tape.bid : tape.ask;
    const o = this.options;
    for (let i = 1; i + 1 < tape.n; i++) {
      const before = q[i - 1];
      const at = q[i];
      const next = q[i + 1];
      if (!(before > 0 && at > 0 && next > 0)) continue;
      const jump = at - before;
      if (Math.abs(jump) < this.threshold(tape, before)) continue;
      if (Math.abs(next - before) > o.revertTolerance * Math.abs(jump) || ev.exchTs[i + 1] - ev.exchTs[i] > o.revertWithinNs) continue;
      out.add(ev.seq[i], SCORE_SPIKE, `best ${side > 0 ? 'bid' : 'ask'} jumps ${jump > 0 ? '+' : ''}${jump / tape.tick} ticks to ${at} and is back at ${next} at the next event`);
    }
  }
}

function typeName(type: number): string {
  for (const [name, code] of Object.entries(EventType)) if (code === type) return name;
  return `type ${type}`;
}
