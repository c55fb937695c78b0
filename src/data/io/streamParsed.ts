import { openByteStream } from './byteStream.ts';

/** A chunk-fed parser that queues its finished outputs in `ready`. */
export interface ChunkParser<T> {
  feed(chunk: Uint8Array): void;
  end(): void;
  readonly ready: T[];
}

/**
 * Streams a file (gunzipped if needed) through a chunk parser and yields its outputs as they fill, so
 * memory stays bounded by one read chunk plus the outputs the consumer still holds.
 */
export async function* streamParsed<T>(path: string, parser: ChunkParser<T>): AsyncGenerator<T> {
  for await (const chunk of openByteStream(path)) {
    parser.feed(chunk as Uint8Array);
    while (parser.ready.length > 0) yield parser.ready.shift() as T;
  }
  parser.end();
  while (parser.ready.length > 0) yield parser.ready.shift() as T;
}
