import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOOG10, report, sharedData } from './harness.ts';
import { REALTIME_PRIORITY } from '../src/live/engine/realtimeScheduling.ts';
import { runLiveSandbox } from '../src/live/engine/runLiveSandbox.ts';
import { trainDayModel } from '../src/live/engine/testkit.ts';

/**
 * The live latency budget, as `tachyon live --sandbox … --json` measures it: the sandbox exchange and the
 * trading engine as processes on loopback TCP, the GOOG level-10 day's busiest 60 s (by message count)
 * replayed at the day's own pace after 300 s of warm-up replayed as fast as possible; the model
 * (logistic, default features, LOBCAST k = 5, trained here on the day's first 60 %) and the taker policy.
 * Prints the engine's figures (per-stage p99, tick-to-order, wire-to-wire, GC) against the goals.
 *
 * args: [messages orderbook] [--speed 1|K|max] [--duration 60s] [--spin | --keep-warm] [--realtime (SCHED_FIFO, as tachyon live --realtime)]
 */
export async function run(args: string[]): Promise<void> {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--speed' || args[i] === '--duration') i++;
    else if (!args[i].startsWith('--')) positional.push(args[i]);
  }
  const opt = (name: string, fallback: string): string => {
    const k = args.indexOf(`--${name}`);
    return k >= 0 && k + 1 < args.length ? args[k + 1] : fallback;
  };
  const messages = positional[0] ?? sharedData(...GOOG10.messages);
  const orderbook = positional[1] ?? sharedData(...GOOG10.orderbook);
  const dir = mkdtempSync(join(tmpdir(), 'tachyon-live-bench-'));
  try {
    const { path } = await trainDayModel(messages, orderbook, dir);
    const speed = opt('speed', '1');
    const duration = opt('duration', '60s');
    const out = await runLiveSandbox({ messages, orderbook, modelPath: path, policy: 'taker', from: 'peak', duration, warmup: '300s', speed, spin: args.includes('--spin'), keepWarm: args.includes('--keep-warm'), realtimePriority: args.includes('--realtime') ? REALTIME_PRIORITY : undefined });
    const r = out.result;
    report({
      bench: 'live',
      ...r,
      goals: { tickToOrderP99Us: 10, tickToOrderP999Us: 50, wireToWireP99Us: 100, maxGcPauseMs: 1 },
      met: {
        tickToOrderP99: r.tickToOrderP99Us !== null && r.tickToOrderP99Us <= 10,
        tickToOrderP999: r.tickToOrderP999Us !== null && r.tickToOrderP999Us <= 50,
        wireToWireP99: r.wireToWireP99Us !== null && r.wireToWireP99Us <= 100,
        maxGcPause: r.maxGcPauseMs <= 1,
      },
      window: { fromNs: out.ready.fromNs, endNs: out.ready.endNs, messages: out.ready.messages },
      pacing: speed === 'max' ? 'as fast as possible' : `${speed}× the day's pace`,
      spin: args.includes('--spin'),
      keepWarm: args.includes('--keep-warm'),
      scheduling: args.includes('--realtime') ? `SCHED_FIFO ${REALTIME_PRIORITY}` : 'normal',
      journal: (out.engine.journal as { policy?: string } | undefined)?.policy,
      wallSeconds: Math.round(out.wallSeconds * 10) / 10,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
