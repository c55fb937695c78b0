import type { EventBatch } from '../data/EventBatch.ts';
import type { Instrument } from '../data/Instrument.ts';
import { lobsterInstrument } from '../data/Instrument.ts';
import { forEachLobsterRow, type LobsterRowVisitor } from '../data/lobster/forEachLobsterRow.ts';
import { forEachDayRow, type LobsterDay } from '../data/lobster/LobsterDay.ts';
import { lobsterOriginNs, lobsterSymbol } from '../data/lobster/lobsterOrigin.ts';
import { LobsterWindowedReplay } from '../book/LobsterWindowedReplay.ts';
import type { FeatureColumn } from '../features/Feature.ts';
import { createFeatures } from '../features/featureSets.ts';
import { FeaturePipeline } from '../features/FeaturePipeline.ts';
import { parseSampler } from '../features/Sampler.ts';
import { ColumnBuffer } from './ColumnBuffer.ts';

/** Sampled feature values, column-major, with each sample's time, venue sequence number and mid. */
export interface FeatureMatrix {
  readonly columns: readonly FeatureColumn[];
  /** One array per column, `rows` long. */
  readonly values: readonly Float64Array[];
  /** Exchange time of each sample, ns from `originNs`. */
  readonly timeNs: Float64Array;
  /** Venue sequence number of the event each sample was taken after (LOBSTER: message-file line). */
  readonly seq: Float64Array;
  /** Mid price of each sample, in price units (the labels' input). */
  readonly mid: Float64Array;
  readonly rows: number;
  /** Events read (all of them, sampled or not). */
  readonly events: number;
  readonly originNs: bigint;
  readonly instrument: Instrument;
  readonly sampling: string;
}

export interface BuildFeatureMatrixOptions {
  /** Feature set or comma list (featureSets.ts); default "default". */
  features?: string;
  /** Sampler spec (Sampler.ts parseSampler); default "event". */
  sampling?: string;
  lenient?: boolean;
  onProgress?: (events: number) => void;
  /**
   * Test hook: sees (and may change) each message before it is applied. The no-look-ahead test uses it to
   * rewrite the future and check that the past does not move.
   */
  transformMessage?: (batch: EventBatch, i: number) => void;
}

/**
 * Runs the feature pipeline over a LOBSTER day: messages replayed into the windowed L3 book (exactly
 * LOBSTER's visible book, verified row by row elsewhere), features updated after every message, rows
 * taken by the sampler. The same FeaturePipeline objects run live, event by event.
 */
export async function buildLobsterFeatureMatrix(messagesPath: string, orderbookPath: string, options: BuildFeatureMatrixOptions = {}): Promise<FeatureMatrix> {
  const instrument = lobsterInstrument(lobsterSymbol(messagesPath));
  return buildFeatureMatrixFrom(
    (visit) => forEachLobsterRow(messagesPath, orderbookPath, visit, { lenient: options.lenient, onProgress: options.onProgress }),
    instrument,
    lobsterOriginNs(messagesPath),
    options,
  );
}

/** The same, over a LOBSTER-shaped day already in memory (a simulated day, or a loaded one). */
export async function buildFeatureMatrixFromDay(day: LobsterDay, options: BuildFeatureMatrixOptions = {}): Promise<FeatureMatrix> {
  return buildFeatureMatrixFrom(
    (visit) => {
      forEachDayRow(day, visit);
      options.onProgress?.(day.events.length);
      return Promise.resolve({ rows: day.events.length });
    },
    day.instrument,
    day.originNs,
    options,
  );
}

async function buildFeatureMatrixFrom(
  source: (visit: LobsterRowVisitor) => Promise<{ rows: number }>,
  instrument: Instrument,
  originNs: bigint,
  options: BuildFeatureMatrixOptions,
): Promise<FeatureMatrix> {
  const features = createFeatures(options.features ?? 'default');
  const sampling = options.sampling ?? 'event';
  const replay = new LobsterWindowedReplay();
  const pipeline = new FeaturePipeline(features, replay.book, instrument.tickSize, instrument.priceScale, parseSampler(sampling));
  const width = pipeline.engine.width;
  const cols = Array.from({ length: width }, () => new ColumnBuffer());
  const timeNs = new ColumnBuffer();
  const seq = new ColumnBuffer();
  const mid = new ColumnBuffer();
  const row = pipeline.row;
  const ctx = pipeline.engine.ctx;
  const transform = options.transformMessage;
  const { rows: events } = await source((batch, i, data, base, levels) => {
    if (transform) transform(batch, i);
    replay.apply(batch, i, data, base, levels);
    if (!pipeline.onEvent(batch, i)) return;
    for (let c = 0; c < width; c++) cols[c].push(row[c]);
    timeNs.push(ctx.timeNs);
    seq.push(batch.seq[i]);
    mid.push(ctx.mid);
  });
  return {
    columns: pipeline.engine.columns,
    values: cols.map((c) => c.values()),
    timeNs: timeNs.values(),
    seq: seq.values(),
    mid: mid.values(),
    rows: timeNs.length,
    events,
    originNs,
    instrument,
    sampling: pipeline.sampler.description,
  };
}
