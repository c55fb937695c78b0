import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventScheduler } from './EventScheduler.ts';

/** Pushes and pops `ops` on a scheduler and on a stable-sort model; returns both pop orders. */
function replay(ops: readonly (readonly [number, number])[], popsAfterEach: (i: number) => number): { out: number[]; expected: number[] } {
  const s = new EventScheduler(4);
  const model: { t: number; n: number }[] = [];
  const out: number[] = [];
  const expected: number[] = [];
  const popOne = (): void => {
    model.sort((a, b) => a.t - b.t || a.n - b.n);
    const m = model.shift()!;
    expected.push(m.n);
    expect(s.peekTime()).toBe(m.t);
    expect(s.pop()).toBe(true);
    expect(s.poppedTime).toBe(m.t);
    out.push(s.poppedTarget);
    expect(s.poppedTag).toBe(s.poppedTarget % 7);
  };
  let n = 0;
  ops.forEach(([t, k], i) => {
    // Several pushes at one time in a row (a run), as an agent sending a burst of orders.
    for (let j = 0; j < k; j++) {
      s.push(t, n, n % 7);
      model.push({ t, n: n++ });
    }
    for (let p = popsAfterEach(i); p > 0 && model.length > 0; p--) popOne();
    expect(s.size).toBe(model.length);
  });
  while (model.length > 0) popOne();
  expect(s.size).toBe(0);
  expect(s.pop()).toBe(false);
  expect(s.peekTime()).toBe(Infinity);
  return { out, expected };
}

describe('EventScheduler', () => {
  it('pops by time, and in push order at equal times (property, against a stable sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 300 }), (ops) => {
        const { out, expected } = replay(
          ops.map(([t]) => [t, 1] as const),
          (i) => (ops[i][1] ? 1 : 0),
        );
        expect(out).toEqual(expected);
      }),
    );
  });

  it('keeps that order across wheel buckets, beyond the wheel and behind it (property)', () => {
    const MS = 1 << 20;
    // Offsets from a moving "now": same bucket, nearby buckets, the wheel's far end, beyond it, and behind.
    const offset = fc.oneof(
      fc.integer({ min: 0, max: 50 }),
      fc.integer({ min: 0, max: 40 * MS }),
      fc.integer({ min: 16_300 * MS, max: 16_500 * MS }),
      fc.integer({ min: 0, max: 2 ** 36 }),
      fc.integer({ min: -8 * MS, max: 0 }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 46 }),
        fc.array(fc.tuple(offset, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 })), { maxLength: 400 }),
        (start, ops) => {
          // Times follow the last popped time, as a simulation's do (plus some behind it).
          const times: [number, number][] = [];
          let now = start;
          for (const [dt, k] of ops) {
            times.push([Math.max(0, now + dt), k]);
            now += Math.max(0, Math.floor(dt / 3));
          }
          const { out, expected } = replay(times, (i) => ops[i][2]);
          expect(out).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('orders entries at the edges of the wheel and ties between the wheel and the heap', () => {
    const W = 2 ** 20;
    const t0 = 100 * W;
    const s = new EventScheduler();
    const pop = (): number => {
      expect(s.pop()).toBe(true);
      return s.poppedTarget;
    };
    // The wheel has 2^14 buckets of 2^20 ns: one bucket short of a full turn goes to the wheel, a full
    // turn and more to the heap.
    s.push(t0, 1, 0);
    s.push(t0 + 16_383 * W, 2, 0);
    s.push(t0 + 16_384 * W, 3, 0);
    s.push(t0 + 16_385 * W, 4, 0);
    expect(pop()).toBe(1);
    s.push(t0 + W, 5, 0);
    expect(pop()).toBe(5);
    // The same time reached through the heap (pushed first) and through the wheel (pushed later).
    const T = t0 + 20_000 * W;
    s.push(T, 6, 0);
    s.push(t0 + 8000 * W, 7, 0);
    expect(pop()).toBe(7);
    s.push(T, 8, 0);
    expect([pop(), pop(), pop(), pop(), pop()]).toEqual([2, 3, 4, 6, 8]);
    expect(s.size).toBe(0);
  });

  it('popUntil pops only what is due', () => {
    const s = new EventScheduler();
    s.push(5e12, 1, 0);
    s.push(5e12 + 3, 2, 0);
    s.push(5e12 + 2 ** 33, 3, 0);
    expect(s.popUntil(5e12 - 1)).toBe(false);
    expect(s.size).toBe(3);
    expect(s.popUntil(5e12 + 3)).toBe(true);
    expect(s.poppedTarget).toBe(1);
    expect(s.popUntil(5e12 + 3)).toBe(true);
    expect(s.poppedTarget).toBe(2);
    expect(s.popUntil(5e12 + 3)).toBe(false);
    expect(s.popUntil(Infinity)).toBe(true);
    expect([s.poppedTarget, s.poppedTime]).toEqual([3, 5e12 + 2 ** 33]);
    expect(s.popUntil(Infinity)).toBe(false);
  });
});
