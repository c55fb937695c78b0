import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** An in-memory DuckDB with one connection; `close` releases both (idempotent). */
export interface DuckDBSession {
  readonly connection: DuckDBConnection;
  close(): void;
}

export interface DuckDBSessionOptions {
  /** DuckDB memory_limit, e.g. "2GB"; beyond it DuckDB spills to `tempDirectory`. */
  memoryLimit?: string;
  /** Where DuckDB spills; the default is the OS temp directory rather than DuckDB's "./.tmp" in the cwd. */
  tempDirectory?: string;
}

/**
 * Opens a private in-memory DuckDB. Each call gets its own instance, so concurrent readers, writers and
 * `tachyon query` never share state or settings.
 */
export async function openDuckDB(options: DuckDBSessionOptions = {}): Promise<DuckDBSession> {
  const config: Record<string, string> = { temp_directory: options.tempDirectory ?? join(tmpdir(), 'tachyon-duckdb') };
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  let open = true;
  return {
    connection,
    close() {
      if (!open) return;
      open = false;
      connection.closeSync();
      instance.closeSync();
    },
  };
}
