import { EMA } from 'trading-signals';
import { GOOG10, measure, report, round, sharedData } from './harness.ts';
import { forEachLobsterRow } from '../src/data/lobster/forEachLobsterRow.ts';
import { LobsterWindowedReplay } from '../src/book/LobsterWindowedReplay.ts';
import { EventBatch } from '../src/data/EventBatch.ts';
import { lobsterInstrument } from '../src/data/Instrument.ts';
import { createFeatures } from '../src/features/featureSets.ts';
import { FeaturePipeline } from '../src/features/FeaturePipeline.ts';
import { FeatureEngine } from '../src/features/FeatureEngine.ts';
import { EveryEvent } from '../src/features/Sampler.ts';
import { Ema } from '../src/features/Ema.ts';
import { buildLobsterDataset, writeDatasetParquet } from '../src/datasets/buildDataset.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Features on the GOOG level-10 day (148 k events):
 * - nsPerEvent: the full default feature set, updated and written (a row per event), per event. The day
 *   is decoded and its orderbook rows are held in memory first; each timed pass replays the book and runs
 *   the features, and the same replay without features is timed too and subtracted, so the figure is
 *   what the features cost.
 * - updateOnlyNsPerEvent: the same set updated after every event but no row written (a sparse sampler,
 *   or a model called on few events); midOnlyNsPerEvent: the `mid` set alone with a row per event (what
 *   the engine costs before any feature work). Both with the replay subtracted.
 * - datasetBuildSeconds: the whole day from the .gz files to a labelled Parquet dataset (default
 *   features, lobcast, k = 10), as `tachyon dataset build` does it.
 * - oursNsPerUpdate / peerNsPerUpdate: an EMA(20) of the mid, Tachyon's Ema and trading-signals' EMA,
 *   on the same mid series, in one harness; the values are checked identical first.
 */
export async function run(args: string[]): Promise<void> {
  const messages = args[0] ?? sharedData(...GOOG10.messages);
  const orderbook = args[1] ?? sharedData(...GOOG10.orderbook);

  // Decode once: every message in one batch, every orderbook row in one array.
  const inst = lobsterInstrument('GOOG');
  let day: EventBatch | undefined;
  let rows = new Float64Array(0);
  let width = 0;
  let n = 0;
  await forEachLobsterRow(messages, orderbook, (b, i, data, base, levels) => {
    day ??= new EventBatch(150_000, b.originNs, b.instruments);
    day.pushRow(b, i);
    width = levels * 4;
    if ((n + 1) * width > rows.length) {
      const bigger = new Float64Array(Math.max(rows.length * 2, 150_000 * width));
      bigger.set(rows);
      rows = bigger;
    }
    rows.set(data.subarray(base, base + width), n * width);
    n++;
  });
  const events = day as EventBatch;
  const levels = width / 4;

  const replayOnly = await measure(() => {
    const replay = new LobsterWindowedReplay();
    for (let i = 0; i < n; i++) replay.apply(events, i, rows, i * width, levels);
  }, { warmup: 3, reps: 11 });
  let columns = 0;
  const withFeatures = await measure(() => {
    const replay = new LobsterWindowedReplay();
    const pipeline = new FeaturePipeline(createFeatures('default'), replay.book, inst.tickSize, inst.priceScale, new EveryEvent());
    columns = pipeline.engine.width;
    for (let i = 0; i < n; i++) {
      replay.apply(events, i, rows, i * width, levels);
      pipeline.onEvent(events, i);
    }
  }, { warmup: 3, reps: 11 });
  const nsPerEvent = ((withFeatures.medianMs - replayOnly.medianMs) * 1e6) / n;
  const updateOnly = await measure(() => {
    const replay = new LobsterWindowedReplay();
    const engine = new FeatureEngine(createFeatures('default'), replay.book, inst.tickSize, inst.priceScale);
    for (let i = 0; i < n; i++) {
      replay.apply(events, i, rows, i * width, levels);
      engine.onEvent(events, i);
    }
  }, { warmup: 3, reps: 11 });
  const midOnly = await measure(() => {
    const replay = new LobsterWindowedReplay();
    const pipeline = new FeaturePipeline(createFeatures('mid'), replay.book, inst.tickSize, inst.priceScale, new EveryEvent());
    for (let i = 0; i < n; i++) {
      replay.apply(events, i, rows, i * width, levels);
      pipeline.onEvent(events, i);
    }
  }, { warmup: 3, reps: 11 });

  // Whole-day dataset build, from the files, as the CLI does it.
  const dir = mkdtempSync(join(tmpdir(), 'tachyon-bench-'));
  const builds: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const ds = await buildLobsterDataset(messages, orderbook, { features: 'default', label: 'lobcast', horizon: 10 });
    await writeDatasetParquet(join(dir, 'd.parquet'), ds, {});
    builds.push((performance.now() - t0) / 1000);
  }
  rmSync(dir, { recursive: true, force: true });
  builds.sort((a, b) => a - b);

  // EMA of the mid, ours vs trading-signals, same input.
  const mids: number[] = [];
  {
    const replay = new LobsterWindowedReplay();
    for (let i = 0; i < n; i++) {
      replay.apply(events, i, rows, i * width, levels);
      const m = (replay.book.bestBid() + replay.book.bestAsk()) / 2;
      if (m === m) mids.push(m / inst.priceScale);
    }
  }
  const input = Float64Array.from(mids);
  const ours = new Ema(20);
  const peer = new EMA(20);
  let identical = true;
  for (let i = 0; i < input.length; i++) if (ours.update(input[i]) !== peer.update(input[i], false)) identical = false;
  let sink = 0;
  const oursRun = await measure(() => {
    const e = new Ema(20);
    for (let i = 0; i < input.length; i++) sink += e.update(input[i]);
  }, { warmup: 5, reps: 21 });
  const peerRun = await measure(() => {
    const e = new EMA(20);
    for (let i = 0; i < input.length; i++) sink += e.update(input[i], false);
  }, { warmup: 5, reps: 21 });
  const oursNs = (oursRun.medianMs * 1e6) / input.length;
  const peerNs = (peerRun.medianMs * 1e6) / input.length;
  if (sink === 0.5) console.error('unreachable');

  report({
    bench: 'features',
    input: 'GOOG 2012-06-21 level 10',
    events: n,
    featureColumns: columns,
    nsPerEvent: round(nsPerEvent, 1),
    updateOnlyNsPerEvent: round(((updateOnly.medianMs - replayOnly.medianMs) * 1e6) / n, 1),
    midOnlyNsPerEvent: round(((midOnly.medianMs - replayOnly.medianMs) * 1e6) / n, 1),
    replayNsPerEvent: round((replayOnly.medianMs * 1e6) / n, 1),
    gcPausesDuringFeatures: withFeatures.gcPauses,
    datasetBuildSeconds: round(builds[1], 3),
    oursNsPerUpdate: round(oursNs, 2),
    peer: 'trading-signals@8.3.0 EMA(20)',
    peerNsPerUpdate: round(peerNs, 2),
    ratio: round(peerNs / oursNs, 2),
    identical,
    goal: { nsPerEvent: 1000, datasetBuildSeconds: 2, ratio: 1 },
  });
}
