import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJournal } from './JournalReader.ts';
import { RecordType } from './JournalRecord.ts';
import { JournalWriter, type FsyncPolicy } from './JournalWriter.ts';
import { FILE_HEADER_BYTES } from './recordCodec.ts';
import { recoverState } from './recoverState.ts';
import { NULL_SINK, SimulatedOrderFlow } from './testkit/SimulatedOrderFlow.ts';

const CHILD = fileURLToPath(new URL('./testkit/journalChild.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tachyon-journal-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CHECKPOINT_EVERY = 5_000;

interface KilledRun {
  /** Highest sequence number the child said was written (os) or synced (batch) before it died. */
  lastReported: number;
  signal: NodeJS.Signals | null;
}

/** Starts the writer process, lets it write for `runMs` after it is ready, then kill -9. */
function runAndKill(path: string, policy: FsyncPolicy, seed: number, runMs: number): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, policy, String(seed), String(CHECKPOINT_EVERY)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let stderr = '';
    let lastReported = 0;
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.stdout.on('data', (d: string) => {
      pending += d;
      for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
        const [kind, value] = pending.slice(0, i).split(' ');
        pending = pending.slice(i + 1);
        if (kind === 'ready' && killTimer === undefined) killTimer = setTimeout(() => child.kill('SIGKILL'), runMs);
        else if (kind === 'synced' || kind === 'written') lastReported = Math.max(lastReported, Number(value));
      }
    });
    child.on('error', reject);
    // 'close' fires after the child's stdout is drained: every line it wrote before dying has been read.
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL') reject(new Error(`child ended with code ${code} before the kill: ${stderr}`));
      else resolve({ lastReported, signal });
    });
  });
}

async function killAndRecover(policy: FsyncPolicy, seed: number): Promise<void> {
  const path = join(dir, `${policy}.journal`);
  const run = await runAndKill(path, policy, seed, 200);
  expect(run.signal).toBe('SIGKILL');

  // 1. Every intact record is there: sequence numbers 1..N without a hole, nothing reported safe is missing.
  const { records, scan } = readJournal(path);
  const n = scan.lastSeq;
  expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
  expect(n).toBeGreaterThanOrEqual(run.lastReported);
  expect(run.lastReported).toBeGreaterThan(1_000); // it really was writing when it died
  // A kill can cut a multi-page write(2); whatever it left must be a torn tail, never followed by valid data.
  if (scan.tail !== null) expect(scan.tail.validRecordAfter).toBe(-1);
  if (process.env.JOURNAL_KILL_VERBOSE) console.log(JSON.stringify({ policy, records: n, lastReported: run.lastReported, bytes: scan.fileSize, naturalTail: scan.tail }));

  // 2. Recovery (from the last checkpoint) = the state implied by the intact records.
  const recovered = recoverState(path);
  expect(recovered.state.lastSeq).toBe(n);
  if (n > CHECKPOINT_EVERY + 1) expect(recovered.checkpointIndex).toBe('used');
  const expectedPosition = new Map<number, number>();
  for (const r of records) {
    if (r.type === RecordType.Executed) expectedPosition.set(r.instrument, (expectedPosition.get(r.instrument) ?? 0) + r.side * r.qty);
  }
  for (const [instrument, position] of expectedPosition) expect(recovered.state.positions.get(instrument)?.position).toBe(position);
  // The child's own books after its first n − 1 steps (record 1 is its SessionStart), replayed here.
  const flow = new SimulatedOrderFlow(seed, { checkpointEvery: CHECKPOINT_EVERY });
  for (let i = 0; i < n - 1; i++) flow.step(NULL_SINK);
  const truth = flow.summary();
  const got = recovered.state.summary();
  expect(got.positions).toEqual(truth.positions);
  expect(got.orders).toEqual(truth.orders);
  expect(got.maxClientId).toBe(truth.maxClientId);
  expect(recoverState(path, { applyCheckpoints: false }).state.summary()).toEqual(got);

  // 3. A torn tail (the first 40 bytes of a record, as a power loss mid-write leaves) is detected…
  const whole = readFileSync(path);
  appendFileSync(path, whole.subarray(FILE_HEADER_BYTES, FILE_HEADER_BYTES + 40));
  const size = statSync(path).size;
  const torn = recoverState(path);
  expect(torn.scan.tail).toMatchObject({ offset: scan.validEnd, discardedBytes: size - scan.validEnd, validRecordAfter: -1 });
  expect(torn.state.summary()).toEqual(got);

  // 4. …truncated by the restarted writer, and appending continues the sequence.
  const writer = JournalWriter.open(path, { policy });
  expect(writer.truncatedBytes).toBe(size - scan.validEnd);
  expect(writer.lastSeq).toBe(n + 1);
  for (let i = 0; i < 500; i++) flow.step(writer);
  writer.close();
  const after = readJournal(path);
  expect(after.scan.tail).toBeNull();
  expect(after.records.map((r) => r.seq)).toEqual(after.records.map((_, i) => i + 1));
  expect(after.scan.lastSeq).toBe(n + 501);
  const final = recoverState(path);
  expect(final.state.sessions).toBe(2);
  expect(final.state.summary().positions).toEqual(flow.summary().positions);
  expect(final.state.summary().orders).toEqual(flow.summary().orders);
}

describe('kill -9 of a writing process', () => {
  it.concurrent('os policy: everything write(2) returned for survives; recovery, torn tail, restart', () => killAndRecover('os', 11), 30_000);
  it.concurrent('batch policy: everything synced survives; recovery, torn tail, restart', () => killAndRecover('batch', 12), 30_000);
});
