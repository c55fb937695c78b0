import { OrderType } from '../../exchange/OrderType.ts';
import { OrderRole } from '../OrderRole.ts';
import { exponentialNs } from '../gaussian.ts';
import { Agent, type AgentLatency } from './Agent.ts';
import { AgentType } from './AgentType.ts';
import { ceilToTick, floorToTick } from './orderSizes.ts';

const LIMIT = OrderType.Limit;
const HONEST = OrderRole.Honest;

export interface MarketMakerParams {
  /** Distance of the first quote from the reservation price, in ticks. */
  readonly halfSpreadTicks: number;
  /** Quotes per side. */
  readonly levels: number;
  /** Ticks between a side's quotes. */
  readonly levelGapTicks: number;
  /** Shares per quote. */
  readonly size: number;
  /** Reservation price shift, in ticks, per 100 shares of inventory (against the inventory). */
  readonly skewTicksPer100: number;
  /** No more quotes on the side that would take |position| beyond this. */
  readonly maxPosition: number;
  /** Mean time between routine requotes (exponential). */
  readonly requoteMeanNs: number;
  /** A quote within this many ticks of its target is left alone (keeps queue priority, saves messages). */
  readonly toleranceTicks: number;
  /** Extra delay, beyond the feed latency, before requoting after a fill. */
  readonly reactionNs: number;
}

export const DEFAULT_MARKET_MAKER: MarketMakerParams = {
  halfSpreadTicks: 8,
  levels: 2,
  levelGapTicks: 6,
  size: 100,
  skewTicksPer100: 1.5,
  maxPosition: 1500,
  requoteMeanNs: 3_000_000_000,
  toleranceTicks: 3,
  reactionNs: 500_000,
};

/**
 * An inventory-aware market maker: quotes `levels` orders a side around a reservation price, the mid it
 * sees shifted against its inventory (Avellaneda–Stoikov in spirit: long → lower quotes, so it sells more
 * and buys less), never crossing the opposite quote it sees, and stops adding to a side beyond its
 * position limit. It requotes at Poisson times and right after each fill (one feed latency plus its
 * reaction time later); quotes that are still within tolerance of their target are kept.
 */
export class MarketMaker extends Agent {
  readonly type = AgentType.MarketMaker;
  private readonly bidId: Float64Array;
  private readonly bidPx: Float64Array;
  private readonly askId: Float64Array;
  private readonly askPx: Float64Array;
  /** Only the latest scheduled wake-up acts (a fill reschedules the routine one). */
  private generation = 0;

  constructor(
    latency: AgentLatency,
    readonly params: MarketMakerParams = DEFAULT_MARKET_MAKER,
  ) {
    super(latency);
    this.bidId = new Float64Array(params.levels);
    this.bidPx = new Float64Array(params.levels);
    this.askId = new Float64Array(params.levels);
    this.askPx = new Float64Array(params.levels);
  }

  start(): void {
    this.market.wakeAfter(this.state, exponentialNs(this.rng, 50_000_000), this.generation);
  }

  onWake(tag: number): void {
    if (tag !== this.generation) return;
    this.requote();
    this.market.wakeAfter(this.state, exponentialNs(this.rng, this.params.requoteMeanNs), ++this.generation);
  }

  protected override afterFill(): void {
    this.market.wakeAfter(this.state, this.latency.feedNs + this.params.reactionNs, ++this.generation);
  }

  protected override afterOrderEnded(orderId: number): void {
    for (let l = 0; l < this.params.levels; l++) {
      if (this.bidId[l] === orderId) this.bidId[l] = 0;
      if (this.askId[l] === orderId) this.askId[l] = 0;
    }
  }

  private requote(): void {
    const m = this.market;
    const p = this.params;
    const tick = m.tick;
    const view = m.look(this.state);
    const reservation = view.mid - (this.position / 100) * p.skewTicksPer100 * tick;
    const tolerance = p.toleranceTicks * tick;
    const quoteBids = this.position + p.size <= p.maxPosition;
    const quoteAsks = this.position - p.size >= -p.maxPosition;
    for (let l = 0; l < p.levels; l++) {
      const offset = (p.halfSpreadTicks + l * p.levelGapTicks) * tick;
      let bid = floorToTick(reservation - offset, tick);
      if (view.hasAsk && bid >= view.ask) bid = view.ask - tick;
      let ask = ceilToTick(reservation + offset, tick);
      if (view.hasBid && ask <= view.bid) ask = view.bid + tick;
      let id = this.bidId[l];
      if (id !== 0 && !(quoteBids && Math.abs(this.bidPx[l] - bid) <= tolerance)) {
        m.cancel(this.state, id);
        id = 0;
      }
      if (id === 0 && quoteBids && bid > 0) {
        id = m.submit(this.state, LIMIT, 1, bid, p.size, HONEST);
        this.bidPx[l] = bid;
      }
      this.bidId[l] = id;
      id = this.askId[l];
      if (id !== 0 && !(quoteAsks && Math.abs(this.askPx[l] - ask) <= tolerance)) {
        m.cancel(this.state, id);
        id = 0;
      }
      if (id === 0 && quoteAsks) {
        id = m.submit(this.state, LIMIT, -1, ask, p.size, HONEST);
        this.askPx[l] = ask;
      }
      this.askId[l] = id;
    }
  }
}
