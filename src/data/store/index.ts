/** The event store: EventBatch streams as Parquet files, through DuckDB (schema in schema.ts). */
export {
  writeEventsParquet,
  DEFAULT_ROW_GROUP_SIZE,
  type WriteEventsOptions,
  type WriteEventsResult,
  type ParquetCompression,
} from './writeEventsParquet.ts';
export {
  readEventsParquet,
  readEventsParquetBatch,
  readEventsParquetInfo,
  DEFAULT_READ_BATCH_SIZE,
  type ReadEventsOptions,
  type EventsParquetInfo,
} from './readEventsParquet.ts';
export { EventStoreError } from './EventStoreError.ts';
export { openDuckDB, type DuckDBSession, type DuckDBSessionOptions } from './duckdb.ts';
export {
  SCHEMA_VERSION,
  META_SCHEMA,
  META_ORIGIN_NS,
  META_INSTRUMENTS,
  META_EVENT_TYPES,
  REQUIRED_COLUMNS,
  eventTypeTable,
} from './schema.ts';
