import { describe, expect, it } from 'vitest';
import { ManipulationKind } from './ManipulationKind.ts';
import { runDetectors } from './runDetectors.ts';
import { SpoofingDetector } from './SpoofingDetector.ts';
import { EventScript, MS, TICK, px } from './testkit/EventScript.ts';

/** A quiet two-sided book: $100.00 / $100.05, five levels of 100 a side, plus some ordinary 100-share flow. */
function market(): EventScript {
  const s = new EventScript();
  s.book(0, px(100), px(100.05), 5, 100);
  const ids = Array.from({ length: 10 }, (_, i) => s.add(400 * MS + i * MS, 1, px(100) - 6 * TICK, 100));
  ids.forEach((id, i) => s.delete(500 * MS + i * MS, id));
  return s;
}

describe('SpoofingDetector', () => {
  it('flags a big order 3 ticks behind the touch, cancelled after 50 ms while the other side trades, and its genuine order', () => {
    const s = market();
    const spoof = s.add(1000 * MS, 1, px(100) - 3 * TICK, 2000);
    const genuine = s.add(1010 * MS, -1, px(100.04), 200); // one tick inside the spread
    s.execute(1030 * MS, genuine); // a buyer takes it: the other side trades
    s.delete(1050 * MS, spoof);
    const flags = new SpoofingDetector().detect(s.batch);
    const f = flags.find((x) => x.orderId === spoof);
    expect(f).toBeDefined();
    expect(f?.kind).toBe(ManipulationKind.Spoof);
    expect(f?.score).toBeGreaterThanOrEqual(0.8);
    expect(f?.reason).toMatch(/3 ticks behind the touch, cancelled after 50 ms unexecuted/);
    expect(flags.find((x) => x.orderId === genuine)?.reason).toMatch(/other side of a spoof/);
    expect(flags).toHaveLength(2);
  });

  it('leaves alone an honest big order that rests long and executes, and one at the touch', () => {
    const s = market();
    const resting = s.add(1000 * MS, 1, px(100) - 3 * TICK, 2000);
    s.add(1010 * MS, -1, px(100.04), 200);
    s.execute(60_000 * MS, resting); // rests a minute, then trades
    const atTouch = s.add(70_000 * MS, -1, px(100.04), 2000); // the best ask is the $100.04 order
    s.delete(70_050 * MS, atTouch);
    const flagged = new Set(new SpoofingDetector().detect(s.batch).map((f) => f.orderId));
    expect(flagged.has(resting)).toBe(false);
    expect(flagged.has(atTouch)).toBe(false);
    // No detector flags the honest resting order.
    expect(runDetectors(s.batch).flags).toEqual([]);
  });

  it('scores an order re-quoted at once (cancel-and-replace) lower than the same order withdrawn', () => {
    const score = (replace: boolean) => {
      const s = market();
      const id = s.add(80_000 * MS, 1, px(100) - 3 * TICK, 2000);
      s.delete(80_050 * MS, id);
      if (replace) s.add(80_050 * MS, 1, px(100) - 4 * TICK, 2000);
      const f = new SpoofingDetector({ minScore: 0 }).detect(s.batch).find((x) => x.orderId === id);
      return { score: f?.score ?? 0, reason: f?.reason ?? '' };
    };
    const withdrawn = score(false);
    const requoted = score(true);
    expect(requoted.score).toBeLessThan(withdrawn.score);
    expect(requoted.reason).toContain('replaced at once');
    expect(withdrawn.reason).toContain('not replaced');
  });

  it('is monotone in size: a bigger spoof never scores lower', () => {
    const score = (size: number) => {
      const s = market();
      const id = s.add(1000 * MS, -1, px(100.05) + 3 * TICK, size);
      s.delete(1100 * MS, id);
      return new SpoofingDetector({ minScore: 0 }).detect(s.batch).find((f) => f.orderId === id)?.score ?? 0;
    };
    const sizes = [500, 800, 1200, 2000, 4000];
    const scores = sizes.map(score);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThanOrEqual(scores[i - 1]);
    expect(score(400)).toBe(0); // under the size gate (5× the median add of 100)
  });
});
