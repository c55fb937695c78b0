import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSecondsToNs, utcMidnightNs, utcMidnightOfNs } from '../../core/time.ts';
import { concatBatches, EventBatch } from '../EventBatch.ts';
import { EventFlag, EventType, Side } from '../EventType.ts';
import { lobsterInstrument, type Instrument } from '../Instrument.ts';
import {
  EventStoreError,
  openDuckDB,
  readEventsParquet,
  readEventsParquetBatch,
  readEventsParquetInfo,
  writeEventsParquet,
} from './index.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tachyon-store-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const btc: Instrument = { symbol: 'BTCUSDT', venue: 'BINANCE', priceScale: 100, tickSize: 1, sizeScale: 100_000, lotSize: 1 };
const columns = ['exchTs', 'localTs', 'type', 'side', 'flags', 'instrument', 'price', 'size', 'orderId', 'seq'] as const;

/** Every column, row by row, as exact epoch ns (bigint) where it is a time. */
function rowsOf(b: EventBatch): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < b.length; i++) {
    const r = b.row(i);
    const inst = b.instruments[r.instrument];
    out.push([
      b.originNs + BigInt(r.exchTs),
      b.originNs + BigInt(r.localTs),
      r.type,
      r.side,
      r.flags,
      `${inst.venue}:${inst.symbol}`,
      r.price,
      r.size,
      r.orderId,
      r.seq,
    ]);
  }
  return out;
}

async function readAll(file: string, batchSize?: number): Promise<EventBatch[]> {
  const out: EventBatch[] = [];
  for await (const b of readEventsParquet(file, { batchSize })) out.push(b);
  return out;
}

function lobsterDay(): EventBatch {
  const b = new EventBatch(4, utcMidnightNs('2012-06-21'), [lobsterInstrument('AAPL')]);
  const t0 = parseSecondsToNs('34200.015105074');
  const types = Object.values(EventType);
  types.forEach((type, k) => {
    const side = [Side.Buy, Side.Sell, Side.None][k % 3];
    const price = type === EventType.TradingState ? -1 : 5_859_400 + k * 100;
    b.push(t0 + k, t0 + k + 17, type, side, price, 100 + k, 2 ** 53 - 1 - k, k + 1, k % 2 ? EventFlag.Snapshot : EventFlag.EndOfMessage);
  });
  return b;
}

