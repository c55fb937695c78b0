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
const TAG_LAYER = 1;
const TAG_GENUINE = 2;
const TAG_CHECK = 3;
const TAG_END = 4;

export interface LayererParams {
  readonly episodeGapMeanNs: number;
  /** Orders per layer, one per consecutive price level. */
  readonly layersMin: number;
  readonly layersMax: number;
  /** Distance of the innermost layer behind its side's best quote, in ticks. */
  readonly firstDistanceTicksMin: number;
  readonly firstDistanceTicksMax: number;
  readonly layerSizes: readonly number[];
  /** Time between placing two layer orders. */
  readonly stepMinNs: number;
  readonly stepMaxNs: number;
  /** Delay from the last layer order to the genuine order. */
  readonly genuineDelayMinNs: number;
  readonly genuineDelayMaxNs: number;
  readonly genuineSizes: readonly number[];
  readonly genuineTakeProbability: number;
  readonly genuineTtlNs: number;
  /** How long the layer stays: log-normal median and log-sd, clamped. */
  readonly holdMedianNs: number;
  readonly holdSigma: number;
  readonly holdMinNs: number;
  readonly holdMaxNs: number;
  readonly checkIntervalNs: number;
  readonly approachTicks: number;
}

export const DEFAULT_LAYERER: LayererParams = {
  episodeGapMeanNs: 90_000_000_000,
  layersMin: 3,
  layersMax: 6,
  firstDistanceTicksMin: 1,
  firstDistanceTicksMax: 3,
  layerSizes: [200, 300, 400, 500],
  stepMinNs: 100_000,
  stepMaxNs: 2_000_000,
  genuineDelayMinNs: 1_000_000,
  genuineDelayMaxNs: 20_000_000,
  genuineSizes: [100, 100, 200, 300],
  genuineTakeProbability: 0.4,
  genuineTtlNs: 2_000_000_000,
  holdMedianNs: 400_000_000,
  holdSigma: 0.6,
  holdMinNs: 80_000_000,
  holdMaxNs: 3_000_000_000,
  checkIntervalNs: 10_000_000,
  approachTicks: 1,
};

/**
 * Layering: an episode stacks 3–6 orders on consecutive price levels behind the best quote of one side,
 * placed within milliseconds of each other, then sends its genuine order on the other side, and cancels
 * the whole layer together (one wake-up, so the cancels reach the venue in the same instant) after a
 * log-normal hold of typically a few hundred ms, or at once when the book comes within a tick of it.
 * Every order of the episode is labelled `layer`.
 */
export class Layerer extends Agent {
  readonly type = AgentType.Layerer;
  override readonly kind = ManipulationKind.Layer;
  episodes = 0;
  private readonly layerIds = new Float64Array(16);
  private readonly layerPx = new Float64Array(16);
  private nLayers = 0;
  private placed = 0;
  private layerSide = 0;
  private deadlineNs = 0;
  private genuineId = 0;
  private layering = false;

  constructor(
    latency: AgentLatency,
    readonly params: LayererParams = DEFAULT_LAYERER,
  ) {
    super(latency);
    if (params.layersMax > 16) throw new RangeError(`Layerer: at most 16 layers (${params.layersMax})`);
  }

  start(): void {
    this.market.wakeAfter(this.state, exponentialNs(this.rng, this.params.episodeGapMeanNs), TAG_START);
  }

  onWake(tag: number): void {
    if (tag === TAG_START) this.begin();
    else if (tag === TAG_LAYER) this.placeLayer();
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
    const side = rng.nextFloat() < 0.5 ? 1 : -1;
    this.layerSide = side;
    this.nLayers = uniformInt(rng, p.layersMin, p.layersMax);
    const first = uniformInt(rng, p.firstDistanceTicksMin, p.firstDistanceTicksMax);
    for (let k = 0; k < this.nLayers; k++) {
      this.layerPx[k] = side > 0 ? view.bid - (first + k) * tick : view.ask + (first + k) * tick;
      this.layerIds[k] = 0;
    }
    this.placed = 0;
    this.layering = true;
    this.placeLayer();
  }

  private placeLayer(): void {
    const m = this.market;
    const p = this.params;
    const k = this.placed++;
    const price = this.layerPx[k];
    if (price > 0) this.layerIds[k] = m.submit(this.state, LIMIT, this.layerSide, price, pickSize(this.rng, p.layerSizes), DECEPTIVE);
    if (this.placed < this.nLayers) {
      m.wakeAfter(this.state, uniformInt(this.rng, p.stepMinNs, p.stepMaxNs), TAG_LAYER);
      return;
    }
    const hold = Math.round(Math.min(p.holdMaxNs, Math.max(p.holdMinNs, logNormal(this.rng, p.holdMedianNs, p.holdSigma))));
    this.deadlineNs = m.nowNs + hold;
    m.wakeAfter(this.state, Math.min(uniformInt(this.rng, p.genuineDelayMinNs, p.genuineDelayMaxNs), Math.floor(hold / 2)), TAG_GENUINE);
    m.wakeAfter(this.state, Math.min(p.checkIntervalNs, hold), TAG_CHECK);
  }

  private placeGenuine(): void {
    this.genuineId = placeGenuineOrder(this, this.market, -this.layerSide, this.params);
  }

  private check(): void {
    const m = this.market;
    if (!this.layering) return;
    const view = m.look(this.state);
    const reach = this.params.approachTicks * m.tick;
    // The innermost layer is the first one.
    const inner = this.layerPx[0];
    const approached = this.layerSide > 0 ? view.hasBid && view.bid - inner <= reach : view.hasAsk && inner - view.ask <= reach;
    if (!approached && m.nowNs < this.deadlineNs) {
      m.wakeAfter(this.state, Math.min(this.params.checkIntervalNs, this.deadlineNs - m.nowNs), TAG_CHECK);
      return;
    }
    for (let k = 0; k < this.nLayers; k++) {
      const id = this.layerIds[k];
      if (id !== 0 && this.live.has(id)) m.cancel(this.state, id);
      this.layerIds[k] = 0;
    }
    this.layering = false;
    m.wakeAfter(this.state, this.params.genuineTtlNs, TAG_END);
  }

  private end(): void {
    if (this.genuineId !== 0 && this.live.has(this.genuineId)) this.market.cancel(this.state, this.genuineId);
    this.genuineId = 0;
    this.market.wakeAfter(this.state, exponentialNs(this.rng, this.params.episodeGapMeanNs), TAG_START);
  }
}
