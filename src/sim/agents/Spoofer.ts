import { ManipulationKind } from '../../clean/ManipulationKind.ts';
import { OrderType } from '../../exchange/OrderType.ts';
import { OrderRole } from '../OrderRole.ts';
import { exponentialNs, logNormal, uniformInt } from '../gaussian.ts';
import { Agent, type AgentLatency } from './Agent.ts';
import { AgentType } from './AgentType.ts';
import { pickSize } from './orderSizes.ts';
import { placeGenuineOrder } from './genuineOrder.ts';

const LIMIT = OrderType.Limit;
const DECEPTIVE = OrderRole.Deceptive;

const TAG_START = 0;
const TAG_GENUINE = 1;
const TAG_CHECK = 2;
const TAG_END = 3;

export interface SpooferParams {
  /** Mean time between episodes (exponential). */
  readonly episodeGapMeanNs: number;
  /** Spoof orders per episode (on consecutive-or-not levels from the first distance outward). */
  readonly spoofOrdersMin: number;
  readonly spoofOrdersMax: number;
  /** Sizes of a spoof order: several times a normal level. */
  readonly spoofSizes: readonly number[];
  /** Distance of the first spoof order behind its side's best quote, in ticks. */
  readonly distanceTicksMin: number;
  readonly distanceTicksMax: number;
  /** Spoof lifetime: log-normal with this median and log-sd, clamped. */
  readonly lifetimeMedianNs: number;
  readonly lifetimeSigma: number;
  readonly lifetimeMinNs: number;
  readonly lifetimeMaxNs: number;
  /** Delay from placing the spoof to placing the genuine order (≤ half the lifetime). */
  readonly genuineDelayMinNs: number;
  readonly genuineDelayMaxNs: number;
  readonly genuineSizes: readonly number[];
  /** Probability that the genuine order takes liquidity (IOC at the opposite quote) rather than resting. */
  readonly genuineTakeProbability: number;
  /** A resting genuine order is withdrawn this long after the spoof is gone. */
  readonly genuineTtlNs: number;
  /** How often it watches the book while the spoof works. */
  readonly checkIntervalNs: number;
  /** Cancels at once when its side's best quote comes within this many ticks of the spoof. */
  readonly approachTicks: number;
}

export const DEFAULT_SPOOFER: SpooferParams = {
  episodeGapMeanNs: 60_000_000_000,
  spoofOrdersMin: 1,
  spoofOrdersMax: 2,
  spoofSizes: [500, 800, 1000, 1200, 1500, 2000],
  distanceTicksMin: 2,
  distanceTicksMax: 5,
  lifetimeMedianNs: 150_000_000,
  lifetimeSigma: 0.7,
  lifetimeMinNs: 20_000_000,
  lifetimeMaxNs: 1_000_000_000,
  genuineDelayMinNs: 1_000_000,
  genuineDelayMaxNs: 20_000_000,
  genuineSizes: [100, 100, 200, 300],
  genuineTakeProbability: 0.4,
  genuineTtlNs: 2_000_000_000,
  checkIntervalNs: 10_000_000,
  approachTicks: 1,
};

/**
 * Spoofing: an episode places one or two large orders a few ticks behind the best quote on one side (the
 * false signal of demand or supply), then, a few ms later, its genuine order on the other side (resting
 * one tick inside the spread, or taking the opposite quote), and cancels the spoof orders before they can
 * trade: after a log-normal lifetime of typically 50–500 ms, or at once when the book comes within a tick
 * of them. The genuine order is withdrawn later if still working. Every order of the episode is labelled
 * `spoof` (role Deceptive for the spoof orders, Genuine for the other side).
 */
export class Spoofer extends Agent {
  readonly type = AgentType.Spoofer;
  override readonly kind = ManipulationKind.Spoof;
  episodes = 0;
  private readonly spoofIds = new Float64Array(8);
  private readonly spoofPx = new Float64Array(8);
  private nSpoof = 0;
  private spoofSide = 0;
  private deadlineNs = 0;
  private genuineId = 0;
  private spoofing = false;

