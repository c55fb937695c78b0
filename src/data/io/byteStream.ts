import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/** Chunk size for file reads: large enough that per-chunk overhead vanishes, small enough to stay in cache. */
export const READ_CHUNK_BYTES = 1 << 20;

/** True when the file starts with the gzip magic bytes (so `.gz` need not be in the name). */
export function isGzipFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const n = readSync(fd, head, 0, 2, 0);
    return n === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's bytes as a stream of chunks, gunzipped when compressed. Memory stays constant in file size:
 * readers parse each chunk and let it go.
 */
export function openByteStream(path: string, chunkBytes = READ_CHUNK_BYTES): Readable {
  statSync(path); // fail early, with the path in the message, if it does not exist
  const raw = createReadStream(path, { highWaterMark: chunkBytes });
  if (!isGzipFile(path)) return raw;
  const gunzip = createGunzip({ chunkSize: chunkBytes });
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}
