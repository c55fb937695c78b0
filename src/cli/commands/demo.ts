import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from '../Command.ts';
import { durationOptionNs, intOption, parseCommandArgs } from '../args.ts';
import { generateZeroIntelligenceDay, CLOSE_SNAPSHOT_LEVELS } from '../../sim/ContStoikovTalreja.ts';
import { writeEventsParquet } from '../../data/store/writeEventsParquet.ts';
import { readEventsParquetBatch } from '../../data/store/readEventsParquet.ts';
import { L3OrderBook } from '../../book/L3OrderBook.ts';
import { L3Replayer } from '../../book/L3Replayer.ts';
import type { EventBatch } from '../../data/EventBatch.ts';
import { NS_PER_SECOND } from '../../core/time.ts';
import { lobsterDayFromEvents } from '../../data/lobster/lobsterDayFromEvents.ts';
import { runModelLoop } from '../../experiments/modelLoop.ts';

const help = `tachyon demo — the embedded default: a seeded trading day, stored, replayed, modelled and traded

usage:
  tachyon demo [--seed n] [--duration 6.5h] [--out out/zi-day.parquet] [--json]

Generates a day of Cont–Stoikov–Talreja (2010) zero-intelligence order flow (Poisson limit, market and
cancel arrivals) through the price-time-priority matching engine, writes its events to the Parquet event
store, reads them back, replays them through the L3 order book and checks that the replayed book equals
the engine's own book at the close. Then the loop: features and LOBCAST labels (k = 5) on that day, a
logistic model trained on its first 60 %, and the AI taker and market maker backtested on its last 30 %
(50 µs latencies, exact queue positions, NASDAQ fees). Same seed, same bytes. No download needed: this is
\`npm start\`.

options:
  --seed n          random seed (default 7)
  --duration d      session length, e.g. 30m, 6.5h (default 6.5h, 09:30–16:00)
  --out FILE        Parquet file to write (default out/zi-day.parquet)
  --json            print one JSON object as the last line of stdout

example:
  npx tachyon demo --seed 42 --duration 1h --out /tmp/day.parquet
  npx tachyon query "SELECT type_name, count(*) FROM '/tmp/day.parquet' GROUP BY 1"`;

