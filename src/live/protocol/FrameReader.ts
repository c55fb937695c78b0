import { ProtocolError, ProtocolErrorCounts } from './ProtocolError.ts';
import { wireView } from './wire.ts';

/** Bytes of the length prefix that starts every frame of both protocols. */
export const FRAME_PREFIX_LENGTH = 2;
/** The largest frame body a u16 length prefix can announce. */
export const MAX_FRAME_BODY = 0xffff;

export interface FrameReaderOptions {
  /** Frames announcing a longer body are a fatal framing error (default 65535, the u16 limit). */
  readonly maxFrameBody?: number;
  /** Initial size of the carry buffer for frames split across chunks (grows by doubling). */
  readonly initialCapacity?: number;
  /** Shared with the connection's decoder, so one tally reports the connection. */
  readonly errors?: ProtocolErrorCounts;
}

const EMPTY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer);
/**
 * Partial frames up to this many bytes are copied byte by byte (no allocation); longer ones with one
 * `set()` over a subarray view: a small allocation, at most once per socket chunk.
 */
const COPY_LOOP_MAX = 1024;

/**
 * Splits a TCP byte stream (socket chunks that split and join frames arbitrarily) into frames: a u16
 * big-endian length, then that many bytes of body (packet type first).
 *
 * Pull style, no callbacks:
 * ```
 * reader.push(chunk);
 * while (reader.next()) decoder.decode(reader.view, reader.start, reader.end); // the body, prefix excluded
 * ```
 * A frame lying wholly inside a chunk is handed over as a range of that chunk (zero copy); `view` is a
 * DataView over the chunk (made once per distinct chunk object) and `bytes` the chunk itself. Only a frame
 * straddling chunks is copied, into a carry buffer that grows by doubling to the longest such frame; so
 * in steady state nothing is allocated per frame. The range is valid until the next `next()` or `push()`.
 * Calling `push()` before `next()` returned false is allowed (the unread bytes are carried), except when
 * the chunk's memory is about to be overwritten — with a static read buffer (net.Socket's `onread`),
 * drain with `next()` until false before the next read; `push(buffer, 0, nread)` then allocates nothing
 * at all.
 *
 * Malformed framing never throws: a zero length is counted and skipped; a length above `maxFrameBody`
 * sets `failed` (the stream is no longer aligned: drop the connection, then `reset()` to reuse).
 */
export class FrameReader {
  /** The current frame body: `bytes[start, end)`, packet type at `start`; `view` is a DataView of `bytes`. */
  bytes: Uint8Array = EMPTY;
  view: DataView = EMPTY_VIEW;
  start = 0;
  end = 0;
  /** Frames delivered so far. */
  frames = 0;
  /** Bytes copied into the carry buffer (frames straddling chunks), a measure of copying. */
  carriedBytes = 0;
  /** A fatal framing error happened: no more frames until `reset()`. */
  failed = false;
  readonly errors: ProtocolErrorCounts;
  private readonly maxBody: number;

  private carry: Uint8Array;
  private carryView: DataView;
  private cStart = 0;
  private cEnd = 0;
  private chunk: Uint8Array = EMPTY;
  private chunkView: DataView = EMPTY_VIEW;
  private pos = 0;
  private chunkEnd = 0;

  constructor(options: FrameReaderOptions = {}) {
    this.maxBody = Math.min(MAX_FRAME_BODY, options.maxFrameBody ?? MAX_FRAME_BODY);
    this.carry = new Uint8Array(Math.max(64, options.initialCapacity ?? 4096));
    this.carryView = wireView(this.carry);
    this.errors = options.errors ?? new ProtocolErrorCounts();
  }

  /** Hands over the next bytes read from the socket: `chunk[start, end)`. */
  push(chunk: Uint8Array, start = 0, end = chunk.length): void {
    if (this.pos < this.chunkEnd) this.appendCarry(this.chunk, this.pos, this.chunkEnd);
    if (chunk !== this.chunk) {
      this.chunk = chunk;
      this.chunkView = wireView(chunk);
    }
    this.pos = start;
    this.chunkEnd = end;
  }

