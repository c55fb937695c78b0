import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJournal } from './JournalReader.ts';
import { OrderStatus, RecordType, RejectTarget } from './JournalRecord.ts';
import { JournalState } from './JournalState.ts';
import { JournalWriter, type FsyncPolicy } from './JournalWriter.ts';
import { recoverState } from './recoverState.ts';
import { NULL_SINK, SimulatedOrderFlow } from './testkit/SimulatedOrderFlow.ts';

const dir = mkdtempSync(join(tmpdir(), 'tachyon-journal-recover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `r${n++}.journal`);

describe('recoverState', () => {
  it('rebuilds positions, fees and open orders with leaves from a hand-written session', () => {
    const path = fresh();
    const w = JournalWriter.open(path, { policy: 'every-record' });
    w.orderSent(1, 7, 1, 1, 0, 1_000_000, 300); // buy 300 @ 100.0000
    w.accepted(2, 7, 1, 501, 1_000_000, 300);
    w.executed(3, 7, 1, 501, 9001, 1, 1_000_000, 100, 200, 0.003, 0);
    w.orderSent(4, 7, 2, -1, 0, 1_010_000, 50);
    w.accepted(5, 7, 2, 502, 1_010_000, 50);
    w.cancelSent(6, 7, 2);
    w.executed(7, 7, 2, 502, 9002, -1, 1_010_000, 20, 30, -0.001, 0); // a fill racing the cancel
    w.cancelled(8, 7, 2, 30, 0);
    w.orderSent(9, 7, 3, -1, 1, 990_000, 10);
    w.rejected(10, 7, 3, 6, RejectTarget.Order);
    w.replaceSent(11, 7, 1, 4, 999_900, 300);
    w.replaced(12, 7, 1, 4, 503, 999_900, 200);
    w.close();
    const { state, scan, recordsApplied } = recoverState(path);
    expect(scan.tail).toBeNull();
    expect(recordsApplied).toBe(13);
    expect(state.lastSeq).toBe(13);
    expect(state.maxClientId).toBe(4);
    expect(state.anomalyCount).toBe(0);
    expect(state.summary().positions).toEqual([{ instrument: 7, position: 80, costUnits: 100 * 1_000_000 - 20 * 1_010_000, fees: 0.003 - 0.001, fills: 2, filledQty: 120 }]);
    expect(state.summary().orders).toEqual([
      { clientId: 4, instrument: 7, side: 1, tif: 0, status: OrderStatus.Open, price: 999_900, qty: 300, leaves: 200, filledQty: 100, venueRef: 503, pendingClientId: 0 },
    ]);
  });

  it('counts what it cannot square, and a fill for an unknown order still moves the position', () => {
    const s = new JournalState();
    s.apply({ type: RecordType.Executed, seq: 1, localNs: 0, instrument: 1, clientId: 99, venueRef: 0, execId: 1, side: -1, liquidity: 1, price: 10, qty: 5, leaves: 0, fee: 0 });
    s.apply({ type: RecordType.CancelSent, seq: 2, localNs: 0, instrument: 1, clientId: 98 });
    expect(s.positions.get(1)?.position).toBe(-5);
    expect(s.anomalyCount).toBe(2);
    expect(s.anomalies[0]).toMatchObject({ seq: 1, clientId: 99 });
  });

  it('random order flows with checkpoints: from the checkpoint = from the start = events only = the engine’s own books', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 1200 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 40, max: 400 })),
        // Mostly os: the policy changes when bytes reach the disk, not what they say; batch keeps its share.
        fc.constantFrom<FsyncPolicy>('os', 'os', 'os', 'batch'),
        (seed, steps, every, policy) => {
          const path = fresh();
          const w = JournalWriter.open(path, { policy, bufferBytes: 16384 });
          const flow = new SimulatedOrderFlow(seed, { checkpointEvery: every });
          for (let i = 0; i < steps; i++) flow.step(w);
          w.close();
          const fromIndex = recoverState(path);
          const fromStart = recoverState(path, { useCheckpointIndex: false });
          const eventsOnly = recoverState(path, { applyCheckpoints: false });
          expect(fromIndex.state.lastSeq).toBe(steps + 1);
          if (every > 0 && steps >= every) expect(fromIndex.fromCheckpointSeq).toBe(Math.floor(steps / every) * every + 1);
          const truth = flow.summary();
          for (const r of [fromIndex, fromStart, eventsOnly]) {
            const s = r.state.summary();
            expect(s.positions).toEqual(truth.positions);
            expect(s.orders).toEqual(truth.orders);
            expect(s.maxClientId).toBe(truth.maxClientId);
            expect(r.state.anomalyCount).toBe(0);
          }
          rmSync(path, { force: true });
          rmSync(`${path}.ckpt`, { force: true });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('random truncation of a flow’s journal → the state after the last intact record, and the writer resumes from it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 400 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, steps, frac) => {
        const path = fresh();
        const w = JournalWriter.open(path, { policy: 'os' });
        const flow = new SimulatedOrderFlow(seed, { checkpointEvery: 97 });
        for (let i = 0; i < steps; i++) flow.step(w);
        w.close();
        const bytes = readFileSync(path);
        const cut = 16 + Math.floor(frac * (bytes.length - 16));
        writeFileSync(path, bytes.subarray(0, cut));
        const r = recoverState(path, { useCheckpointIndex: false });
        const intact = Math.max(0, r.state.lastSeq - 1); // flow steps that survived (the first record is the SessionStart)
        const replay = new SimulatedOrderFlow(seed, { checkpointEvery: 97 });
        for (let i = 0; i < intact; i++) replay.step(NULL_SINK);
        expect(r.state.summary().positions).toEqual(replay.summary().positions);
        expect(r.state.summary().orders).toEqual(replay.summary().orders);
        expect(r.scan.validEnd + (r.scan.tail?.discardedBytes ?? 0)).toBe(cut);
        // The writer cuts the tail and continues the sequence.
        const again = JournalWriter.open(path, { policy: 'os' });
        expect(again.truncatedBytes).toBe(r.scan.tail?.discardedBytes ?? 0);
        replay.step(again);
        again.close();
        const all = readJournal(path).records;
        expect(all.map((x) => x.seq)).toEqual(all.map((_, i) => i + 1));
        rmSync(path, { force: true });
        rmSync(`${path}.ckpt`, { force: true });
      }),
      { numRuns: 60 },
    );
  });
});
