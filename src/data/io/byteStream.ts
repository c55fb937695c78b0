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
export function openByteStream(path: string): Readable {
  statSync(path); // fail early, with the path in the message, if it does not exist
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  if (!isGzipFile(path)) return raw;
  const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/**
 * Splits a chunk stream into complete lines for a byte-level parser: `onLines(buf, start, end)` is called
 * with a buffer whose [start, end) holds whole lines (each ending in \n, except possibly the file's last).
 * A partial trailing line is carried into the next chunk; only that carry is ever copied.
 */
export class LineChunker {
  private carry: Buffer | null = null;

  constructor(private readonly onLines: (buf: Uint8Array, start: number, end: number) => void) {}

  push(chunk: Uint8Array): void {
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const lastNl = buf.lastIndexOf(10);
    if (lastNl < 0) {
      this.carry = Buffer.from(buf);
      return;
    }
    if (lastNl + 1 < buf.length) this.carry = Buffer.from(buf.subarray(lastNl + 1));
    this.onLines(buf, 0, lastNl + 1);
  }

  end(): void {
    if (this.carry && this.carry.length > 0) this.onLines(this.carry, 0, this.carry.length);
    this.carry = null;
  }
}
