import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointIndexPath, encodeCheckpointIndex } from './checkpointIndex.ts';
import { JournalError } from './JournalError.ts';
import { readJournal } from './JournalReader.ts';
import { OrderStatus, RecordType } from './JournalRecord.ts';
import { JournalState } from './JournalState.ts';
import { JournalWriter } from './JournalWriter.ts';
import { FILE_HEADER_BYTES, expectedFileHeader } from './recordCodec.ts';
import { recoverState } from './recoverState.ts';

const dir = mkdtempSync(join(tmpdir(), 'tachyon-journal-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `w${n++}.journal`);
const fileSize = (p: string): number => statSync(p).size;

describe('JournalWriter fsync policies', () => {
  it('every-record: each append is written and synced before it returns', () => {
    const path = fresh();
    const synced: number[] = [];
    const w = JournalWriter.open(path, { policy: 'every-record', onSync: (s) => synced.push(s) });
    expect(w.lastSeq).toBe(1);
    const seq = w.orderSent(10, 1, 1, 1, 0, 1_000_000, 100);
    expect(seq).toBe(2);
    expect([w.writtenSeq, w.syncedSeq]).toEqual([2, 2]);
    expect(fileSize(path)).toBe(w.size);
    w.accepted(20, 1, 1, 77, 1_000_000, 100);
    expect(synced).toEqual([1, 2, 3]);
    expect(w.stats.syncs).toBe(3);
    w.close();
  });

  it('os: each append is written (in the page cache), never synced unless sync() is called', () => {
    const path = fresh();
    const w = JournalWriter.open(path, { policy: 'os' });
    w.orderSent(10, 1, 1, 1, 0, 1_000_000, 100);
    w.cancelSent(11, 1, 1);
    expect([w.lastSeq, w.writtenSeq, w.syncedSeq]).toEqual([3, 3, 0]);
    expect(fileSize(path)).toBe(w.size);
    expect(w.stats.syncs).toBe(0);
    w.sync();
    expect(w.syncedSeq).toBe(3);
    w.close();
  });

  it('batch: records wait in the buffer until it fills or the oldest is batchMaxDelayNs old; syncedSeq says what is durable', () => {
    const path = fresh();
    const synced: number[] = [];
    const w = JournalWriter.open(path, { policy: 'batch', bufferBytes: 1024, batchMaxDelayNs: 1_000, onSync: (s) => synced.push(s) });
    expect(synced).toEqual([1]); // the SessionStart is committed at once
    const base = fileSize(path);
    w.orderSent(100, 1, 1, 1, 0, 1_000_000, 100); // seq 2, first waiting at t=100
    w.accepted(600, 1, 1, 5, 1_000_000, 100); // seq 3, 500 ns later: still waiting
    expect([w.lastSeq, w.writtenSeq, w.syncedSeq]).toEqual([3, 1, 1]);
    expect(fileSize(path)).toBe(base);
    w.tick(1_099);
    expect(w.syncedSeq).toBe(1);
    w.tick(1_100); // the oldest is now 1 µs old
    expect([w.writtenSeq, w.syncedSeq]).toEqual([3, 3]);
    expect(fileSize(path)).toBe(base + 128);
    w.cancelSent(2_000, 1, 1); // seq 4 waits at t=2000
    w.cancelled(3_000, 1, 1, 100, 0); // seq 5 at t=3000: the batch is due, commits with it
    expect(w.syncedSeq).toBe(5);
    // A full buffer commits what it holds before taking the next record (1024 bytes = 16 OrderSent).
    for (let i = 0; i < 17; i++) w.orderSent(3_001, 1, 10 + i, 1, 0, 1, 1);
    expect(w.syncedSeq).toBe(5 + 16);
    expect(synced).toEqual([1, 3, 5, 21]);
    w.close();
    expect(readJournal(path).scan.lastSeq).toBe(22);
  });

  it('batch with autoFlushMs commits waiting records on a timer', async () => {
    const path = fresh();
    const w = JournalWriter.open(path, { policy: 'batch', batchMaxDelayNs: 1e12, autoFlushMs: 5 });
    w.orderSent(1, 1, 1, 1, 0, 1, 1);
    expect(w.syncedSeq).toBe(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(w.syncedSeq).toBe(2);
    w.close();
  });

  it('batch with background sync: write(2) at once, fdatasync on the thread pool, syncedSeq when it returns', async () => {
    const path = fresh();
    const synced: number[] = [];
    let resolve: () => void = () => undefined;
    const done = new Promise<void>((r) => (resolve = r));
    const w = JournalWriter.open(path, { policy: 'batch', batchMaxDelayNs: 1e12, batchSync: 'background', onSync: (s) => (synced.push(s), s === 3 && resolve()) });
    w.orderSent(1, 1, 1, 1, 0, 1, 1);
    w.accepted(2, 1, 1, 9, 1, 1);
    w.syncInBackground();
    // The records are in the file (a kill -9 keeps them) before the flush can have completed: its
    // completion is delivered by the event loop, which has not run yet.
    expect([w.lastSeq, w.writtenSeq, w.syncedSeq]).toEqual([3, 3, 1]);
    expect(fileSize(path)).toBe(w.size);
    w.syncInBackground(); // one flush in flight: a second call starts none
    await done;
    expect(w.syncedSeq).toBe(3);
    expect(synced).toEqual([1, 3]);
    expect(w.stats.syncs).toBe(2);
    w.close();
    expect(readJournal(path).records.map((r) => r.type)).toEqual([RecordType.SessionStart, RecordType.OrderSent, RecordType.Accepted]);
  });

  it('batch with background sync: close() while a flush is in flight syncs, and the file is whole', async () => {
    const path = fresh();
    const w = JournalWriter.open(path, { policy: 'batch', batchMaxDelayNs: 1e12, batchSync: 'background', autoFlushMs: 1 });
    for (let i = 1; i <= 50; i++) w.orderSent(i, 1, i, 1, 0, 1, 1);
    w.syncInBackground();
    w.orderSent(51, 1, 51, 1, 0, 1, 1);
    w.close(); // synchronous sync; the descriptor is closed when the thread-pool flush returns
    expect(w.syncedSeq).toBe(52);
    await new Promise((r) => setTimeout(r, 20));
    const records = readJournal(path).records;
    expect(records.length).toBe(52);
    expect(records.at(-1)?.seq).toBe(52);
  });
});

describe('JournalWriter input checks', () => {
  it.each([
    ['a fractional price', (w: JournalWriter) => w.orderSent(1, 1, 1, 1, 0, 100.5, 1), 'price'],
    ['a price beyond 2^53', (w: JournalWriter) => w.orderSent(1, 1, 1, 1, 0, 2 ** 53, 1), 'price'],
    ['side 0', (w: JournalWriter) => w.orderSent(1, 1, 1, 0, 0, 1, 1), 'side'],
    ['a negative instrument', (w: JournalWriter) => w.cancelSent(1, -1, 1), 'instrument'],
    ['a NaN fee', (w: JournalWriter) => w.executed(1, 1, 1, 1, 1, 1, 1, 1, 0, NaN, 0), 'fee'],
    ['an infinite fee', (w: JournalWriter) => w.executed(1, 1, 1, 1, 1, 1, 1, 1, 0, Infinity, 0), 'fee'],
    ['a fractional time', (w: JournalWriter) => w.cancelSent(0.5, 1, 1), 'localNs'],
    ['tif 256', (w: JournalWriter) => w.orderSent(1, 1, 1, 1, 256, 1, 1), 'tif'],
    ['an unknown reject target', (w: JournalWriter) => w.rejected(1, 1, 1, 0, 7), 'target'],
  ])('refuses %s, naming the field, and writes nothing', (_name, call, field) => {
    const path = fresh();
    const w = JournalWriter.open(path, { policy: 'os' });
    const before = fileSize(path);
    let error: unknown;
    try {
      call(w);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalError).field).toBe(field);
    expect((error as JournalError).message).toContain(path);
    expect(fileSize(path)).toBe(before);
    expect(w.lastSeq).toBe(1);
    expect(w.cancelSent(1, 1, 1)).toBe(2);
    w.close();
    expect(readJournal(path).scan.lastSeq).toBe(2);
  });
});

describe('JournalWriter restart', () => {
  it('continues the sequence after a clean close and counts sessions', () => {
    const path = fresh();
    const a = JournalWriter.open(path, { policy: 'os', originNs: 1n });
    a.orderSent(5, 1, 1, 1, 0, 100, 10);
    a.close();
    const b = JournalWriter.open(path, { policy: 'batch', originNs: 2n });
    expect(b.recovered?.state.lastSeq).toBe(2);
    expect(b.recovered?.state.orders.get(1)?.status).toBe(OrderStatus.PendingNew);
    expect(b.truncatedBytes).toBe(0);
    expect(b.lastSeq).toBe(3);
    expect(b.sessions).toBe(2);
    b.close();
    const { records } = readJournal(path);
    expect(records.map((r) => [r.seq, r.type])).toEqual([
      [1, RecordType.SessionStart],
      [2, RecordType.OrderSent],
      [3, RecordType.SessionStart],
    ]);
    expect(recoverState(path).state.originNs).toBe(2n);
  });

  it('truncates a torn tail before appending', () => {
    const path = fresh();
    const a = JournalWriter.open(path, { policy: 'os' });
    a.orderSent(5, 1, 1, 1, 0, 100, 10);
    a.close();
    const good = fileSize(path);
    appendFileSync(path, Buffer.from([64, 0, 0, 0, 1, 2, 3, 4, 2, 0, 0]));
    const b = JournalWriter.open(path, { policy: 'every-record' });
    expect(b.truncatedBytes).toBe(11);
    expect(b.recovered?.scan.tail).toMatchObject({ offset: good, discardedBytes: 11, reason: 'incomplete-header' });
    b.cancelSent(6, 1, 1);
    b.close();
    const { records, scan } = readJournal(path);
    expect(scan.tail).toBeNull();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });

  it('starts over on a torn file header (a crash while creating the journal)', () => {
    const path = fresh();
    writeFileSync(path, expectedFileHeader().subarray(0, 5));
    const w = JournalWriter.open(path, { policy: 'os' });
    expect(w.truncatedBytes).toBe(5);
    expect(w.lastSeq).toBe(1);
    w.close();
    expect(readJournal(path).scan).toMatchObject({ tail: null, lastSeq: 1 });
  });

  it('refuses a file that is not a journal and leaves it untouched', () => {
    const path = fresh();
    writeFileSync(path, 'not a journal at all, some CSV\n1,2,3\n');
    expect(() => JournalWriter.open(path, { policy: 'os' })).toThrow(JournalError);
    expect(readFileSync(path, 'utf8')).toBe('not a journal at all, some CSV\n1,2,3\n');
  });

  it('refuses to truncate corruption in the middle of the journal', () => {
    const path = fresh();
    const a = JournalWriter.open(path, { policy: 'os' });
    for (let i = 1; i <= 5; i++) a.cancelSent(i, 1, i);
    a.close();
    const bytes = readFileSync(path);
    bytes[FILE_HEADER_BYTES + 48 + 40 + 35] ^= 0x10; // inside the second CancelSent (records of 48 and 40 bytes)
    writeFileSync(path, bytes);
    expect(() => JournalWriter.open(path, { policy: 'os' })).toThrow(/corruption inside the journal/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});

describe('checkpoints', () => {
  function journalWithCheckpoint(path: string): { state: JournalState; checkpointSeq: number } {
    const w = JournalWriter.open(path, { policy: 'batch', bufferBytes: 256 });
    const state = new JournalState();
    for (const r of readJournal(path).records) state.apply(r);
    // 30 open orders: a 64 + 30 × 64-byte checkpoint, larger than the 256-byte buffer.
    for (let i = 1; i <= 30; i++) {
      const t = i * 10;
      const seq = w.orderSent(t, 1 + (i % 3), i, i % 2 ? 1 : -1, 0, 1000 + i, 100);
      state.apply({ type: RecordType.OrderSent, seq, localNs: t, instrument: 1 + (i % 3), clientId: i, side: i % 2 ? 1 : -1, tif: 0, price: 1000 + i, qty: 100 });
    }
    const checkpointSeq = w.checkpoint(400, state.checkpointContent());
    w.executed(500, 2, 1, 0, 1, 1, 1001, 40, 60, 0.25, 1);
    w.close();
    return { state, checkpointSeq };
  }

  it('recovery starts at the indexed checkpoint and matches a replay from the start', () => {
    const path = fresh();
    const { checkpointSeq } = journalWithCheckpoint(path);
    const fromCheckpoint = recoverState(path);
    expect(fromCheckpoint.checkpointIndex).toBe('used');
    expect(fromCheckpoint.fromCheckpointSeq).toBe(checkpointSeq);
    expect(fromCheckpoint.recordsApplied).toBe(2);
    const replay = recoverState(path, { useCheckpointIndex: false, applyCheckpoints: false });
    expect(replay.checkpointIndex).toBe('disabled');
    expect(fromCheckpoint.state.summary()).toEqual(replay.state.summary());
    expect(fromCheckpoint.state.positions.get(2)).toEqual({ instrument: 2, position: 40, costUnits: 40_040, fees: 0.25, fills: 1, filledQty: 40 });
    expect(fromCheckpoint.state.orders.get(1)?.leaves).toBe(60);
    expect(fromCheckpoint.state.orders.size).toBe(30);
  });

  it('reads the whole journal when the index is damaged or points at no checkpoint, and the writer drops such an index', () => {
    const path = fresh();
    journalWithCheckpoint(path);
    const expected = recoverState(path).state.summary();
    const idx = checkpointIndexPath(path);
    const good = readFileSync(idx);
    writeFileSync(idx, good.subarray(0, 10));
    expect(recoverState(path).checkpointIndex).toBe('invalid');
    const stale = new Uint8Array(32);
    encodeCheckpointIndex(stale, FILE_HEADER_BYTES, 1); // offset of the SessionStart: not a checkpoint
    writeFileSync(idx, stale);
    const r = recoverState(path);
    expect(r.checkpointIndex).toBe('stale');
    expect(r.fromCheckpointSeq).toBe(0);
    expect(r.state.summary()).toEqual(expected);
    encodeCheckpointIndex(stale, 1 << 30, 9); // beyond the end
    writeFileSync(idx, stale);
    expect(recoverState(path).checkpointIndex).toBe('stale');
    rmSync(idx);
    expect(recoverState(path).checkpointIndex).toBe('absent');
    writeFileSync(idx, stale);
    JournalWriter.open(path, { policy: 'os' }).close();
    expect(existsSync(idx)).toBe(false);
  });
});
