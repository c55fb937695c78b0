import type { EventBatch } from '../data/EventBatch.ts';
import { FlagCollector } from './FlagCollector.ts';
import { ManipulationKind } from './ManipulationKind.ts';
import { MarketTape, OrderEnd } from './MarketTape.ts';
import type { OrderFlag } from './OrderFlag.ts';
import { formatDuration, ramp, weighted } from './scoring.ts';
import type { TapeDetector } from './TapeDetector.ts';

/**
 * Quote stuffing: bursts of orders added and cancelled within a few milliseconds, to flood the feed and
 * slow others down. In L3 data:
 * - a *fleeting* order is cancelled unexecuted within `maxLifetimeNs` of being added;
 * - a burst is a stretch where some `windowNs` window holds ≥ `minBurstOrders` fleeting orders;
 * - every fleeting order in such a window is flagged, scored by the burst's size, the order's lifetime,
 *   and the burst's message rate against the day's average rate.
 */
export interface QuoteStuffingOptions {
  /** Fleeting: cancelled unexecuted within this; lifetime evidence full at or below `fastLifetimeNs`. */
  readonly maxLifetimeNs: number;
  readonly fastLifetimeNs: number;
  /** Sliding window over add times. */
  readonly windowNs: number;
  /** Fleeting orders in one window that make a burst; evidence full at `fullBurstOrders`. */
  readonly minBurstOrders: number;
  readonly fullBurstOrders: number;
  /** Burst message rate ÷ the day's average rate at which rate evidence is full (it starts at 1). */
  readonly fullRateMultiple: number;
  readonly minScore: number;
}

/** "Orders that live < 1 ms" is the definition; 5 ms tolerates a stuffer whose cancels queue behind its own adds. */
export const STUFF_MAX_LIFETIME_NS = 5e6;
export const STUFF_FAST_LIFETIME_NS = 1e6;
/** "Many add/cancel within a few ms": a 10 ms window. */
export const STUFF_WINDOW_NS = 10e6;
/**
 * 30 fleeting orders in 10 ms is 3 000 orders/s, where the real GOOG day averages 3 adds/s. At 20 the real
 * days show many small HFT flurries (GOOG level 10: 268 orders); at 30, GOOG keeps two or three bursts
 * (63 orders) and AMZN its five bursts of 50–110 orders flickering at the best bid every ~30 µs, which is
 * what the literature calls quote stuffing. The simulator's stuffer sends 30–100 orders 20–150 µs apart.
 */
export const STUFF_MIN_BURST_ORDERS = 30;
export const STUFF_FULL_BURST_ORDERS = 100;
/** A burst at 1 000× the day's average message rate is unmistakable. */
export const STUFF_FULL_RATE_MULTIPLE = 1000;
export const STUFF_MIN_SCORE = 0.5;

export const DEFAULT_QUOTE_STUFFING_OPTIONS: QuoteStuffingOptions = {
  maxLifetimeNs: STUFF_MAX_LIFETIME_NS,
  fastLifetimeNs: STUFF_FAST_LIFETIME_NS,
  windowNs: STUFF_WINDOW_NS,
  minBurstOrders: STUFF_MIN_BURST_ORDERS,
  fullBurstOrders: STUFF_FULL_BURST_ORDERS,
  fullRateMultiple: STUFF_FULL_RATE_MULTIPLE,
  minScore: STUFF_MIN_SCORE,
};

export class QuoteStuffingDetector implements TapeDetector {
  readonly kind = ManipulationKind.Stuff;
  readonly options: QuoteStuffingOptions;

  constructor(options: Partial<QuoteStuffingOptions> = {}) {
    this.options = { ...DEFAULT_QUOTE_STUFFING_OPTIONS, ...options };
  }

  detect(events: EventBatch): OrderFlag[] {
    return this.detectTape(MarketTape.fromEvents(events));
  }

  detectTape(tape: MarketTape): OrderFlag[] {
    const o = this.options;
    const out = new FlagCollector(this.kind, o.minScore);
    const ts = tape.events.exchTs;
    const fleeting: number[] = [];
    for (let k = 0; k < tape.orders; k++) {
      if (tape.oEnd[k] === OrderEnd.Cancelled && tape.oExecSize[k] === 0 && tape.lifetimeNs(k) <= o.maxLifetimeNs) fleeting.push(k);
    }
    if (fleeting.length < o.minBurstOrders) return [];
    const addTs = (k: number) => ts[tape.oAddEv[k]];
    // Largest window count each fleeting order belongs to.
    const inWindow = new Int32Array(fleeting.length);
    for (let i = 0, j = 0; i < fleeting.length; i++) {
      if (j < i) j = i;
      while (j + 1 < fleeting.length && addTs(fleeting[j + 1]) - addTs(fleeting[i]) <= o.windowNs) j++;
      const count = j - i + 1;
      if (count < o.minBurstOrders) continue;
      for (let m = i; m <= j; m++) if (inWindow[m] < count) inWindow[m] = count;
    }
    const span = tape.n > 1 ? ts[tape.n - 1] - ts[0] : 0;
    const dayRate = span > 0 ? tape.n / span : 0; // messages per ns
    // Bursts: maximal runs of flagged fleeting orders, for one reason each.
    for (let i = 0; i < fleeting.length; ) {
      if (inWindow[i] === 0) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < fleeting.length && inWindow[j + 1] > 0 && addTs(fleeting[j + 1]) - addTs(fleeting[j]) <= o.windowNs) j++;
      const first = tape.oAddEv[fleeting[i]];
      let last = first;
      for (let m = i; m <= j; m++) last = Math.max(last, tape.oEndEv[fleeting[m]]);
      const burstSpan = Math.max(ts[last] - ts[first], 1);
      const messages = last - first + 1;
      const rateMultiple = dayRate > 0 ? messages / burstSpan / dayRate : Infinity;
      const count = j - i + 1;
      for (let m = i; m <= j; m++) {
        const k = fleeting[m];
        const life = tape.lifetimeNs(k);
        const score = weighted([
          [ramp(inWindow[m], o.minBurstOrders - 1, o.fullBurstOrders), 0.5],
          [ramp(life, o.maxLifetimeNs, o.fastLifetimeNs), 0.25],
          [ramp(Math.log10(rateMultiple), 0, Math.log10(o.fullRateMultiple)), 0.25],
        ]);
        const reason =
          `lived ${formatDuration(life)} (cancelled unexecuted) in a burst of ${count} fleeting orders, up to ${inWindow[m]} within ` +
          `${formatDuration(o.windowNs)}; ${messages} messages in ${formatDuration(burstSpan)} (${rateMultiple.toFixed(0)}× the day's rate)`;
        out.add(tape.oId[k], score, reason);
      }
      i = j + 1;
    }
    return out.flags();
  }
}
