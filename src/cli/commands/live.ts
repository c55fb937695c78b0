import { writeFile } from 'node:fs/promises';
import type { Command } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { parseCommandArgs } from '../args.ts';
import { renderLiveReport, renderLiveText } from '../../live/engine/liveResult.ts';
import { REALTIME_PRIORITY, REALTIME_WITH_SPIN } from '../../live/engine/realtimeScheduling.ts';
import { runLiveSandbox } from '../../live/engine/runLiveSandbox.ts';
import { LIVE_BINANCE_HELP, runLiveBinance } from './liveBinance.ts';

const help = `tachyon live — the live trading engine: against the sandbox exchange (latency budget per stage), or on
Binance market data with paper (default) or real order entry

usage: (sandbox)
  tachyon live --sandbox --replay MESSAGES,ORDERBOOK --model A.json [--duration 60s] [--from peak]
               [--warmup 300s] [--speed 1|K|max|lockstep] [--policy taker|maker] [--threshold 0.6] [--qty 100]
               [--hold N] [--journal FILE] [--report [FILE]] [--json]

Starts the sandbox exchange and the trading engine as two child processes on loopback TCP (the sandbox
replays the LOBSTER day: OUCH-like order entry, ITCH-like market data, docs/protocol.md); the engine runs
market data → book → features → model → policy → pre-trade risk → journal → order on the socket, the
same Strategy, ModelSignal and PreTradeRisk objects as the backtester. Every order, ack, fill and cancel
is journalled (fsync policy batch: group commit every 2 ms, off the hot path).

The run covers --duration of exchange time from --from: peak (default: the busiest --duration of the
day, by message count), start, a New York time HH:MM[:SS], or a fraction of the day's messages. The
--warmup before it is replayed as fast as possible (the default features need 180 s of history), then the window
at --speed: 1 = the day's own pace (real time), K = K times faster, max = as fast as possible,
lockstep = one packet at a time, acknowledged (the backtester's zero-latency timeline). The strategy
trades and latencies are measured inside the window only.

options:
  --sandbox                 trade against the sandbox exchange (the only venue of this command)
  --replay M,O              the LOBSTER message and orderbook files the sandbox replays
  --model A.json            a trained model artifact (tachyon train)
  --policy taker|maker      as in tachyon backtest (default taker); --threshold, --qty, --hold likewise
  --journal FILE            the engine's order journal (default: a temporary file, removed after the run)
  --spin                    the engine spins between packets and keeps its hot path warm (one core of CPU)
  --keep-warm               without spinning: every 1 ms a synthetic packet through the hot path and a heartbeat
                            write keep code, data and the socket's send path warm
  --realtime                the sandbox and the engine run under SCHED_FIFO (chrt -f 40; root or CAP_SYS_NICE):
                            they preempt other work on their cores at once
  --report [FILE]           writes a small HTML report of the histograms (default live-report.html)
  --json                    prints {"ticks","orders","stageP99Ns":{…},"tickToOrderP50Us","tickToOrderP99Us",
                            "tickToOrderP999Us","wireToWireP99Us","maxGcPauseMs",…}

example:
  npx tachyon live --sandbox --replay GOOG_..._message_10.csv.gz,GOOG_..._orderbook_10.csv.gz \\
    --model goog-k5.logistic.json --duration 60s --report --json

${LIVE_BINANCE_HELP}

example:
  npx tachyon live --binance --replay-capture ../shared/data/binance/spot_btcusdt_20240808.gz --json`;