  /** Advances to the next complete frame; false when more bytes are needed (or the reader failed). */
  next(): boolean {
    while (!this.failed) {
      if (this.cEnd > this.cStart) {
        // Carried bytes first: complete the frame they start, pulling only what it needs from the chunk.
        if (this.cEnd - this.cStart < FRAME_PREFIX_LENGTH && !this.pull(FRAME_PREFIX_LENGTH - (this.cEnd - this.cStart))) return false;
        const body = (this.carry[this.cStart] << 8) | this.carry[this.cStart + 1];
        if (body === 0) {
          this.skipEmpty();
          this.cStart += FRAME_PREFIX_LENGTH;
          if (this.cStart === this.cEnd) this.cStart = this.cEnd = 0;
          continue;
        }
        if (body > this.maxBody) return this.fail();
        const missing = FRAME_PREFIX_LENGTH + body - (this.cEnd - this.cStart);
        if (missing > 0 && !this.pull(missing)) return false;
        this.bytes = this.carry;
        this.view = this.carryView;
        this.start = this.cStart + FRAME_PREFIX_LENGTH;
        this.end = this.start + body;
        this.cStart = this.end;
        // Emptied: the next append starts at 0 (the frame just returned stays readable until then).
        if (this.cStart === this.cEnd) this.cStart = this.cEnd = 0;
        this.frames++;
        return true;
      }
      const avail = this.chunkEnd - this.pos;
      if (avail < FRAME_PREFIX_LENGTH) {
        if (avail > 0) this.carryRest();
        return false;
      }
      const chunk = this.chunk;
      const body = (chunk[this.pos] << 8) | chunk[this.pos + 1];
      if (body === 0) {
        this.skipEmpty();
        this.pos += FRAME_PREFIX_LENGTH;
        continue;
      }
      if (body > this.maxBody) return this.fail();
      if (avail < FRAME_PREFIX_LENGTH + body) {
        this.carryRest();
        return false;
      }
      this.bytes = chunk;
      this.view = this.chunkView;
      this.start = this.pos + FRAME_PREFIX_LENGTH;
      this.end = this.start + body;
      this.pos = this.end;
      this.frames++;
      return true;
    }
    return false;
  }

  /** Bytes received but not yet delivered as frames (a partial frame). */
  get pendingBytes(): number {
    return this.cEnd - this.cStart + (this.chunkEnd - this.pos);
  }

  /**
   * The connection closed: a partial frame left behind is counted as TruncatedStream. Returns the number
   * of bytes lost. The reader is reset for the next connection.
   */
  close(): number {
    const lost = this.pendingBytes;
    if (lost > 0 && !this.failed) this.errors.record(ProtocolError.TruncatedStream);
    this.reset();
    return lost;
  }

  /** Forgets all buffered bytes and the failed state (for a new connection); keeps the counts. */
  reset(): void {
    this.cStart = this.cEnd = 0;
    this.chunk = EMPTY;
    this.chunkView = EMPTY_VIEW;
    this.pos = this.chunkEnd = 0;
    this.bytes = EMPTY;
    this.view = EMPTY_VIEW;
    this.start = this.end = 0;
    this.failed = false;
  }

  private skipEmpty(): void {
    this.errors.record(ProtocolError.EmptyFrame);
  }

  private fail(): false {
    this.errors.record(ProtocolError.FrameTooLong);
    this.failed = true;
    return false;
  }

  /** Moves up to `n` bytes of the chunk to the carry; true when all `n` were there. */
  private pull(n: number): boolean {
    const take = Math.min(n, this.chunkEnd - this.pos);
    if (take > 0) {
      this.appendCarry(this.chunk, this.pos, this.pos + take);
      this.pos += take;
    }
    return take === n;
  }

  private carryRest(): void {
    this.appendCarry(this.chunk, this.pos, this.chunkEnd);
    this.pos = this.chunkEnd;
  }

  private appendCarry(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.cEnd + n > this.carry.length) {
      if (this.cStart > 0) {
        this.carry.copyWithin(0, this.cStart, this.cEnd);
        this.cEnd -= this.cStart;
        this.cStart = 0;
      }
      if (this.cEnd + n > this.carry.length) {
        let size = this.carry.length * 2;
        while (size < this.cEnd + n) size *= 2;
        const bigger = new Uint8Array(size);
        bigger.set(this.carry.subarray(0, this.cEnd));
        this.carry = bigger;
        this.carryView = wireView(bigger);
      }
    }
    const carry = this.carry;
    if (n <= COPY_LOOP_MAX) {
      for (let i = 0; i < n; i++) carry[this.cEnd + i] = src[from + i];
    } else {
      carry.set(src.subarray(from, to), this.cEnd);
    }
    this.cEnd += n;
    this.carriedBytes += n;
  }
}
