import type { BacktestModel } from '../../backtest/BacktestEngine.ts';
import type { FeeModel } from '../../backtest/fees/FeeModel.ts';
import { parseFeeSpec } from '../../backtest/fees/venueFees.ts';
import { backtestModelFromArtifact } from '../../backtest/runLobsterBacktest.ts';
import { L2Ladder } from '../../book/L2Ladder.ts';
import { NS_PER_MS, utcMidnightOfNs, type Clock } from '../../core/time.ts';
import { binanceInstrument, type BinanceInstrument, type BinanceMarket } from '../../data/binance/BinanceInstrument.ts';
import type { EventBatch } from '../../data/EventBatch.ts';
import type { ModelArtifact } from '../../models/artifact/ModelArtifact.ts';
import { readModelArtifact } from '../../models/artifact/ModelArtifactFile.ts';
import '../../models/ModelZoo.ts'; // registers every model family's loader
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../risk/RiskLimits.ts';
import { MakerPolicy } from '../../strategy/MakerPolicy.ts';
import type { Strategy } from '../../strategy/Strategy.ts';
import { TakerPolicy } from '../../strategy/TakerPolicy.ts';
import { BinanceMarketDataGateway } from '../binance/BinanceMarketDataGateway.ts';
import type { BinanceEndpoints } from '../binance/binanceEndpoints.ts';
import { CaptureReplayServer } from '../binance/testkit/CaptureReplayServer.ts';
import { ReplayCapture } from '../binance/testkit/ReplayCapture.ts';
import { CcxtOrderEntry } from './CcxtOrderEntry.ts';
import { PaperOrderEntry } from './PaperOrderEntry.ts';
import type { VenueEntryReport, VenueOrderEntry } from './VenueOrderEntry.ts';
import { VenueSession, type VenueSessionResult } from './VenueSession.ts';

/** Where the market data comes from: a capture replayed by the local stand-in, or Binance itself. */
export type BinanceVenueSource =
  | {
      readonly kind: 'replay';
      /** A capture's files in order (../shared/data/binance/*.gz). */
      readonly files: readonly string[];
      /** Only the first n lines. */
      readonly maxLines?: number;
      /** Recorded-time speed-up; default as fast as the gateway takes it. */
      readonly speed?: number;
    }
  | {
      readonly kind: 'live';
      readonly endpoints: BinanceEndpoints;
      readonly symbol: string;
      readonly market: BinanceMarket;
      /** How long to trade, ms of wall time. */
      readonly durationMs: number;
    };

export interface BinanceVenueSpec {
  readonly source: BinanceVenueSource;
  readonly policy: 'maker' | 'taker';
  /** A model artifact (`tachyon train`); see MODEL_NOTE for what it means on Binance. */
  readonly modelPath: string | null;
  /** Order size in base currency (e.g. 0.001 BTC). */
  readonly qty: number;
  /** Largest position, base currency; default 5 × qty. */
  readonly maxPosition?: number;
  /** Loss (quote currency) that trips the kill switch; default 1000. */
  readonly maxDailyLoss?: number;
  readonly threshold?: number;
  readonly hold?: number;
  /** Fee schedule (`parseFeeSpec`); default the market's VIP 0 (binance-spot / binance-usdm). */
  readonly fees?: string;
  /** Paper order latency, ms; default 0. */
  readonly paperLatencyMs?: number;
  /**
   * Real order entry: a RealVenueConfig object (validated by CcxtOrderEntry). Absent → paper, the
   * default. Only with live market data: real orders against a replayed market make no sense.
   */
  readonly real?: unknown;
  readonly log?: (line: string) => void;
  /** Every batch the gateway delivers, before the session (tests record them). */
  readonly onEvents?: (batch: EventBatch) => void;
}

export interface BinanceVenueOutcome {
  readonly result: VenueSessionResult;
  /** The JSON line of `tachyon live --binance`. */
  readonly summary: Readonly<Record<string, unknown>>;
  readonly instrument: BinanceInstrument;
  readonly entry: VenueEntryReport;
}

/**
 * Why the model is optional here and the default policy is the maker without a model: every artifact the
 * project can train comes from a LOBSTER dataset (src/datasets builds from LOBSTER days only). The
 * features are computed the same way on Binance's L2 book (BookView), but their values are in the
 * instrument's units (sizes of 1e-6 BTC instead of shares, a $0.01 tick on a $60 000 price instead of on
 * a $580 stock, crypto event rates), far outside what such a model was fitted on.
 */
export const MODEL_NOTE =
  'models here are trained on LOBSTER (NASDAQ) data only; on Binance their inputs are out of distribution, so predictions are not meaningful. Without --model the maker quotes with its inventory lean only (no signal).';

