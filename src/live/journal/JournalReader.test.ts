import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalError } from './JournalError.ts';
import { readJournal } from './JournalReader.ts';
import { RecordType, type JournalRecord, type UnsequencedRecord } from './JournalRecord.ts';
import { JournalWriter } from './JournalWriter.ts';
import { FILE_HEADER_BYTES } from './recordCodec.ts';
import { arbitraryRecord } from './testkit/arbitraryRecords.ts';

const dir = mkdtempSync(join(tmpdir(), 'tachyon-journal-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `j${n++}.journal`);

/** Writes the records after the writer's SessionStart; returns what reading them back must give and each record's end offset. */
function writeAll(path: string, records: readonly UnsequencedRecord[]): { expected: JournalRecord[]; ends: number[] } {
  const w = JournalWriter.open(path, { policy: 'os', originNs: 1_700_000_000_000_000_000n, label: 'test' });
  const ends = [w.size];
  const expected: JournalRecord[] = [];
  for (const r of records) {
    const seq = w.append(r);
    ends.push(w.size);
    expected.push(r.type === RecordType.Checkpoint ? ({ ...r, seq, originNs: w.originNs, sessions: w.sessions } as JournalRecord) : ({ ...r, seq } as JournalRecord));
  }
  w.close();
  return { expected, ends };
}

describe('journal format round trip', () => {
  it('random record sequences → write → read → identical, sequence numbers 2, 3, … after the SessionStart', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { maxLength: 30 }), (records) => {
        const path = fresh();
        const { expected, ends } = writeAll(path, records);
        const { records: got, scan } = readJournal(path);
        expect(got[0]).toMatchObject({ type: RecordType.SessionStart, seq: 1, originNs: 1_700_000_000_000_000_000n, pid: process.pid, label: 'test', policy: 3 });
        expect(got.slice(1)).toEqual(expected);
        expect(scan).toMatchObject({ tail: null, validEnd: ends[ends.length - 1], records: records.length + 1, firstSeq: 1, lastSeq: records.length + 1 });
        rmSync(path);
      }),
      { numRuns: 150 },
    );
  });

  it('random truncation at any byte → a prefix of the records and the torn tail, never garbage', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { minLength: 1, maxLength: 12 }), fc.double({ min: 0, max: 1, noNaN: true }), (records, frac) => {
        const path = fresh();
        const { expected, ends } = writeAll(path, records);
        const whole = readFileSync(path);
        const cut = Math.floor(frac * whole.length);
        writeFileSync(path, whole.subarray(0, cut));
        const { records: got, scan } = readJournal(path);
        // The last record boundary at or before the cut.
        let kept = -1;
        for (let i = 0; i < ends.length; i++) if (ends[i] <= cut) kept = i;
        if (cut < FILE_HEADER_BYTES) {
          expect(got).toEqual([]);
          expect(scan.tail).toEqual(cut === 0 ? null : { offset: 0, discardedBytes: cut, reason: 'torn-file-header', validRecordAfter: -1 });
        } else {
          expect(got.length).toBe(kept + 1);
          expect(got.slice(1)).toEqual(expected.slice(0, Math.max(0, kept)));
          const boundary = kept >= 0 ? ends[kept] : FILE_HEADER_BYTES;
          expect(scan.validEnd).toBe(boundary);
          if (cut === boundary) expect(scan.tail).toBeNull();
          else expect(scan.tail).toMatchObject({ offset: boundary, discardedBytes: cut - boundary, validRecordAfter: -1 });
        }
        rmSync(path);
      }),
      { numRuns: 200 },
    );
  });

  it('any damaged byte → the records before it, and an error unless it is in the last record', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { minLength: 1, maxLength: 8 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (records, at, xor) => {
        const path = fresh();
        const { expected, ends } = writeAll(path, records);
        const bytes = readFileSync(path);
        const pos = FILE_HEADER_BYTES + (at % (bytes.length - FILE_HEADER_BYTES));
        bytes[pos] ^= xor;
        writeFileSync(path, bytes);
        const hit = ends.findIndex((end) => end > pos); // index of the damaged record (0 = SessionStart)
        const { records: got, scan } = readJournal(path, { allowCorruption: true });
        expect(got.length).toBe(hit);
        expect(got.slice(1)).toEqual(expected.slice(0, Math.max(0, hit - 1)));
        expect(scan.tail?.offset).toBe(hit === 0 ? FILE_HEADER_BYTES : ends[hit - 1]);
        const isLast = hit === ends.length - 1;
        if (isLast) expect(() => readJournal(path)).not.toThrow();
        else expect(() => readJournal(path)).toThrow(JournalError);
        rmSync(path);
      }),
      { numRuns: 200 },
    );
  });
});

describe('JournalReader', () => {
  it('reads records straddling its chunk boundaries and records longer than a chunk', () => {
    const path = fresh();
    const big: UnsequencedRecord = {
      type: RecordType.Checkpoint,
      localNs: 5,
      instrument: 0,
      originNs: 0n,
      sessions: 0,
      maxClientId: 9,
      positions: [],
      orders: Array.from({ length: 40 }, (_, i) => ({ clientId: i + 1, instrument: 1, side: 1, tif: 0, status: 1 as const, price: 100, qty: 10, leaves: 10, filledQty: 0, venueRef: i, pendingClientId: 0 })),
    };
    const records: UnsequencedRecord[] = [];
    for (let i = 0; i < 50; i++) records.push({ type: RecordType.CancelSent, localNs: i, instrument: 2, clientId: i });
    records.push(big);
    for (let i = 0; i < 50; i++) records.push({ type: RecordType.Rejected, localNs: i, instrument: 2, clientId: i, reason: 1, target: 0 });
    const { expected } = writeAll(path, records);
    for (const chunkBytes of [32, 100, 1000]) {
      expect(readJournal(path, { chunkBytes }).records.slice(1)).toEqual(expected);
    }
  });

  it('refuses a file that is not a journal, naming it', () => {
    const path = fresh();
    writeFileSync(path, 'time,type,order id\n34200.0,1,5\n');
    expect(() => readJournal(path)).toThrow(/not a Tachyon journal|expected "TCHYJRNL"/);
    writeFileSync(path, 'abc');
    expect(() => readJournal(path)).toThrow(JournalError);
  });

  it('reports a record appended half-way as a torn tail at the right offset', () => {
    const path = fresh();
    writeAll(path, [{ type: RecordType.CancelSent, localNs: 1, instrument: 1, clientId: 1 }]);
    const size = readFileSync(path).length;
    const second = fresh();
    writeAll(second, [{ type: RecordType.CancelSent, localNs: 1, instrument: 1, clientId: 1 }, { type: RecordType.CancelSent, localNs: 2, instrument: 1, clientId: 2 }]);
    appendFileSync(path, readFileSync(second).subarray(size, size + 21));
    const { records, scan } = readJournal(path);
    expect(records.length).toBe(2);
    expect(scan.tail).toEqual({ offset: size, discardedBytes: 21, reason: 'incomplete-header', validRecordAfter: -1 });
  });
});
