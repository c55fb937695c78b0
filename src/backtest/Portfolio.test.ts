import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Portfolio } from './Portfolio.ts';

describe('Portfolio', () => {
  it('realises P&L against the average cost, hand-computed', () => {
    const p = new Portfolio();
    p.onFill(1, 10, 100, 0.3); // long 100 @ 10
    p.onFill(1, 11, 100, 0.3); // long 200 @ 10.5
    p.onFill(-1, 12, 150, 0.45); // sell 150: +1.5 × 150 = 225
    expect(p.position).toBe(50);
    expect(p.avgPrice).toBe(10.5);
    expect(p.realised).toBeCloseTo(225 - 1.05, 10);
    p.onFill(-1, 9, 100, 0); // close 50 at −1.5 each (−75), open short 50 @ 9
    expect(p.position).toBe(-50);
    expect(p.avgPrice).toBe(9);
    expect(p.realised).toBeCloseTo(225 - 1.05 - 75, 10);
  });

  it('property: a fill at price p leaves cash + position × p unchanged but for its fee, and equity = realised + unrealised', () => {
    const fill = fc.record({
      side: fc.constantFrom(1, -1),
      price: fc.integer({ min: 1, max: 100_000 }).map((c) => c / 100),
      qty: fc.integer({ min: 1, max: 1_000 }),
      fee: fc.integer({ min: -300, max: 300 }).map((c) => c / 100),
    });
    fc.assert(
      fc.property(fc.array(fill, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 100_000 }), (fills, markCents) => {
        const p = new Portfolio();
        for (const f of fills) {
          const before = p.cash + p.position * f.price;
          p.onFill(f.side, f.price, f.qty, f.fee);
          const after = p.cash + p.position * f.price;
          expect(after).toBeCloseTo(before - f.fee, 6);
        }
        const mark = markCents / 100;
        expect(p.equity(mark)).toBeCloseTo(p.realised + p.unrealised(mark), 5);
      }),
    );
  });
});
