import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { utcMidnightOfNs } from '../../core/time.ts';
import { EventBatch } from '../EventBatch.ts';
import type { Instrument } from '../Instrument.ts';
import { openDuckDB } from './duckdb.ts';
import { duckdbMessage, EventStoreError } from './EventStoreError.ts';
import { MAX_EXACT, META_INSTRUMENTS, META_ORIGIN_NS, REQUIRED_COLUMNS, sqlString } from './schema.ts';

export interface ReadEventsOptions {
  /** Rows per yielded batch (default 65536); the last batch may be shorter. */
  batchSize?: number;
  /**
   * originNs of the batches read. Default: `tachyon.origin_ns` from the file's metadata, else UTC
   * midnight of the earliest exch_ts. Every time must lie within ±2^53 ns (104 days) of it.
   */
  originNs?: bigint;
}

/** What a file holds, without reading its rows. */
export interface EventsParquetInfo {
  rows: number;
  originNs: bigint;
  instruments: Instrument[];
}

export const DEFAULT_READ_BATCH_SIZE = 65_536;

/**
 * Reads an event-store Parquet file (schema.ts) back as batches, in file order, reconstructing every
 * column exactly: DuckDB subtracts the origin in BIGINT and hands over integer-valued doubles, refusing
 * (with file, row and field) any value a double cannot hold exactly, and any null.
 * Works on files Tachyon did not write if they have the columns (metadata is optional).
 */
export async function* readEventsParquet(path: string, options: ReadEventsOptions = {}): AsyncGenerator<EventBatch> {
  const batchSize = options.batchSize ?? DEFAULT_READ_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`readEventsParquet: batchSize must be a positive integer, got ${batchSize}`);
  }
  yield* scan(path, options, batchSize);
}

/** Reads the whole file into one batch (for in-memory replays; memory grows with the file). */
export async function readEventsParquetBatch(path: string, options: Omit<ReadEventsOptions, 'batchSize'> = {}): Promise<EventBatch> {
  let out: EventBatch | undefined;
  // A growing batch: the reader sizes it from the file's row count, so it never reallocates.
  for await (const batch of scan(path, options, 'all')) out = batch;
  if (!out) throw new Error('unreachable: scan("all") always yields one batch');
  return out;
}

/** Row count, origin and instruments of a file. */
export async function readEventsParquetInfo(path: string, options: Pick<ReadEventsOptions, 'originNs'> = {}): Promise<EventsParquetInfo> {
  const file = await checkReadable(path);
  const session = await openDuckDB();
  try {
    const plan = await planScan(session.connection, file, options.originNs);
    return { rows: plan.rows, originNs: plan.originNs, instruments: plan.instruments };
  } finally {
    session.close();
  }
}

async function* scan(path: string, options: ReadEventsOptions, batchSize: number | 'all'): AsyncGenerator<EventBatch> {
  const file = await checkReadable(path);
  const session = await openDuckDB();
  try {
    const conn = session.connection;
    const plan = await planScan(conn, file, options.originNs);
    const capacity = batchSize === 'all' ? Math.max(1, plan.rows) : Math.max(1, Math.min(batchSize, plan.rows));
    const fresh = () => new EventBatch(capacity, plan.originNs, plan.instruments);
    const result = await wrap(file, () => conn.stream(plan.sql));
    let batch = fresh();
    let yielded = false;
    for (;;) {
      const chunk = await wrap(file, () => result.fetchChunk());
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const vExch = chunk.getColumnVector(0);
      const vLocal = chunk.getColumnVector(1);
      const vType = chunk.getColumnVector(2);
      const vSide = chunk.getColumnVector(3);
      const vFlags = chunk.getColumnVector(4);
      const vInst = chunk.getColumnVector(5);
      const vPrice = chunk.getColumnVector(6);
      const vSize = chunk.getColumnVector(7);
      const vOrder = chunk.getColumnVector(8);
      const vSeq = chunk.getColumnVector(9);
      let j = 0;
      while (j < n) {
        if (batch.full) {
          if (batchSize === 'all') {
            batch.grow(batch.capacity * 2); // only if the file grew since its row count was read
          } else {
            yield batch;
            yielded = true;
            batch = fresh();
          }
        }
        const take = Math.min(n - j, batch.capacity - batch.length);
        const { exchTs, localTs, type, side, flags, instrument, price, size, orderId, seq } = batch;
        // Values are non-null numbers: the SQL refuses nulls and casts every column (see planScan).
        for (let k = batch.length, end = batch.length + take; k < end; k++, j++) {
          exchTs[k] = vExch.getItem(j) as number;
          localTs[k] = vLocal.getItem(j) as number;
          type[k] = vType.getItem(j) as number;
          side[k] = vSide.getItem(j) as number;
          flags[k] = vFlags.getItem(j) as number;
          instrument[k] = vInst.getItem(j) as number;
          price[k] = vPrice.getItem(j) as number;
          size[k] = vSize.getItem(j) as number;
          orderId[k] = vOrder.getItem(j) as number;
          seq[k] = vSeq.getItem(j) as number;
        }
        batch.length += take;
      }
    }
    if (batch.length > 0 || (batchSize === 'all' && !yielded)) yield batch;
  } finally {
    session.close();
  }
}

