import { ManipulationKind } from '../clean/ManipulationKind.ts';
import { NS_PER_SECOND, newYorkMidnightNs } from '../core/time.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { type Instrument, lobsterInstrument } from '../data/Instrument.ts';
import type { FillLog } from '../exchange/FillLog.ts';
import { AgentMarket, mixSeed } from './AgentMarket.ts';
import { FastSeededRng } from './FastSeededRng.ts';
import type { GroundTruth } from './GroundTruth.ts';
import type { Agent, AgentLatency } from './agents/Agent.ts';
import { AgentType } from './agents/AgentType.ts';
import { DEFAULT_FUNDAMENTAL_TRADER, FundamentalTrader, type FundamentalTraderParams } from './agents/FundamentalTrader.ts';
import { DEFAULT_INFORMED_TRADER, InformedTrader, type InformedTraderParams } from './agents/InformedTrader.ts';
import { DEFAULT_LATENT_VALUE, LatentValue, type LatentValueParams } from './agents/LatentValue.ts';
import { DEFAULT_LAYERER, Layerer, type LayererParams } from './agents/Layerer.ts';
import { DEFAULT_MARKET_MAKER, MarketMaker, type MarketMakerParams } from './agents/MarketMaker.ts';
import { DEFAULT_MOMENTUM_IGNITER, MomentumIgniter, type MomentumIgniterParams } from './agents/MomentumIgniter.ts';
import { DEFAULT_MOMENTUM_TRADER, MomentumTrader, type MomentumTraderParams } from './agents/MomentumTrader.ts';
import { DEFAULT_NOISE_TRADER, NoiseTrader, type NoiseTraderParams } from './agents/NoiseTrader.ts';
import { DEFAULT_QUOTE_STUFFER, QuoteStuffer, type QuoteStufferParams } from './agents/QuoteStuffer.ts';
import { DEFAULT_SPOOFER, Spoofer, type SpooferParams } from './agents/Spoofer.ts';
import { DEFAULT_WASH_TRADER, WashTrader, type WashTraderParams } from './agents/WashTrader.ts';

/** How many honest agents of each type. */
export interface AgentCounts {
  readonly marketMakers: number;
  readonly noiseTraders: number;
  readonly fundamentalTraders: number;
  readonly momentumTraders: number;
  readonly informedTraders: number;
}

export const DEFAULT_AGENT_COUNTS: AgentCounts = {
  marketMakers: 5,
  noiseTraders: 28,
  fundamentalTraders: 12,
  momentumTraders: 6,
  informedTraders: 3,
};

/** Range of an agent type's one-way latency to the venue; each agent draws its own, log-uniformly. */
export interface LatencyRange {
  readonly minNs: number;
  readonly maxNs: number;
}

/**
 * Co-located market makers and manipulators (tens to hundreds of µs), fast informed and momentum traders,
 * slower fundamental traders, and retail-like noise traders behind brokers (milliseconds). An agent's
 * market data reaches it with the same one-way latency as its orders reach the venue.
 */
export const DEFAULT_LATENCIES: Readonly<Record<AgentType, LatencyRange>> = {
  [AgentType.MarketMaker]: { minNs: 20_000, maxNs: 300_000 },
  [AgentType.Noise]: { minNs: 1_000_000, maxNs: 30_000_000 },
  [AgentType.Fundamental]: { minNs: 500_000, maxNs: 10_000_000 },
  [AgentType.Momentum]: { minNs: 100_000, maxNs: 2_000_000 },
  [AgentType.Informed]: { minNs: 50_000, maxNs: 1_000_000 },
  [AgentType.Spoofer]: { minNs: 30_000, maxNs: 500_000 },
  [AgentType.Layerer]: { minNs: 30_000, maxNs: 500_000 },
  [AgentType.WashTrader]: { minNs: 30_000, maxNs: 500_000 },
  [AgentType.QuoteStuffer]: { minNs: 30_000, maxNs: 500_000 },
  [AgentType.MomentumIgniter]: { minNs: 30_000, maxNs: 500_000 },
};

/** The manipulation kinds the simulator can inject (one agent per entry of `manipulators`). */
export const SIMULATED_MANIPULATIONS: readonly ManipulationKind[] = [
  ManipulationKind.Spoof,
  ManipulationKind.Layer,
  ManipulationKind.Wash,
  ManipulationKind.Stuff,
  ManipulationKind.Ignite,
];

