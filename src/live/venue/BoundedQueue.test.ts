import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './BoundedQueue.ts';

describe('BoundedQueue', () => {
  it('is FIFO, refuses when full, wraps around, and remembers its high-water mark', () => {
    const q = new BoundedQueue<number>(3);
    expect([q.push(1), q.push(2), q.push(3), q.push(4)]).toEqual([true, true, true, false]);
    expect(q.full).toBe(true);
    expect(q.shift()).toBe(1);
    expect(q.push(5)).toBe(true); // wraps
    expect([q.shift(), q.shift(), q.peek(), q.shift(), q.shift()]).toEqual([2, 3, 5, 5, undefined]);
    expect(q.length).toBe(0);
    expect(q.highWater).toBe(3);
    expect(() => new BoundedQueue(0)).toThrow(/positive integer/);
  });
});
