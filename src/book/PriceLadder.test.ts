import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PriceLadder } from './PriceLadder.ts';

describe('PriceLadder', () => {
  it.each([
    [1, [100, 102, 101], [102, 101, 100]],
    [-1, [100, 102, 101], [100, 101, 102]],
  ] as const)('side %d orders best first', (side, inserts, bestFirst) => {
    const l = new PriceLadder(side, 1);
    for (const p of inserts) l.set(p, p * 10);
    expect(Array.from({ length: l.count }, (_, r) => l.priceAt(r))).toEqual(bestFirst);
    expect(l.valueAt(0)).toBe(bestFirst[0] * 10);
  });

  it('agrees with a sorted reference under random set/delete (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1 as const, -1 as const),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 99 })), { maxLength: 300 }),
        (side, ops) => {
          const l = new PriceLadder(side, 2);
          const ref = new Map<number, number>();
          for (const [isSet, price, value] of ops) {
            if (isSet) {
              l.set(price, value);
              ref.set(price, value);
            } else {
              expect(l.delete(price)).toBe(ref.delete(price));
            }
          }
          const expected = [...ref.entries()].sort((a, b) => (side > 0 ? b[0] - a[0] : a[0] - b[0]));
          expect(Array.from({ length: l.count }, (_, r) => [l.priceAt(r), l.valueAt(r)])).toEqual(expected);
        },
      ),
    );
  });
});
