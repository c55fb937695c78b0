import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuoteTape } from './QuoteTape.ts';
import { QuoteView } from './QuoteView.ts';

describe('QuoteTape', () => {
  it('shows the book as of a past time; keeps the last two-sided mid when a side is empty', () => {
    const tape = new QuoteTape(1000, 0, 4);
    tape.record(10, 990, 1010, 5, 6);
    tape.record(20, 990, 1010, 5, 6); // unchanged: not recorded
    tape.record(30, NaN, 1010, 0, 6);
    tape.record(40, 980, 1000, 1, 1);
    expect(tape.count).toBe(4);
    const v = new QuoteView();
    tape.fill(v, 5);
    expect([v.hasBid, v.hasAsk, v.mid]).toEqual([false, false, 1000]);
    tape.fill(v, 25);
    expect([v.timeNs, v.bid, v.ask, v.bidSize, v.askSize, v.mid, v.spread]).toEqual([10, 990, 1010, 5, 6, 1000, 20]);
    tape.fill(v, 35);
    expect([v.hasBid, v.ask, v.mid]).toEqual([false, 1010, 1000]);
    expect(tape.midAt(40)).toBe(990);
    expect(tape.midAt(1e9)).toBe(990);
  });

  it('finds the last record at or before any time, also after the ring wrapped (property, against a scan)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 120 }), fc.array(fc.integer({ min: -5, max: 400 }), { maxLength: 30 }), (gaps, queries) => {
        const tape = new QuoteTape(500, 0, 5); // 32 records kept
        const times: number[] = [0];
        const bids: number[] = [NaN];
        let t = 0;
        gaps.forEach((g, i) => {
          t += g;
          tape.record(t, 100 + i, 1000, 1, 1);
          times.push(t);
          bids.push(100 + i);
        });
        const v = new QuoteView();
        const oldest = Math.max(0, times.length - 32);
        for (const q of queries) {
          let want = oldest;
          for (let i = oldest; i < times.length; i++) if (times[i] <= q) want = i;
          tape.fill(v, q);
          expect(v.timeNs).toBe(times[want]);
          expect(Number.isNaN(v.bid) ? NaN : v.bid).toBe(bids[want]);
        }
      }),
    );
  });
});
