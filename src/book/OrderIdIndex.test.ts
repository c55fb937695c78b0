import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderIdIndex } from './OrderIdIndex.ts';

describe('OrderIdIndex', () => {
  it('stores, overwrites and deletes', () => {
    const m = new OrderIdIndex(4);
    m.set(15818974, 3);
    m.set(0, 9);
    m.set(2 ** 52 + 1, 5);
    expect(m.get(15818974)).toBe(3);
    expect(m.get(2 ** 52 + 1)).toBe(5);
    m.set(15818974, 4);
    expect(m.get(15818974)).toBe(4);
    expect(m.delete(15818974)).toBe(4);
    expect(m.get(15818974)).toBe(-1);
    expect(m.delete(15818974)).toBe(-1);
    expect(m.size).toBe(2);
  });

  it('rejects negative ids', () => {
    expect(() => new OrderIdIndex().set(-5, 1)).toThrow(RangeError);
  });

  it('agrees with a Map under random set/delete sequences, through growth and backward shifts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 1000 })), { maxLength: 600 }),
        (ops) => {
          const m = new OrderIdIndex(2);
          const ref = new Map<number, number>();
          for (const [isSet, key, value] of ops) {
            // Spread keys so that many collide in the small table.
            const id = key * 1024;
            if (isSet) {
              m.set(id, value);
              ref.set(id, value);
            } else {
              expect(m.delete(id)).toBe(ref.has(id) ? ref.get(id) : -1);
              ref.delete(id);
            }
          }
          expect(m.size).toBe(ref.size);
          for (let key = 0; key <= 300; key++) expect(m.get(key * 1024)).toBe(ref.get(key * 1024) ?? -1);
        },
      ),
    );
  });

  it('behaves like a Map under random churn with ids up to 2^53 (the engine pattern)', () => {
    const idArb = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), idArb, fc.integer({ min: 0, max: 1e6 })), { maxLength: 600 }), (ops) => {
        const index = new OrderIdIndex(4);
        const map = new Map<number, number>();
        for (const [isSet, id, slot] of ops) {
          if (isSet) {
            index.set(id, slot);
            map.set(id, slot);
          } else {
            expect(index.delete(id)).toBe(map.get(id) ?? -1);
            map.delete(id);
          }
          expect(index.size).toBe(map.size);
        }
        for (const [, id] of ops) expect(index.get(id)).toBe(map.get(id) ?? -1);
      }),
      { numRuns: 200 },
    );
  });

  it('handles sequential ids with heavy deletion (the engine pattern)', () => {
    const index = new OrderIdIndex(16);
    for (let id = 1; id <= 100_000; id++) {
      index.set(id, id & 0xffff);
      if (id > 50) index.delete(id - 50);
    }
    expect(index.size).toBe(50);
    for (let id = 99_951; id <= 100_000; id++) expect(index.get(id)).toBe(id & 0xffff);
    expect(index.get(99_950)).toBe(-1);
  });
});
