import { ManipulationKind } from '../../clean/ManipulationKind.ts';
import { OrderType } from '../../exchange/OrderType.ts';
import { OrderRole } from '../OrderRole.ts';
import { exponentialNs, uniformInt } from '../gaussian.ts';
import { Agent, type AgentLatency } from './Agent.ts';
import { AgentType } from './AgentType.ts';
import { pickSize } from './orderSizes.ts';

const LIMIT = OrderType.Limit;
const IOC = OrderType.ImmediateOrCancel;
const DECEPTIVE = OrderRole.Deceptive;

const TAG_ROUND = 0;
const TAG_TAKE = 1;
const TAG_END = 2;

export interface WashTraderParams {
  readonly episodeGapMeanNs: number;
  /** Trades per episode (rounded up to even, so both accounts end flat). */
  readonly roundsMin: number;
  readonly roundsMax: number;
  /** Trade sizes: round numbers, as wash trades often are. */
  readonly sizes: readonly number[];
  /** Delay from resting with one account to taking with the other. */
  readonly takeDelayMinNs: number;
  readonly takeDelayMaxNs: number;
  /** Delay between rounds. */
  readonly roundGapMinNs: number;
  readonly roundGapMaxNs: number;
  /** Needs a spread of at least this many ticks to rest strictly inside it. */
  readonly minSpreadTicks: number;
}

export const DEFAULT_WASH_TRADER: WashTraderParams = {
  episodeGapMeanNs: 120_000_000_000,
  roundsMin: 2,
  roundsMax: 6,
  sizes: [100, 200, 200, 300, 500, 500, 1000],
  takeDelayMinNs: 1_000_000,
  takeDelayMaxNs: 30_000_000,
  roundGapMinNs: 50_000_000,
  roundGapMaxNs: 2_000_000_000,
  minSpreadTicks: 2,
};

/**
 * Wash trading by one owner through two accounts (two venue owner ids, so the venue's per-account
 * self-trade prevention does not stop it): in each round one account rests a limit order strictly inside
 * the spread (so it is first in line) and, milliseconds later, the other account takes it with an
 * immediate-or-cancel order of the same size at the same price. Rounds alternate which account rests and
 * the direction, so the position goes back and forth and both end flat; sizes are round. Every order is
 * labelled `wash` (role Deceptive).
 */
export class WashTrader extends Agent {
  readonly type = AgentType.WashTrader;
  override readonly kind = ManipulationKind.Wash;
  episodes = 0;
  private round = 0;
  private rounds = 0;
  private direction = 1;
  private size = 0;
  private restId = 0;
  private restPx = 0;
  private restSide = 0;
  private restAccount = 0;

  constructor(
    latency: AgentLatency,
    readonly params: WashTraderParams = DEFAULT_WASH_TRADER,
  ) {
    super(latency);
  }

  start(): void {
    this.market.wakeAfter(this.state, exponentialNs(this.rng, this.params.episodeGapMeanNs), TAG_END);
  }

  onWake(tag: number): void {
    if (tag === TAG_ROUND) this.rest();
    else if (tag === TAG_TAKE) this.take();
    else this.begin();
  }

  /** TAG_END: withdraws leftovers of the last episode and starts the next one (or, at start(), the first). */
  private begin(): void {
    const m = this.market;
    const p = this.params;
    if (this.rounds > 0) {
      // An episode just ended: cancel anything left and wait for the next one.
      this.cancelAll();
      this.rounds = 0;
      m.wakeAfter(this.state, exponentialNs(this.rng, p.episodeGapMeanNs), TAG_END);
      return;
    }
    this.episodes++;
    this.round = 0;
    const n = uniformInt(this.rng, p.roundsMin, p.roundsMax);
    this.rounds = n + (n & 1);
    this.direction = this.rng.nextFloat() < 0.5 ? 1 : -1;
    this.rest();
  }

  private rest(): void {
    const m = this.market;
    const p = this.params;
    const tick = m.tick;
    this.cancelAll();
    const view = m.look(this.state);
    const spreadTicks = view.hasBid && view.hasAsk ? Math.round((view.ask - view.bid) / tick) : 0;
    if (spreadTicks < p.minSpreadTicks) {
      // No room inside the spread: try again a little later.
      m.wakeAfter(this.state, uniformInt(this.rng, p.roundGapMinNs, p.roundGapMaxNs), TAG_ROUND);
      return;
    }
    const k = this.round;
    if ((k & 1) === 0) this.size = pickSize(this.rng, p.sizes);
    // Account 0 buys in even rounds and sells in odd ones (times the episode's direction): flat after each pair.
    const dirA = ((k & 1) === 0 ? 1 : -1) * this.direction;
    this.restAccount = k & 1 ? 1 : 0;
    this.restSide = this.restAccount === 0 ? dirA : -dirA;
    // A price strictly inside the spread, near the middle.
    const inside = spreadTicks - 1;
    this.restPx = view.bid + (1 + ((inside - 1) >> 1) + (inside > 2 ? this.rng.nextInt(2) : 0)) * tick;
    if (this.restPx >= view.ask) this.restPx = view.ask - tick;
    this.restId = m.submit(this.state, LIMIT, this.restSide, this.restPx, this.size, DECEPTIVE, this.restAccount);
    m.wakeAfter(this.state, uniformInt(this.rng, p.takeDelayMinNs, p.takeDelayMaxNs), TAG_TAKE);
  }

  private take(): void {
    const m = this.market;
    const p = this.params;
    m.submit(this.state, IOC, -this.restSide, this.restPx, this.size, DECEPTIVE, 1 - this.restAccount);
    this.round++;
    if (this.round < this.rounds) m.wakeAfter(this.state, uniformInt(this.rng, p.roundGapMinNs, p.roundGapMaxNs), TAG_ROUND);
    else m.wakeAfter(this.state, p.roundGapMinNs, TAG_END);
  }
}
