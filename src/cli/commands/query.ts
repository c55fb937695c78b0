import { DuckDBTypeId, type DuckDBType, type Json } from '@duckdb/node-api';
import { openDuckDB } from '../../data/store/duckdb.ts';
import { duckdbMessage } from '../../data/store/EventStoreError.ts';
import { intOption, parseCommandArgs } from '../args.ts';
import { UsageError, type Command, type CommandIo } from '../Command.ts';

const WIDE_INTEGERS = new Set<DuckDBTypeId>([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);
const NUMERIC = new Set<DuckDBTypeId>([
  ...WIDE_INTEGERS,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);
const DEFAULT_TABLE_ROWS = 1000;

export interface QueryResult {
  columns: string[];
  rows: Json[][];
  /** Per column: a numeric SQL type (printed right-aligned). */
  numeric: boolean[];
  /** More rows existed than `maxRows`. */
  truncated: boolean;
}

/**
 * Runs SQL (one or more statements; the last one's rows are returned) in a fresh in-memory DuckDB.
 * Values are JSON-safe: 64/128-bit integers become numbers when within ±(2^53-1) and decimal strings
 * beyond (so epoch-ns timestamps as BIGINT are strings, counts are numbers); DECIMAL, dates, times and
 * timestamps are DuckDB's text form (TIMESTAMP_NS keeps all 9 decimals); NaN and ±Infinity are strings.
 */
export async function runQuery(sql: string, maxRows = Infinity): Promise<QueryResult> {
  const session = await openDuckDB();
  try {
    const reader = await session.connection.streamAndReadUntil(sql, maxRows === Infinity ? Number.MAX_SAFE_INTEGER : maxRows + 1);
    const types = reader.columnTypes();
    const all = reader.getRowsJson();
    const truncated = all.length > maxRows;
    const rows = (truncated ? all.slice(0, maxRows) : all).map((row) => row.map((v, c) => narrow(v, types[c])));
    return { columns: reader.deduplicatedColumnNames(), rows, numeric: types.map((t) => NUMERIC.has(t.typeId)), truncated };
  } finally {
    session.close();
  }
}

function narrow(value: Json, type: DuckDBType): Json {
  if (typeof value === 'string' && WIDE_INTEGERS.has(type.typeId)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  return value;
}

function cell(value: Json): string {
  if (value === null) return 'NULL';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Aligned text table: numbers right-aligned, everything else left-aligned. */
export function formatTable(columns: readonly string[], rows: readonly Json[][], numeric: readonly boolean[]): string[] {
  const text = rows.map((r) => r.map(cell));
  const widths = columns.map((name, c) => Math.max(name.length, ...text.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells.map((s, c) => (numeric[c] ? s.padStart(widths[c]) : s.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)];
}

export const queryCommand: Command = {
  path: ['query'],
  summary: 'run SQL (DuckDB) over Parquet/CSV files, e.g. the event store',
  help: [
    'usage: tachyon query "<sql>" [--json] [--max-rows N]',
    '',
    'Runs SQL in a fresh in-memory DuckDB; query files by naming them in the SQL. Several statements',
    'separated by ";" run in order and the last one\'s rows are printed.',
    '',
    'options:',
    `  --max-rows N  print at most N rows (default ${DEFAULT_TABLE_ROWS} for the table, all with --json)`,
    '  --json        print one JSON object as the last line: {"columns":[...],"rows":[[...],...]}',
    '                (64/128-bit integers are numbers when within ±(2^53-1), decimal strings beyond;',
    '                 DECIMAL, dates and timestamps are strings; TIMESTAMP_NS keeps all 9 decimals)',
    '',
    'event-store columns: exch_ts, local_ts (TIMESTAMP_NS; epoch_ns(exch_ts) for exact integer ns), type,',
    '  type_name, side, symbol, venue, price, size, order_id, seq, flags, price_scale, tick_size,',
    '  size_scale, lot_size (decimal price = price / price_scale)',
    '',
    'examples:',
    `  tachyon query "SELECT type_name, count(*) FROM 'out/day.parquet' GROUP BY 1 ORDER BY 2 DESC"`,
    `  tachyon query "SELECT epoch_ns(min(exch_ts)) AS first_ns FROM 'out/day.parquet'" --json`,
  ].join('\n'),

  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      args,
      { json: { type: 'boolean', default: false }, 'max-rows': { type: 'string' } },
      true,
    );
    // Joined, so an unquoted `tachyon query select 42` works too.
    const sql = positionals.join(' ').trim();
    if (sql === '') throw new UsageError('missing SQL');
    const maxRows = intOption(values['max-rows'], 'max-rows', values.json ? Infinity : DEFAULT_TABLE_ROWS);
    if (maxRows < 0) throw new UsageError('--max-rows must not be negative');

    let result: QueryResult;
    try {
      result = await runQuery(sql, maxRows);
    } catch (e) {
      io.err(`tachyon query: ${duckdbMessage(e).replace(/^Failed to extract statements: /, '')}`);
      return 1;
    }
    if (values.json) {
      io.out(JSON.stringify({ columns: result.columns, rows: result.rows }));
      return 0;
    }
    for (const line of formatTable(result.columns, result.rows, result.numeric)) io.out(line);
    const n = result.rows.length;
    io.out(result.truncated ? `(first ${n} rows; --max-rows to see more)` : `(${n} row${n === 1 ? '' : 's'})`);
    return 0;
  },
};
