import { EVENT_TYPE_NAMES } from '../EventType.ts';

/**
 * The Parquet layout of the event store, readable without Tachyon (pandas, polars, DuckDB, Spark).
 * One row per event, in stream order:
 *
 * | column      | Parquet type                  | meaning                                                     |
 * |-------------|-------------------------------|-------------------------------------------------------------|
 * | exch_ts     | INT64 TIMESTAMP(NANOS, UTC*)  | exchange time, exact epoch ns; null when the venue sent none |
 * | local_ts    | INT64 TIMESTAMP(NANOS, UTC*)  | local (receive) time, exact epoch nanoseconds               |
 * | type        | INT32 UINT_8                  | EventType code (src/data/EventType.ts)                      |
 * | type_name   | BYTE_ARRAY UTF8               | EventType name ("Add", "Reduce", …; null for unknown codes) |
 * | side        | INT32 INT_8                   | 1 buy/bid, -1 sell/ask, 0 none                              |
 * | symbol      | BYTE_ARRAY UTF8               | instrument symbol                                           |
 * | venue       | BYTE_ARRAY UTF8               | instrument venue                                            |
 * | price       | INT64                         | integer price units: decimal price = price / price_scale    |
 * | size        | INT64                         | integer size units: decimal size = size / size_scale        |
 * | order_id    | INT64                         | venue order id (0 when none)                                |
 * | seq         | INT64                         | venue sequence number (LOBSTER: message-file line)          |
 * | flags       | INT32 UINT_8                  | EventFlag bits: 1 end of message, 2 snapshot                |
 * | price_scale | INT64                         | price units per currency unit (LOBSTER 10000)               |
 * | tick_size   | INT64                         | minimum quote increment, in price units                     |
 * | size_scale  | INT64                         | size units per base-asset unit                              |
 * | lot_size    | INT64                         | minimum size increment, in size units                       |
 *
 * (*) Written as DuckDB TIMESTAMP_NS, i.e. isAdjustedToUTC=false: the values are UTC instants, stored
 * naive. `epoch_ns(exch_ts)` in DuckDB, `.astype('int64')` in pandas give the exact integers.
 * The per-row instrument columns cost almost nothing after dictionary/RLE encoding, and keep the file
 * self-describing after a user rewrites it with SQL (which drops key-value metadata).
 *
 * Key-value metadata (informative; the columns alone suffice to read the file back):
 * - `tachyon.schema`: SCHEMA_VERSION
 * - `tachyon.origin_ns`: the originNs of the first batch written, as a decimal string
 * - `tachyon.instruments`: JSON array of the Instrument objects, in first-seen order
 * - `tachyon.event_types`: JSON object of type code → name (the code table behind `type_name`)
 */
export const SCHEMA_VERSION = '1';

export const META_SCHEMA = 'tachyon.schema';
export const META_ORIGIN_NS = 'tachyon.origin_ns';
export const META_INSTRUMENTS = 'tachyon.instruments';
export const META_EVENT_TYPES = 'tachyon.event_types';

/** Columns readEventsParquet needs; the others (type_name) are for humans. */
export const REQUIRED_COLUMNS = [
  'exch_ts',
  'local_ts',
  'type',
  'side',
  'symbol',
  'venue',
  'price',
  'size',
  'order_id',
  'seq',
  'flags',
  'price_scale',
  'tick_size',
  'size_scale',
  'lot_size',
] as const;

/** The event type code table as stored in `tachyon.event_types`. */
export function eventTypeTable(): Record<string, string> {
  return Object.fromEntries(Object.entries(EVENT_TYPE_NAMES).sort((a, b) => Number(a[0]) - Number(b[0])));
}

/** Quotes a string as a SQL literal ('' doubles a quote): paths and symbols go into SQL this way. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Largest magnitude a double holds exactly as an integer (2^53 - 1). */
export const MAX_EXACT = Number.MAX_SAFE_INTEGER;
