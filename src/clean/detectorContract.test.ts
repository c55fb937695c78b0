import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import { lobsterInstrument } from '../data/Instrument.ts';
import { generateZeroIntelligenceDay } from '../sim/ContStoikovTalreja.ts';
import { MANIPULATION_KINDS } from './ManipulationKind.ts';
import { MarketTape } from './MarketTape.ts';
import { defaultDetectors, resolveOverlaps, runDetectors } from './runDetectors.ts';
import type { OrderFlag } from './OrderFlag.ts';

/** Random but well-formed L3 flow: adds around a drifting mid, cancels, partial cancels, executions. */
const streams = fc
  .array(
    fc.record({
      dt: fc.integer({ min: 0, max: 50_000_000 }),
      op: fc.integer({ min: 0, max: 9 }),
      side: fc.constantFrom(1, -1),
      dist: fc.integer({ min: 0, max: 8 }),
      size: fc.constantFrom(1, 10, 37, 100, 100, 200, 500, 1000, 3000),
      pick: fc.nat(),
    }),
    { minLength: 0, maxLength: 400 },
  )
  .map((steps) => {
    const batch = new EventBatch(16, 0n, [lobsterInstrument('RND')]);
    const live: { id: number; side: number; price: number; size: number }[] = [];
    let t = 0;
    let id = 1;
    let mid = 1_000_000;
    for (const s of steps) {
      t += s.dt;
      if (s.op < 5 || live.length === 0) {
        const price = s.side > 0 ? mid - 100 * (1 + s.dist) : mid + 100 * (1 + s.dist);
        live.push({ id, side: s.side, price, size: s.size });
        batch.push(t, t, EventType.Add, s.side, price, s.size, id++, batch.length + 1);
      } else {
        const k = s.pick % live.length;
        const o = live[k];
        if (s.op < 7) {
          batch.push(t, t, EventType.Delete, o.side, o.price, o.size, o.id, batch.length + 1);
          live.splice(k, 1);
        } else if (s.op < 8 && o.size > 1) {
          const q = Math.max(1, Math.floor(o.size / 2));
          o.size -= q;
          batch.push(t, t, EventType.Reduce, o.side, o.price, q, o.id, batch.length + 1);
        } else {
          batch.push(t, t, EventType.ExecuteVisible, o.side, o.price, o.size, o.id, batch.length + 1);
          live.splice(k, 1);
          mid += (s.pick % 3) * 100 * -o.side;
        }
      }
    }
    return batch;
  });

function checkFlags(flags: readonly OrderFlag[], kind: string): void {
  const ids = new Set<number>();
  for (const f of flags) {
    expect(f.kind).toBe(kind);
    expect(f.score).toBeGreaterThanOrEqual(0);
    expect(f.score).toBeLessThanOrEqual(1);
    expect(f.reason.length).toBeGreaterThan(10);
    expect(Number.isFinite(f.orderId)).toBe(true);
    expect(ids.has(f.orderId)).toBe(false); // one flag per order (or event) per detector
    ids.add(f.orderId);
  }
}

describe('every detector honours the Detector contract', () => {
  it('on random L3 flow: valid flags, deterministic, detect(events) = detectTape(replay)', () => {
    fc.assert(
      fc.property(streams, (batch) => {
        const tape = MarketTape.fromEvents(batch);
        for (const d of defaultDetectors()) {
          const a = d.detect(batch);
          checkFlags(a, d.kind);
          expect(d.detectTape(tape)).toEqual(a);
          expect(d.detect(batch)).toEqual(a);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('on an empty day: no flags, and every kind reported', () => {
    const empty = new EventBatch(1, 0n, [lobsterInstrument('X')]);
    const r = runDetectors(empty);
    expect(r.flags).toEqual([]);
    expect(Object.keys(r.byKind).sort()).toEqual([...MANIPULATION_KINDS].sort());
  });

  it('on an hour of zero-intelligence flow (honest by construction) flags at most a few per mille of orders', () => {
    const day = generateZeroIntelligenceDay({ seed: 11, durationNs: 3600e9 });
    const r = runDetectors(day.batch);
    for (const k of MANIPULATION_KINDS) checkFlags(r.flags.filter((f) => f.kind === k), k);
    expect(r.flags.length / r.orders).toBeLessThan(0.005);
  });
});

describe('resolveOverlaps', () => {
  it('keeps one kind per order by priority (layer before spoof) and never touches bad-data flags', () => {
    const f = (orderId: number, kind: OrderFlag['kind']): OrderFlag => ({ orderId, kind, score: 0.9, reason: 'r' });
    const out = resolveOverlaps([f(1, 'spoof'), f(1, 'layer'), f(2, 'spoof'), f(2, 'bad-data'), f(3, 'ignite'), f(3, 'wash')]);
    expect(out).toEqual([f(1, 'layer'), f(2, 'spoof'), f(2, 'bad-data'), f(3, 'wash')]);
  });
});
