import { SeededRng } from '../core/rng.ts';
import { ManualClock, NS_PER_SECOND, newYorkMidnightNs } from '../core/time.ts';
import { EventBatch } from '../data/EventBatch.ts';
import { type Instrument, lobsterInstrument } from '../data/Instrument.ts';
import type { ExecutionListener } from '../exchange/ExecutionListener.ts';
import { FillLog } from '../exchange/FillLog.ts';
import { MatchingEngine } from '../exchange/MatchingEngine.ts';
import { OrderStatus } from '../exchange/OrderReport.ts';
import { OrderType } from '../exchange/OrderType.ts';
import { SelfTradePrevention } from '../exchange/SelfTradePrevention.ts';

// Hot-path constants as module locals (imported `as const` members are accessor reads under tsx).
const MARKET = OrderType.Market;
const LIMIT = OrderType.Limit;
const RESTING = OrderStatus.Resting;

/**
 * The zero-intelligence order flow of Cont, Stoikov & Talreja (2010), "A stochastic model for order book
 * dynamics", Operations Research 58(3):549–563. Independent Poisson streams, per side of the book:
 * - limit orders at distance i ticks from the *opposite* best quote (a buy at ask − i ticks) at rate λ(i),
 *   with the paper's power-law fit λ(i) = k / i^α;
 * - market orders at rate μ;
 * - each resting order at distance i from the opposite best quote is cancelled at rate θ(i).
 * Rates are per second, orders are one unit (the paper's unit is the average order size).
 *
 * Defaults are the paper's estimates for a liquid Tokyo Stock Exchange stock: k = 1.92, α = 0.52,
 * μ = 0.94, θ(1..5) = 0.71, 0.81, 0.68, 0.56, 0.47 (its fit table gives λ(1..5) = 1.85, 1.51, 1.09,
 * 0.88, 0.77, which the power law approximates). θ(6..10) = 0.47, 0.37, 0.30, 0.26, 0.19 are the
 * values reproduced by public implementations of the model for the paper's wider table; we could not
 * check them against the paper itself. Beyond the last entry θ stays at its last value.
 */
export interface ContStoikovTalrejaParams {
  /** Power-law scale k of λ(i) = k / i^α (orders per second per side). */
  readonly k: number;
  /** Power-law exponent α. */
  readonly alpha: number;
  /** Limit orders arrive at distances 1..maxDistance ticks from the opposite best quote. */
  readonly maxDistance: number;
  /** Market-order rate μ per side (orders per second). */
  readonly marketRate: number;
  /** Cancellation rate θ(i) per resting order at distance i (index 0 is i = 1); the last entry extends. */
  readonly cancelRates: readonly number[];
  /** Shares (size units) in one model order. */
  readonly unitSize: number;
  /** 1: every order is one unit. > 1: units per order are geometric on {1, 2, …} with this mean. */
  readonly meanUnits: number;
  /** Mid price of the seeded opening book, in instrument price units (must be on a tick). */
  readonly startPrice: number;
}

export const CONT_STOIKOV_TALREJA_2010: ContStoikovTalrejaParams = {
  k: 1.92,
  alpha: 0.52,
  maxDistance: 10,
  marketRate: 0.94,
  cancelRates: [0.71, 0.81, 0.68, 0.56, 0.47, 0.47, 0.37, 0.3, 0.26, 0.19],
  unitSize: 100,
  meanUnits: 1,
  startPrice: 1_000_000, // $100.00 at LOBSTER's price scale of 10 000
};

/** Owner id of all simulated flow (anonymous; self-trade prevention is off for it). */
export const ZERO_INTELLIGENCE_OWNER = 0;

/**
 * Drives a MatchingEngine with CST order flow, Gillespie style: the time to the next event is exponential
 * in the total rate, and the event is drawn in proportion to its rate. Cancellations use thinning: a
 * candidate arrives at rate θmax·N (N resting simulated orders), picks a uniform resting order and is kept
 * with probability θ(i)/θmax; this is exact and needs no per-distance bookkeeping.
 */
export class ContStoikovTalrejaFlow implements ExecutionListener {
  /** Counters since construction. */
  limitOrders = 0;
  marketOrders = 0;
  cancels = 0;
  /** Market orders that met an empty opposite side (the book was one-sided). */
  marketOrdersIntoEmptySide = 0;
  readonly fills = new FillLog(4096);

