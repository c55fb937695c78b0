import { describe, expect, it } from 'vitest';
import { VenueNetwork } from '../../net/VenueNetwork.ts';
import { LinkLatency } from './LinkLatency.ts';

describe('LinkLatency', () => {
  const net = new VenueNetwork();

  it('is the one-way latency of the link on every leg, rounded to the ns', () => {
    const m = new LinkLatency('Aurora', 'Carteret', 'microwave');
    const ns = Math.round(net.oneWayMs('Aurora', 'Carteret', 'microwave')! * 1e6);
    expect(m.linkNs).toBe(ns);
    expect([m.feedNs(0), m.orderNs(5), m.responseNs(9)]).toEqual([ns, ns, ns]);
    expect(ns).toBeGreaterThan(4_000_000);
    expect(ns).toBeLessThan(4_200_000);
    expect(m.description).toMatch(/^link Aurora→Carteret microwave 4\.\d+ ms one-way$/);
  });

  it('adds the processing time to each leg', () => {
    const m = new LinkLatency('Tokyo', 'HongKong', 'fibre', { processingNs: 2_000 });
    expect(m.feedNs(0)).toBe(m.linkNs + 2_000);
    expect(m.orderNs(0)).toBe(m.linkNs + 2_000);
    expect(m.description).toMatch(/\+ 2 µs processing$/);
  });

  it('refuses a microwave link across the ocean, and unknown venues', () => {
    expect(() => new LinkLatency('Tokyo', 'Carteret', 'microwave')).toThrow(/no microwave route between Tokyo and Carteret/);
    expect(() => new LinkLatency('Aurora', 'London', 'fibre')).toThrow(/unknown venue "London"/);
    expect(() => new LinkLatency('Aurora', 'Carteret', 'fibre', { processingNs: -1 })).toThrow(RangeError);
  });
});