export const demoCommand: Command = {
  path: ['demo'],
  summary: 'generate a seeded zero-intelligence day, store it, replay it through the book (npm start)',
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
    const out = values.out ?? 'out/zi-day.parquet';
    mkdirSync(dirname(out), { recursive: true });

    let t0 = performance.now();
    const day = generateZeroIntelligenceDay({ seed, durationNs });
    const generateSeconds = (performance.now() - t0) / 1000;

    const stored = await writeEventsParquet(out, [day.batch]);
    const events = await readEventsParquetBatch(out);
    const roundTripExact = sameEvents(day.batch, events);

    const book = new L3OrderBook(1 << 16, 1 << 10);
    const replayer = new L3Replayer(book);
    t0 = performance.now();
    replayer.applyBatch(events);
    const replaySeconds = (performance.now() - t0) / 1000;
    const snap = new Float64Array(CLOSE_SNAPSHOT_LEVELS * 4);
    book.snapshot(CLOSE_SNAPSHOT_LEVELS, snap);
    const bookMatchesEngine = snap.every((v, i) => v === day.closeSnapshot[i] || (Number.isNaN(v) && Number.isNaN(day.closeSnapshot[i])));

    t0 = performance.now();
    const loop = await runModelLoop(lobsterDayFromEvents(events, 10, `simulated day (seed ${seed})`), { seed, sampling: 'n:4' });
    const loopSeconds = (performance.now() - t0) / 1000;
    const test = loop.trained.test;
    const bt = (r: typeof loop.taker): { pnl: number; fees: number; trades: number; fillRatio: number; sharpe: number; maxDrawdown: number } => ({
      pnl: round(r.summary.pnl, 2),
      fees: round(r.summary.fees, 2),
      trades: r.summary.trades,
      fillRatio: round(r.summary.fillRatio, 4),
      sharpe: round(r.summary.sharpe, 2),
      maxDrawdown: round(r.summary.maxDrawdown, 2),
    });

    const scale = day.instrument.priceScale;
    const summary = {
      seed,
      events: day.batch.length,
      orders: day.orders,
      cancels: day.cancels,
      trades: day.trades,
      volume: day.volume,
      generateSeconds: round(generateSeconds, 3),
      generateEventsPerSecond: Math.round(day.batch.length / generateSeconds),
      parquet: out,
      parquetBytes: stored.bytes,
      roundTripExact,
      replayEventsPerSecond: Math.round(events.length / replaySeconds),
      bookMatchesEngine,
      unexplainedEvents: replayer.unexplained,
      closeBestBid: book.bestBid() / scale,
      closeBestAsk: book.bestAsk() / scale,
      model: { kind: 'logistic', rows: loop.datasetRows, testAccuracy: round(test.accuracy, 4), testMacroF1: round(test.macroF1, 4), trainCpuSeconds: round(loop.trained.cost.cpuSeconds, 2) },
      backtest: { taker: bt(loop.taker), maker: bt(loop.maker), eventsPerSecond: Math.round(loop.taker.summary.eventsPerSecond) },
      loopSeconds: round(loopSeconds, 2),
    };
    if (values.json) io.out(JSON.stringify(summary));
    else {
      io.out(`Tachyon demo: Cont–Stoikov–Talreja zero-intelligence day, seed ${seed}, ${clock(day.openNs)}–${clock(day.closeNs)} New York time`);
      io.out(`  generated  ${summary.events.toLocaleString('en-US')} events (${day.orders.toLocaleString('en-US')} orders, ${day.cancels.toLocaleString('en-US')} cancels, ${day.trades.toLocaleString('en-US')} trades, ${day.volume.toLocaleString('en-US')} shares) in ${summary.generateSeconds} s`);
      io.out(`  stored     ${out} (${(stored.bytes / 1e6).toFixed(1)} MB Parquet); read back exactly: ${roundTripExact ? 'yes' : 'NO'}`);
      io.out(`  replayed   through the L3 book at ${summary.replayEventsPerSecond.toLocaleString('en-US')} events/s; book equals the engine's at the close: ${bookMatchesEngine ? 'yes' : 'NO'}`);
      io.out(`  close      best bid ${summary.closeBestBid.toFixed(2)} / best ask ${summary.closeBestAsk.toFixed(2)}; top of book:`);
      for (let l = 0; l < 5; l++) {
        const o = l * 4;
        io.out(`    ${fmt(snap[o + 2], snap[o + 3], scale)}  |  ${fmt(snap[o], snap[o + 1], scale)}`);
      }
      const m = summary.model;
      io.out(`  model      logistic on ${m.rows.toLocaleString('en-US')} rows (default features every 4th event, LOBCAST k=5): test accuracy ${m.testAccuracy}, macro-F1 ${m.testMacroF1}, ${m.trainCpuSeconds} CPU-s`);
      for (const [name, r] of [['taker', summary.backtest.taker], ['maker', summary.backtest.maker]] as const) {
        io.out(`  ${name.padEnd(10)} last 30 % of the day: P&L $${r.pnl.toFixed(2)} after $${r.fees.toFixed(2)} fees, ${r.trades} fills (fill ratio ${r.fillRatio}), Sharpe ${r.sharpe}, max drawdown $${r.maxDrawdown.toFixed(2)}`);
      }
      io.out(`  loop       features → labels → model → backtests in ${summary.loopSeconds} s`);
      io.out(`  query it:  npx tachyon query "SELECT type_name, count(*) FROM '${out}' GROUP BY 1 ORDER BY 2 DESC"`);
    }
    return roundTripExact && bookMatchesEngine ? 0 : 1;
  },
};

function fmt(price: number, size: number, scale: number): string {
  return Number.isNaN(price) ? '          -' : `${String(size).padStart(5)} @ ${(price / scale).toFixed(2)}`;
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
