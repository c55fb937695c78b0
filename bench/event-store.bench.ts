/**
 * Event-store write and read throughput on a synthetic LOBSTER-like day (`npm run bench -- event-store
 * [rows]`; prints one JSON line).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBatch } from '../src/data/EventBatch.ts';
import { EventFlag, Side } from '../src/data/EventType.ts';
import { lobsterInstrument } from '../src/data/Instrument.ts';
import { utcMidnightNs } from '../src/core/time.ts';
import { readEventsParquet } from '../src/data/store/readEventsParquet.ts';
import { writeEventsParquet } from '../src/data/store/writeEventsParquet.ts';

export interface EventStoreThroughput {
  rows: number;
  bytes: number;
  bytesPerRow: number;
  writeSeconds: number;
  writeRowsPerSecond: number;
  readSeconds: number;
  readRowsPerSecond: number;
}

/** LOBSTER-like synthetic day: increasing ns times, prices around $585, a few order ids, all types. */
export function* syntheticBatches(rows: number, batchSize = 65_536): Generator<EventBatch> {
  const origin = utcMidnightNs('2012-06-21');
  const instruments = [lobsterInstrument('GOOG')];
  let t = 34_200_000_000_000;
  let state = 12345;
  const rand = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0; // deterministic LCG: no unseeded randomness
    return state / 2 ** 32;
  };
  for (let done = 0; done < rows; ) {
    const n = Math.min(batchSize, rows - done);
    const b = new EventBatch(n, origin, instruments);
    for (let i = 0; i < n; i++) {
      t += 1 + Math.floor(rand() * 2_000_000);
      const type = 1 + Math.floor(rand() * 7);
      b.push(t, t, type, rand() < 0.5 ? Side.Buy : Side.Sell, 5_850_000 + 100 * Math.floor(rand() * 200 - 100),
        1 + Math.floor(rand() * 500), 10_000_000 + Math.floor(rand() * 1e8), done + i + 1, EventFlag.EndOfMessage);
    }
    done += n;
    yield b;
  }
}

export async function measureEventStoreThroughput(rows = 1_000_000, dir?: string): Promise<EventStoreThroughput> {
  const base = dir ?? (await mkdtemp(join(tmpdir(), 'tachyon-store-')));
  const file = join(base, 'throughput.parquet');
  try {
    const batches = [...syntheticBatches(rows)]; // generated up front so generation is not timed
    const w = await writeEventsParquet(file, batches);
    const t0 = performance.now();
    let read = 0;
    for await (const b of readEventsParquet(file)) read += b.length;
    const readSeconds = (performance.now() - t0) / 1e3;
    if (read !== rows) throw new Error(`read ${read} rows, wrote ${rows}`);
    return {
      rows,
      bytes: w.bytes,
      bytesPerRow: w.bytes / rows,
      writeSeconds: w.seconds,
      writeRowsPerSecond: Math.round(rows / w.seconds),
      readSeconds,
      readRowsPerSecond: Math.round(rows / readSeconds),
    };
  } finally {
    if (!dir) await rm(base, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  const rows = Number(args[0] ?? 1_000_000);
  console.log(JSON.stringify({ bench: 'event-store', ...(await measureEventStoreThroughput(rows, args[1])) }));
}
