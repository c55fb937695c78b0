import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventScheduler } from './EventScheduler.ts';

describe('EventScheduler', () => {
  it('pops by time, and in push order at equal times (property, against a stable sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 300 }), (ops) => {
        const s = new EventScheduler(4);
        const model: { t: number; n: number }[] = [];
        const out: number[] = [];
        const expected: number[] = [];
        let n = 0;
        for (const [t, popToo] of ops) {
          s.push(t, n, n % 7);
          model.push({ t, n: n++ });
          if (popToo) {
            model.sort((a, b) => a.t - b.t || a.n - b.n);
            expected.push(model.shift()!.n);
            s.pop();
            out.push(s.poppedTarget);
            expect(s.poppedTag).toBe(s.poppedTarget % 7);
          }
        }
        model.sort((a, b) => a.t - b.t || a.n - b.n);
        for (const m of model) {
          expected.push(m.n);
          expect(s.peekTime()).toBe(m.t);
          s.pop();
          out.push(s.poppedTarget);
        }
        expect(out).toEqual(expected);
        expect(s.size).toBe(0);
        expect(s.pop()).toBe(false);
        expect(s.peekTime()).toBe(Infinity);
      }),
    );
  });
});
