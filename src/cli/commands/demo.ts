import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command, CommandIo } from '../Command.ts';
import { durationOptionNs, intOption, parseCommandArgs } from '../args.ts';
import { simulateMarket, SIMULATED_MANIPULATIONS, CLOSE_SNAPSHOT_LEVELS } from '../../sim/simulateMarket.ts';
import { writeEventsParquet } from '../../data/store/writeEventsParquet.ts';
import { readEventsParquetBatch } from '../../data/store/readEventsParquet.ts';
import { L3OrderBook } from '../../book/L3OrderBook.ts';
import { L3Replayer } from '../../book/L3Replayer.ts';
import type { EventBatch } from '../../data/EventBatch.ts';
import { NS_PER_SECOND } from '../../core/time.ts';
import { lobsterDayFromEvents } from '../../data/lobster/lobsterDayFromEvents.ts';
import { runModelLoop } from '../../experiments/modelLoop.ts';
import { runDetectors } from '../../clean/runDetectors.ts';
import { scoreFlags } from '../../clean/scoreFlags.ts';
import { removeOrders } from '../../clean/removeOrders.ts';
import { renderBacktestReport } from '../../backtest/report/renderBacktestReport.ts';
import type { BacktestResult } from '../../backtest/BacktestResult.ts';
import { ProgressBar } from '../progress.ts';

const help = `tachyon demo — the embedded default: the whole loop on a simulated day with manipulators

usage:
  tachyon demo [--seed n] [--duration 6.5h] [--out out/sim-day.parquet] [--json]

1. Simulates a trading day of an agent-based market (market makers, noise, fundamental, momentum and
   informed traders, plus a spoofer, layerer, wash trader, quote stuffer and momentum igniter with ground
   truth) through the price-time-priority matching engine.
2. Stores its events as Parquet, reads them back exactly, replays them through the L3 book and checks
   the book equals the engine's own at the close.
3. Runs the manipulation detectors on the market data alone and scores them against the ground truth.
4. Builds features and LOBCAST labels (k = 5) from the day with the flagged orders removed, trains a
   logistic model on its first 60 %, and backtests the AI taker and market maker on the last 30 % of the
   real (uncleaned) day: 50 µs latencies, exact queue positions, NASDAQ fees. Writes the maker's HTML
   report next to the Parquet file.
Same seed, same bytes. No download needed: this is \`npm start\`.

options:
  --seed n          random seed (default 7)
  --duration d      session length, e.g. 30m, 6.5h (default 6.5h, 09:30–16:00)
  --out FILE        Parquet file to write (default out/sim-day.parquet; the report goes beside it)
  --json            print one JSON object as the last line of stdout

example:
  npx tachyon demo --seed 42 --duration 1h --out /tmp/day.parquet
  npx tachyon query "SELECT type_name, count(*) FROM '/tmp/day.parquet' GROUP BY 1"`;

