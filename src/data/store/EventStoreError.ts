/**
 * A failure reading or writing the event store, naming the file and, where one is known, the row and
 * field, so that the CLI can print it as one clear line.
 */
export class EventStoreError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${detail}`, options);
    this.name = 'EventStoreError';
  }
}

/** The first line of a DuckDB error message (later lines repeat the SQL with a caret). */
export function duckdbMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0].trim();
}
