import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { L2Ladder } from '../book/L2Ladder.ts';
import { ManualClock } from '../core/time.ts';
import { EventBatch } from '../data/EventBatch.ts';
import { EventFlag, EventType } from '../data/EventType.ts';
import { lobsterInstrument } from '../data/Instrument.ts';
import { FillLog } from './FillLog.ts';
import { MatchingEngine } from './MatchingEngine.ts';
import { OrderStatus } from './OrderReport.ts';
import { OrderType } from './OrderType.ts';
import { ReferenceMatcher, type ReferenceResult } from './ReferenceMatcher.ts';
import type { SelfTradePrevention } from './SelfTradePrevention.ts';

const TICK = 100;
const instrument = lobsterInstrument('PROP');

type Op =
  | { kind: 'submit'; type: OrderType; owner: number; side: 1 | -1; tick: number; size: number; stp: SelfTradePrevention; offTick: boolean }
  | { kind: 'cancel'; pick: number }
  | { kind: 'modify'; pick: number; tick: number; size: number; offTick: boolean };

// A narrow price band (12 ticks) and few owners, so crossing, queueing and self-trades happen often.
const submitArb = fc.record({
  kind: fc.constant('submit' as const),
  type: fc.constantFrom<OrderType>(OrderType.Limit, OrderType.Limit, OrderType.Limit, OrderType.Market, OrderType.ImmediateOrCancel),
  owner: fc.integer({ min: 1, max: 3 }),
  side: fc.constantFrom<1 | -1>(1, -1),
  tick: fc.integer({ min: 1, max: 12 }),
  size: fc.integer({ min: 0, max: 9 }),
  stp: fc.constantFrom<SelfTradePrevention>(0, 1, 2, 3),
  offTick: fc.integer({ min: 0, max: 19 }).map((x) => x === 0),
});
const cancelArb = fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() });
const modifyArb = fc.record({
  kind: fc.constant('modify' as const),
  pick: fc.nat(),
  tick: fc.integer({ min: 1, max: 12 }),
  size: fc.integer({ min: 0, max: 9 }),
  offTick: fc.integer({ min: 0, max: 19 }).map((x) => x === 0),
});
const opsArb = fc.array(fc.oneof({ arbitrary: submitArb, weight: 5 }, { arbitrary: cancelArb, weight: 2 }, { arbitrary: modifyArb, weight: 2 }), {
  minLength: 1,
  maxLength: 150,
});

function levelsOf(engine: MatchingEngine, side: number): [number, number][] {
  const out: [number, number][] = [];
  for (let r = 0; r < engine.depth(side); r++) out.push([engine.levelPrice(side, r), engine.levelSize(side, r)]);
  return out;
}

function levelsOfL2(l2: L2Ladder, side: number): [number, number][] {
  const ladder = side > 0 ? l2.bids : l2.asks;
  const out: [number, number][] = [];
  for (let r = 0; r < ladder.count; r++) out.push([ladder.priceAt(r), ladder.valueAt(r)]);
  return out;
}