/**
 * One `tachyon live --binance` run: Binance market data (the gateway, on a local replay of a capture or
 * on the real streams) → VenueSession → the strategy → PreTradeRisk → paper (default) or real order entry.
 */
export async function runBinanceVenue(spec: BinanceVenueSpec): Promise<BinanceVenueOutcome> {
  const log = spec.log ?? (() => undefined);
  const src = spec.source;
  if (spec.real !== undefined && src.kind === 'replay') throw new RangeError('real orders need live market data: a venue configuration cannot be used with a replayed capture');
  if (!(spec.qty > 0)) throw new RangeError(`qty must be a positive quantity of the base currency, got ${spec.qty}`);
  const t0 = performance.now();

  if (spec.policy === 'taker' && spec.modelPath === null) throw new RangeError('the taker policy trades on a model: give --model');

  // Market data first: the instrument comes from the capture (or the symbol).
  let capture: ReplayCapture | null = null;
  let server: CaptureReplayServer | null = null;
  let instrument: BinanceInstrument;
  let endpoints: BinanceEndpoints;
  let originNs: bigint | undefined;
  let clock: Clock | undefined;
  if (src.kind === 'replay') {
    capture = await ReplayCapture.load(src.files, { maxLines: src.maxLines });
    instrument = capture.instrument;
    const firstNs = BigInt(capture.data.toString('latin1', 0, capture.jsonStart[0] - 1));
    originNs = utcMidnightOfNs(firstNs);
    // Receive times in the capture's day: its first line's time, then real elapsed time.
    const anchor = Number(firstNs - originNs);
    const start = performance.now();
    clock = { nowNs: () => anchor + Math.round((performance.now() - start) * NS_PER_MS) };
  } else {
    instrument = binanceInstrument(src.symbol.toUpperCase(), src.market);
    // The one origin of the gateway's times and a real venue's report times (the host clock is the gateway's default).
    originNs = utcMidnightOfNs(BigInt(Date.now()) * BigInt(NS_PER_MS));
  }
  // Everything that can refuse the spec does so before anything listens or connects.
  const { session, entry } = await prepareBinanceSession(spec, instrument, src.kind === 'replay' ? 'exchange' : 'local', originNs);
  const malformed: Record<string, number> = {};
  let gw: BinanceMarketDataGateway | null = null;
  let complete = true;
  try {
    if (src.kind === 'replay') {
      server = await CaptureReplayServer.start(capture!, { speed: src.speed });
      endpoints = server.endpoints;
    } else endpoints = src.endpoints;
    gw = new BinanceMarketDataGateway({
      symbol: instrument.symbol,
      market: instrument.market,
      instrument,
      endpoints,
      depthSpeed: src.kind === 'replay' && instrument.market !== 'spot' ? '0ms' : '100ms',
      originNs,
      ...(clock !== undefined ? { clock } : {}),
      onEvents: (b) => {
        spec.onEvents?.(b);
        session.onEvents(b);
      },
      onMalformed: (kind) => (malformed[kind] = (malformed[kind] ?? 0) + 1),
      onGap: (g) => log(`gap (${g.cause}${g.rule ? `: ${g.rule}` : ''}): resyncing`),
      onError: (e) => log(`consumer error: ${e instanceof Error ? e.stack : String(e)}`),
    });
    gw.start();
    if (server !== null) {
      await server.finished;
      // Every frame sent has been received and handled (the consumer is synchronous).
      const g = gw;
      complete = await until(() => {
        const conn = server!.currentConnection;
        return conn !== undefined && g.stats.framesThisConnection === conn.framesSent;
      }, 10_000);
      if (!complete) log('warning: the gateway had not received every replayed frame after 10 s');
    } else if (src.kind === 'live') {
      await durationOrInterrupt(src.durationMs, () => log('interrupted: stopping (open orders are cancelled)'));
    }
  } finally {
    // Whatever happened: cancel what is open, stop the entry (a real one drains and cancels), disconnect.
    session.end(true);
    await entry.close();
    await gw?.stop();
    await server?.close();
  }

  const result = session.result();
  const gwReport = gw!.report();
  const entryReport = entry.report();
  const d = (units: number) => units / instrument.sizeScale;
  const summary = {
    venue: entry.mode,
    venueDescription: entry.description,
    source: src.kind === 'replay' ? { kind: 'replay-capture', files: src.files, lines: capture!.lines, complete } : { kind: 'live', endpoint: src.endpoints.wsBaseUrl, durationMs: src.durationMs },
    symbol: instrument.symbol,
    market: instrument.market,
    policy: spec.policy,
    model: spec.modelPath,
    modelNote: MODEL_NOTE,
    qty: spec.qty,
    ticks: result.ticks,
    events: result.events,
    predictions: result.predictions,
    orders: result.orders,
    riskRejects: result.riskRejects,
    entryRefused: result.entryRefused,
    accepted: result.accepted,
    fills: result.fills,
    makerFills: result.makerFills,
    takerFills: result.takerFills,
    bought: d(result.boughtQty),
    sold: d(result.soldQty),
    cancelled: result.cancelled,
    modified: result.modified,
    rejects: result.rejects,
    position: d(result.position),
    openOrdersAtEnd: result.openOrders,
    cash: round6(result.cash),
    fees: round6(result.fees),
    [entry.mode === 'paper' ? 'paperPnl' : 'pnl']: round6(result.pnl),
    lastMid: result.lastMid / instrument.priceScale,
    killSwitch: result.killSwitch,
    gaps: result.gaps,
    gateway: { connects: gwReport.gateway.connects, snapshotRequests: gwReport.gateway.snapshotRequests, resyncs: gwReport.gateway.resyncs, malformed },
    ...(server !== null ? { replayServer: { framesSent: server.stats.framesSent, snapshotRequests: server.stats.snapshotRequests, paths: server.connections.map((c) => c.path) } } : {}),
    entry: entryReport,
    wallSeconds: Math.round((performance.now() - t0) / 100) / 10,
  };
  return { result, summary, instrument, entry: entryReport };
}

