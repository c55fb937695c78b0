import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import duckdb from '@duckdb/node-bindings';
import { DOUBLE, DuckDBDataChunk, DuckDBVector, UTINYINT, type DuckDBType } from '@duckdb/node-api';
import { openDuckDB } from './duckdb.ts';
import { duckdbMessage, EventStoreError } from './EventStoreError.ts';
import { sqlString } from './schema.ts';

/** One column of a table to write: doubles (features), exact integers (times, ids) or small codes (labels). */
export interface ParquetColumn {
  readonly name: string;
  /** timestamp_ns: values are exact ns offsets from `originNs`, stored as epoch-ns timestamps. */
  readonly kind: 'double' | 'int64' | 'uint8' | 'timestamp_ns';
  /** int64 and timestamp_ns values must be integers within ±2^53 (exact in a double). */
  readonly values: Float64Array | Uint8Array;
  readonly originNs?: bigint;
}

const DUCK_TYPE: Record<ParquetColumn['kind'], DuckDBType> = { double: DOUBLE, int64: DOUBLE, uint8: UTINYINT, timestamp_ns: DOUBLE };
const BYTES: Record<ParquetColumn['kind'], number> = { double: 8, int64: 8, uint8: 1, timestamp_ns: 8 };
const SQL_TYPE: Record<ParquetColumn['kind'], string> = { double: 'DOUBLE', int64: 'DOUBLE', uint8: 'UTINYINT', timestamp_ns: 'DOUBLE' };

/**
 * Writes equal-length typed-array columns to one Parquet file (zstd), with string key-value metadata:
 * the dataset format (features + labels) that DuckDB, pandas and polars read as they are. NaN doubles
 * stay NaN. Written aside and renamed into place, so a failure never leaves a partial file.
 */
export async function writeColumnsParquet(path: string, columns: readonly ParquetColumn[], metadata: Record<string, string> = {}): Promise<{ rows: number; bytes: number }> {
  const file = resolve(path);
  if (columns.length === 0) throw new EventStoreError(file, 'cannot write a table without columns');
  const rows = columns[0].values.length;
  const names = new Set<string>();
  for (const c of columns) {
    if (c.values.length !== rows) throw new EventStoreError(file, `column "${c.name}" has ${c.values.length} rows, "${columns[0].name}" has ${rows}`);
    if (names.has(c.name)) throw new EventStoreError(file, `column "${c.name}" appears twice`);
    names.add(c.name);
    if (c.kind === 'int64' || c.kind === 'timestamp_ns') {
      for (let i = 0; i < rows; i++) {
        if (!Number.isSafeInteger(c.values[i])) throw new EventStoreError(file, `row ${i + 1}: column "${c.name}": ${c.values[i]} is not an integer within ±2^53`);
      }
    }
  }
  const dir = dirname(file);
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) throw new EventStoreError(file, `cannot write: directory ${dir} does not exist`);

  const session = await openDuckDB();
  const partial = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  try {
    const conn = session.connection;
    const ident = (n: string): string => `"${n.replaceAll('"', '""')}"`;
    await conn.run(`CREATE TABLE stage (${columns.map((c) => `${ident(c.name)} ${SQL_TYPE[c.kind]}`).join(', ')})`);
    const appender = await conn.createAppender('stage');
    const types = columns.map((c) => DUCK_TYPE[c.kind]);
    const chunk = DuckDBDataChunk.create(types);
    const capacity = DuckDBVector.standardSize();
    for (let start = 0; start < rows; start += capacity) {
      const n = Math.min(capacity, rows - start);
      chunk.rowCount = n;
      for (let c = 0; c < columns.length; c++) {
        // One memcpy per column and chunk straight from the typed array (setItem per value costs ~10×).
        // The chunk's validity stays all-valid: NaN is a value, not a NULL.
        const values = columns[c].values;
        const bytes = BYTES[columns[c].kind];
        duckdb.copy_data_to_vector(duckdb.data_chunk_get_vector(chunk.chunk, c), 0, values.buffer as ArrayBuffer, values.byteOffset + start * bytes, n * bytes);
      }
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    // Integers travel as exact doubles and become BIGINT / epoch-ns timestamps inside DuckDB (no BigInt per value).
    const select = columns
      .map((c) => {
        const n = ident(c.name);
        if (c.kind === 'int64') return `${n}::BIGINT AS ${n}`;
        if (c.kind === 'timestamp_ns') return `make_timestamp_ns(${c.originNs ?? 0n}::BIGINT + ${n}::BIGINT) AS ${n}`;
        return n;
      })
      .join(', ');
    const kv = Object.entries(metadata).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(', ');
    try {
      await conn.run(`COPY (SELECT ${select} FROM stage) TO ${sqlString(partial)} (FORMAT parquet, COMPRESSION zstd${kv ? `, KV_METADATA {${kv}}` : ''})`);
    } catch (e) {
      throw new EventStoreError(file, `cannot write Parquet: ${duckdbMessage(e)}`, { cause: e });
    }
    await rename(partial, file);
    const { size } = await stat(file);
    return { rows, bytes: size };
  } finally {
    session.close();
    await rm(partial, { force: true });
  }
}
