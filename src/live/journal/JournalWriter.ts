import { closeSync, existsSync, fdatasync, fdatasyncSync, fsync, fsyncSync, openSync, statSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { CHECKPOINT_INDEX_BYTES, checkpointIndexPath, writeCheckpointIndex } from './checkpointIndex.ts';
import { JournalError } from './JournalError.ts';
import { PolicyCode, RecordType, RejectTarget, type CheckpointContent, type UnsequencedRecord } from './JournalRecord.ts';
import {
  CHECKPOINT_FIXED_BYTES,
  CHECKPOINT_ORDER_BYTES,
  CHECKPOINT_POSITION_BYTES,
  FILE_HEADER_BYTES,
  MAX_LABEL_BYTES,
  MAX_RECORD_BYTES,
  RECORD_SIZE,
  SESSION_START_FIXED_BYTES,
  expectedFileHeader,
  pad8,
  sealRecord,
  writeAcceptedBody,
  writeCancelSentBody,
  writeCancelledBody,
  writeCheckpointFixed,
  writeCheckpointOrder,
  writeCheckpointPosition,
  writeExecutedBody,
  writeOrderSentBody,
  writeRecordHeader,
  writeRejectedBody,
  writeReplaceSentBody,
  writeReplacedBody,
  writeSessionStartBody,
} from './recordCodec.ts';
import { recoverState, type RecoveredState } from './recoverState.ts';

/**
 * When a written record is safe, chosen once per journal:
 * - `every-record`: write(2) and fdatasync(2) before the append returns. Nothing acknowledged is lost to
 *   a process kill or a power loss. Slowest: one disk flush per record.
 * - `batch`: group commit. Records collect in the write buffer; one write(2) + fdatasync(2) commits them
 *   when the buffer is full, when the oldest waiting record is `batchMaxDelayNs` old (by the records' own
 *   local times, checked on each append and on `tick`), on `sync()`, and every `autoFlushMs` if set.
 *   `syncedSeq` (and `onSync`) say which sequence numbers are durable; anything after it is in process
 *   memory and lost to a kill -9 or a power loss.
 * - `os`: one write(2) per record, never fdatasync (unless `sync()` is called). The record is in the
 *   kernel's page cache when the append returns: it survives a kill -9 of the process, not a crash of
 *   the machine.
 */
export type FsyncPolicy = 'every-record' | 'batch' | 'os';

export interface JournalWriterOptions {
  policy: FsyncPolicy;
  /** Write buffer size (default 64 KiB): the most a batch holds; grown only for a larger checkpoint. */
  bufferBytes?: number;
  /** batch: commit once the oldest waiting record is this many ns old (default 1 ms). */
  batchMaxDelayNs?: number;
  /** batch: also commit on a timer every this many ms (unref'd; default off: call `tick`). */
  autoFlushMs?: number;
  /**
   * batch: where the timer's commits (`autoFlushMs`) wait for the disk. `inline` (default): fdatasync(2)
   * on the calling thread, which stalls it for the flush (0.3–4 ms on this VM). `background`: the write(2)
   * stays on the calling thread (the records survive a kill -9 as soon as the timer fires), the
   * fdatasync runs on libuv's thread pool, and `syncedSeq` / `onSync` advance when it completes; one
   * flush in flight at a time. Appends that commit (full buffer, `batchMaxDelayNs`), `sync()` and
   * `close()` stay synchronous.
   */
  batchSync?: 'inline' | 'background';
  /** Called after every fdatasync with the highest durable sequence number. */
  onSync?: (syncedSeq: number) => void;
  /** `fdatasync` (default: data and file size) or `fsync` (also the inode times). */
  syncCall?: 'fdatasync' | 'fsync';
  /** Origin of this session's local times, epoch ns (default: the wall clock at open). */
  originNs?: bigint;
  /** Free text written into the SessionStart record (≤ 1024 UTF-8 bytes). */
  label?: string;
  /** Recover from the last checkpoint named by the index (default true). */
  useCheckpointIndex?: boolean;
}

const EVERY = 1;
const BATCH = 2;
const OS = 3;
const DEFAULT_BUFFER = 64 * 1024;

/**
 * Appends records to an order journal with a stated fsync policy. Opening recovers what is there
 * (`recovered`), truncates a torn tail, continues the sequence numbers and writes a SessionStart.
 * The append methods encode straight into a preallocated buffer and call write(2)/fdatasync(2)
 * synchronously: no allocation, no promise per record. Each returns the record's sequence number.
 * Arguments are checked (integers exact in a double, sides ±1, finite fee): a value the format cannot
 * hold throws JournalError naming the field, before anything is written.
 */
export class JournalWriter {
  readonly policy: FsyncPolicy;
  /** What the journal held when opened (null for a new journal). */
  readonly recovered: RecoveredState | null;
  /** Torn-tail bytes cut off when opening. */
  readonly truncatedBytes: number;
  readonly originNs: bigint;
  readonly sessions: number;
  /** Counters: records appended, bytes and write(2) calls made, syncs made. */
  readonly stats = { records: 0, bytes: 0, writes: 0, syncs: 0 };

  private readonly fd: number;
  private indexFd = -1;
  private readonly indexScratch = new Uint8Array(CHECKPOINT_INDEX_BYTES);
  private readonly policyCode: number;
  private readonly maxDelayNs: number;
  private readonly onSync: ((seq: number) => void) | undefined;
  private readonly datasync: boolean;
  private bytes: Uint8Array;
  private view: DataView;
  private len = 0;
  private firstPendingNs = 0;
  private fileBytes: number;
  private seq: number;
  private written: number;
  private synced: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerArmed = false;
  private closed = false;
  /** background batchSync: a thread-pool flush in flight, and the sequence number it will make durable. */
  private flushing = false;
  private flushingSeq = 0;
  private closeAfterFlush = false;
  /** The flush's completion, made once (not per flush). */
  private readonly onBackgroundSynced = (err: NodeJS.ErrnoException | null): void => this.backgroundSynced(err);
  /** A background flush that failed: the next `sync`/`close` reports it (the data may not be durable). */
  private backgroundError: NodeJS.ErrnoException | null = null;

  private constructor(
    readonly path: string,
    options: JournalWriterOptions,
    recovered: RecoveredState | null,
    truncatedBytes: number,
    fileBytes: number,
  ) {
    this.policy = options.policy;
    this.policyCode = PolicyCode[options.policy];
    if (this.policyCode === undefined) throw new JournalError('bad-value', path, -1, -1, 'policy', `unknown fsync policy "${String(options.policy)}"`);
    this.recovered = recovered;
    this.truncatedBytes = truncatedBytes;
    this.maxDelayNs = options.batchMaxDelayNs ?? 1_000_000;
    this.onSync = options.onSync;
    this.datasync = (options.syncCall ?? 'fdatasync') === 'fdatasync';
    const size = Math.max(options.bufferBytes ?? DEFAULT_BUFFER, 256);
    this.bytes = new Uint8Array(size);
    // Touch every page now (a fresh buffer is mapped lazily), so no append takes a page fault.
    this.bytes.fill(1).fill(0);
    this.view = new DataView(this.bytes.buffer);
    this.fileBytes = fileBytes;
    this.seq = recovered?.state.lastSeq ?? 0;
    this.written = this.seq;
    this.synced = this.seq;
    this.sessions = (recovered?.state.sessions ?? 0) + 1;
    this.originNs = options.originNs ?? BigInt(Date.now()) * 1_000_000n;
    this.fd = openSync(path, 'a');
    if (options.autoFlushMs !== undefined && this.policyCode === BATCH) {
      const background = options.batchSync === 'background';
      // One Timeout, armed (refresh) only when a record waits: an interval would wake the process every
      // autoFlushMs all day, and Node allocates ~250 B per timer re-arm (a young-generation collection every
      // few seconds at 2 ms).
      this.timer = setTimeout(() => {
        this.timerArmed = false;
        if (this.closed || (this.len === 0 && this.synced >= this.written)) return;
        if (background) this.syncInBackground();
        else this.sync();
      }, options.autoFlushMs);
      this.timer.unref();
      this.timerArmed = true;
    }
  }

  /**
   * Opens (creating if needed) the journal at `path` for appending: recovers its state, cuts a torn tail,
   * continues the sequence, and writes (and, except under `os`, syncs) a SessionStart record.
   * Throws JournalError if the file is not a journal or is corrupt before its last valid record.
   */
  static open(path: string, options: JournalWriterOptions): JournalWriter {
    let recovered: RecoveredState | null = null;
    let truncated = 0;
    const isNew = !existsSync(path);
    if (!isNew && statSync(path).size > 0) {
      recovered = recoverState(path, { useCheckpointIndex: options.useCheckpointIndex ?? true });
      const tail = recovered.scan.tail;
      if (tail !== null) {
        truncateSync(path, tail.offset);
        truncated = tail.discardedBytes;
      }
      if (recovered.checkpointIndex === 'stale' || recovered.checkpointIndex === 'invalid') unlinkSync(checkpointIndexPath(path));
    }
    let fileBytes = existsSync(path) ? statSync(path).size : 0;
    if (fileBytes === 0) {
      const fd = openSync(path, 'w');
      try {
        writeSync(fd, expectedFileHeader(), 0, FILE_HEADER_BYTES, 0);
        if (options.policy !== 'os') fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (isNew && options.policy !== 'os') syncDirectory(dirname(path));
      fileBytes = FILE_HEADER_BYTES;
    }
    const w = new JournalWriter(path, options, recovered, truncated, fileBytes);
    w.writeSessionStart(options.label ?? '');
    return w;
  }

  /** Sequence number of the last record appended. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Highest sequence number handed to the kernel by write(2): survives a kill -9 of this process. */
  get writtenSeq(): number {
    return this.written;
  }

  /** Highest sequence number made durable by fdatasync(2): survives a power loss. */
  get syncedSeq(): number {
    return this.synced;
  }

  /** Bytes of the journal including those still in the write buffer. */
  get size(): number {
    return this.fileBytes + this.len;
  }

  orderSent(localNs: number, instrument: number, clientId: number, side: number, tif: number, price: number, qty: number): number {
    this.checkCommon(localNs, instrument);
    this.checkInt(clientId, 'clientId');
    this.checkSide(side);
    this.checkU8(tif, 'tif');
    this.checkInt(price, 'price');
    this.checkInt(qty, 'qty');
    const at = this.begin(RecordType.OrderSent, RECORD_SIZE[RecordType.OrderSent], localNs, instrument);
    writeOrderSentBody(this.view, at, clientId, side, tif, price, qty);
    return this.commit(at, RECORD_SIZE[RecordType.OrderSent], localNs);
  }

  accepted(localNs: number, instrument: number, clientId: number, venueRef: number, price: number, leaves: number): number {
    this.checkCommon(localNs, instrument);
    this.checkInt(clientId, 'clientId');
    this.checkInt(venueRef, 'venueRef');
    this.checkInt(price, 'price');
    this.checkInt(leaves, 'leaves');
    const at = this.begin(RecordType.Accepted, RECORD_SIZE[RecordType.Accepted], localNs, instrument);
    writeAcceptedBody(this.view, at, clientId, venueRef, price, leaves);
    return this.commit(at, RECORD_SIZE[RecordType.Accepted], localNs);
  }

  rejected(localNs: number, instrument: number, clientId: number, reason: number, target: number = RejectTarget.Order): number {
    this.checkCommon(localNs, instrument);
    this.checkInt(clientId, 'clientId');
    if (!(reason >= 0 && reason <= 0xffff && Number.isInteger(reason))) this.bad('reason', reason);
    if (target !== RejectTarget.Order && target !== RejectTarget.Cancel && target !== RejectTarget.Replace) this.bad('target', target);
    const at = this.begin(RecordType.Rejected, RECORD_SIZE[RecordType.Rejected], localNs, instrument);
    writeRejectedBody(this.view, at, clientId, reason, target);
    return this.commit(at, RECORD_SIZE[RecordType.Rejected], localNs);
  }

  executed(
    localNs: number,
    instrument: number,
    clientId: number,
    venueRef: number,
    execId: number,
    side: number,
    price: number,
    qty: number,
    leaves: number,
    fee: number,
    liquidity: number,
  ): number {
    this.checkCommon(localNs, instrument);
    this.checkInt(clientId, 'clientId');
    this.checkInt(venueRef, 'venueRef');
    this.checkInt(execId, 'execId');
    this.checkSide(side);
    this.checkInt(price, 'price');
    this.checkInt(qty, 'qty');
    this.checkInt(leaves, 'leaves');
    if (!Number.isFinite(fee)) this.bad('fee', fee);
    this.checkU8(liquidity, 'liquidity');
    const at = this.begin(RecordType.Executed, RECORD_SIZE[RecordType.Executed], localNs, instrument);
    writeExecutedBody(this.view, at, clientId, venueRef, execId, side, liquidity, price, qty, leaves, fee);
    return this.commit(at, RECORD_SIZE[RecordType.Executed], localNs);
  }

  cancelSent(localNs: number, instrument: number, clientId: number): number {
    this.checkCommon(localNs, instrument);
    this.checkInt(clientId, 'clientId');
    const at = this.begin(RecordType.CancelSent, RECORD_SIZE[RecordType.CancelSent], localNs, instrument);
    writeCancelSentBody(this.view, at, clientId);
    return this.commit(at, RECORD_SIZE[RecordType.CancelSent], localNs);
  }

  cancelled(localNs: number, instrument: number, clientId: number, cancelledQty: number, leaves: number, reason = 0): number {
    this.checkCommon(localNs, instrument);
    this.checkInt(clientId, 'clientId');
    this.checkInt(cancelledQty, 'cancelledQty');
    this.checkInt(leaves, 'leaves');
    if (!(reason >= 0 && reason <= 0xffff && Number.isInteger(reason))) this.bad('reason', reason);
    const at = this.begin(RecordType.Cancelled, RECORD_SIZE[RecordType.Cancelled], localNs, instrument);
    writeCancelledBody(this.view, at, clientId, cancelledQty, leaves, reason);
    return this.commit(at, RECORD_SIZE[RecordType.Cancelled], localNs);
  }

  replaceSent(localNs: number, instrument: number, clientId: number, newClientId: number, price: number, qty: number): number {
    this.checkCommon(localNs, instrument);
    this.checkInt(clientId, 'clientId');
    this.checkInt(newClientId, 'newClientId');
    this.checkInt(price, 'price');
    this.checkInt(qty, 'qty');
    const at = this.begin(RecordType.ReplaceSent, RECORD_SIZE[RecordType.ReplaceSent], localNs, instrument);
    writeReplaceSentBody(this.view, at, clientId, newClientId, price, qty);
    return this.commit(at, RECORD_SIZE[RecordType.ReplaceSent], localNs);
  }

  replaced(localNs: number, instrument: number, clientId: number, newClientId: number, venueRef: number, price: number, leaves: number): number {
    this.checkCommon(localNs, instrument);
    this.checkInt(clientId, 'clientId');
    this.checkInt(newClientId, 'newClientId');
    this.checkInt(venueRef, 'venueRef');
    this.checkInt(price, 'price');
    this.checkInt(leaves, 'leaves');
    const at = this.begin(RecordType.Replaced, RECORD_SIZE[RecordType.Replaced], localNs, instrument);
    writeReplacedBody(this.view, at, clientId, newClientId, venueRef, price, leaves);
    return this.commit(at, RECORD_SIZE[RecordType.Replaced], localNs);
  }

  /**
   * Writes a Checkpoint holding `content`, which must be the state implied by every record before it
   * (`JournalState.checkpointContent()` of a state that applied them). It is written and, except under
   * `os`, synced at once, and then the checkpoint index is updated, so recovery can start here.
   * Allocates only if the checkpoint does not fit the buffer.
   */
  checkpoint(localNs: number, content: CheckpointContent): number {
    this.checkCommon(localNs, 0);
    this.checkInt(content.maxClientId, 'maxClientId');
    this.flushBuffer();
    let p = CHECKPOINT_FIXED_BYTES;
    let np = 0;
    let no = 0;
    for (const pos of content.positions) {
      this.reserve(p + CHECKPOINT_POSITION_BYTES);
      writeCheckpointPosition(this.view, p, pos);
      p += CHECKPOINT_POSITION_BYTES;
      np++;
    }
    for (const o of content.orders) {
      this.reserve(p + CHECKPOINT_ORDER_BYTES);
      writeCheckpointOrder(this.view, p, o);
      p += CHECKPOINT_ORDER_BYTES;
      no++;
    }
    if (p > MAX_RECORD_BYTES) throw new JournalError('bad-value', this.path, this.size, this.seq + 1, 'checkpoint', `${p} bytes exceeds the ${MAX_RECORD_BYTES}-byte record limit`);
    const offset = this.fileBytes;
    writeRecordHeader(this.view, 0, RecordType.Checkpoint, p, 0, this.seq + 1, localNs);
    writeCheckpointFixed(this.view, 0, np, no, content.maxClientId, this.originNs, this.sessions);
    sealRecord(this.bytes, this.view, 0, p);
    this.len = p;
    const seq = ++this.seq;
    this.stats.records++;
    this.flushBuffer();
    if (this.policyCode !== OS) this.syncFile();
    if (this.indexFd < 0) this.indexFd = openSync(checkpointIndexPath(this.path), existsSync(checkpointIndexPath(this.path)) ? 'r+' : 'w+');
    writeCheckpointIndex(this.indexFd, this.indexScratch, offset, seq);
    if (this.policyCode !== OS) fdatasyncSync(this.indexFd);
    return seq;
  }

  /** Appends a decoded record (tools, tests): dispatches to the typed methods. */
  append(r: UnsequencedRecord): number {
    switch (r.type) {
      case RecordType.OrderSent:
        return this.orderSent(r.localNs, r.instrument, r.clientId, r.side, r.tif, r.price, r.qty);
      case RecordType.Accepted:
        return this.accepted(r.localNs, r.instrument, r.clientId, r.venueRef, r.price, r.leaves);
      case RecordType.Rejected:
        return this.rejected(r.localNs, r.instrument, r.clientId, r.reason, r.target);
      case RecordType.Executed:
        return this.executed(r.localNs, r.instrument, r.clientId, r.venueRef, r.execId, r.side, r.price, r.qty, r.leaves, r.fee, r.liquidity);
      case RecordType.CancelSent:
        return this.cancelSent(r.localNs, r.instrument, r.clientId);
      case RecordType.Cancelled:
        return this.cancelled(r.localNs, r.instrument, r.clientId, r.cancelledQty, r.leaves, r.reason);
      case RecordType.ReplaceSent:
        return this.replaceSent(r.localNs, r.instrument, r.clientId, r.newClientId, r.price, r.qty);
      case RecordType.Replaced:
        return this.replaced(r.localNs, r.instrument, r.clientId, r.newClientId, r.venueRef, r.price, r.leaves);
      case RecordType.Checkpoint:
        return this.checkpoint(r.localNs, r);
      case RecordType.SessionStart:
        throw new JournalError('bad-value', this.path, this.size, this.seq + 1, 'type', 'SessionStart is written by JournalWriter.open only');
    }
  }

  /** batch: commits the waiting records if the oldest is `batchMaxDelayNs` old at `nowNs`. */
  tick(nowNs: number): void {
    if (this.len > 0 && nowNs - this.firstPendingNs >= this.maxDelayNs) this.commitBatch();
  }

  /** write(2) whatever is buffered (survives a kill -9 from here on; not a power loss). */
  flush(): void {
    this.flushBuffer();
  }

  /** write(2) and fdatasync(2) everything appended so far, whatever the policy. */
  sync(): void {
    this.throwBackgroundError();
    this.flushBuffer();
    if (this.synced < this.written) this.syncFile();
  }

  /**
   * write(2) what is buffered now, and fdatasync(2) it on libuv's thread pool (unless a flush is already
   * in flight: the timer's next call covers these records). `syncedSeq` advances when the flush completes.
   */
  syncInBackground(): void {
    this.throwBackgroundError();
    this.flushBuffer();
    if (this.flushing || this.synced >= this.written) return;
    this.flushing = true;
    this.flushingSeq = this.written;
    if (this.datasync) fdatasync(this.fd, this.onBackgroundSynced);
    else fsync(this.fd, this.onBackgroundSynced);
  }

  /** Writes what is buffered, syncs it unless the policy is `os`, and closes. */
  close(): void {
    if (this.closed) return;
    if (this.policyCode === OS) this.flushBuffer();
    else this.sync();
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    // A thread-pool flush still holds the descriptor: close it when that flush returns, so its number cannot
    // be reused under it.
    if (this.flushing) this.closeAfterFlush = true;
    else closeSync(this.fd);
    if (this.indexFd >= 0) closeSync(this.indexFd);
  }

  private backgroundSynced(err: NodeJS.ErrnoException | null): void {
    this.flushing = false;
    if (this.closeAfterFlush) {
      closeSync(this.fd);
      return;
    }
    if (err !== null) {
      this.backgroundError = err;
      return;
    }
    this.stats.syncs++;
    if (this.flushingSeq > this.synced) {
      this.synced = this.flushingSeq;
      if (this.onSync !== undefined) this.onSync(this.synced);
    }
    // Records written while this flush ran wait for the next one.
    if (this.written > this.synced && !this.timerArmed) this.armTimer();
  }

  /** Starts the commit timer (batch with autoFlushMs) if there is one. */
  private armTimer(): void {
    if (this.timer === null || this.closed) return;
    this.timer.refresh();
    this.timerArmed = true;
  }

  private throwBackgroundError(): void {
    const e = this.backgroundError;
    if (e === null) return;
    this.backgroundError = null;
    throw new JournalError('io', this.path, this.size, this.synced, 'fdatasync', `background flush failed: ${e.message}`);
  }

  // ---- internals ----

  private writeSessionStart(label: string): void {
    const utf8 = new TextEncoder().encode(label);
    if (utf8.length > MAX_LABEL_BYTES) this.bad('label', `${utf8.length} bytes`);
    const size = SESSION_START_FIXED_BYTES + pad8(utf8.length);
    const at = this.begin(RecordType.SessionStart, size, 0, 0);
    writeSessionStartBody(this.view, this.bytes, at, this.originNs, process.pid, this.policyCode, utf8);
    this.commit(at, size, 0);
    // The session start also makes a truncated tail durable before anything else is appended.
    if (this.policyCode !== OS) this.sync();
    else this.flushBuffer();
  }

  /** Room for a record of `size` bytes at the end of the buffer; returns its offset (header written). */
  private begin(type: number, size: number, localNs: number, instrument: number): number {
    if (this.closed) throw new JournalError('io', this.path, this.size, this.seq, 'writer', 'append after close');
    if (this.len + size > this.bytes.length) {
      if (this.policyCode === BATCH) this.commitBatch();
      else this.flushBuffer();
      this.reserve(size);
    }
    const at = this.len;
    writeRecordHeader(this.view, at, type, size, instrument, this.seq + 1, localNs);
    return at;
  }

  private commit(at: number, size: number, localNs: number): number {
    sealRecord(this.bytes, this.view, at, size);
    this.len = at + size;
    const seq = ++this.seq;
    this.stats.records++;
    if (this.policyCode === BATCH) {
      if (at === 0) this.firstPendingNs = localNs;
      if (!this.timerArmed) this.armTimer();
      if (localNs - this.firstPendingNs >= this.maxDelayNs) this.commitBatch();
    } else {
      this.flushBuffer();
      if (this.policyCode === EVERY) this.syncFile();
    }
    return seq;
  }

  private commitBatch(): void {
    this.flushBuffer();
    this.syncFile();
  }

  /** write(2) the buffer (all of it, looping over short writes). */
  private flushBuffer(): void {
    const n = this.len;
    if (n === 0) return;
    let off = 0;
    while (off < n) {
      off += writeSync(this.fd, this.bytes, off, n - off);
      this.stats.writes++;
    }
    this.stats.bytes += n;
    this.fileBytes += n;
    this.len = 0;
    this.written = this.seq;
  }

  private syncFile(): void {
    if (this.datasync) fdatasyncSync(this.fd);
    else fsyncSync(this.fd);
    this.stats.syncs++;
    this.synced = this.written;
    if (this.onSync !== undefined) this.onSync(this.synced);
  }

  /** Grows the buffer (keeping its content) to hold at least `bytes`. */
  private reserve(bytes: number): void {
    if (bytes <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(bytes, this.bytes.length * 2));
    grown.set(this.bytes);
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  private checkCommon(localNs: number, instrument: number): void {
    if (!Number.isSafeInteger(localNs)) this.bad('localNs', localNs);
    if (instrument >>> 0 !== instrument) this.bad('instrument', instrument);
  }

  private checkInt(x: number, field: string): void {
    if (!Number.isSafeInteger(x)) this.bad(field, x);
  }

  private checkSide(side: number): void {
    if (side !== 1 && side !== -1) this.bad('side', side);
  }

  private checkU8(x: number, field: string): void {
    if ((x & 0xff) !== x) this.bad(field, x);
  }

  private bad(field: string, value: unknown): never {
    throw new JournalError('bad-value', this.path, this.size, this.seq + 1, field, `${String(value)} cannot be journalled exactly`);
  }
}

/** fsync the directory so that a newly created journal's name survives a power loss. */
function syncDirectory(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory; the file's own syncs still hold its data.
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}
