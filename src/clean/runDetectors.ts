import type { EventBatch } from '../data/EventBatch.ts';
import type { LobsterDay } from '../data/lobster/LobsterDay.ts';
import { BadDataDetector } from './BadDataDetector.ts';
import { LayeringDetector } from './LayeringDetector.ts';
import { ManipulationKind, MANIPULATION_KINDS } from './ManipulationKind.ts';
import { MarketTape, type MarketTapeOptions } from './MarketTape.ts';
import { MomentumIgnitionDetector } from './MomentumIgnitionDetector.ts';
import type { OrderFlag } from './OrderFlag.ts';
import { QuoteStuffingDetector } from './QuoteStuffingDetector.ts';
import { SpoofingDetector } from './SpoofingDetector.ts';
import type { TapeDetector } from './TapeDetector.ts';
import { WashTradeDetector } from './WashTradeDetector.ts';

/**
 * When two detectors flag the same order, the more specific pattern wins: a ladder (layer) or a burst
 * (stuff) is a structure of many orders, an exact match (wash) a structure of two, a spoof one order with
 * context, and an ignition's unwind orders are the loosest attribution. Bad-data flags name events, not
 * orders, and are never resolved against the others.
 */
export const KIND_PRIORITY: readonly ManipulationKind[] = [ManipulationKind.Layer, ManipulationKind.Stuff, ManipulationKind.Wash, ManipulationKind.Spoof, ManipulationKind.Ignite];

export interface RunDetectorsOptions {
  /** Detectors to run (default: one of each kind with default options). */
  readonly detectors?: readonly TapeDetector[];
  /** Keep one flag per order id, by KIND_PRIORITY (default true); false keeps every detector's flags. */
  readonly oneKindPerOrder?: boolean;
  readonly tape?: MarketTapeOptions;
}

export interface KindRun {
  /** Flags of this kind after overlap resolution. */
  flagged: number;
  /** Flags the detector raised before resolution. */
  raised: number;
  /** Detector time in ms (the shared replay not included). */
  ms: number;
}

export interface DetectorRun {
  readonly flags: OrderFlag[];
  readonly byKind: Record<ManipulationKind, KindRun>;
  readonly events: number;
  /** Order incarnations the replay saw added. */
  readonly orders: number;
  /** Events about orders the book could not explain (expected on windowed LOBSTER data seeded without ids). */
  readonly unexplained: number;
  /** Replay time and total time in ms. */
  readonly replayMs: number;
  readonly totalMs: number;
  readonly tape: MarketTape;
}

export function defaultDetectors(): TapeDetector[] {
  return [new SpoofingDetector(), new LayeringDetector(), new WashTradeDetector(), new QuoteStuffingDetector(), new MomentumIgnitionDetector(), new BadDataDetector()];
}

/** All detectors over a day of L3 events that start from an empty book (a simulated day). */
export function runDetectors(events: EventBatch, options: RunDetectorsOptions = {}): DetectorRun {
  const t0 = performance.now();
  const tape = MarketTape.fromEvents(events, options.tape);
  return runOnTape(tape, options, performance.now() - t0, t0);
}

/** All detectors over a LOBSTER day, the book seeded and refilled from its orderbook file. */
export function runDetectorsOnLobsterDay(day: LobsterDay, options: RunDetectorsOptions = {}): DetectorRun {
  const t0 = performance.now();
  const tape = MarketTape.fromLobsterDay(day, options.tape);
  return runOnTape(tape, options, performance.now() - t0, t0);
}

/** All detectors over a replay already made. */
export function runDetectorsOnTape(tape: MarketTape, options: RunDetectorsOptions = {}): DetectorRun {
  return runOnTape(tape, options, 0, performance.now());
}

function runOnTape(tape: MarketTape, options: RunDetectorsOptions, replayMs: number, t0: number): DetectorRun {
  const detectors = options.detectors ?? defaultDetectors();
  const byKind = Object.fromEntries(MANIPULATION_KINDS.map((k) => [k, { flagged: 0, raised: 0, ms: 0 }])) as Record<ManipulationKind, KindRun>;
  const raised: OrderFlag[][] = [];
  for (const d of detectors) {
    const t = performance.now();
    const flags = d.detectTape(tape);
    byKind[d.kind].ms += performance.now() - t;
    byKind[d.kind].raised += flags.length;
    raised.push(flags);
  }
  const flags = options.oneKindPerOrder === false ? raised.flat() : resolveOverlaps(raised.flat());
  for (const f of flags) byKind[f.kind].flagged++;
  return { flags, byKind, events: tape.n, orders: tape.orders, unexplained: tape.unexplained, replayMs, totalMs: performance.now() - t0, tape };
}

/** One flag per order id (bad-data flags aside), the kind earliest in KIND_PRIORITY winning; order kept. */
export function resolveOverlaps(flags: readonly OrderFlag[]): OrderFlag[] {
  const rank = (k: ManipulationKind) => {
    const r = KIND_PRIORITY.indexOf(k);
    return r < 0 ? KIND_PRIORITY.length : r;
  };
  const best = new Map<number, OrderFlag>();
  for (const f of flags) {
    if (f.kind === ManipulationKind.BadData) continue;
    const b = best.get(f.orderId);
    if (!b || rank(f.kind) < rank(b.kind)) best.set(f.orderId, f);
  }
  return flags.filter((f) => f.kind === ManipulationKind.BadData || best.get(f.orderId) === f);
}