describe('event store round trip', () => {
  it('keeps LOBSTER times (9 decimals after midnight), all event types, sides and large order ids exact', async () => {
    const batch = lobsterDay();
    const file = join(dir, 'lobster.parquet');
    const w = await writeEventsParquet(file, [batch]);
    expect(w.rows).toBe(batch.length);
    expect(w.bytes).toBeGreaterThan(0);
    const back = await readEventsParquetBatch(file);
    expect(back.originNs).toBe(batch.originNs);
    expect(back.instruments).toEqual(batch.instruments);
    for (const c of columns) expect(Array.from(back[c].subarray(0, back.length))).toEqual(Array.from(batch[c].subarray(0, batch.length)));
    expect(back.exchTs[0]).toBe(34_200_015_105_074);
  });

  it('keeps epoch-ns times like 1723161253937085768 exact, with several instruments', async () => {
    const epoch = 1723161253937085768n;
    const origin = utcMidnightOfNs(epoch);
    const b = new EventBatch(8, origin, [btc, lobsterInstrument('MSFT')]);
    const off = Number(epoch - origin);
    b.push(off, off + 1_234_567, EventType.Level, Side.Sell, 6_123_456, 12_345_678, 0, 51_234_567_890, EventFlag.EndOfMessage, 0);
    b.push(off + 1, off + 2, EventType.Trade, Side.Buy, 6_123_400, 1, 987_654_321, 51_234_567_891, EventFlag.EndOfMessage, 0);
    b.push(off + 2, off + 3, EventType.Add, Side.Buy, 4_000_000, 300, 42, 7, EventFlag.EndOfMessage, 1);
    const file = join(dir, 'epoch.parquet');
    await writeEventsParquet(file, [b]);
    const back = await readEventsParquetBatch(file);
    expect(rowsOf(back)).toEqual(rowsOf(b));
    expect(back.originNs + BigInt(back.exchTs[0])).toBe(epoch);
    expect(back.instruments).toEqual([btc, lobsterInstrument('MSFT')]);
  });

  it('stores a missing exchange time (NaN: the venue sent none) as NULL and reads it back as NaN', async () => {
    const origin = utcMidnightOfNs(1723161253937085768n);
    const b = new EventBatch(2, origin, [btc]);
    b.push(NaN, 5_000, EventType.BestQuote, Side.Buy, 6_123_400, 10, 0, 77);
    b.push(4_000, 5_001, EventType.Trade, Side.Sell, 6_123_400, 3, 12, 78);
    const file = join(dir, 'no-exch.parquet');
    await writeEventsParquet(file, [b]);
    const back = await readEventsParquetBatch(file);
    expect(Number.isNaN(back.exchTs[0])).toBe(true);
    expect(back.exchTs[1]).toBe(4_000);
    expect(back.localTs[0]).toBe(5_000);
    const { connection, close } = await openDuckDB();
    const r = await connection.runAndReadAll(`SELECT count(*) - count(exch_ts) FROM '${file}'`);
    close();
    expect(Number(r.getRows()[0][0])).toBe(1);
  });

  it('streams many batches in (async, different origins and instrument lists) and back out in batches', async () => {
    const day1 = utcMidnightNs('2024-08-08');
    const day2 = utcMidnightNs('2024-08-09');
    async function* source(): AsyncGenerator<EventBatch> {
      for (let k = 0; k < 5; k++) {
        const origin = k < 3 ? day1 : day2;
        // Instrument lists differ between batches: indices must be remapped, not copied.
        const b = new EventBatch(1000, origin, k % 2 ? [btc] : [lobsterInstrument('GOOG'), btc]);
        for (let i = 0; i < 1000; i++) {
          const t = 3_600e9 * (k + 1) + i * 1_001;
          b.push(t, t + 5, 1 + (i % 12), i % 2 ? 1 : -1, 1000 + i, 1 + i, k * 1000 + i, k * 1000 + i, 1, i % b.instruments.length);
        }
        yield b;
      }
    }
    const expected: unknown[][] = [];
    for await (const b of source()) expected.push(...rowsOf(b));
    const file = join(dir, 'stream.parquet');
    const progress: number[] = [];
    const w = await writeEventsParquet(file, source(), { onProgress: (r) => progress.push(r) });
    expect(w.rows).toBe(5000);
    expect(progress).toEqual([1000, 2000, 3000, 4000, 5000]);
    const batches = await readAll(file, 1024);
    expect(batches.map((b) => b.length)).toEqual([1024, 1024, 1024, 1024, 904]);
    expect(batches.every((b) => b.originNs === day1)).toBe(true);
    expect(batches.flatMap(rowsOf)).toEqual(expected);
    expect(rowsOf(concatBatches(batches))).toEqual(expected);
  });

  it('writes an empty stream as a valid file with zero rows', async () => {
    const file = join(dir, 'empty.parquet');
    const w = await writeEventsParquet(file, []);
    expect(w.rows).toBe(0);
    expect(await readAll(file)).toEqual([]);
    expect((await readEventsParquetBatch(file)).length).toBe(0);
  });

  it('round-trips any exact batch (property)', async () => {
    const row = fc.record({
      exch: fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
      local: fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
      type: fc.integer({ min: 0, max: 255 }),
      side: fc.constantFrom(-1, 0, 1),
      flags: fc.integer({ min: 0, max: 255 }),
      instrument: fc.integer({ min: 0, max: 1 }),
      price: fc.maxSafeInteger(),
      size: fc.maxSafeInteger(),
      orderId: fc.maxSafeInteger(),
      seq: fc.maxSafeInteger(),
    });
    // Origins between 1970 and 2200: origin ± 2^53 ns stays inside TIMESTAMP_NS's range.
    const origin = fc.bigInt({ min: 10n ** 16n, max: 7n * 10n ** 18n });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(origin, fc.array(row, { minLength: 1, maxLength: 200 }), async (originNs, rows) => {
        const b = new EventBatch(rows.length, originNs, [btc, lobsterInstrument('X')]);
        for (const r of rows) b.push(r.exch, r.local, r.type, r.side, r.price, r.size, r.orderId, r.seq, r.flags, r.instrument);
        const file = join(dir, `prop-${run++}.parquet`);
        await writeEventsParquet(file, [b]);
        const back = await readEventsParquetBatch(file);
        expect(back.originNs).toBe(originNs);
        for (const c of columns) expect(Array.from(back[c].subarray(0, back.length))).toEqual(Array.from(b[c].subarray(0, b.length)));
        await rm(file);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the file in plain SQL', () => {
  it('shows exact ns, type counts and names, decimal prices and the metadata', async () => {
    const batch = lobsterDay();
    const extra = new EventBatch(3, batch.originNs, batch.instruments);
    const t = parseSecondsToNs('57599.999999999');
    for (let i = 0; i < 3; i++) extra.push(t, t, EventType.Add, Side.Buy, 5_859_500, 10, 100 + i, 100 + i);
    const file = join(dir, 'sql.parquet');
    await writeEventsParquet(file, [batch, extra]);
    const { connection, close } = await openDuckDB();
    try {
      const q = async (sql: string) => (await connection.runAndReadAll(sql)).getRowsJS();
      const src = `'${file}'`;
      expect(await q(`SELECT type, type_name, count(*)::INT FROM ${src} GROUP BY ALL ORDER BY type`)).toEqual(
        Object.entries(EventType).map(([name, code]) => [code, name, code === EventType.Add ? 4 : 1]),
      );
      expect(await q(`SELECT epoch_ns(min(exch_ts)), epoch_ns(max(exch_ts)), strftime(min(exch_ts), '%H:%M:%S.%n') FROM ${src}`)).toEqual([
        [1340271000015105074n, 1340294399999999999n, '09:30:00.015105074'],
      ]);
      expect(await q(`SELECT price / price_scale, size / size_scale, symbol, venue FROM ${src} WHERE type = 1 ORDER BY seq LIMIT 1`)).toEqual([
        [585.94, 100, 'AAPL', 'NASDAQ'],
      ]);
      expect(await q(`SELECT max(order_id), min(side), max(side) FROM ${src}`)).toEqual([[2n ** 53n - 1n, -1, 1]]);
      const meta = Object.fromEntries(
        (await q(`SELECT decode(key), decode(value) FROM parquet_kv_metadata(${src})`)) as [string, string][],
      );
      expect(meta['tachyon.origin_ns']).toBe(String(utcMidnightNs('2012-06-21')));
      expect(JSON.parse(meta['tachyon.instruments'])).toEqual([lobsterInstrument('AAPL')]);
      expect(JSON.parse(meta['tachyon.event_types'])['4']).toBe('ExecuteVisible');
      const types = await q(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${src})`);
      expect(Object.fromEntries(types as [string, string][])).toMatchObject({
        exch_ts: 'TIMESTAMP_NS',
        type: 'UTINYINT',
        side: 'TINYINT',
        price: 'BIGINT',
        order_id: 'BIGINT',
        symbol: 'VARCHAR',
      });
      // A file rewritten by SQL loses the key-value metadata; the columns alone still read back exactly.
      const rewritten = join(dir, 'rewritten.parquet');
      await connection.run(`COPY (SELECT * FROM ${src}) TO '${rewritten}' (FORMAT parquet)`);
      const back = await readEventsParquetBatch(rewritten);
      expect(back.originNs).toBe(utcMidnightNs('2012-06-21'));
      expect(rowsOf(back)).toEqual([...rowsOf(batch), ...rowsOf(extra)]);
    } finally {
      close();
    }
  });

  it('reports rows, origin and instruments without reading the rows', async () => {
    const file = join(dir, 'info.parquet');
    await writeEventsParquet(file, [lobsterDay()]);
    expect(await readEventsParquetInfo(file)).toEqual({
      rows: Object.keys(EventType).length,
      originNs: utcMidnightNs('2012-06-21'),
      instruments: [lobsterInstrument('AAPL')],
    });
  });
});

describe('event store errors', () => {
  const one = () => {
    const b = new EventBatch(1, 0n, [btc]);
    b.push(1, 1, EventType.Add, Side.Buy, 100, 1, 1, 1);
    return b;
  };

  it('names a missing directory, a directory target, a missing file and a non-Parquet file', async () => {
    await expect(writeEventsParquet(join(dir, 'no/such/dir/x.parquet'), [one()])).rejects.toThrow(
      /no[/]such[/]dir[/]x\.parquet: cannot write: directory .* does not exist/,
    );
    await expect(writeEventsParquet(dir, [one()])).rejects.toThrow(/cannot write: it is a directory/);
    await expect(readAll(join(dir, 'missing.parquet'))).rejects.toThrow(/missing\.parquet: cannot read: no such file/);
    const text = join(dir, 'text.parquet');
    await writeFile(text, 'not parquet at all\n');
    await expect(readAll(text)).rejects.toThrow(EventStoreError);
    await expect(readAll(text)).rejects.toThrow(/text\.parquet: cannot read: not a Parquet file/);
  });

  it('refuses a Parquet file without the event columns', async () => {
    const file = join(dir, 'other.parquet');
    const { connection, close } = await openDuckDB();
    await connection.run(`COPY (SELECT 1 AS a) TO '${file}' (FORMAT parquet)`);
    close();
    await expect(readAll(file)).rejects.toThrow(/other\.parquet: not an event-store file: missing column\(s\) exch_ts, local_ts/);
  });

  it('refuses inexact values with batch, row and field, and leaves no file behind', async () => {
    const b = one();
    b.push(2, 2, EventType.Add, Side.Buy, 100.5, 1, 1, 2);
    const file = join(dir, 'inexact.parquet');
    await expect(writeEventsParquet(file, [one(), b])).rejects.toThrow(/inexact\.parquet: batch 1, row 1: field "price": 100.5 is not an integer/);
    const big = one();
    big.exchTs[0] = 2 ** 53;
    await expect(writeEventsParquet(file, [big])).rejects.toThrow(/batch 0, row 0: field "exchTs"/);
    const far = new EventBatch(1, 2n ** 60n, [btc]);
    far.push(0, 0, 1, 1, 1, 1, 1, 1);
    await expect(writeEventsParquet(file, [one(), far])).rejects.toThrow(/batch 1: originNs .* more than 2\^53 ns/);
    await expect(readAll(file)).rejects.toThrow(/no such file/);
  });

  it('refuses an instrument defined twice with different scales', async () => {
    const a = one();
    const b = new EventBatch(1, 0n, [{ ...btc, priceScale: 10 }]);
    b.push(1, 1, 1, 1, 1, 1, 1, 1);
    await expect(writeEventsParquet(join(dir, 'twice.parquet'), [a, b])).rejects.toThrow(/BINANCE:BTCUSDT is defined twice/);
  });

  it('refuses nulls and values beyond 2^53 in a file, naming row and field', async () => {
    const good = join(dir, 'good.parquet');
    await writeEventsParquet(good, [lobsterDay()]);
    const { connection, close } = await openDuckDB();
    const nulls = join(dir, 'nulls.parquet');
    const huge = join(dir, 'huge.parquet');
    await connection.run(
      `COPY (SELECT * REPLACE (CASE WHEN seq = 3 THEN NULL ELSE price END AS price) FROM '${good}') TO '${nulls}' (FORMAT parquet)`,
    );
    await connection.run(
      `COPY (SELECT * REPLACE (CASE WHEN seq = 2 THEN 9007199254740993 ELSE order_id END AS order_id) FROM '${good}') TO '${huge}' (FORMAT parquet)`,
    );
    close();
    await expect(readAll(nulls)).rejects.toThrow(/nulls\.parquet: row 3: field "price": null is null or not within ±2\^53/);
    await expect(readAll(huge)).rejects.toThrow(/huge\.parquet: row 2: field "order_id": 9007199254740993/);
  });
});