const OPTIONS = {
  sandbox: { type: 'boolean', default: false },
  replay: { type: 'string' },
  model: { type: 'string' },
  duration: { type: 'string', default: '60s' },
  from: { type: 'string', default: 'peak' },
  warmup: { type: 'string', default: '300s' },
  speed: { type: 'string', default: '1' },
  policy: { type: 'string', default: 'taker' },
  threshold: { type: 'string' },
  qty: { type: 'string' },
  hold: { type: 'string' },
  journal: { type: 'string' },
  report: { type: 'boolean', default: false },
  spin: { type: 'boolean', default: false },
  realtime: { type: 'boolean', default: false },
  'keep-warm': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

export const liveCommand: Command = {
  path: ['live'],
  summary: 'run the live engine: sandbox exchange (latency budget per stage), or Binance data with paper/real orders',
  help,
  async run(args, io) {
    if (args.includes('--binance')) {
      if (args.includes('--sandbox')) throw new UsageError('give one venue: --sandbox or --binance');
      return runLiveBinance(args, io);
    }
    // `--report FILE`: a value after --report that is not an option is its file.
    const rest = [...args];
    let reportPath = 'live-report.html';
    const r = rest.indexOf('--report');
    if (r >= 0 && r + 1 < rest.length && !rest[r + 1].startsWith('--')) reportPath = rest.splice(r + 1, 1)[0];
    const { values } = parseCommandArgs(rest, OPTIONS);
    if (!values.sandbox) throw new UsageError('give a venue: --sandbox (the sandbox exchange) or --binance (Binance market data, paper orders)');
    const replay = (values.replay ?? '').split(',');
    if (replay.length !== 2 || !replay[0] || !replay[1]) throw new UsageError('--replay needs MESSAGES,ORDERBOOK (two files, comma-separated)');
    if (values.policy !== 'taker' && values.policy !== 'maker') throw new UsageError(`--policy must be taker or maker, got "${values.policy}"`);
    const speed = values.speed;
    if (!(speed === 'max' || speed === 'lockstep' || Number(speed) > 0)) throw new UsageError(`--speed must be a positive number, max or lockstep, got "${speed}"`);
    const num = (v: string | undefined, name: string): number | undefined => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${v}"`);
      return n;
    };
    if (values.realtime && values.spin) throw new UsageError(REALTIME_WITH_SPIN);
    const verbose = !values.json;
    const out = await runLiveSandbox({
      messages: replay[0],
      orderbook: replay[1],
      modelPath: values.model ?? null,
      policy: values.policy,
      threshold: num(values.threshold, 'threshold'),
      qty: num(values.qty, 'qty'),
      hold: num(values.hold, 'hold'),
      from: values.from,
      duration: values.duration,
      warmup: values.warmup,
      speed,
      journal: values.journal,
      spin: values.spin,
      keepWarm: values['keep-warm'],
      realtimePriority: values.realtime ? REALTIME_PRIORITY : undefined,
      log: (line) => io.err(line),
      onReady: (ready) => {
        if (verbose) io.err(`sandbox: session ${ready.session} on ports ${ready.orderEntryPort}/${ready.marketDataPort}; window ${(ready.fromNs / 1e9).toFixed(3)}–${(ready.endNs / 1e9).toFixed(3)} s after midnight (${ready.messages} messages), warm-up from ${(ready.warmupFromNs / 1e9).toFixed(3)}, pacing ${ready.pacing}`);
      },
    });
    const { result, table, engine, ready, sandbox, wallSeconds } = out;
    const accounts = (sandbox.accounts ?? {}) as Record<string, { position: number; fills: number }>;
    const venueAccount = accounts['7'];
    const extra = {
      processes: 'sandbox exchange and trading engine as two child processes of this one, on loopback TCP',
      pacing: speed === 'lockstep' ? 'lockstep' : speed === 'max' ? 'as fast as possible' : `${speed}× the day's pace`,
      spin: values.spin,
      keepWarm: values['keep-warm'],
      scheduling: values.realtime ? `SCHED_FIFO ${REALTIME_PRIORITY}` : 'normal',
      window: { fromNs: ready.fromNs, endNs: ready.endNs, messages: ready.messages, warmupFromNs: ready.warmupFromNs },
      journal: (engine.journal as { policy?: string } | undefined)?.policy,
      position: engine.position,
      venuePosition: venueAccount?.position ?? 0,
      fills: venueAccount?.fills ?? 0,
      killSwitch: engine.killed,
      wallSeconds: Math.round(wallSeconds * 10) / 10,
      sandboxMaxGcPauseMs: Math.round(((sandbox.gc as { maxMs?: number } | undefined)?.maxMs ?? 0) * 1000) / 1000,
      wireToWire: sandbox.wireToWire,
    };
    if (values.report) {
      await writeFile(reportPath, renderLiveReport(`tachyon live: ${ready.symbol}, ${extra.pacing}`, table, result, extra));
      if (verbose) io.err(`wrote ${reportPath}`);
    }
    if (values.json) io.out(JSON.stringify({ ...result, ...extra }));
    else {
      io.out(renderLiveText(table));
      io.out(`ticks ${result.ticks}, orders ${result.orders}, tick-to-order p50/p99/p99.9 ${result.tickToOrderP50Us}/${result.tickToOrderP99Us}/${result.tickToOrderP999Us} µs, wire-to-wire p99 ${result.wireToWireP99Us} µs, max GC pause ${result.maxGcPauseMs} ms`);
    }
    return 0;
  },
};