/**
 * The session of a run, from its spec (also used by tests to replay recorded events through an identical
 * session): model (if any), policy in the instrument's units, risk limits, paper or real entry.
 */
export async function prepareBinanceSession(
  spec: BinanceVenueSpec,
  instrument: BinanceInstrument,
  timeBase: 'local' | 'exchange',
  originNs?: bigint,
): Promise<{ session: VenueSession; entry: VenueOrderEntry }> {
  const log = spec.log ?? (() => undefined);
  let artifact: ModelArtifact | null = null;
  let model: BacktestModel | null = null;
  if (spec.modelPath !== null) {
    artifact = await readModelArtifact(spec.modelPath);
    model = backtestModelFromArtifact(artifact, spec.modelPath);
    log(`warning: ${MODEL_NOTE}`);
  }
  if (spec.policy === 'taker' && artifact === null) throw new RangeError('the taker policy trades on a model: give --model');
  const qtyUnits = Math.round(spec.qty * instrument.sizeScale);
  const exact = Math.abs(qtyUnits - spec.qty * instrument.sizeScale) < 1e-6;
  if (!exact || qtyUnits < instrument.lotSize || qtyUnits % instrument.lotSize !== 0) throw new RangeError(`qty ${spec.qty} is not a whole number of ${instrument.symbol} lots (${instrument.lotSize / instrument.sizeScale})`);
  const maxPositionUnits = Math.round((spec.maxPosition ?? 5 * spec.qty) * instrument.sizeScale);
  const risk: RiskLimits = {
    ...DEFAULT_RISK_LIMITS,
    // Sizes in the instrument's units. The gate is the backstop one order beyond the policy's own limit
    // (the maker stops quoting a side at maxPosition; the gate counts open orders too); closing a whole
    // position is one order.
    maxOrderQty: maxPositionUnits + qtyUnits,
    maxPosition: maxPositionUnits + qtyUnits,
    maxDailyLoss: spec.maxDailyLoss ?? 1000,
  };
  const strategy: Strategy =
    spec.policy === 'taker'
      ? new TakerPolicy({ threshold: spec.threshold ?? 0.6, qty: qtyUnits, holdPredictions: spec.hold ?? artifact!.label.horizon })
      : new MakerPolicy({ qty: qtyUnits, signalTicks: 2, inventoryTicks: 1, maxPosition: maxPositionUnits });

  const book = new L2Ladder();
  const fees: FeeModel = parseFeeSpec(spec.fees ?? (instrument.market === 'spot' ? 'binance-spot' : 'binance-usdm'));
  let entry: VenueOrderEntry;
  if (spec.real !== undefined) {
    entry = await CcxtOrderEntry.open(spec.real, { instrument, originNs, onAlert: (m) => log(`ALERT: ${m}`) });
    log(`REAL ORDERS: ${entry.description}`);
  } else {
    entry = new PaperOrderEntry({ instrument, book, fees, latencyNs: (spec.paperLatencyMs ?? 0) * NS_PER_MS });
  }
  const session = new VenueSession({ instrument, strategy, entry, risk, model, book, timeBase });
  return { session, entry };
}


function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Resolves after `ms`, or at the first SIGINT (Ctrl-C must not leave real orders behind unattended). */
function durationOrInterrupt(ms: number, onInterrupt: () => void): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      clearTimeout(timer);
      process.off('SIGINT', interrupted);
      resolve();
    };
    const interrupted = (): void => {
      onInterrupt();
      stop();
    };
    const timer = setTimeout(stop, ms);
    process.once('SIGINT', interrupted);
  });
}

async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}
