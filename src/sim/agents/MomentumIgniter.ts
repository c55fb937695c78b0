import { ManipulationKind } from '../../clean/ManipulationKind.ts';
import { OrderType } from '../../exchange/OrderType.ts';
import { OrderRole } from '../OrderRole.ts';
import { exponentialNs, uniformInt } from '../gaussian.ts';
import { Agent, type AgentLatency } from './Agent.ts';
import { AgentType } from './AgentType.ts';
import { pickSize } from './orderSizes.ts';

const LIMIT = OrderType.Limit;
const MARKET = OrderType.Market;
const DECEPTIVE = OrderRole.Deceptive;
const GENUINE = OrderRole.Genuine;

const TAG_START = 0;
const TAG_RUN = 1;
const TAG_UNWIND = 2;

export interface MomentumIgniterParams {
  readonly episodeGapMeanNs: number;
  /** Market orders in the ignition run. */
  readonly runOrdersMin: number;
  readonly runOrdersMax: number;
  readonly runSizes: readonly number[];
  /** Time between two orders of the run. */
  readonly runStepMinNs: number;
  readonly runStepMaxNs: number;
  /** Wait after the run for momentum traders to join, before unwinding. */
  readonly waitMinNs: number;
  readonly waitMaxNs: number;
  /** Unwind: a resting order at the touch, renewed at this interval, for at most unwindMaxNs; then a market order. */
  readonly unwindStepNs: number;
  readonly unwindMaxNs: number;
  /** Largest unwind order. */
  readonly unwindChunk: number;
}

export const DEFAULT_MOMENTUM_IGNITER: MomentumIgniterParams = {
  episodeGapMeanNs: 600_000_000_000,
  runOrdersMin: 6,
  runOrdersMax: 12,
  runSizes: [200, 300, 500],
  runStepMinNs: 10_000_000,
  runStepMaxNs: 80_000_000,
  waitMinNs: 500_000_000,
  waitMaxNs: 3_000_000_000,
  unwindStepNs: 300_000_000,
  unwindMaxNs: 10_000_000_000,
  unwindChunk: 300,
};

/**
 * Momentum ignition: an episode fires a quick run of aggressive market orders in one direction to push the
 * price and set off momentum traders, waits for them, then unwinds its position into their demand with
 * orders resting one tick inside the spread (renewed every few hundred ms), and finally with a market
 * order if it is still not flat. Every order of the episode is labelled `ignite` (the run Deceptive, the
 * unwind Genuine).
 */
export class MomentumIgniter extends Agent {
  readonly type = AgentType.MomentumIgniter;
  override readonly kind = ManipulationKind.Ignite;
  episodes = 0;
  private direction = 1;
  private runLeft = 0;
  private unwindUntilNs = 0;

  constructor(
    latency: AgentLatency,
    readonly params: MomentumIgniterParams = DEFAULT_MOMENTUM_IGNITER,
  ) {
    super(latency);
  }

  start(): void {
    this.market.wakeAfter(this.state, exponentialNs(this.rng, this.params.episodeGapMeanNs), TAG_START);
  }

  onWake(tag: number): void {
    const p = this.params;
    if (tag === TAG_START) {
      this.episodes++;
      this.direction = this.rng.nextFloat() < 0.5 ? 1 : -1;
      this.runLeft = uniformInt(this.rng, p.runOrdersMin, p.runOrdersMax);
      this.run();
    } else if (tag === TAG_RUN) this.run();
    else this.unwind();
  }

  private run(): void {
    const m = this.market;
    const p = this.params;
    m.submit(this.state, MARKET, this.direction, 0, pickSize(this.rng, p.runSizes), DECEPTIVE);
    if (--this.runLeft > 0) {
      m.wakeAfter(this.state, uniformInt(this.rng, p.runStepMinNs, p.runStepMaxNs), TAG_RUN);
      return;
    }
    const wait = uniformInt(this.rng, p.waitMinNs, p.waitMaxNs);
    this.unwindUntilNs = m.nowNs + wait + p.unwindMaxNs;
    m.wakeAfter(this.state, wait, TAG_UNWIND);
  }

  private unwind(): void {
    const m = this.market;
    const p = this.params;
    const tick = m.tick;
    this.cancelAll();
    const open = this.position;
    if (open === 0) {
      m.wakeAfter(this.state, exponentialNs(this.rng, p.episodeGapMeanNs), TAG_START);
      return;
    }
    const side = open > 0 ? -1 : 1;
    const size = Math.min(Math.abs(open), p.unwindChunk);
    if (m.nowNs >= this.unwindUntilNs) {
      m.submit(this.state, MARKET, side, 0, Math.abs(open), GENUINE);
      m.wakeAfter(this.state, p.unwindStepNs, TAG_UNWIND);
      return;
    }
    const view = m.look(this.state);
    const spreadTicks = view.hasBid && view.hasAsk ? Math.round((view.ask - view.bid) / tick) : 0;
    if (spreadTicks >= 1) {
      const price = side < 0 ? (spreadTicks >= 2 ? view.ask - tick : view.ask) : spreadTicks >= 2 ? view.bid + tick : view.bid;
      m.submit(this.state, LIMIT, side, price, size, GENUINE);
    }
    m.wakeAfter(this.state, p.unwindStepNs, TAG_UNWIND);
  }
}