  private readonly params: ContStoikovTalrejaParams;
  private readonly rng: SeededRng;
  private readonly tick: number;
  /** λ(i) for i = 1..maxDistance (index i − 1) and their sum per side. */
  private readonly limitRates: Float64Array;
  private readonly limitRateSum: number;
  private readonly theta: Float64Array;
  private readonly thetaMax: number;
  /** Resting simulated orders: dense id list plus id → position (ids are 1, 2, 3, … so an array works). */
  private live = new Float64Array(1024);
  private liveCount = 0;
  private livePos = new Int32Array(1024);
  private nextId = 1;
  private lastBid: number;
  private lastAsk: number;

  constructor(
    readonly engine: MatchingEngine,
    readonly clock: ManualClock,
    seed: number,
    params: ContStoikovTalrejaParams = CONT_STOIKOV_TALREJA_2010,
  ) {
    validateParams(params, engine.instrument);
    this.params = params;
    this.rng = new SeededRng(seed);
    this.tick = engine.instrument.tickSize;
    this.limitRates = new Float64Array(params.maxDistance);
    let sum = 0;
    for (let i = 1; i <= params.maxDistance; i++) {
      this.limitRates[i - 1] = params.k / Math.pow(i, params.alpha);
      sum += this.limitRates[i - 1];
    }
    this.limitRateSum = sum;
    this.theta = Float64Array.from(params.cancelRates);
    this.thetaMax = Math.max(...params.cancelRates);
    this.lastBid = params.startPrice - this.tick;
    this.lastAsk = params.startPrice + this.tick;
    engine.listener = this;
    engine.defaultSelfTradePrevention = SelfTradePrevention.Allow;
  }

  /**
   * Seeds a two-sided opening book around startPrice (best bid one tick below, best ask one tick above):
   * at the k-th level from the touch, round(λ(k)/θ(k)) orders (at least one), the level's balance of
   * arrivals and cancellations, so the flow starts near its usual depth.
   */
  seedBook(): void {
    const p = this.params;
    for (let level = 1; level <= p.maxDistance; level++) {
      const n = Math.max(1, Math.round(this.limitRates[level - 1] / this.thetaAt(level)));
      for (let j = 0; j < n; j++) {
        this.placeLimit(1, p.startPrice - level * this.tick);
        this.placeLimit(-1, p.startPrice + level * this.tick);
      }
    }
  }

  /** Runs events until the clock would pass `endNs` (the clock is left at the last event's time). */
  runUntil(endNs: number): void {
    while (this.step(endNs)) {
      // step() does the work
    }
  }

  /** Draws and applies one event if it happens before `endNs`; returns false otherwise. */
  step(endNs: number): boolean {
    const rng = this.rng;
    const limitTotal = 2 * this.limitRateSum;
    const marketTotal = 2 * this.params.marketRate;
    const cancelTotal = this.thetaMax * this.liveCount;
    const total = limitTotal + marketTotal + cancelTotal;
    // Whole nanoseconds, at least one: event times are strictly increasing.
    const dtNs = Math.max(1, Math.round(rng.exponential(total) * NS_PER_SECOND));
    const t = this.clock.nowNs() + dtNs;
    if (t > endNs) return false;
    this.clock.set(t);
    this.refreshQuotes();
    let u = rng.nextFloat() * total;
    if (u < limitTotal) {
      const side = u < this.limitRateSum ? 1 : -1;
      const i = 1 + rng.pickWeighted(this.limitRates, this.limitRateSum);
      const price = side > 0 ? this.refAsk() - i * this.tick : this.refBid() + i * this.tick;
      if (price > 0) this.placeLimit(side, price);
      return true;
    }
    u -= limitTotal;
    if (u < marketTotal) {
      const side = u < this.params.marketRate ? 1 : -1;
      if (this.engine.depth(-side) === 0) this.marketOrdersIntoEmptySide++;
      this.marketOrders++;
      this.engine.submit(MARKET, this.nextId++, ZERO_INTELLIGENCE_OWNER, side, 0, this.drawSize());
      return true;
    }
    // Cancellation candidate (thinning).
    const id = this.live[rng.nextInt(this.liveCount)];
    const side = this.engine.orderSide(id);
    const price = this.engine.orderPrice(id);
    const distance = side > 0 ? (this.refAsk() - price) / this.tick : (price - this.refBid()) / this.tick;
    if (rng.nextFloat() * this.thetaMax < this.thetaAt(distance)) {
      this.engine.cancel(id);
      this.removeLive(id);
      this.cancels++;
    }
    return true;
  }

