import { ManipulationKind } from '../../clean/ManipulationKind.ts';
import { OrderType } from '../../exchange/OrderType.ts';
import { OrderRole } from '../OrderRole.ts';
import { exponentialNs, uniformInt } from '../gaussian.ts';
import { Agent, type AgentLatency } from './Agent.ts';
import { AgentType } from './AgentType.ts';
import { pickSize } from './orderSizes.ts';

const LIMIT = OrderType.Limit;
const DECEPTIVE = OrderRole.Deceptive;

const TAG_START = 0;
const TAG_STEP = 1;

export interface QuoteStufferParams {
  readonly burstGapMeanNs: number;
  /** Orders per burst (each added and then cancelled). */
  readonly ordersMin: number;
  readonly ordersMax: number;
  /** Time between two messages of a burst. */
  readonly stepMinNs: number;
  readonly stepMaxNs: number;
  /** Each order is cancelled this many steps after it was added. */
  readonly holdStepsMin: number;
  readonly holdStepsMax: number;
  /** Orders sit this many ticks behind their side's best quote (0 = at it). */
  readonly distanceTicksMin: number;
  readonly distanceTicksMax: number;
  readonly sizes: readonly number[];
}

export const DEFAULT_QUOTE_STUFFER: QuoteStufferParams = {
  burstGapMeanNs: 600_000_000_000,
  ordersMin: 30,
  ordersMax: 100,
  stepMinNs: 20_000,
  stepMaxNs: 150_000,
  holdStepsMin: 2,
  holdStepsMax: 6,
  distanceTicksMin: 1,
  distanceTicksMax: 8,
  sizes: [100, 100, 100, 200],
};

/**
 * Quote stuffing: bursts of tens of orders added and cancelled within milliseconds (one message every
 * 20–150 µs, each order cancelled a few messages later), near the touch on both sides, to flood the feed
 * that other participants must process. Every order is labelled `stuff` (role Deceptive).
 */
export class QuoteStuffer extends Agent {
  readonly type = AgentType.QuoteStuffer;
  override readonly kind = ManipulationKind.Stuff;
  bursts = 0;
  private ids = new Float64Array(128);
  private n = 0;
  private k = 0;
  private hold = 0;
  private bid = 0;
  private ask = 0;

  constructor(
    latency: AgentLatency,
    readonly params: QuoteStufferParams = DEFAULT_QUOTE_STUFFER,
  ) {
    super(latency);
    if (params.ordersMax > this.ids.length) this.ids = new Float64Array(params.ordersMax);
  }

  start(): void {
    this.market.wakeAfter(this.state, exponentialNs(this.rng, this.params.burstGapMeanNs), TAG_START);
  }

  onWake(tag: number): void {
    const m = this.market;
    const p = this.params;
    if (tag === TAG_START) {
      const view = m.look(this.state);
      if (!view.hasBid || !view.hasAsk) {
        m.wakeAfter(this.state, exponentialNs(this.rng, p.burstGapMeanNs), TAG_START);
        return;
      }
      this.bursts++;
      this.bid = view.bid;
      this.ask = view.ask;
      this.n = uniformInt(this.rng, p.ordersMin, p.ordersMax);
      this.hold = uniformInt(this.rng, p.holdStepsMin, p.holdStepsMax);
      this.k = 0;
    }
    this.step();
  }

  /** One step of a burst: add order k (while any are left), cancel order k − hold. */
  private step(): void {
    const m = this.market;
    const p = this.params;
    const rng = this.rng;
    const k = this.k++;
    if (k < this.n) {
      const side = rng.nextFloat() < 0.5 ? 1 : -1;
      const d = uniformInt(rng, p.distanceTicksMin, p.distanceTicksMax) * m.tick;
      const price = side > 0 ? this.bid - d : this.ask + d;
      this.ids[k] = price > 0 ? m.submit(this.state, LIMIT, side, price, pickSize(rng, p.sizes), DECEPTIVE) : 0;
    }
    const old = k - this.hold;
    if (old >= 0 && old < this.n && this.ids[old] !== 0 && this.live.has(this.ids[old])) m.cancel(this.state, this.ids[old]);
    if (k + 1 < this.n + this.hold) m.wakeAfter(this.state, uniformInt(rng, p.stepMinNs, p.stepMaxNs), TAG_STEP);
    else m.wakeAfter(this.state, exponentialNs(rng, p.burstGapMeanNs), TAG_START);
  }
}
