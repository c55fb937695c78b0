import { describe, expect, it } from 'vitest';
import { EventBatch } from '../../data/EventBatch.ts';
import { EventFlag, EventType, Side } from '../../data/EventType.ts';
import { ConsumerQueue, type OverflowReport } from './ConsumerQueue.ts';

const ORIGIN = 0n;
const inst = [{ symbol: 'X', venue: 'TEST', priceScale: 1, sizeScale: 1, tickSize: 1, lotSize: 1 }];

/** Appends one "message" of n Level events (seq = id) and commits. */
function message(q: ConsumerQueue, id: number, n = 1): void {
  const b = q.input();
  for (let k = 0; k < n; k++) b.push(0, id, EventType.Level, Side.Buy, id, 1, 0, id, k === n - 1 ? EventFlag.EndOfMessage : 0);
  q.commit();
}

const seqs = (b: EventBatch) => Array.from(b.seq.subarray(0, b.length));

describe('ConsumerQueue', () => {
  it('a synchronous consumer gets every message at once, and nothing waits', () => {
    const got: number[][] = [];
    const q = new ConsumerQueue((b) => void got.push(seqs(b)), { originNs: ORIGIN, instruments: inst, maxEvents: 4 });
    for (let i = 1; i <= 5; i++) message(q, i, 2);
    expect(got).toEqual([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    expect(q.stats).toMatchObject({ batches: 5, events: 10, overflows: 0, droppedEvents: 0, highWater: 2 });
    expect(q.depth).toBe(0);
  });

  it('an async consumer gets what accumulated while it was busy, as one batch, untouched while it holds it', async () => {
    const got: number[][] = [];
    const release: (() => void)[] = [];
    const q = new ConsumerQueue(
      (b) => {
        got.push(seqs(b));
        const held = b;
        return new Promise<void>((resolve) =>
          release.push(() => {
            // The batch it holds was not written to meanwhile.
            expect(seqs(held)).toEqual(got.at(-1));
            resolve();
          }),
        );
      },
      { originNs: ORIGIN, instruments: inst, maxEvents: 100 },
    );
    message(q, 1);
    message(q, 2);
    message(q, 3);
    expect(got).toEqual([[1]]);
    expect(q.consumerBusy).toBe(true);
    expect(q.depth).toBe(2);
    release.shift()!();
    await Promise.resolve();
    await Promise.resolve();
    expect(got).toEqual([[1], [2, 3]]);
    release.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(q.consumerBusy).toBe(false);
  });

  it('overflow: drops what waited, queues a Gap, sheds until the consumer settles, then recovers from the book', async () => {
    const got: EventBatch[] = [];
    const reports: OverflowReport[] = [];
    let release: () => void = () => {};
    const q = new ConsumerQueue(
      (b) => {
        const copy = new EventBatch(b.length + 1, ORIGIN, inst);
        for (let i = 0; i < b.length; i++) copy.pushRow(b, i);
        got.push(copy);
        return new Promise<void>((resolve) => (release = resolve));
      },
      { originNs: ORIGIN, instruments: inst, maxEvents: 10, onOverflow: (r) => reports.push(r) },
    );
    q.nowNs = () => 42;
    q.recover = (out) => {
      out.push(NaN, 43, EventType.SnapshotStart, Side.None, 0, 0, 0, 999, 0);
      out.push(NaN, 43, EventType.Level, Side.Buy, 5, 5, 0, 999, EventFlag.Snapshot | EventFlag.EndOfMessage);
      return true;
    };
    message(q, 1);
    for (let i = 2; i <= 6; i++) message(q, i, 3); // 15 events > 10: overflow at the 4th message
    expect(reports).toEqual([{ overflows: 1, discarded: 12, localTs: 42 }]);
    expect(q.isShedding).toBe(true);
    expect(q.stats.droppedEvents).toBe(15);
    expect(q.stats.highWater).toBe(12);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(q.isShedding).toBe(false);
    const after = got[1];
    expect(Array.from(after.type.subarray(0, after.length))).toEqual([EventType.Gap, EventType.SnapshotStart, EventType.Level]);
    expect(after.localTs[0]).toBe(42);
    // Back to normal.
    release();
    await new Promise((r) => setTimeout(r, 0));
    message(q, 7);
    expect(seqs(got[2])).toEqual([7]);
  });

  it('memory stays bounded however long the consumer stalls', async () => {
    let release: () => void = () => {};
    const q = new ConsumerQueue(() => new Promise<void>((resolve) => (release = resolve)), { originNs: ORIGIN, instruments: inst, maxEvents: 1000 });
    message(q, 0);
    for (let i = 1; i <= 100_000; i++) message(q, i, 1 + (i % 7));
    expect(q.stats.highWater).toBeLessThanOrEqual(1000 + 7);
    expect(q.stats.overflows).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(q.depth).toBe(0);
  });

  it('a consumer that throws or rejects is reported, and delivery goes on', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const q = new ConsumerQueue(
      () => {
        n++;
        if (n === 1) throw new Error('boom');
        if (n === 2) return Promise.reject(new Error('later'));
      },
      { originNs: ORIGIN, instruments: inst, onError: (e) => errors.push(e) },
    );
    message(q, 1);
    message(q, 2);
    await new Promise((r) => setTimeout(r, 0));
    message(q, 3);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom', 'later']);
    expect(q.stats.consumerErrors).toBe(2);
    expect(n).toBe(3);
  });
});