  constructor(
    latency: AgentLatency,
    readonly params: SpooferParams = DEFAULT_SPOOFER,
  ) {
    super(latency);
    if (params.spoofOrdersMax > this.spoofIds.length) throw new RangeError(`Spoofer: at most ${this.spoofIds.length} spoof orders (${params.spoofOrdersMax})`);
  }

  start(): void {
    this.market.wakeAfter(this.state, exponentialNs(this.rng, this.params.episodeGapMeanNs), TAG_START);
  }

  onWake(tag: number): void {
    if (tag === TAG_START) this.begin();
    else if (tag === TAG_GENUINE) this.placeGenuine();
    else if (tag === TAG_CHECK) this.check();
    else if (tag === TAG_END) this.end();
  }

  private begin(): void {
    const m = this.market;
    const p = this.params;
    const rng = this.rng;
    const view = m.look(this.state);
    if (!view.hasBid || !view.hasAsk) {
      m.wakeAfter(this.state, exponentialNs(rng, p.episodeGapMeanNs), TAG_START);
      return;
    }
    this.episodes++;
    const tick = m.tick;
    const side = rng.nextFloat() < 0.5 ? 1 : -1; // the spoof's side; the genuine order goes on -side
    this.spoofSide = side;
    this.nSpoof = uniformInt(rng, p.spoofOrdersMin, p.spoofOrdersMax);
    let distance = uniformInt(rng, p.distanceTicksMin, p.distanceTicksMax);
    for (let j = 0; j < this.nSpoof; j++) {
      const price = side > 0 ? view.bid - distance * tick : view.ask + distance * tick;
      this.spoofPx[j] = price;
      this.spoofIds[j] = price > 0 ? m.submit(this.state, LIMIT, side, price, pickSize(rng, p.spoofSizes), DECEPTIVE) : 0;
      distance += 1 + rng.nextInt(2);
    }
    this.spoofing = true;
    const lifetime = Math.round(Math.min(p.lifetimeMaxNs, Math.max(p.lifetimeMinNs, logNormal(rng, p.lifetimeMedianNs, p.lifetimeSigma))));
    this.deadlineNs = m.nowNs + lifetime;
    const delay = Math.min(uniformInt(rng, p.genuineDelayMinNs, p.genuineDelayMaxNs), Math.floor(lifetime / 2));
    m.wakeAfter(this.state, delay, TAG_GENUINE);
    m.wakeAfter(this.state, Math.min(p.checkIntervalNs, lifetime), TAG_CHECK);
  }

  private placeGenuine(): void {
    this.genuineId = placeGenuineOrder(this, this.market, -this.spoofSide, this.params);
  }

  private check(): void {
    const m = this.market;
    if (!this.spoofing) return;
    const view = m.look(this.state);
    const reach = this.params.approachTicks * m.tick;
    let approached = false;
    for (let j = 0; j < this.nSpoof; j++) {
      if (this.spoofIds[j] === 0) continue;
      const px = this.spoofPx[j];
      if (this.spoofSide > 0 ? view.hasBid && view.bid - px <= reach : view.hasAsk && px - view.ask <= reach) approached = true;
    }
    if (!approached && m.nowNs < this.deadlineNs) {
      m.wakeAfter(this.state, Math.min(this.params.checkIntervalNs, this.deadlineNs - m.nowNs), TAG_CHECK);
      return;
    }
    for (let j = 0; j < this.nSpoof; j++) {
      if (this.spoofIds[j] !== 0 && this.live.has(this.spoofIds[j])) m.cancel(this.state, this.spoofIds[j]);
      this.spoofIds[j] = 0;
    }
    this.spoofing = false;
    m.wakeAfter(this.state, this.params.genuineTtlNs, TAG_END);
  }

  private end(): void {
    if (this.genuineId !== 0 && this.live.has(this.genuineId)) this.market.cancel(this.state, this.genuineId);
    this.genuineId = 0;
    this.market.wakeAfter(this.state, exponentialNs(this.rng, this.params.episodeGapMeanNs), TAG_START);
  }
}
