import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from './crc32.ts';
import { JournalError } from './JournalError.ts';
import type { JournalRecord } from './JournalRecord.ts';
import {
  FILE_HEADER_BYTES,
  FILE_MAGIC,
  FORMAT_VERSION,
  H_CRC,
  H_SEQ,
  H_SIZE,
  RECORD_HEADER_BYTES,
  decodeRecord,
  expectedFileHeader,
  getI64,
  impliedSize,
  plausibleHeader,
  recordCrc,
} from './recordCodec.ts';

/** Why reading stopped before the end of the file. */
export type TailReason =
  /** The file is shorter than its 16-byte header (a crash while creating it). */
  | 'torn-file-header'
  /** Fewer than 32 bytes left: part of a record header. */
  | 'incomplete-header'
  /** The header cannot be a record's (unknown type, impossible size, non-zero reserved bytes). */
  | 'bad-header'
  /** The header announces more bytes than the file has. */
  | 'incomplete-record'
  | 'bad-crc'
  /** CRC-valid, but the body's counts disagree with the size (a writer bug, never a torn write). */
  | 'bad-body'
  /** CRC-valid, but not the next sequence number: records are missing or repeated. */
  | 'sequence-break';

export interface JournalTail {
  /** Offset of the first byte not accepted (= `validEnd`). */
  readonly offset: number;
  /** Bytes from `offset` to the end of the file: what a writer truncates on restart. */
  readonly discardedBytes: number;
  readonly reason: TailReason;
  /**
   * Offset of a CRC-valid record found after the damage, or -1. A torn tail (a crash during a write) is
   * never followed by a valid record; when one is found the damage is corruption inside the journal, and
   * truncating would throw good records away, so readers and the writer refuse (JournalError 'corrupt').
   */
  readonly validRecordAfter: number;
}

export interface ScanResult {
  readonly file: string;
  readonly fileSize: number;
  /** Where reading started (16 for a full scan, a checkpoint's offset otherwise). */
  readonly startOffset: number;
  /** End of the last valid record (0 for an empty or torn-header file). */
  readonly validEnd: number;
  /** Valid records read. */
  readonly records: number;
  /** Sequence number of the first and last valid record read (0 when none). */
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly tail: JournalTail | null;
}

export interface JournalReaderOptions {
  /** Byte offset of the first record to read (a record boundary); default: just after the file header. */
  startOffset?: number;
  /** Sequence number the first record must have; default 1 for a full scan, any for a start offset. */
  expectSeq?: number;
  /** Read chunk size (default 1 MiB); records longer than it are read whole. */
  chunkBytes?: number;
}

/**
 * Reads a journal record by record in 1 MiB chunks (memory independent of the file's length), checking
 * each record's header, CRC and sequence number. It stops at the first record that fails and describes
 * the tail it did not accept; it never returns a record whose CRC does not match.
 */
export class JournalReader {
  readonly fileSize: number;
  readonly startOffset: number;
  private readonly fd: number;
  private buf: Uint8Array;
  private view: DataView;
  private winStart = 0;
  private winLen = 0;
  private pos: number;
  private expect: number;
  private count = 0;
  private firstSeq = 0;
  private lastSeq = 0;
  private tail: JournalTail | null = null;
  private done = false;
  private closed = false;

