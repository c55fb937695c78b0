import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxProcess, type SandboxReady } from '../sandbox/SandboxProcess.ts';
import { EngineProcess } from './EngineProcess.ts';
import { REALTIME_WITH_SPIN, realtimeCommandPrefix } from './realtimeScheduling.ts';
import type { HistogramRow, LiveResult } from './liveResult.ts';
import type { LiveSpec } from './liveSetup.ts';

export interface LiveSandboxRun extends LiveSpec {
  readonly messages: string;
  readonly orderbook: string;
  /** Measured part of the day: `peak` (its busiest `duration`), `start`, HH:MM[:SS] or a fraction. */
  readonly from: string;
  /** Measured duration of exchange time, e.g. `60s`. */
  readonly duration: string;
  /** Exchange time replayed as fast as possible before `from`, so that features are warm (e.g. `300s`). */
  readonly warmup: string;
  /** `1` (the day's pace), a factor, `max`, or `lockstep`. */
  readonly speed: string;
  /** Journal file (default: a fresh one in a temporary folder, removed afterwards). */
  readonly journal?: string;
  /** Keep the engine's event loop spinning and its hot path warm between packets (LiveEngineOptions.spin). */
  readonly spin?: boolean;
  /** Keep the engine's hot path warm on a 1 ms timer, without spinning (LiveEngineOptions.keepWarm). */
  readonly keepWarm?: boolean;
  /** Keep the sandbox's event loop spinning too. */
  readonly sandboxSpin?: boolean;
  /** Run the sandbox and the engine under SCHED_FIFO at this priority (realtimeScheduling.ts); default: normal scheduling. */
  readonly realtimePriority?: number;
  readonly log?: (line: string) => void;
  /** Called with the sandbox's ready line once it listens. */
  readonly onReady?: (ready: SandboxReady) => void;
}

export interface LiveSandboxOutcome {
  readonly result: LiveResult;
  readonly table: HistogramRow[];
  readonly engine: Record<string, unknown>;
  readonly ready: SandboxReady;
  readonly sandbox: Record<string, unknown>;
  readonly wallSeconds: number;
}

/**
 * One `tachyon live --sandbox` run, as three processes on loopback TCP: the sandbox exchange (replaying
 * the day's window), the trading engine (with its latency flags, LATENCY_NODE_FLAGS) and this one, which
 * starts both, waits for the sandbox's End of Session (its window is over; or the run's wall-clock
 * allowance), and collects the engine's figures and the sandbox's wire-to-wire figure.
 */
export async function runLiveSandbox(run: LiveSandboxRun): Promise<LiveSandboxOutcome> {
  if (run.realtimePriority !== undefined && (run.spin || run.sandboxSpin)) throw new RangeError(REALTIME_WITH_SPIN);
  const commandPrefix = run.realtimePriority === undefined ? undefined : realtimeCommandPrefix(run.realtimePriority);
  const sandbox = new SandboxProcess(
    ['--messages', run.messages, '--orderbook', run.orderbook, '--from', run.from, '--duration', run.duration, '--warmup', run.warmup, '--speed', run.speed, ...(run.sandboxSpin ? ['--spin'] : [])],
    { onStderr: run.log, commandPrefix },
  );
  let tmp: string | null = null;
  let engine: EngineProcess | null = null;
  try {
    const ready = await sandbox.ready;
    run.onReady?.(ready);
    const journal = run.journal ?? join((tmp = mkdtempSync(join(tmpdir(), 'tachyon-live-'))), 'engine.journal');
    const opt = (name: string, v: number | string | undefined): string[] => (v === undefined ? [] : [`--${name}`, String(v)]);
    engine = new EngineProcess(
      [
        '--oe-port', String(ready.orderEntryPort),
        '--md-port', String(ready.marketDataPort),
        '--symbol', ready.symbol,
        '--origin-ns', ready.originNs,
        '--journal', journal,
        ...opt('model', run.modelPath ?? undefined),
        '--policy', run.policy,
        ...opt('threshold', run.threshold),
        ...opt('qty', run.qty),
        ...opt('hold', run.hold),
        ...opt('account', run.account),
        '--measure-from', String(ready.fromNs),
        '--trade-from', String(ready.fromNs),
        ...(run.speed === 'lockstep' ? ['--lockstep'] : []),
        ...(run.spin ? ['--spin'] : []),
        ...(run.keepWarm ? ['--keep-warm'] : []),
      ],
      { onStderr: run.log, commandPrefix },
    );
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    engine.on('end', () => ended());
    await engine.ready;
    const t0 = performance.now();
    const speed = Number(run.speed);
    const windowNs = ready.endNs - ready.fromNs;
    // Wall allowance: the window at its speed, plus the warm-up (fast), plus slack.
    const allowanceMs = Number.isFinite(speed) && speed > 0 ? windowNs / 1e6 / speed + 60_000 : 900_000;
    await Promise.race([end, new Promise((resolve) => setTimeout(resolve, allowanceMs).unref())]);
    const wallSeconds = (performance.now() - t0) / 1000;
    const [status, sandboxStatus] = await Promise.all([engine.status(), sandbox.status()]);
    const w2w = (sandboxStatus.wireToWire ?? { p99Us: NaN, count: 0 }) as { p99Us: number; count: number };
    const latency = status.latency as LiveResult;
    const result: LiveResult = { ...latency, wireToWireP99Us: w2w.count > 0 ? Math.round(w2w.p99Us * 100) / 100 : null };
    return { result, table: status.table as HistogramRow[], engine: status, ready, sandbox: sandboxStatus, wallSeconds };
  } finally {
    if (engine !== null) await engine.stop('stop');
    await sandbox.stop();
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
  }
}
