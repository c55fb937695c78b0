import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PreTradeRisk, RiskReject, type RiskState } from './PreTradeRisk.ts';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from './RiskLimits.ts';
import { TokenBucket } from './TokenBucket.ts';

const flat: RiskState = { position: 0, openBuyQty: 0, openSellQty: 0, openOrders: 0, ownBestAsk: NaN, ownBestBid: NaN };
const limits: RiskLimits = { ...DEFAULT_RISK_LIMITS, maxOrderQty: 500, maxOrderNotional: 100_000, priceCollarBps: 50, maxPosition: 800, maxOpenOrders: 3, maxOrdersBurst: 5, maxOrdersPerSecond: 10, maxDailyLoss: 1_000 };
// Prices in 1/10 000 dollars: $100.00 = 1 000 000.
const REF = 1_000_000;
const gate = (onTrip?: (r: string) => void): PreTradeRisk => new PreTradeRisk(limits, 1e-4, onTrip);
/** One check at time `nowNs` against reference price `ref` (the gate reads both from its fields). */
function checkAt(g: PreTradeRisk, side: number, price: number, qty: number, ref: number, state: RiskState, nowNs: number): number {
  g.nowNs = nowNs;
  g.referencePrice = ref;
  return g.check(side, price, qty, state);
}

describe('PreTradeRisk: each refusal', () => {
  it.each([
    ['an order above the size limit', 1, REF, 501, flat, RiskReject.OrderQty],
    ['a zero quantity', 1, REF, 0, flat, RiskReject.OrderQty],
    ['an order above the notional limit ($150 × 500 = $75k is fine, $250 × 500 is not)', 1, 2_500_000, 500, flat, RiskReject.Notional],
    ['a buy 51 bps above the reference', 1, REF + 5_100, 100, flat, RiskReject.PriceCollar],
    ['a sell 51 bps below the reference', -1, REF - 5_100, 100, flat, RiskReject.PriceCollar],
    ['a buy that would pass the position limit counting open buys', 1, REF, 300, { ...flat, position: 400, openBuyQty: 200 }, RiskReject.Position],
    ['a sell that would pass the short limit', -1, REF, 300, { ...flat, position: -600 }, RiskReject.Position],
    ['one open order too many', 1, REF, 100, { ...flat, openOrders: 3 }, RiskReject.OpenOrders],
    ['a buy at or above our own resting sell', 1, REF, 100, { ...flat, ownBestAsk: REF }, RiskReject.SelfTrade],
    ['no reference price', 1, REF, 100, flat, RiskReject.NoReferencePrice],
  ] as const)('refuses %s', (_name, side, price, qty, state, expected) => {
    const ref = expected === RiskReject.NoReferencePrice ? NaN : REF;
    expect(checkAt(gate(), side, price, qty, ref, state, 0)).toBe(expected);
  });

  it('lets through what is inside every limit, and a buy 49 bps above the reference', () => {
    const g = gate();
    expect(checkAt(g, 1, REF, 500, REF, flat, 0)).toBe(RiskReject.None);
    expect(checkAt(g, 1, REF + 4_900, 100, REF, { ...flat, position: 700 }, 1)).toBe(RiskReject.None);
    expect(checkAt(g, -1, REF + 100, 100, REF, { ...flat, ownBestBid: REF }, 2)).toBe(RiskReject.None);
  });

  it('refuses the order over the rate: 5 at once, then one per 100 ms', () => {
    const g = gate();
    const at = (ns: number): number => checkAt(g, 1, REF, 1, REF, flat, ns);
    expect([0, 0, 0, 0, 0].map(at)).toEqual([0, 0, 0, 0, 0]);
    expect(at(0)).toBe(RiskReject.RateLimit);
    expect(at(50e6)).toBe(RiskReject.RateLimit);
    expect(at(100e6)).toBe(RiskReject.None);
    expect(g.rejects[RiskReject.RateLimit]).toBe(2);
  });
});

describe('kill switch', () => {
  it('fires on the daily loss, cancels through its owner once, and holds until reset', () => {
    const tripped: string[] = [];
    const g = gate((r) => tripped.push(r));
    g.markToMarket(-999);
    expect(g.killed).toBe(false);
    g.markToMarket(-1_000.01);
    expect(g.killed).toBe(true);
    expect(tripped).toHaveLength(1);
    expect(tripped[0]).toMatch(/daily loss 1000.01/);
    // Holds: the P&L recovering does not re-enable trading, and no second cancel-all is asked for.
    g.markToMarket(+5_000);
    g.markToMarket(-2_000);
    expect(tripped).toHaveLength(1);
    expect(checkAt(g, 1, REF, 1, REF, flat, 1e9)).toBe(RiskReject.KillSwitch);
    expect(checkAt(g, -1, REF, 1, REF, flat, 2e9)).toBe(RiskReject.KillSwitch);
    g.reset();
    expect(checkAt(g, 1, REF, 1, REF, flat, 3e9)).toBe(RiskReject.None);
  });
});

describe('TokenBucket', () => {
  it('property: in any one-second window no more than burst + rate orders pass', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5e6 }), { minLength: 1, maxLength: 400 }), (gaps) => {
        const b = new TokenBucket(5, 10);
        let t = 0;
        const passed: number[] = [];
        for (const g of gaps) {
          t += g;
          if (b.take(t)) passed.push(t);
        }
        for (let i = 0; i < passed.length; i++) {
          let j = i;
          while (j < passed.length && passed[j] < passed[i] + 1e9) j++;
          expect(j - i).toBeLessThanOrEqual(5 + 10);
        }
      }),
    );
  });

  it('refills continuously up to its capacity', () => {
    const b = new TokenBucket(2, 4);
    expect(b.take(0) && b.take(0)).toBe(true);
    expect(b.take(0)).toBe(false);
    expect(b.available(250e6)).toBeCloseTo(1, 12);
    expect(b.available(10e9)).toBe(2);
  });
});
