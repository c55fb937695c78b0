import { PerformanceObserver } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * One harness for every benchmark, so that Tachyon and its peer are timed by the same code: warm-up runs,
 * then timed repetitions, reporting the median (robust to a noisy neighbour on a 2-core machine) and the
 * best. GC pauses during the timed runs are recorded from perf_hooks, not guessed.
 */
export interface Measurement {
  medianMs: number;
  bestMs: number;
  reps: number;
  gcPauses: number;
  gcMaxMs: number;
  gcTotalMs: number;
}

/** Lets the event loop turn, so that perf_hooks delivers the GC entries queued during synchronous work. */
function drainEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

export async function measure(run: () => void, options: { warmup?: number; reps?: number } = {}): Promise<Measurement> {
  const warmup = options.warmup ?? 3;
  const reps = options.reps ?? 15;
  for (let i = 0; i < warmup; i++) run();
  const gc = gcRecorder();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  const g = await gc.stop();
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], bestMs: times[0], reps, gcPauses: g.count, gcMaxMs: g.maxMs, gcTotalMs: g.totalMs };
}

/** Records GC pauses (count, max, total ms) between start and stop. */
export function gcRecorder(): { stop(): Promise<{ count: number; maxMs: number; totalMs: number }> } {
  let count = 0;
  let maxMs = 0;
  let totalMs = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      count++;
      totalMs += e.duration;
      if (e.duration > maxMs) maxMs = e.duration;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      // GC entries are delivered asynchronously (never during synchronous work): let the loop turn first.
      await drainEventLoop();
      const pending = obs.takeRecords?.() ?? [];
      for (const e of pending) {
        count++;
        totalMs += e.duration;
        if (e.duration > maxMs) maxMs = e.duration;
      }
      obs.disconnect();
      return { count, maxMs: round(maxMs, 3), totalMs: round(totalMs, 3) };
    },
  };
}

export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Prints the benchmark's one JSON line. */
export function report(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** ../shared/data beside the project, or a clear failure naming what is missing. */
export function sharedData(...parts: string[]): string {
  const root = fileURLToPath(new URL('../../shared/data/', import.meta.url));
  const path = join(root, ...parts);
  if (!existsSync(path)) throw new Error(`benchmark input missing: ${path} (the real data lives in ../shared/data)`);
  return path;
}

export const GOOG10 = {
  messages: ['lobster', 'GOOG_2012-06-21_34200000_57600000_message_10.csv.gz'],
  orderbook: ['lobster', 'GOOG_2012-06-21_34200000_57600000_orderbook_10.csv.gz'],
};