function runAndCheck(ops: Op[], defaultStp: SelfTradePrevention): void {
  const clock = new ManualClock();
  const fills = new FillLog();
  const events = new EventBatch(64, 0n, [instrument]);
  const engine = new MatchingEngine({ instrument, clock, events, listener: fills, selfTradePrevention: defaultStp, initialCapacity: 16 });
  const ref = new ReferenceMatcher(instrument, defaultStp);
  const replay = new L2Ladder();
  const ids: number[] = [];
  let nextId = 1;
  let accepted = 0;
  let filled = 0;
  let cancelled = 0;
  let replayed = 0;
  let checkedFills = 0;

  for (const op of ops) {
    clock.advance(1);
    const start = events.length;
    let expected: ReferenceResult;
    if (op.kind === 'submit') {
      const id = nextId++;
      ids.push(id);
      const price = op.tick * TICK + (op.offTick ? 1 : 0);
      expected = ref.submit(op.type, id, op.owner, op.side, price, op.size, op.stp);
      engine.submit(op.type, id, op.owner, op.side, price, op.size, op.stp);
    } else {
      // Mostly ids that exist(ed); sometimes one never used.
      const id = ids.length === 0 || op.pick % 7 === 0 ? 1_000_000 + op.pick : ids[op.pick % ids.length];
      if (op.kind === 'cancel') {
        expected = ref.cancel(id);
        engine.cancel(id);
      } else {
        const price = op.tick * TICK + (op.offTick ? 1 : 0);
        expected = ref.modify(id, price, op.size);
        engine.modify(id, price, op.size);
      }
    }
    const r = engine.report;
    expect({
      status: r.status,
      reason: r.reason,
      acceptedSize: r.acceptedSize,
      filledSize: r.filledSize,
      restingSize: r.restingSize,
      cancelledSize: r.cancelledSize,
    }).toEqual(expected);
    accepted += r.acceptedSize;
    filled += r.filledSize;
    cancelled += r.cancelledSize;

    // Same fills as the reference, in the same order.
    expect(fills.length).toBe(ref.fills.length);
    expect(fills.length - checkedFills).toBe(r.fillCount);
    for (let i = checkedFills; i < fills.length; i++) {
      const f = ref.fills[i];
      expect([fills.aggressorId[i], fills.restingId[i], fills.price[i], fills.size[i], fills.aggressorOwner[i], fills.restingOwner[i]]).toEqual([
        f.aggressorId,
        f.restingId,
        f.price,
        f.size,
        f.aggressorOwner,
        f.restingOwner,
      ]);
    }
    checkedFills = fills.length;

    // Same aggregated book and the same FIFO queue at every level.
    for (const side of [1, -1]) {
      const levels = levelsOf(engine, side);
      expect(levels).toEqual(ref.levels(side));
      for (let rank = 0; rank < levels.length; rank++) expect(engine.levelOrderIds(side, rank)).toEqual(ref.queue(side, levels[rank][0]));
    }

    // Never crossed after matching.
    if (engine.depth(1) > 0 && engine.depth(-1) > 0) expect(engine.bestBid()).toBeLessThan(engine.bestAsk());

    // Sizes conserved: everything accepted is resting, traded (counted on both sides) or cancelled.
    let resting = 0;
    for (const side of [1, -1]) for (const [, s] of levelsOf(engine, side)) resting += s;
    expect(accepted).toBe(resting + 2 * filled + cancelled + fills.restingCancelledSize);

    // One atomic message per request: only its last event is flagged; rejections emit nothing.
    if (r.status === OrderStatus.Rejected) expect(events.length).toBe(start);
    for (let i = start; i < events.length; i++) {
      expect(events.flags[i]).toBe(i === events.length - 1 ? EventFlag.EndOfMessage : 0);
      expect(events.exchTs[i]).toBe(clock.nowNs());
    }

    // Replaying the emitted events into an L2 ladder gives the engine's book.
    for (; replayed < events.length; replayed++) {
      const t = events.type[replayed];
      const sign = t === EventType.Add ? 1 : t === EventType.Reduce || t === EventType.Delete || t === EventType.ExecuteVisible ? -1 : 0;
      expect(sign).not.toBe(0);
      replay.addToLevel(events.side[replayed], events.price[replayed], sign * events.size[replayed]);
    }
    expect(levelsOfL2(replay, 1)).toEqual(levelsOf(engine, 1));
    expect(levelsOfL2(replay, -1)).toEqual(levelsOf(engine, -1));
  }
  expect(fills.restingCancelledSize).toBe(ref.selfTradeCancelledSize);
  for (let i = 1; i < events.length; i++) expect(events.seq[i]).toBe(events.seq[i - 1] + 1);
}

describe('MatchingEngine properties', () => {
  it('agrees with the naive reference matcher; book uncrossed, sizes conserved, FIFO, replay = book', () => {
    fc.assert(
      fc.property(opsArb, fc.constantFrom<SelfTradePrevention>(0, 1, 2, 3), (ops, stp) => runAndCheck(ops, stp)),
      { numRuns: 400 },
    );
  });

  it('stays consistent over one long random session', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ arbitrary: submitArb, weight: 5 }, { arbitrary: cancelArb, weight: 2 }, { arbitrary: modifyArb, weight: 2 }), { minLength: 2000, maxLength: 2000 }), (ops) =>
        runAndCheck(ops, 1),
      ),
      { numRuns: 3 },
    );
  });
});