  constructor(
    readonly path: string,
    options: JournalReaderOptions = {},
  ) {
    this.fd = openSync(path, 'r');
    try {
      this.fileSize = fstatSync(this.fd).size;
      const chunk = Math.max(options.chunkBytes ?? 1 << 20, RECORD_HEADER_BYTES);
      this.buf = new Uint8Array(chunk);
      this.view = new DataView(this.buf.buffer);
      this.startOffset = options.startOffset ?? FILE_HEADER_BYTES;
      this.expect = options.expectSeq ?? (options.startOffset === undefined ? 1 : -1);
      this.pos = this.startOffset;
      this.checkFileHeader();
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  /** The next valid record, or null at the end of the valid part (then `result()` tells why). */
  next(): JournalRecord | null {
    return this.advance(true) ? this.lastDecoded : null;
  }

  /** Checks and steps over the next record without decoding it; false at the end of the valid part. */
  skip(): boolean {
    return this.advance(false);
  }

  /** The offset the next record would start at. */
  get offset(): number {
    return this.pos;
  }

  /** What was read; the tail is known once `next()`/`skip()` returned null/false. */
  result(): ScanResult {
    return {
      file: this.path,
      fileSize: this.fileSize,
      startOffset: this.startOffset,
      validEnd: this.tail === null ? this.pos : this.tail.offset,
      records: this.count,
      firstSeq: this.firstSeq,
      lastSeq: this.lastSeq,
      tail: this.tail,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private lastDecoded: JournalRecord | null = null;

  private checkFileHeader(): void {
    const size = this.fileSize;
    if (size === 0) {
      this.pos = 0;
      this.done = true;
      return;
    }
    const want = expectedFileHeader();
    const n = Math.min(size, FILE_HEADER_BYTES);
    this.ensure(0, n);
    const got = this.buf.subarray(0, n);
    if (size < FILE_HEADER_BYTES) {
      if (!got.every((b, i) => b === want[i])) throw new JournalError('not-a-journal', this.path, 0, -1, 'magic', `${size} bytes that are not a Tachyon journal header`);
      this.pos = 0;
      this.done = true;
      this.tail = { offset: 0, discardedBytes: size, reason: 'torn-file-header', validRecordAfter: -1 };
      return;
    }
    for (let i = 0; i < 8; i++) {
      if (got[i] !== FILE_MAGIC.charCodeAt(i)) throw new JournalError('not-a-journal', this.path, 0, -1, 'magic', `expected "${FILE_MAGIC}"`);
    }
    const version = this.view.getUint16(8, true);
    if (version !== FORMAT_VERSION) throw new JournalError('unsupported-version', this.path, 8, -1, 'version', `format version ${version}, this reader knows ${FORMAT_VERSION}`);
    if (this.view.getUint32(12, true) !== crc32(this.buf, 0, 12) || this.view.getUint16(10, true) !== FILE_HEADER_BYTES) {
      throw new JournalError('corrupt', this.path, 10, -1, 'file header', 'header size or CRC does not match');
    }
    if (this.startOffset < FILE_HEADER_BYTES || (this.startOffset & 7) !== 0 || this.startOffset > size) {
      throw new JournalError('bad-value', this.path, this.startOffset, -1, 'startOffset', 'not a record boundary of this file');
    }
  }

  /** Makes bytes [off, off+n) of the file available in the window; false if the file is shorter. */
  private ensure(off: number, n: number): boolean {
    if (off >= this.winStart && off + n <= this.winStart + this.winLen) return true;
    if (off + n > this.fileSize) return false;
    if (n > this.buf.length) {
      this.buf = new Uint8Array(Math.max(n, this.buf.length * 2));
      this.view = new DataView(this.buf.buffer);
    }
    const want = Math.min(this.buf.length, this.fileSize - off);
    let got = 0;
    while (got < want) {
      const r = readSync(this.fd, this.buf, got, want - got, off + got);
      if (r === 0) break;
      got += r;
    }
    this.winStart = off;
    this.winLen = got;
    return got >= n;
  }

  private advance(decode: boolean): boolean {
    if (this.done) return false;
    const off = this.pos;
    if (off === this.fileSize) {
      this.done = true;
      return false;
    }
    if (!this.ensure(off, RECORD_HEADER_BYTES)) return this.stop(off, 'incomplete-header');
    let at = off - this.winStart;
    if (!plausibleHeader(this.view, at)) return this.stop(off, 'bad-header');
    const size = this.view.getUint32(at + H_SIZE, true);
    if (!this.ensure(off, size)) return this.stop(off, 'incomplete-record');
    at = off - this.winStart;
    if (this.view.getUint32(at + H_CRC, true) !== recordCrc(this.buf, at, size)) return this.stop(off, 'bad-crc');
    if (impliedSize(this.view, at) !== size) return this.stop(off, 'bad-body');
    const seq = getI64(this.view, at + H_SEQ);
    if (this.expect !== -1 && seq !== this.expect) return this.stop(off, 'sequence-break');
    this.lastDecoded = decode ? decodeRecord(this.view, this.buf, at) : null;
    if (this.count === 0) this.firstSeq = seq;
    this.count++;
    this.lastSeq = seq;
    this.expect = seq + 1;
    this.pos = off + size;
    return true;
  }

  private stop(off: number, reason: TailReason): false {
    this.done = true;
    const validRecordAfter = reason === 'sequence-break' ? off : this.findValidRecord(off + 8);
    this.tail = { offset: off, discardedBytes: this.fileSize - off, reason, validRecordAfter };
    return false;
  }

  /** The first offset ≥ from (8-aligned: every record starts on one) holding a CRC-valid record, or -1. */
  private findValidRecord(from: number): number {
    for (let p = from; p + RECORD_HEADER_BYTES <= this.fileSize; p += 8) {
      if (!this.ensure(p, RECORD_HEADER_BYTES)) return -1;
      let at = p - this.winStart;
      if (!plausibleHeader(this.view, at)) continue;
      const size = this.view.getUint32(at + H_SIZE, true);
      if (p + size > this.fileSize || !this.ensure(p, size)) continue;
      at = p - this.winStart;
      if (this.view.getUint32(at + H_CRC, true) === recordCrc(this.buf, at, size) && impliedSize(this.view, at) === size) return p;
    }
    return -1;
  }
}

export interface ReadJournalOptions extends JournalReaderOptions {
  /** Return what precedes damage in the middle of the journal instead of throwing (default false). */
  allowCorruption?: boolean;
}

/** Every valid record of a journal and how reading ended. Throws JournalError on mid-journal corruption. */
export function readJournal(path: string, options: ReadJournalOptions = {}): { records: JournalRecord[]; scan: ScanResult } {
  const reader = new JournalReader(path, options);
  try {
    const records: JournalRecord[] = [];
    for (let r = reader.next(); r !== null; r = reader.next()) records.push(r);
    const scan = reader.result();
    if (!options.allowCorruption) throwIfCorrupt(scan);
    return { records, scan };
  } finally {
    reader.close();
  }
}

/** Damage followed by a valid record is corruption, not a torn tail: refuse to guess. */
export function throwIfCorrupt(scan: ScanResult): void {
  const t = scan.tail;
  if (t === null || t.validRecordAfter < 0) return;
  throw new JournalError(
    'corrupt',
    scan.file,
    t.offset,
    scan.lastSeq,
    t.reason,
    `damaged record after seq ${scan.lastSeq}, but a valid record follows at byte ${t.validRecordAfter}: corruption inside the journal, not a torn tail; not truncating`,
  );
}
