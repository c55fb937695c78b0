/**
 * Cost of one journal append per fsync policy on this machine: prints one JSON line.
 *   node --import tsx src/live/journal/testkit/measureJournal.ts [dir] [case,case,...]
 * Cases: encodeOnly, os, batch1ms, batch100us, everyRecordFdatasync, everyRecordFsync, allocation (default all;
 * run the syncing ones in separate processes for figures that do not inherit each other's dirty pages).
 * Each policy appends the same cycle of records (OrderSent, Accepted, Executed, CancelSent, Cancelled:
 * 64, 64, 96, 40, 64 bytes) to a fresh journal in `dir` (default the OS temp dir). Two passes per policy:
 * a throughput pass (total time / records, no timer per record) and a latency pass (each append timed).
 * `encode-only` is the batch policy with a buffer that never fills: the CPU cost of encoding + CRC alone.
 * Heap growth and GC count over the encode-only pass show whether appends allocate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { JournalWriter, type JournalWriterOptions } from '../JournalWriter.ts';

const dir = mkdtempSync(join(process.argv[2] ?? tmpdir(), 'tachyon-journal-bench-'));

function appendCycle(w: JournalWriter, i: number, t: number): void {
  switch (i % 5) {
    case 0:
      w.orderSent(t, 1, i, 1, 0, 1_000_000 + (i & 63), 100);
      return;
    case 1:
      w.accepted(t, 1, i - 1, i, 1_000_000, 100);
      return;
    case 2:
      w.executed(t, 1, i - 2, i - 1, i, 1, 1_000_000, 40, 60, 0.00012, 0);
      return;
    case 3:
      w.cancelSent(t, 1, i - 3);
      return;
    default:
      w.cancelled(t, 1, i - 4, 60, 0, 0);
  }
}

const nowNs = (): number => Math.round(performance.now() * 1e6);

interface PolicyFigures {
  records: number;
  nsPerRecord: number;
  p50Ns: number;
  p99Ns: number;
  p999Ns: number;
  maxNs: number;
  syncs: number;
  writes: number;
}

function measurePolicy(name: string, options: JournalWriterOptions, records: number): PolicyFigures {
  const run = (timed: Float64Array | null): { ns: number; syncs: number; writes: number } => {
    const path = join(dir, `${name}-${timed ? 'lat' : 'tput'}.journal`);
    const w = JournalWriter.open(path, options);
    // Warm-up on the same writer (JIT), not counted.
    for (let i = 0; i < Math.min(records, 2_000); i++) appendCycle(w, i, nowNs());
    w.sync();
    const s0 = w.stats.syncs;
    const wr0 = w.stats.writes;
    const t0 = performance.now();
    if (timed === null) {
      for (let i = 0; i < records; i++) appendCycle(w, i, nowNs());
    } else {
      for (let i = 0; i < records; i++) {
        const a = performance.now();
        appendCycle(w, i, nowNs());
        timed[i] = (performance.now() - a) * 1e6;
      }
    }
    const ns = (performance.now() - t0) * 1e6;
    const figures = { ns, syncs: w.stats.syncs - s0, writes: w.stats.writes - wr0 };
    w.close();
    rmSync(path, { force: true });
    rmSync(`${path}.ckpt`, { force: true });
    return figures;
  };
  const tput = run(null);
  const lat = new Float64Array(records);
  run(lat);
  lat.sort();
  const q = (p: number): number => Math.round(lat[Math.min(records - 1, Math.floor(p * records))]);
  return {
    records,
    nsPerRecord: Math.round(tput.ns / records),
    p50Ns: q(0.5),
    p99Ns: q(0.99),
    p999Ns: q(0.999),
    maxNs: Math.round(lat[records - 1]),
    syncs: tput.syncs,
    writes: tput.writes,
  };
}

/** Heap growth and GCs over `records` encode-only appends (a buffer that never fills: no I/O). */
function allocation(records: number): { heapBytesPerRecord: number; gcs: number } {
  const path = join(dir, 'alloc.journal');
  const w = JournalWriter.open(path, { policy: 'batch', bufferBytes: 80 * records, batchMaxDelayNs: Number.MAX_SAFE_INTEGER });
  for (let i = 0; i < 5_000; i++) appendCycle(w, i, i);
  let gcs = 0;
  const obs = new PerformanceObserver((list) => (gcs += list.getEntries().length));
  obs.observe({ entryTypes: ['gc'] });
  const h0 = process.memoryUsage().heapUsed;
  for (let i = 0; i < records; i++) appendCycle(w, i, i);
  const h1 = process.memoryUsage().heapUsed;
  gcs += obs.takeRecords().length;
  obs.disconnect();
  w.close();
  rmSync(path, { force: true });
  return { heapBytesPerRecord: Math.round(((h1 - h0) / records) * 100) / 100, gcs };
}

const only = process.argv[3]?.split(',');
const cases: Record<string, () => unknown> = {
  encodeOnly: () => measurePolicy('encode', { policy: 'batch', bufferBytes: 64 << 20, batchMaxDelayNs: Number.MAX_SAFE_INTEGER }, 500_000),
  os: () => measurePolicy('os', { policy: 'os' }, 200_000),
  batch1ms: () => measurePolicy('batch', { policy: 'batch', bufferBytes: 64 << 10, batchMaxDelayNs: 1_000_000 }, 200_000),
  batch100us: () => measurePolicy('batch100', { policy: 'batch', bufferBytes: 64 << 10, batchMaxDelayNs: 100_000 }, 100_000),
  everyRecordFdatasync: () => measurePolicy('every', { policy: 'every-record' }, 500),
  everyRecordFsync: () => measurePolicy('everyfsync', { policy: 'every-record', syncCall: 'fsync' }, 500),
  allocation: () => allocation(300_000),
};
const result: Record<string, unknown> = { bench: 'journal-append', node: process.version, dir };
for (const [name, run] of Object.entries(cases)) if (only === undefined || only.includes(name)) result[name] = run();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(result));