export interface SimulateMarketOptions {
  readonly seed: number;
  /** Session length from the open; default 6.5 h (09:30–16:00). */
  readonly durationNs?: number;
  /** One manipulator agent per entry (repeat a kind for several); default none. */
  readonly manipulators?: readonly ManipulationKind[];
  readonly counts?: Partial<AgentCounts>;
  /** Market makers' half spreads are drawn uniformly from this range of ticks (one per maker). */
  readonly marketMakerHalfSpreadTicks?: readonly [number, number];
  readonly marketMaker?: Partial<MarketMakerParams>;
  readonly noise?: Partial<NoiseTraderParams>;
  readonly fundamental?: Partial<FundamentalTraderParams>;
  readonly momentum?: Partial<MomentumTraderParams>;
  readonly informed?: Partial<InformedTraderParams>;
  readonly spoofer?: Partial<SpooferParams>;
  readonly layerer?: Partial<LayererParams>;
  readonly washTrader?: Partial<WashTraderParams>;
  readonly quoteStuffer?: Partial<QuoteStufferParams>;
  readonly momentumIgniter?: Partial<MomentumIgniterParams>;
  /** The latent value; its mean defaults to the opening price. */
  readonly latentValue?: Partial<LatentValueParams>;
  readonly latencies?: Partial<Record<AgentType, LatencyRange>>;
  /** Default: LOBSTER-like NASDAQ units (price × 10 000, one-cent tick, whole shares), symbol "SIM". */
  readonly instrument?: Instrument;
  /** Session date (New York midnight is the batch origin); default "2012-06-21", LOBSTER's sample day. */
  readonly date?: string;
  /** Session open as an offset from midnight; default 09:30. */
  readonly openNs?: number;
  /** Opening price in price units (on a tick); default $580.00, GOOG on LOBSTER's sample day. */
  readonly openingPrice?: number;
  /** Called after each simulated minute with the fraction of the session done (drives a progress bar). */
  readonly onProgress?: (fraction: number) => void;
}

export interface AgentSummary {
  readonly id: number;
  readonly type: AgentType;
  readonly kind: ManipulationKind | null;
  readonly orderLatencyNs: number;
  readonly feedLatencyNs: number;
  readonly orders: number;
  /** Position at the close (shares) and cash (dollars). */
  readonly position: number;
  readonly cash: number;
}

export interface SimulatedMarket {
  /** The day's events as the matching engine emitted them (offsets from events.originNs). */
  readonly events: EventBatch;
  /** Who sent each order that reached the venue (the detectors never read it). */
  readonly groundTruth: GroundTruth;
  /** Per ground-truth row: OrderRole (honest / deceptive leg / genuine leg of a manipulator). */
  readonly role: Uint8Array;
  /** Per ground-truth row: 1 when the order rested (its id appears in the events). */
  readonly visible: Uint8Array;
  /** Per ground-truth row: the venue account (engine owner id) it came from. */
  readonly account: Float64Array;
  /** Orders that reached the venue (ground-truth rows). */
  readonly orders: number;
  /** Fills (ExecuteVisible events). */
  readonly trades: number;
  /** Orders labelled with a manipulation kind. */
  readonly manipulativeOrders: number;
  readonly manipulativeOrdersByKind: Readonly<Partial<Record<ManipulationKind, number>>>;
  /** Every fill with aggressor and resting order ids and owners (the venue's private record). */
  readonly fills: FillLog;
  readonly latentValue: LatentValue;
  readonly agents: readonly AgentSummary[];
  readonly instrument: Instrument;
  readonly seed: number;
  readonly openNs: number;
  readonly closeNs: number;
  readonly cancels: number;
  readonly cancelsTooLate: number;
  /** Agent wake-ups processed (decisions, most of which send nothing). */
  readonly wakeUps: number;
  readonly rejectedOrders: number;
  readonly closeBestBid: number;
  readonly closeBestAsk: number;
  /** The engine's top CLOSE_SNAPSHOT_LEVELS levels at the close, in LOBSTER row layout. */
  readonly closeSnapshot: Float64Array;
}

export const CLOSE_SNAPSHOT_LEVELS = 10;

const SESSION_OPEN_NS = 34_200 * NS_PER_SECOND;
const SESSION_LENGTH_NS = 23_400 * NS_PER_SECOND;
const MINUTE_NS = 60 * NS_PER_SECOND;

