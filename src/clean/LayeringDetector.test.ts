import { describe, expect, it } from 'vitest';
import { LayeringDetector } from './LayeringDetector.ts';
import { EventScript, MS, TICK, US, px } from './testkit/EventScript.ts';

function market(): EventScript {
  const s = new EventScript();
  s.book(0, px(100), px(100.05), 5, 100);
  return s;
}

/** Four asks on consecutive ticks from one tick behind the best ask, 500 µs apart. */
function ladder(s: EventScript, t: number): number[] {
  const ids: number[] = [];
  for (let j = 0; j < 4; j++) ids.push(s.add(t + j * 500 * US, -1, px(100.05) + (1 + j) * TICK, 300));
  return ids;
}

describe('LayeringDetector', () => {
  it('flags a ladder on consecutive levels added within ms and cancelled together, and the genuine order', () => {
    const s = market();
    const ids = ladder(s, 5000 * MS);
    const genuine = s.add(5010 * MS, 1, px(100.01), 100); // inside the spread on the other side
    s.execute(5100 * MS, genuine);
    ids.forEach((id, j) => s.delete(5300 * MS + j * 200 * US, id));
    const flags = new LayeringDetector().detect(s.batch);
    for (const id of ids) {
      const f = flags.find((x) => x.orderId === id);
      expect(f?.kind).toBe('layer');
      expect(f?.reason).toMatch(/^4-level ask ladder 100\.06…100\.09 of 4 orders/);
    }
    expect(flags.find((x) => x.orderId === genuine)?.reason).toMatch(/other side of a ladder/);
    expect(flags).toHaveLength(5);
  });

  it('does not flag a ladder whose orders are cancelled at different times, one pulled at once, or one with gaps', () => {
    const s = market();
    const apart = ladder(s, 5000 * MS);
    apart.forEach((id, j) => s.delete(6000 * MS + j * 2000 * MS, id)); // seconds apart: not together
    const quick = ladder(s, 20_000 * MS);
    quick.forEach((id) => s.delete(20_003 * MS, id)); // pulled 1.5 ms after completion: never seen
    const gaps: number[] = [];
    for (let j = 0; j < 4; j++) gaps.push(s.add(30_000 * MS + j * 500 * US, -1, px(100.05) + (1 + 2 * j) * TICK, 300));
    gaps.forEach((id) => s.delete(30_300 * MS, id)); // every other tick: not consecutive
    expect(new LayeringDetector().detect(s.batch)).toEqual([]);
  });
});
