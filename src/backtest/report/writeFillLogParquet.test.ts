import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newYorkMidnightNs, parseSecondsToNs } from '../../core/time.ts';
import { openDuckDB } from '../../data/store/duckdb.ts';
import { EventStoreError } from '../../data/store/EventStoreError.ts';
import { sqlString } from '../../data/store/schema.ts';
import type { FillLog } from '../BacktestResult.ts';
import { FILL_LOG_COLUMNS, writeFillLogParquet } from './writeFillLogParquet.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tachyon-fills-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Row {
  exch: string;
  local: string;
  orderId: number;
  side: 1 | -1;
  price: number;
  qty: number;
  fee: number;
  liquidity: 0 | 1;
  position: number;
  cash: number;
  mid: number;
}

/** A FillLog whose arrays are longer than `length` (capacity past the end must not be written). */
function fillLog(rows: Row[], capacity = rows.length + 3): FillLog {
  const f64 = (): Float64Array => new Float64Array(capacity).fill(-999);
  const log = {
    length: rows.length,
    exchNs: f64(),
    localNs: f64(),
    orderId: f64(),
    side: new Int8Array(capacity),
    price: f64(),
    qty: f64(),
    fee: f64(),
    liquidity: new Uint8Array(capacity).fill(7),
    positionAfter: f64(),
    cashAfter: f64(),
    midAtFill: f64(),
  };
  rows.forEach((r, i) => {
    log.exchNs[i] = parseSecondsToNs(r.exch);
    log.localNs[i] = parseSecondsToNs(r.local);
    log.orderId[i] = r.orderId;
    log.side[i] = r.side;
    log.price[i] = r.price;
    log.qty[i] = r.qty;
    log.fee[i] = r.fee;
    log.liquidity[i] = r.liquidity;
    log.positionAfter[i] = r.position;
    log.cashAfter[i] = r.cash;
    log.midAtFill[i] = r.mid;
  });
  return log;
}

const rows: Row[] = [
  { exch: '34200.015105074', local: '34200.015155075', orderId: 1, side: 1, price: 585.94, qty: 100, fee: -0.2, liquidity: 0, position: 100, cash: -58_593.8, mid: 585.945 },
  { exch: '34201.000000001', local: '34201.000031999', orderId: 2 ** 53 - 1, side: -1, price: 586.01, qty: 50, fee: 0.15, liquidity: 1, position: 50, cash: -29_298.45, mid: 586.015 },
  { exch: '57599.999999999', local: '57600.000000123', orderId: 3, side: -1, price: 586.5, qty: 50, fee: 0.15, liquidity: 1, position: 0, cash: -4.95, mid: NaN },
];

describe('writeFillLogParquet', () => {
  it('writes every fill with exact epoch-ns times, values, codes and metadata that DuckDB reads back', async () => {
    const originNs = newYorkMidnightNs('2012-06-21');
    const fills = fillLog(rows);
    const file = join(dir, 'fills.parquet');
    const config = { policy: 'logreg "ofi"', latencyUs: 50, fees: "maker -0.002/taker 0.003 ('nasdaq')" };
    const w = await writeFillLogParquet(file, { fills, originNs, symbol: 'AAPL', config });
    expect(w.rows).toBe(3);
    expect(w.bytes).toBeGreaterThan(0);

    const { connection, close } = await openDuckDB();
    try {
      const src = `read_parquet(${sqlString(file)})`;
      const q = async (sql: string): Promise<unknown[][]> => (await connection.runAndReadAll(sql)).getRowsJS() as unknown[][];
      const described = await q(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${src})`);
      expect(described).toEqual([
        ['exch_ts', 'TIMESTAMP_NS'],
        ['local_ts', 'TIMESTAMP_NS'],
        ['order_id', 'BIGINT'],
        ['side', 'BIGINT'],
        ['price', 'DOUBLE'],
        ['qty', 'DOUBLE'],
        ['fee', 'DOUBLE'],
        ['liquidity', 'UTINYINT'],
        ['position_after', 'DOUBLE'],
        ['cash_after', 'DOUBLE'],
        ['mid_at_fill', 'DOUBLE'],
      ]);
      expect(described.map((r) => r[0])).toEqual([...FILL_LOG_COLUMNS]);

      const back = await q(
        `SELECT epoch_ns(exch_ts), epoch_ns(local_ts), order_id, side, price, qty, fee, liquidity, position_after, cash_after, mid_at_fill FROM ${src}`,
      );
      expect(back).toHaveLength(3);
      rows.forEach((r, i) => {
        const b = back[i];
        expect(b[0]).toBe(originNs + BigInt(parseSecondsToNs(r.exch)));
        expect(b[1]).toBe(originNs + BigInt(parseSecondsToNs(r.local)));
        expect(b[2]).toBe(BigInt(r.orderId));
        expect(b[3]).toBe(BigInt(r.side));
        expect(b.slice(4, 7)).toEqual([r.price, r.qty, r.fee]);
        expect(b[7]).toBe(r.liquidity);
        expect(b[8]).toBe(r.position);
        expect(b[9]).toBe(r.cash);
        if (Number.isNaN(r.mid)) expect(Number.isNaN(b[10])).toBe(true);
        else expect(b[10]).toBe(r.mid);
      });
      // The first fill is at 09:30:00.015105074 New York time (EDT), i.e. 13:30 UTC: exact to the ns.
      expect(await q(`SELECT strftime(exch_ts, '%H:%M:%S.%n') FROM ${src} LIMIT 1`)).toEqual([['13:30:00.015105074']]);

      const meta = Object.fromEntries((await q(`SELECT decode(key), decode(value) FROM parquet_kv_metadata(${sqlString(file)})`)) as [string, string][]);
      expect(meta.symbol).toBe('AAPL');
      expect(JSON.parse(meta.config)).toEqual(config);
      expect(JSON.parse(meta['tachyon.fills'])).toEqual({
        schema: '1',
        originNs: originNs.toString(),
        liquidity: { 0: 'maker', 1: 'taker' },
        side: { '1': 'buy', '-1': 'sell' },
      });
    } finally {
      close();
    }
  });

  it('writes an empty log as a file with the columns and no rows', async () => {
    const file = join(dir, 'empty.parquet');
    const w = await writeFillLogParquet(file, { fills: fillLog([], 4), originNs: 0n, symbol: 'X', config: {} });
    expect(w.rows).toBe(0);
    const { connection, close } = await openDuckDB();
    try {
      const r = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet(${sqlString(file)})`);
      expect(Number(r.getRows()[0][0])).toBe(0);
    } finally {
      close();
    }
  });

  it('refuses a time that is not an integer ns, naming row and column', async () => {
    const fills = fillLog(rows);
    fills.localNs[1] = 1.5;
    const file = join(dir, 'bad.parquet');
    const p = writeFillLogParquet(file, { fills, originNs: 0n, symbol: 'X', config: {} });
    await expect(p).rejects.toThrow(EventStoreError);
    await expect(p).rejects.toThrow(/row 2: column "local_ts"/);
  });
});