async function checkReadable(path: string): Promise<string> {
  const file = resolve(path);
  const s = await stat(file).catch(() => undefined);
  if (!s) throw new EventStoreError(file, 'cannot read: no such file');
  if (!s.isFile()) throw new EventStoreError(file, 'cannot read: not a regular file');
  return file;
}

async function wrap<T>(file: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof EventStoreError) throw e;
    throw new EventStoreError(file, duckdbMessage(e).replace(/^Invalid Input Error: /, ''), { cause: e });
  }
}

interface ScanPlan {
  rows: number;
  originNs: bigint;
  instruments: Instrument[];
  sql: string;
}

/** Checks the columns, settles origin and instruments, and builds the SELECT that yields batch columns. */
async function planScan(conn: DuckDBConnection, file: string, originOption: bigint | undefined): Promise<ScanPlan> {
  const source = `read_parquet(${sqlString(file)}, file_row_number = true)`;
  const columns = await wrap(file, async () => {
    const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    return new Map(r.getRowObjectsJS().map((row) => [String(row.column_name), String(row.column_type)]));
  }).catch((e: unknown) => {
    throw e instanceof EventStoreError && /magic bytes|not a parquet|Parquet/i.test(e.detail)
      ? new EventStoreError(file, `cannot read: not a Parquet file (${e.detail})`, { cause: e })
      : e;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new EventStoreError(file, `not an event-store file: missing column(s) ${missing.join(', ')}`);
  }
  const meta = await wrap(file, async () => {
    const r = await conn.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${sqlString(file)})`);
    return new Map(r.getRowObjectsJS().map((row) => [String(row.k), String(row.v)]));
  });

  const tsExpr = (col: 'exch_ts' | 'local_ts'): string => {
    const type = columns.get(col) ?? '';
    if (type.startsWith('TIMESTAMP')) return `epoch_ns(${col})`;
    if (/INT/.test(type)) return `${col}::BIGINT`; // a user's file with plain integer epoch ns
    throw new EventStoreError(file, `column ${col} has type ${type}; expected TIMESTAMP_NS or integer epoch nanoseconds`);
  };

  const stats = await wrap(file, async () => {
    const r = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n, min(${tsExpr('exch_ts')})::BIGINT AS t0 FROM ${source}`);
    const row = r.getRowObjectsJS()[0];
    return { rows: Number(row.n as bigint), minNs: row.t0 as bigint | null };
  });

  let originNs = originOption;
  if (originNs === undefined && meta.has(META_ORIGIN_NS)) {
    const text = meta.get(META_ORIGIN_NS) as string;
    if (!/^-?\d+$/.test(text)) throw new EventStoreError(file, `metadata ${META_ORIGIN_NS} is not an integer: "${text}"`);
    originNs = BigInt(text);
  }
  originNs ??= stats.minNs === null ? 0n : utcMidnightOfNs(stats.minNs);

  const instruments = meta.has(META_INSTRUMENTS) ? parseInstruments(file, meta.get(META_INSTRUMENTS) as string) : [];
  if (instruments.length === 0 && stats.rows > 0) instruments.push(...(await distinctInstruments(conn, file, source)));
  if (instruments.length > 65_536) throw new EventStoreError(file, `${instruments.length} instruments; at most 65536 fit a batch`);

  const sql = scanSql(source, originNs, instruments, tsExpr);
  return { rows: stats.rows, originNs, instruments, sql };
}

function parseInstruments(file: string, json: string): Instrument[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new EventStoreError(file, `metadata ${META_INSTRUMENTS} is not JSON`);
  }
  if (!Array.isArray(parsed)) throw new EventStoreError(file, `metadata ${META_INSTRUMENTS} is not a JSON array`);
  return parsed.map((x: unknown, i) => {
    const o = x as Record<string, unknown>;
    const ok =
      typeof o === 'object' &&
      o !== null &&
      typeof o.symbol === 'string' &&
      typeof o.venue === 'string' &&
      ['priceScale', 'tickSize', 'sizeScale', 'lotSize'].every((f) => Number.isSafeInteger(o[f]));
    if (!ok) throw new EventStoreError(file, `metadata ${META_INSTRUMENTS}[${i}] is not an instrument: ${JSON.stringify(x)}`);
    return {
      symbol: o.symbol as string,
      venue: o.venue as string,
      priceScale: o.priceScale as number,
      tickSize: o.tickSize as number,
      sizeScale: o.sizeScale as number,
      lotSize: o.lotSize as number,
    };
  });
}

