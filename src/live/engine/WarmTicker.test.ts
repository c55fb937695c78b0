import { describe, expect, it } from 'vitest';
import { WarmTicker } from './WarmTicker.ts';

describe('WarmTicker', () => {
  it('calls tick about every period, on this thread, and stops', async () => {
    let calls = 0;
    const t = new WarmTicker(2, () => calls++);
    await new Promise((r) => setTimeout(r, 400));
    t.stop();
    const at = calls;
    // ~200 periods in 400 ms less the worker's start-up; loopback reads may coalesce bytes under load.
    expect(at).toBeGreaterThan(20);
    expect(at).toBeLessThanOrEqual(200);
    expect(t.ticks).toBe(at);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(at);
  });

  it.each([0, 0.5, NaN])('refuses period %s', (p) => {
    expect(() => new WarmTicker(p, () => undefined)).toThrow(RangeError);
  });
});
