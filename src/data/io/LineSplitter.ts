/** Receives each line as a byte range of a buffer that is only valid during the call. */
export interface LineHandler {
  /** `start`/`end` exclude the newline (and a trailing `\r`). */
  onLine(bytes: Uint8Array, start: number, end: number): void;
}

/**
 * Splits a chunked byte stream into lines. Complete lines are handed over as ranges of the chunk itself;
 * only a line straddling two chunks is copied, into a carry buffer that grows rarely (longest line).
 */
export class LineSplitter {
  private carry = Buffer.allocUnsafe(1 << 16);
  private carryLength = 0;

  push(chunk: Uint8Array, handler: LineHandler): void {
    let start = 0;
    const n = chunk.length;
    if (this.carryLength > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.append(chunk, 0, n);
        return;
      }
      this.append(chunk, 0, nl);
      this.emit(this.carry, 0, this.carryLength, handler);
      this.carryLength = 0;
      start = nl + 1;
    }
    while (start < n) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      this.emit(chunk, start, nl, handler);
      start = nl + 1;
    }
    if (start < n) this.append(chunk, start, n);
  }

  /** Flushes a last line that had no trailing newline. */
  end(handler: LineHandler): void {
    if (this.carryLength > 0) {
      const len = this.carryLength;
      this.carryLength = 0;
      this.emit(this.carry, 0, len, handler);
    }
  }

  private emit(bytes: Uint8Array, start: number, end: number, handler: LineHandler): void {
    handler.onLine(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
  }

  private append(chunk: Uint8Array, start: number, end: number): void {
    const need = this.carryLength + (end - start);
    if (need > this.carry.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.carry.length * 2));
      bigger.set(this.carry.subarray(0, this.carryLength));
      this.carry = bigger;
    }
    this.carry.set(chunk.subarray(start, end), this.carryLength);
    this.carryLength = need;
  }
}