/** Instruments from the columns, for files whose metadata was dropped (e.g. rewritten by SQL). */
async function distinctInstruments(conn: DuckDBConnection, file: string, source: string): Promise<Instrument[]> {
  const rows = await wrap(file, async () => {
    const r = await conn.runAndReadAll(
      `SELECT DISTINCT symbol, venue, price_scale::BIGINT AS ps, tick_size::BIGINT AS ts, size_scale::BIGINT AS ss, lot_size::BIGINT AS ls
       FROM ${source} ORDER BY venue, symbol`,
    );
    return r.getRowObjectsJS();
  });
  const seen = new Set<string>();
  return rows.map((r) => {
    if (r.symbol === null || r.venue === null) throw new EventStoreError(file, 'column symbol or venue has nulls');
    const key = `${String(r.venue)}:${String(r.symbol)}`;
    if (seen.has(key)) throw new EventStoreError(file, `instrument ${key} has rows with different scales`);
    seen.add(key);
    const num = (v: unknown, field: string): number => {
      if (typeof v !== 'bigint' || v > BigInt(MAX_EXACT) || v < -BigInt(MAX_EXACT)) {
        throw new EventStoreError(file, `instrument ${key}: column ${field} is null or out of range`);
      }
      return Number(v);
    };
    return {
      symbol: String(r.symbol),
      venue: String(r.venue),
      priceScale: num(r.ps, 'price_scale'),
      tickSize: num(r.ts, 'tick_size'),
      sizeScale: num(r.ss, 'size_scale'),
      lotSize: num(r.ls, 'lot_size'),
    };
  });
}

/**
 * The scan: ten columns in EventBatch order, all checked inside DuckDB's vectorized execution, so the JS
 * loop only copies numbers. A failing check raises error() naming the 1-based row and the field.
 */
function scanSql(
  source: string,
  originNs: bigint,
  instruments: readonly Instrument[],
  tsExpr: (col: 'exch_ts' | 'local_ts') => string,
): string {
  const row = `'row ' || (file_row_number + 1) || ': field "`;
  const exact = (expr: string, field: string, limit: string): string =>
    `CASE WHEN (${expr}) BETWEEN -${MAX_EXACT} AND ${MAX_EXACT} THEN (${expr})::DOUBLE ` +
    `ELSE error(${row}${field}": ' || coalesce((${expr})::VARCHAR, 'null') || ' is ${limit}') END`;
  const time = (col: 'exch_ts' | 'local_ts'): string =>
    exact(`${tsExpr(col)} - ${originNs}`, col, `null or more than 2^53 ns from origin ${originNs}`);
  const int = (col: string): string => exact(col, col, 'null or not within ±2^53');
  const small = (col: string, type: string): string =>
    `CASE WHEN ${col} IS NOT NULL THEN ${col}::${type} ELSE error(${row}${col}": null') END`;

  const keys = instruments.map((i) => sqlString(`${i.venue}\u001f${i.symbol}`));
  const list = (f: (i: Instrument) => number): string => `[${instruments.map(f).join(', ')}]`;
  const inst =
    instruments.length === 0
      ? '0::USMALLINT'
      : `CASE WHEN inst IS NOT NULL AND price_scale = ${list((i) => i.priceScale)}[inst::INTEGER + 1] ` +
        `AND tick_size = ${list((i) => i.tickSize)}[inst::INTEGER + 1] AND size_scale = ${list((i) => i.sizeScale)}[inst::INTEGER + 1] ` +
        `AND lot_size = ${list((i) => i.lotSize)}[inst::INTEGER + 1] THEN inst::USMALLINT ` +
        `ELSE error(${row}symbol": ' || coalesce(venue || ':' || symbol, 'null') || ' is not an instrument of the file metadata, or its scales differ') END`;
  const instCode =
    instruments.length === 0
      ? 'NULL'
      : `enum_code(TRY_CAST(venue || chr(31) || symbol AS ENUM(${keys.join(', ')})))`;
  return `SELECT
      CASE WHEN exch_ts IS NULL THEN 'NaN'::DOUBLE ELSE ${time('exch_ts')} END,
      ${time('local_ts')},
      ${small('type', 'UTINYINT')},
      ${small('side', 'TINYINT')},
      ${small('flags', 'UTINYINT')},
      ${inst},
      ${int('price')},
      ${int('size')},
      ${int('order_id')},
      ${int('seq')}
    FROM (SELECT *, ${instCode} AS inst FROM ${source})`;
}