  /** Resting orders placed by this flow. */
  get restingOrders(): number {
    return this.liveCount;
  }

  onFill(
    tsNs: number,
    aggressorId: number,
    aggressorOwner: number,
    aggressorSide: number,
    restingId: number,
    restingOwner: number,
    price: number,
    size: number,
    restingRemaining: number,
  ): void {
    this.fills.onFill(tsNs, aggressorId, aggressorOwner, aggressorSide, restingId, restingOwner, price, size);
    if (restingRemaining === 0) this.removeLive(restingId);
  }

  onRestingCancelled(): void {
    // Self-trade prevention is off for this flow: never called.
  }

  private placeLimit(side: number, price: number): void {
    const id = this.nextId++;
    this.limitOrders++;
    const r = this.engine.submit(LIMIT, id, ZERO_INTELLIGENCE_OWNER, side, price, this.drawSize());
    // CST limit orders sit at least one tick from the opposite quote, so they always rest whole.
    if (r.status === RESTING) this.addLive(id);
  }

  private drawSize(): number {
    const m = this.params.meanUnits;
    if (m <= 1) return this.params.unitSize;
    // Geometric on {1, 2, …} with mean m (inversion).
    const units = 1 + Math.floor(Math.log(1 - this.rng.nextFloat()) / Math.log(1 - 1 / m));
    return units * this.params.unitSize;
  }

  private thetaAt(distance: number): number {
    const n = this.theta.length;
    return this.theta[distance <= 1 ? 0 : distance >= n ? n - 1 : distance - 1];
  }

  private refreshQuotes(): void {
    if (this.engine.depth(1) > 0) this.lastBid = this.engine.bestBid();
    if (this.engine.depth(-1) > 0) this.lastAsk = this.engine.bestAsk();
  }

  /** The opposite quote buy orders are placed from; the last seen ask when the ask side is empty. */
  private refAsk(): number {
    if (this.engine.depth(-1) > 0) return this.engine.bestAsk();
    return this.engine.depth(1) > 0 ? Math.max(this.lastAsk, this.engine.bestBid() + this.tick) : this.lastAsk;
  }

  private refBid(): number {
    if (this.engine.depth(1) > 0) return this.engine.bestBid();
    return this.engine.depth(-1) > 0 ? Math.min(this.lastBid, this.engine.bestAsk() - this.tick) : this.lastBid;
  }

  private addLive(id: number): void {
    if (this.liveCount === this.live.length) {
      const next = new Float64Array(this.live.length * 2);
      next.set(this.live);
      this.live = next;
    }
    if (id >= this.livePos.length) {
      const next = new Int32Array(Math.max(id + 1, this.livePos.length * 2));
      next.set(this.livePos);
      this.livePos = next;
    }
    this.livePos[id] = this.liveCount;
    this.live[this.liveCount++] = id;
  }

  private removeLive(id: number): void {
    const pos = this.livePos[id];
    const lastId = this.live[--this.liveCount];
    this.live[pos] = lastId;
    this.livePos[lastId] = pos;
  }
}

export interface ZeroIntelligenceDayOptions {
  readonly seed: number;
  /** Length of the simulated session; default 6.5 h (09:30–16:00). */
  readonly durationNs?: number;
  /** Default: LOBSTER-like NASDAQ units (price × 10 000, one-cent tick, whole shares), symbol "ZI". */
  readonly instrument?: Instrument;
  /** Overrides of CONT_STOIKOV_TALREJA_2010. */
  readonly params?: Partial<ContStoikovTalrejaParams>;
  /** Session date (New York midnight is the batch origin); default "2012-06-21", LOBSTER's sample day. */
  readonly date?: string;
  /** Session open as an offset from midnight; default 09:30. */
  readonly openNs?: number;
}

export interface ZeroIntelligenceDay {
  /** The day's event stream as the matching engine emitted it (times are offsets from batch.originNs). */
  readonly batch: EventBatch;
  readonly instrument: Instrument;
  readonly params: ContStoikovTalrejaParams;
  readonly seed: number;
  readonly openNs: number;
  readonly closeNs: number;
  /** Every fill, with aggressor and resting ids. */
  readonly fills: FillLog;
  /** Orders submitted (limit, including the seeded opening book, plus market). */
  readonly orders: number;
  readonly limitOrders: number;
  readonly marketOrders: number;
  readonly seedOrders: number;
  readonly cancels: number;
  /** Fills (ExecuteVisible events). */
  readonly trades: number;
  /** Shares traded. */
  readonly volume: number;
  readonly marketOrdersIntoEmptySide: number;
  /** Book at the close (NaN for an empty side). */
  readonly closeBestBid: number;
  readonly closeBestAsk: number;
  readonly closeRestingOrders: number;
  /** The engine's top CLOSE_SNAPSHOT_LEVELS levels at the close, in LOBSTER row layout. */
  readonly closeSnapshot: Float64Array;
}

