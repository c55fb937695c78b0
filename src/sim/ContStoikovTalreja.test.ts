import { describe, expect, it } from 'vitest';
import { L2Ladder } from '../book/L2Ladder.ts';
import { NS_PER_SECOND, newYorkMidnightNs } from '../core/time.ts';
import type { EventBatch } from '../data/EventBatch.ts';
import { EventFlag, EventType } from '../data/EventType.ts';
import { CONT_STOIKOV_TALREJA_2010, generateZeroIntelligenceDay } from './ContStoikovTalreja.ts';

const HOUR = 3600 * NS_PER_SECOND;

function columns(b: EventBatch): Buffer[] {
  const cols = [b.exchTs, b.localTs, b.type, b.side, b.flags, b.instrument, b.price, b.size, b.orderId, b.seq];
  return cols.map((c) => Buffer.from(c.buffer, c.byteOffset, b.length * c.BYTES_PER_ELEMENT));
}

describe('Cont–Stoikov–Talreja zero-intelligence day', () => {
  const hour = generateZeroIntelligenceDay({ seed: 42, durationNs: HOUR });

  it('is deterministic: same seed → byte-identical columns; another seed differs', () => {
    const again = generateZeroIntelligenceDay({ seed: 42, durationNs: HOUR });
    expect(again.batch.length).toBe(hour.batch.length);
    const a = columns(hour.batch);
    const b = columns(again.batch);
    for (let i = 0; i < a.length; i++) expect(a[i].equals(b[i])).toBe(true);
    const other = generateZeroIntelligenceDay({ seed: 43, durationNs: HOUR });
    const c = columns(other.batch);
    expect(c[0].equals(a[0]) && c[6].equals(a[6])).toBe(false);
  });

  it('emits only book events, in time order, inside the session, with the LOBSTER-like defaults', () => {
    const b = hour.batch;
    expect(b.originNs).toBe(newYorkMidnightNs('2012-06-21'));
    expect(b.instruments[0].priceScale).toBe(10_000);
    expect(b.exchTs[0]).toBe(hour.openNs);
    let adds = 0;
    let execs = 0;
    let deletes = 0;
    // Plain counters in the loop (an expect per event would dominate the test's run time).
    const bad: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const t = b.type[i];
      if (t === EventType.Add) adds++;
      else if (t === EventType.ExecuteVisible) execs++;
      else if (t === EventType.Delete) deletes++;
      else bad.push(`type ${t} at ${i}`);
      if (b.price[i] % 100 !== 0) bad.push(`off-tick price at ${i}`);
      if (b.size[i] % CONT_STOIKOV_TALREJA_2010.unitSize !== 0) bad.push(`odd size at ${i}`);
      if (i > 0 && b.exchTs[i] < b.exchTs[i - 1]) bad.push(`time goes back at ${i}`);
      if (b.exchTs[i] > hour.closeNs) bad.push(`after the close at ${i}`);
      if (bad.length > 10) break;
    }
    expect(bad).toEqual([]);
    // CST limit orders never cross, so each rests whole: one Add per limit order.
    expect(adds).toBe(hour.limitOrders);
    expect(execs).toBe(hour.trades);
    expect(deletes).toBe(hour.cancels);
    expect(hour.orders).toBe(hour.limitOrders + hour.marketOrders);
  });

  it('arrival counts match the model rates (Poisson, within 5 sigma)', () => {
    const seconds = HOUR / NS_PER_SECOND;
    const p = CONT_STOIKOV_TALREJA_2010;
    let lambda = 0;
    for (let i = 1; i <= p.maxDistance; i++) lambda += p.k / i ** p.alpha;
    const expectLimit = 2 * lambda * seconds;
    const expectMarket = 2 * p.marketRate * seconds;
    expect(Math.abs(hour.limitOrders - hour.seedOrders - expectLimit)).toBeLessThan(5 * Math.sqrt(expectLimit));
    expect(Math.abs(hour.marketOrders - expectMarket)).toBeLessThan(5 * Math.sqrt(expectMarket));
    // Unit market orders against unit resting orders: one fill each, unless a side was empty.
    expect(hour.trades).toBe(hour.marketOrders - hour.marketOrdersIntoEmptySide);
  });

  it('replays into an uncrossed, two-sided book that ends where the engine ended', () => {
    const b = hour.batch;
    const l2 = new L2Ladder();
    let messages = 0;
    let oneSided = 0;
    let oneTickSpread = 0;
    let crossed = 0;
    for (let i = 0; i < b.length; i++) {
      l2.addToLevel(b.side[i], b.price[i], b.type[i] === EventType.Add ? b.size[i] : -b.size[i]);
      if ((b.flags[i] & EventFlag.EndOfMessage) === 0) continue;
      messages++;
      if (l2.depth(1) === 0 || l2.depth(-1) === 0) {
        oneSided++;
        continue;
      }
      if (l2.bestBid() >= l2.bestAsk()) crossed++;
      if (l2.bestAsk() - l2.bestBid() === 100) oneTickSpread++;
    }
    expect(crossed).toBe(0);
    expect(oneSided / messages).toBeLessThan(0.001);
    expect(oneTickSpread / messages).toBeGreaterThan(0.5);
    expect(l2.bestBid()).toBe(hour.closeBestBid);
    expect(l2.bestAsk()).toBe(hour.closeBestAsk);
    // The price wanders but stays a plausible intraday range around $100.
    expect(Math.abs(hour.closeBestBid - 1_000_000)).toBeLessThan(100_000);
  });

  it('draws geometric order sizes in units when meanUnits > 1', () => {
    const d = generateZeroIntelligenceDay({ seed: 5, durationNs: HOUR / 6, params: { meanUnits: 3 } });
    let adds = 0;
    let units = 0;
    for (let i = 0; i < d.batch.length; i++) {
      if (d.batch.type[i] !== EventType.Add) continue;
      adds++;
      units += d.batch.size[i] / 100;
      expect(Number.isInteger(d.batch.size[i] / 100)).toBe(true);
    }
    expect(units / adds).toBeGreaterThan(2.7);
    expect(units / adds).toBeLessThan(3.3);
  });

  it('rejects impossible parameters with a clear error', () => {
    expect(() => generateZeroIntelligenceDay({ seed: 1, params: { startPrice: 1_000_050 } })).toThrow(/startPrice/);
    expect(() => generateZeroIntelligenceDay({ seed: 1, params: { cancelRates: [] } })).toThrow(/cancelRates/);
    expect(() => generateZeroIntelligenceDay({ seed: 1, params: { unitSize: 0 } })).toThrow(/unitSize/);
  });

  it('generates a full 6.5 h day of 200k–1M events in a few seconds', () => {
    const t0 = performance.now();
    const day = generateZeroIntelligenceDay({ seed: 1 });
    const seconds = (performance.now() - t0) / 1000;
    expect(day.closeNs - day.openNs).toBe(23_400 * NS_PER_SECOND);
    expect(day.batch.length).toBeGreaterThan(200_000);
    expect(day.batch.length).toBeLessThan(1_000_000);
    expect(seconds).toBeLessThan(10);
  });
});
