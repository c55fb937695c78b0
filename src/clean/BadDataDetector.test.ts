import { describe, expect, it } from 'vitest';
import { EventType } from '../data/EventType.ts';
import { BadDataDetector } from './BadDataDetector.ts';
import { EventScript, MS, TICK, px } from './testkit/EventScript.ts';

function market(): EventScript {
  const s = new EventScript();
  s.book(0, px(100), px(100.05), 5, 100);
  return s;
}

describe('BadDataDetector', () => {
  it('flags a crossed book at the end of a message by the event that crossed it (orderId = seq)', () => {
    const s = market();
    const id = s.add(1000 * MS, 1, px(100.05) + TICK, 100); // a bid through the ask
    const seq = s.batch.seq[s.batch.length - 1];
    s.delete(1001 * MS, id);
    const flags = new BadDataDetector().detect(s.batch);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ orderId: seq, kind: 'bad-data', score: 1 });
    expect(flags[0].reason).toMatch(/^crossed book at the end of the message \(bid 1000600 > ask 1000500\), for 1 events \/ 1\.0 ms/);
  });

  it('flags a locked book less surely than a crossed one', () => {
    const s = market();
    s.add(1000 * MS, 1, px(100.05), 100);
    const flags = new BadDataDetector().detect(s.batch);
    expect(flags[0].reason).toMatch(/^locked book/);
    expect(flags[0].score).toBe(0.8);
  });

  it('flags an out-of-order time: the event that goes back, or the lone event that jumps ahead', () => {
    const s = market();
    s.hidden(2000 * MS, 1, px(100), 100);
    s.hidden(1500 * MS, 1, px(100), 100); // goes back 500 ms
    const back = s.batch.seq[s.batch.length - 1];
    s.hidden(3000 * MS, 1, px(100), 100);
    s.hidden(9000 * MS, 1, px(100), 100); // jumps ahead alone
    const ahead = s.batch.seq[s.batch.length - 1];
    s.hidden(3100 * MS, 1, px(100), 100);
    s.hidden(3200 * MS, 1, px(100), 100);
    const flags = new BadDataDetector().detect(s.batch);
    expect(flags.map((f) => f.orderId)).toEqual([back, ahead]);
    expect(flags[0].reason).toBe('exchange time goes back 500 ms (out of order)');
    expect(flags[1].reason).toBe('exchange time jumps 5.9 s ahead of the events around it (out of order)');
  });

  it('flags sizes ≤ 0 and a price spike that reverts at once, and nothing in clean data', () => {
    const clean = market();
    for (let i = 0; i < 5; i++) clean.hidden(1000 * MS + i * MS, 1, px(100) + (i % 2) * TICK, 100);
    expect(new BadDataDetector().detect(clean.batch)).toEqual([]);

    const s = market();
    s.raw(1000 * MS, EventType.ExecuteHidden, 1, px(100), 0, 0);
    const zero = s.batch.seq[s.batch.length - 1];
    s.hidden(1100 * MS, 1, px(100), 100);
    s.hidden(1200 * MS, 1, px(110), 100); // +10 %
    const spike = s.batch.seq[s.batch.length - 1];
    s.hidden(1300 * MS, 1, px(100.01), 100);
    const flags = new BadDataDetector().detect(s.batch);
    expect(flags.map((f) => f.orderId)).toEqual([zero, spike]);
    expect(flags[0].reason).toMatch(/^size 0 on a ExecuteHidden event/);
    expect(flags[1].reason).toMatch(/^trade at 1100000 jumps \+1000 ticks/);
  });
});