export const CLOSE_SNAPSHOT_LEVELS = 10;

const SESSION_OPEN_NS = 34_200 * NS_PER_SECOND;
const SESSION_LENGTH_NS = 23_400 * NS_PER_SECOND;

/**
 * Generates one deterministic day of CST zero-intelligence flow through the matching engine: same seed
 * and options → byte-identical event columns. The opening book is seeded at the open (Add events at the
 * open's timestamp), then events run until the close.
 */
export function generateZeroIntelligenceDay(options: ZeroIntelligenceDayOptions): ZeroIntelligenceDay {
  const instrument = options.instrument ?? lobsterInstrument('ZI');
  const params: ContStoikovTalrejaParams = { ...CONT_STOIKOV_TALREJA_2010, ...options.params };
  const openNs = options.openNs ?? SESSION_OPEN_NS;
  const closeNs = openNs + (options.durationNs ?? SESSION_LENGTH_NS);
  // NASDAQ-like session: times are offsets from New York midnight, as LOBSTER's are.
  const originNs = newYorkMidnightNs(options.date ?? '2012-06-21');
  // Capacity for a typical day up front (≈ 40 events/s with the default rates): one allocation.
  const expected = Math.ceil(((closeNs - openNs) / NS_PER_SECOND) * 45) + 1024;
  const batch = new EventBatch(expected, originNs, [instrument]);
  const clock = new ManualClock(openNs);
  const engine = new MatchingEngine({ instrument, clock, events: batch, initialCapacity: 4096 });
  const flow = new ContStoikovTalrejaFlow(engine, clock, options.seed, params);
  flow.seedBook();
  const seedOrders = flow.limitOrders;
  flow.runUntil(closeNs);
  const closeSnapshot = new Float64Array(CLOSE_SNAPSHOT_LEVELS * 4);
  engine.snapshot(CLOSE_SNAPSHOT_LEVELS, closeSnapshot);
  return {
    batch,
    instrument,
    params,
    seed: options.seed,
    openNs,
    closeNs,
    fills: flow.fills,
    orders: flow.limitOrders + flow.marketOrders,
    limitOrders: flow.limitOrders,
    marketOrders: flow.marketOrders,
    seedOrders,
    cancels: flow.cancels,
    trades: flow.fills.length,
    volume: flow.fills.volume(),
    marketOrdersIntoEmptySide: flow.marketOrdersIntoEmptySide,
    closeBestBid: engine.bestBid(),
    closeBestAsk: engine.bestAsk(),
    closeRestingOrders: engine.orderCount(),
    closeSnapshot,
  };
}

function validateParams(p: ContStoikovTalrejaParams, instrument: Instrument): void {
  const bad = (what: string): never => {
    throw new RangeError(`ContStoikovTalreja params: ${what}`);
  };
  if (!(p.k > 0) || !(p.alpha >= 0)) bad(`k must be > 0 and alpha >= 0 (k=${p.k}, alpha=${p.alpha})`);
  if (!Number.isInteger(p.maxDistance) || p.maxDistance < 1) bad(`maxDistance must be a positive integer (${p.maxDistance})`);
  if (!(p.marketRate >= 0)) bad(`marketRate must be >= 0 (${p.marketRate})`);
  if (p.cancelRates.length === 0 || p.cancelRates.some((r) => !(r > 0))) bad('cancelRates must be non-empty and positive');
  if (!Number.isSafeInteger(p.unitSize) || p.unitSize <= 0 || p.unitSize % instrument.lotSize !== 0) bad(`unitSize must be a positive multiple of the lot size (${p.unitSize})`);
  if (!(p.meanUnits >= 1)) bad(`meanUnits must be >= 1 (${p.meanUnits})`);
  if (!Number.isSafeInteger(p.startPrice) || p.startPrice % instrument.tickSize !== 0) bad(`startPrice must be on a tick (${p.startPrice})`);
  if (p.startPrice - p.maxDistance * instrument.tickSize <= 0) bad(`startPrice too low for maxDistance levels of bids (${p.startPrice})`);
}
