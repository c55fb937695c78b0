import { describe, expect, it } from 'vitest';
import { QuoteStuffingDetector } from './QuoteStuffingDetector.ts';
import { EventScript, MS, TICK, US, px } from './testkit/EventScript.ts';

function burst(s: EventScript, t: number, n: number, lifeUs: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = s.add(t + i * 100 * US, i % 2 ? 1 : -1, i % 2 ? px(100) - TICK : px(100.05) + TICK, 100);
    s.delete(t + i * 100 * US + lifeUs * US, id);
    ids.push(id);
  }
  return ids;
}

describe('QuoteStuffingDetector', () => {
  it('flags a burst of orders added and cancelled within a millisecond', () => {
    const s = new EventScript();
    s.book(0, px(100), px(100.05), 5, 100);
    const ids = burst(s, 1000 * MS, 60, 200);
    const flags = new QuoteStuffingDetector().detect(s.batch);
    expect(flags.map((f) => f.orderId).sort((a, b) => a - b)).toEqual(ids);
    expect(flags[0].reason).toMatch(/lived 200 µs \(cancelled unexecuted\) in a burst of 60 fleeting orders/);
  });

  it('does not flag a handful of fleeting orders, nor a burst of orders that rest', () => {
    const s = new EventScript();
    s.book(0, px(100), px(100.05), 5, 100);
    burst(s, 1000 * MS, 10, 200);
    burst(s, 5000 * MS, 60, 50_000); // each rests 50 ms: quoting, not stuffing
    expect(new QuoteStuffingDetector().detect(s.batch)).toEqual([]);
  });
});