/**
 * Simulates one deterministic trading day of an agent-based market on the matching engine: market makers,
 * noise, fundamental, momentum and informed traders around a latent mean-reverting value with jumps, plus
 * the requested manipulators, each with its own latency to the venue. Same seed and options →
 * byte-identical events and ground truth.
 *
 * Defaults are calibrated roughly to GOOG on NASDAQ in 2012 (LOBSTER's sample day): price ≈ $580, spreads
 * of a few to a few tens of cents, ~60-share mean order size, a few hundred thousand events a day.
 */
export function simulateMarket(options: SimulateMarketOptions): SimulatedMarket {
  const seed = options.seed;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`simulateMarket: seed must be an integer (${seed})`);
  const instrument = options.instrument ?? lobsterInstrument('SIM');
  const tick = instrument.tickSize;
  const openNs = options.openNs ?? SESSION_OPEN_NS;
  const durationNs = options.durationNs ?? SESSION_LENGTH_NS;
  if (!Number.isSafeInteger(durationNs) || durationNs <= 0) throw new RangeError(`simulateMarket: durationNs must be a positive integer (${durationNs})`);
  const closeNs = openNs + durationNs;
  const openingPrice = options.openingPrice ?? 5_800_000;
  if (!Number.isSafeInteger(openingPrice) || openingPrice <= 0 || openingPrice % tick !== 0) {
    throw new RangeError(`simulateMarket: openingPrice must be a positive multiple of the tick ${tick} (${openingPrice})`);
  }
  const manipulators = options.manipulators ?? [];
  for (const k of manipulators) {
    if (!SIMULATED_MANIPULATIONS.includes(k)) {
      throw new RangeError(`simulateMarket: cannot simulate manipulation "${k}" (known: ${SIMULATED_MANIPULATIONS.join(', ')})`);
    }
  }
  const counts: AgentCounts = { ...DEFAULT_AGENT_COUNTS, ...options.counts };
  for (const [k, v] of Object.entries(counts)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`simulateMarket: counts.${k} must be a non-negative integer (${v})`);
  }
  const latencies: Record<AgentType, LatencyRange> = { ...DEFAULT_LATENCIES, ...options.latencies };

  const informed: InformedTraderParams = { ...DEFAULT_INFORMED_TRADER, ...options.informed };
  const valueParams: LatentValueParams = { ...DEFAULT_LATENT_VALUE, mean: openingPrice, ...options.latentValue };
  const value = new LatentValue(valueParams, openNs, closeNs + informed.leadNs + NS_PER_SECOND, new FastSeededRng(mixSeed(seed, -1)), tick);

  const market = new AgentMarket({
    instrument,
    originNs: newYorkMidnightNs(options.date ?? '2012-06-21'),
    openNs,
    closeNs,
    openingPrice,
    value,
    seed,
    expectedEvents: Math.ceil((durationNs / NS_PER_SECOND) * 24) + 4096,
  });

  // Agent set-up draws (latencies, market makers' spreads) come from their own stream.
  const setup = new FastSeededRng(mixSeed(seed, -2));
  const latency = (type: AgentType): AgentLatency => {
    const r = latencies[type];
    if (!(r.minNs >= 0) || !(r.maxNs >= r.minNs)) throw new RangeError(`simulateMarket: bad latency range for ${type}: ${JSON.stringify(r)}`);
    const lo = Math.log(Math.max(1, r.minNs));
    const hi = Math.log(Math.max(1, r.maxNs));
    const ns = Math.round(Math.exp(lo + (hi - lo) * setup.nextFloat()));
    return { orderNs: ns, feedNs: ns };
  };
  const [hsLo, hsHi] = options.marketMakerHalfSpreadTicks ?? [6, 16];
  for (let i = 0; i < counts.marketMakers; i++) {
    const halfSpreadTicks = options.marketMaker?.halfSpreadTicks ?? hsLo + setup.nextInt(hsHi - hsLo + 1);
    market.add(new MarketMaker(latency(AgentType.MarketMaker), { ...DEFAULT_MARKET_MAKER, ...options.marketMaker, halfSpreadTicks }));
  }
  const noise: NoiseTraderParams = { ...DEFAULT_NOISE_TRADER, ...options.noise };
  for (let i = 0; i < counts.noiseTraders; i++) market.add(new NoiseTrader(latency(AgentType.Noise), noise));
  const fundamental: FundamentalTraderParams = { ...DEFAULT_FUNDAMENTAL_TRADER, ...options.fundamental };
  for (let i = 0; i < counts.fundamentalTraders; i++) market.add(new FundamentalTrader(latency(AgentType.Fundamental), fundamental));
  const momentum: MomentumTraderParams = { ...DEFAULT_MOMENTUM_TRADER, ...options.momentum };
  for (let i = 0; i < counts.momentumTraders; i++) market.add(new MomentumTrader(latency(AgentType.Momentum), momentum));
  for (let i = 0; i < counts.informedTraders; i++) market.add(new InformedTrader(latency(AgentType.Informed), informed));
  for (const kind of manipulators) market.add(manipulator(kind, options, latency));

  market.start();
  for (let t = openNs + MINUTE_NS; ; t += MINUTE_NS) {
    market.runUntil(Math.min(t, closeNs));
    options.onProgress?.(Math.min(1, (t - openNs) / durationNs));
    if (t >= closeNs) break;
  }

  const labels = market.labels();
  // Orders per manipulation kind, keys in order of each kind's first order: counted per agent (one pass
  // over the agent-id column), then summed over the agents of each kind in order of their first order.
  const agents = market.agents;
  const agentIds = labels.groundTruth.agentId;
  const perAgent = new Int32Array(agents.length);
  const firstRow = new Int32Array(agents.length);
  for (let r = 0; r < agentIds.length; r++) {
    const a = agentIds[r];
    if (perAgent[a]++ === 0) firstRow[a] = r;
  }
  const byKind: Partial<Record<ManipulationKind, number>> = {};
  let manipulativeOrders = 0;
  const manipulatingAgents = agents.filter((a) => a.kind !== null && perAgent[a.id] > 0).sort((x, y) => firstRow[x.id] - firstRow[y.id]);
  for (const a of manipulatingAgents) {
    const k = a.kind as ManipulationKind;
    manipulativeOrders += perAgent[a.id];
    byKind[k] = (byKind[k] ?? 0) + perAgent[a.id];
  }
  const scale = instrument.priceScale;
  const closeSnapshot = new Float64Array(CLOSE_SNAPSHOT_LEVELS * 4);
  market.engine.snapshot(CLOSE_SNAPSHOT_LEVELS, closeSnapshot);
  return {
    events: market.events,
    groundTruth: labels.groundTruth,
    role: labels.role,
    visible: labels.visible,
    account: labels.account,
    orders: labels.groundTruth.orderId.length,
    trades: market.fills.length,
    manipulativeOrders,
    manipulativeOrdersByKind: byKind,
    fills: market.fills,
    latentValue: value,
    agents: market.agents.map((a) => ({
      id: a.id,
      type: a.type,
      kind: a.kind,
      orderLatencyNs: a.latency.orderNs,
      feedLatencyNs: a.latency.feedNs,
      orders: a.ordersSent,
      position: a.position,
      cash: a.cash / scale,
    })),
    instrument,
    seed,
    openNs,
    closeNs,
    cancels: market.cancelsSent,
    cancelsTooLate: market.cancelsTooLate,
    wakeUps: market.wakeUps,
    rejectedOrders: market.rejectedOrders,
    closeBestBid: market.engine.bestBid(),
    closeBestAsk: market.engine.bestAsk(),
    closeSnapshot,
  };
}

function manipulator(kind: ManipulationKind, o: SimulateMarketOptions, latency: (type: AgentType) => AgentLatency): Agent {
  switch (kind) {
    case ManipulationKind.Spoof:
      return new Spoofer(latency(AgentType.Spoofer), { ...DEFAULT_SPOOFER, ...o.spoofer });
    case ManipulationKind.Layer:
      return new Layerer(latency(AgentType.Layerer), { ...DEFAULT_LAYERER, ...o.layerer });
    case ManipulationKind.Wash:
      return new WashTrader(latency(AgentType.WashTrader), { ...DEFAULT_WASH_TRADER, ...o.washTrader });
    case ManipulationKind.Stuff:
      return new QuoteStuffer(latency(AgentType.QuoteStuffer), { ...DEFAULT_QUOTE_STUFFER, ...o.quoteStuffer });
    case ManipulationKind.Ignite:
      return new MomentumIgniter(latency(AgentType.MomentumIgniter), { ...DEFAULT_MOMENTUM_IGNITER, ...o.momentumIgniter });
    default:
      throw new RangeError(`simulateMarket: cannot simulate manipulation "${kind}"`);
  }
}