export const demoCommand: Command = {
  path: ['demo'],
  summary: 'the whole loop on a seeded simulated day with manipulators: store, replay, detect, train, backtest (npm start)',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      seed: { type: 'string' },
      duration: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const seed = intOption(values.seed, 'seed', 7);
    const durationNs = durationOptionNs(values.duration, 'duration', 23_400e9);
    const out = values.out ?? 'out/sim-day.parquet';
    mkdirSync(dirname(out), { recursive: true });
    const stage = stages(io);

    let t0 = performance.now();
    const simBar = stage('simulate', 1);
    const day = simulateMarket({ seed, durationNs, manipulators: SIMULATED_MANIPULATIONS, onProgress: (f) => simBar.update(f) });
    simBar.finish();
    const generateSeconds = (performance.now() - t0) / 1000;

    stage('store', 0).finish();
    const stored = await writeEventsParquet(out, [day.events]);
    const events = await readEventsParquetBatch(out);
    const roundTripExact = sameEvents(day.events, events);

    const book = new L3OrderBook(1 << 16, 1 << 10);
    const replayer = new L3Replayer(book);
    t0 = performance.now();
    replayer.applyBatch(events);
    const replaySeconds = (performance.now() - t0) / 1000;
    const snap = new Float64Array(CLOSE_SNAPSHOT_LEVELS * 4);
    book.snapshot(CLOSE_SNAPSHOT_LEVELS, snap);
    const bookMatchesEngine = snap.every((v, i) => v === day.closeSnapshot[i] || (Number.isNaN(v) && Number.isNaN(day.closeSnapshot[i])));

    stage('detect', 0).finish();
    const detected = runDetectors(events);
    const scores = scoreFlags(detected.flags, day.groundTruth, { events });
    const flagged = new Set<number>();
    for (const f of detected.flags) if (f.kind !== 'bad-data') flagged.add(f.orderId);
    const cleaned = removeOrders(events, flagged);

    t0 = performance.now();
    const featureBar = stage('features, labels, model, backtests', events.length);
    const lobsterDay = lobsterDayFromEvents(events, 10, `simulated day (seed ${seed})`);
    const loop = await runModelLoop(lobsterDay, {
      seed,
      sampling: 'n:4',
      trainDay: lobsterDayFromEvents(cleaned.events, 10, `simulated day (seed ${seed}), flagged orders removed`),
      onProgress: (n) => featureBar.update(n),
    });
    featureBar.finish();
    const loopSeconds = (performance.now() - t0) / 1000;
    const reportPath = join(dirname(out), 'report.html');
    writeFileSync(reportPath, renderBacktestReport(loop.maker, { title: `Tachyon demo: AI market maker on a simulated day (seed ${seed})` }));

    const test = loop.trained.test;
    const scale = day.instrument.priceScale;
    const summary = {
      seed,
      events: events.length,
      orders: day.orders,
      cancels: day.cancels,
      trades: day.trades,
      manipulativeOrders: day.manipulativeOrders,
      generateSeconds: round(generateSeconds, 3),
      generateEventsPerSecond: Math.round(events.length / generateSeconds),
      parquet: out,
      parquetBytes: stored.bytes,
      roundTripExact,
      replayEventsPerSecond: Math.round(events.length / replaySeconds),
      bookMatchesEngine,
      unexplainedEvents: replayer.unexplained,
      closeBestBid: book.bestBid() / scale,
      closeBestAsk: book.bestAsk() / scale,
      detection: Object.fromEntries(
        Object.entries(scores)
          .filter(([kind]) => kind !== 'bad-data')
          .map(([kind, s]) => [kind, { flagged: s.flagged, precision: s.precision === null ? null : round(s.precision, 3), recall: s.recall === null ? null : round(s.recall, 3) }]),
      ),
      removedEvents: cleaned.removed,
      model: { kind: 'logistic', rows: loop.datasetRows, testAccuracy: round(test.accuracy, 4), testMacroF1: round(test.macroF1, 4), trainCpuSeconds: round(loop.trained.cost.cpuSeconds, 2) },
      backtest: { taker: figures(loop.taker), maker: figures(loop.maker), eventsPerSecond: Math.round(loop.taker.summary.eventsPerSecond) },
      report: reportPath,
      loopSeconds: round(loopSeconds, 2),
    };
    if (values.json) io.out(JSON.stringify(summary));
    else {
      io.out(`Tachyon demo: agent-based market with manipulators, seed ${seed}, ${clock(day.openNs)}–${clock(day.closeNs)} New York time`);
      io.out(`  simulated  ${summary.events.toLocaleString('en-US')} events (${day.orders.toLocaleString('en-US')} orders, ${day.trades.toLocaleString('en-US')} trades, ${day.manipulativeOrders.toLocaleString('en-US')} manipulative orders) in ${summary.generateSeconds} s`);
      io.out(`  stored     ${out} (${(stored.bytes / 1e6).toFixed(1)} MB Parquet); read back exactly: ${roundTripExact ? 'yes' : 'NO'}`);
      io.out(`  replayed   through the L3 book at ${summary.replayEventsPerSecond.toLocaleString('en-US')} events/s; book equals the engine's at the close: ${bookMatchesEngine ? 'yes' : 'NO'}`);
      io.out(`  detected   from market data alone (precision / recall against the ground truth):`);
      for (const [kind, s] of Object.entries(summary.detection)) io.out(`    ${kind.padEnd(8)} ${String(s.flagged).padStart(6)} flagged   ${fmtRatio(s.precision)} / ${fmtRatio(s.recall)}`);
      const m = summary.model;
      io.out(`  model      logistic on ${m.rows.toLocaleString('en-US')} rows of the cleaned day (${cleaned.removed.toLocaleString('en-US')} flagged events removed; default features every 4th event, LOBCAST k=5): test accuracy ${m.testAccuracy}, macro-F1 ${m.testMacroF1}, ${m.trainCpuSeconds} CPU-s`);
      for (const [name, r] of [['taker', summary.backtest.taker], ['maker', summary.backtest.maker]] as const) {
        io.out(`  ${name.padEnd(10)} last 30 % of the day: P&L $${r.pnl.toFixed(2)} after $${r.fees.toFixed(2)} fees, ${r.trades} fills (fill ratio ${r.fillRatio}), Sharpe ${r.sharpe}, max drawdown $${r.maxDrawdown.toFixed(2)}`);
      }
      io.out(`  report     ${reportPath}`);
      io.out(`  query it:  npx tachyon query "SELECT type_name, count(*) FROM '${out}' GROUP BY 1 ORDER BY 2 DESC"`);
    }
    return roundTripExact && bookMatchesEngine ? 0 : 1;
  },
};

/** A stage line (and a progress bar for long ones) on stderr when it is a terminal. */
function stages(io: CommandIo): (label: string, total: number) => { update(n: number): void; finish(): void } {
  return (label, total) => {
    const bar = new ProgressBar(label.padEnd(36), total, io.stderrIsTty);
    if (io.stderrIsTty && total === 0) io.err(`${label}…`);
    return { update: (n) => bar.update(n), finish: () => (total > 0 ? bar.finish() : undefined) };
  };
}

function figures(r: BacktestResult): { pnl: number; fees: number; trades: number; fillRatio: number; sharpe: number; maxDrawdown: number } {
  const s = r.summary;
  return { pnl: round(s.pnl, 2), fees: round(s.fees, 2), trades: s.trades, fillRatio: round(s.fillRatio, 4), sharpe: round(s.sharpe, 2), maxDrawdown: round(s.maxDrawdown, 2) };
}

function fmtRatio(x: number | null): string {
  return x === null ? '  —  ' : x.toFixed(3);
}

/** hh:mm:ss of an offset from midnight. */
function clock(ns: number): string {
  const s = Math.floor(ns / NS_PER_SECOND);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

function round(x: number, d: number): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}

/** Every column of every event equal (the Parquet round trip is exact, not approximately right). */
function sameEvents(a: EventBatch, b: EventBatch): boolean {
  if (a.length !== b.length || a.originNs !== b.originNs) return false;
  for (let i = 0; i < a.length; i++) {
    if (a.exchTs[i] !== b.exchTs[i] || a.localTs[i] !== b.localTs[i] || a.type[i] !== b.type[i] || a.side[i] !== b.side[i]) return false;
    if (a.price[i] !== b.price[i] || a.size[i] !== b.size[i] || a.orderId[i] !== b.orderId[i] || a.seq[i] !== b.seq[i] || a.flags[i] !== b.flags[i]) return false;
  }
  return true;
}
